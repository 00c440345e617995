/**
 * Typed stack settings: the tier profile, overridden by what the stack file sets. Pure: takes raw
 * config values and returns settings or throws one `StackConfigError` listing every problem.
 */
import type { Tier, WorkloadProfile } from "../components/shared/workload";
import { CONFIG_KEYS, qualifiedKey } from "./config-keys";
import { RealtimeEngine, StreamModeChoice, TIER_PROFILES } from "./tiers";
import { ParsedValue, RawConfig, StackConfigError, fixCommand, parseConfig, problem } from "./validate";

export interface StackSettings {
  readonly project: string;
  readonly stack: string;
  readonly tier: Tier;
  readonly aws: {
    readonly region: string;
    readonly assumeRoleArn?: string;
    /** Default tags of the stack's AWS provider, so every taggable resource carries them. */
    readonly tags: Readonly<Record<"environment" | "owner" | "cost-center", string>>;
  };
  readonly workload: WorkloadProfile;
  readonly ingestion: {
    readonly streamMode: StreamModeChoice;
    readonly retentionHours: number;
    readonly existingStreamArn?: string;
    readonly existingStreamKmsKeyArn?: string;
    readonly transformLambda: boolean;
  };
  /** Whether this stack owns the account-wide Glue Data Catalog encryption setting. */
  readonly catalogEncryption: boolean;
  readonly logRetentionDays: number;
  readonly realtime: { readonly engine: RealtimeEngine; readonly flinkArtifactS3Uri?: string };
  readonly personalize: {
    readonly campaign: boolean;
    readonly recipe: string;
    readonly retrainSchedule: string;
  };
  readonly dashboard: {
    readonly quicksightEnabled: boolean;
    readonly quicksightPrincipals: readonly string[];
    readonly alarmEmails: readonly string[];
  };
  readonly protectData: boolean;
  readonly monthlyBudgetUsd: number;
}

const spec = (key: string) => CONFIG_KEYS.find((s) => s.key === key)!;

/** Resolves settings for `stack` from raw config values (keys `namespace:key`). */
export function resolveSettings(raw: RawConfig, stack: string, project: string): StackSettings {
  const { values, problems } = parseConfig(raw, stack);
  const problemsOut = [...problems];
  const tier = (values.get("tier") as Tier | undefined) ?? "dev";
  const profile = TIER_PROFILES[tier];
  const get = <T extends ParsedValue>(key: string, fallback: T): T =>
    (values.get(key) as T | undefined) ?? fallback;
  const optional = <T extends ParsedValue>(key: string): T | undefined =>
    values.get(key) as T | undefined;

  const workload: WorkloadProfile = {
    avgEventsPerSecond: get("avgEventsPerSecond", profile.workload.avgEventsPerSecond),
    peakEventsPerSecond: get("peakEventsPerSecond", profile.workload.peakEventsPerSecond),
    avgEventBytes: get("avgEventBytes", profile.workload.avgEventBytes),
    retentionDays: get("retentionDays", profile.workload.retentionDays),
    queriesPerDay: get("queriesPerDay", profile.workload.queriesPerDay),
  };
  if (workload.peakEventsPerSecond < workload.avgEventsPerSecond) {
    problemsOut.push(
      problem(
        spec("peakEventsPerSecond"),
        stack,
        String(workload.peakEventsPerSecond),
        `it must be at least ${qualifiedKey("avgEventsPerSecond")} (${workload.avgEventsPerSecond})`,
      ),
    );
  }

  const region = get("aws:region", "");
  const existingStreamArn = optional<string>("existingStreamArn");
  if (existingStreamArn && region && existingStreamArn.split(":")[3] !== region) {
    problemsOut.push(
      problem(
        spec("existingStreamArn"),
        stack,
        existingStreamArn,
        `the stream must be in the stack's region ${region}; Firehose and Lambda cannot read a stream in another region`,
      ),
    );
  }

  const existingStreamKmsKeyArn = optional<string>("existingStreamKmsKeyArn");
  if (existingStreamKmsKeyArn && !existingStreamArn) {
    problemsOut.push(
      `${qualifiedKey("existingStreamKmsKeyArn")} is set but ${qualifiedKey(
        "existingStreamArn",
      )} is not; the key only describes an adopted stream. Fix: ${fixCommand(
        spec("existingStreamArn"),
        stack,
      )} or pulumi config rm ${qualifiedKey("existingStreamKmsKeyArn")} --stack ${stack}`,
    );
  }

  const engine = get<RealtimeEngine>("realtimeEngine", profile.realtimeEngine);
  const flinkArtifactS3Uri = optional<string>("flinkArtifactS3Uri");
  if (flinkArtifactS3Uri && engine !== "flink") {
    problemsOut.push(
      `${qualifiedKey("flinkArtifactS3Uri")} is set but ${qualifiedKey("realtimeEngine")} is ${JSON.stringify(
        engine,
      )}; the artifact is only used by the flink engine. Fix: ${fixCommand(
        spec("realtimeEngine"),
        stack,
        "flink",
      )} or pulumi config rm ${qualifiedKey("flinkArtifactS3Uri")} --stack ${stack}`,
    );
  }

  const quicksightEnabled = get("quicksightEnabled", profile.quicksightEnabled);
  const quicksightPrincipals = get<readonly string[]>("quicksightPrincipals", []);
  if (quicksightPrincipals.length > 0 && !quicksightEnabled) {
    problemsOut.push(
      `${qualifiedKey("quicksightPrincipals")} is set but ${qualifiedKey(
        "quicksightEnabled",
      )} is false; nothing would be shared. Fix: ${fixCommand(spec("quicksightEnabled"), stack, "true")}`,
    );
  }

  if (problemsOut.length > 0) throw new StackConfigError(stack, problemsOut);

  const assumeRoleArn = optional<string>("assumeRoleArn");
  return {
    project,
    stack,
    tier,
    aws: {
      region,
      ...(assumeRoleArn ? { assumeRoleArn } : {}),
      tags: {
        environment: stack,
        owner: get("owner", ""),
        "cost-center": get("costCenter", ""),
      },
    },
    workload,
    ingestion: {
      streamMode: get<StreamModeChoice>("streamMode", profile.streamMode),
      retentionHours: get("kinesisRetentionHours", profile.kinesisRetentionHours),
      ...(existingStreamArn ? { existingStreamArn } : {}),
      ...(existingStreamKmsKeyArn ? { existingStreamKmsKeyArn } : {}),
      transformLambda: get("transformLambda", profile.transformLambda),
    },
    catalogEncryption: get("catalogEncryption", true),
    logRetentionDays: get("logRetentionDays", profile.logRetentionDays),
    realtime: { engine, ...(flinkArtifactS3Uri ? { flinkArtifactS3Uri } : {}) },
    personalize: {
      campaign: get("personalizeCampaign", profile.personalizeCampaign),
      recipe: get("personalizeRecipe", profile.personalizeRecipe),
      retrainSchedule: get("retrainSchedule", profile.retrainSchedule),
    },
    dashboard: {
      quicksightEnabled,
      quicksightPrincipals,
      alarmEmails: get<readonly string[]>("alarmEmails", []),
    },
    protectData: get("protectData", profile.protectData),
    monthlyBudgetUsd: get("monthlyBudgetUsd", profile.monthlyBudgetUsd),
  };
}
