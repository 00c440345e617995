/**
 * Typed stack settings: the tier profile, overridden by what the stack file sets. Pure: takes raw
 * config values and returns settings or throws one `StackConfigError` listing every problem.
 */
import type { RecommendExperiment } from "../components/personalize-recommender/api/experiment";
import type { Tier, WorkloadProfile } from "../components/shared/workload";
import { crossCheckProblems } from "./cross-checks";
import { RealtimeEngine, StreamModeChoice, TIER_PROFILES } from "./tiers";
import { ParsedValue, RawConfig, StackConfigError, parseConfig } from "./validate";

/** A week of recent events is what exploration needs; older ones are the lake's (Athena). */
export const DEFAULT_EXPLORATION_RETENTION_DAYS = 7;

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
    /** Where producers write: the Kinesis stream or the MSK store. */
    readonly store: "kinesis" | "msk";
  };
  /** The OpenSearch Serverless exploration tier (off by default). */
  readonly exploration: { readonly enabled: boolean; readonly retentionDays: number };
  /** Whether this stack owns the account-wide Glue Data Catalog encryption setting. */
  readonly catalogEncryption: boolean;
  readonly logRetentionDays: number;
  readonly realtime: { readonly engine: RealtimeEngine; readonly flinkArtifactS3Uri?: string };
  readonly personalize: {
    readonly campaign: boolean;
    readonly recipe: string;
    readonly retrainSchedule: string;
    /** The experiment the recommendation API runs; absent when none is configured. */
    readonly experiment?: RecommendExperiment;
  };
  readonly dashboard: {
    readonly quicksightEnabled: boolean;
    readonly quicksightPrincipals: readonly string[];
    readonly alarmEmails: readonly string[];
  };
  /** The HTTP collector for browsers and apps; absent when the stack does not deploy one. */
  readonly collector?: {
    readonly allowedOrigins: readonly string[];
    readonly requestsPerClientPer5Minutes?: number;
    readonly manageAccountLogRole: boolean;
  };
  /** One customer key for every component (see `SharedKey`) instead of one per component. */
  readonly sharedKmsKey: boolean;
  readonly protectData: boolean;
  readonly monthlyBudgetUsd: number;
}

/**
 * Resolves settings for `stack` from raw config values (keys `namespace:key`). `secretKeys` are
 * the keys set with `--secret` (Pulumi's `isConfigSecret`).
 */
export function resolveSettings(
  raw: RawConfig,
  stack: string,
  project: string,
  secretKeys: ReadonlySet<string> = new Set(),
): StackSettings {
  const { values, masked, problems } = parseConfig(raw, stack, secretKeys);
  const tier = (values.get("tier") as Tier | undefined) ?? "dev";
  const profile = TIER_PROFILES[tier];
  const get = <T extends ParsedValue>(key: string, fallback: T): T =>
    (values.get(key) as T | undefined) ?? fallback;
  const optional = <T extends ParsedValue>(key: string): T | undefined =>
    values.get(key) as T | undefined;
  const region = get("aws:region", "");
  const problemsOut = [
    ...problems,
    ...crossCheckProblems({ stack, tier, profile, region, values, masked }),
  ];

  const workload: WorkloadProfile = {
    avgEventsPerSecond: get("avgEventsPerSecond", profile.workload.avgEventsPerSecond),
    peakEventsPerSecond: get("peakEventsPerSecond", profile.workload.peakEventsPerSecond),
    avgEventBytes: get("avgEventBytes", profile.workload.avgEventBytes),
    retentionDays: get("retentionDays", profile.workload.retentionDays),
    queriesPerDay: get("queriesPerDay", profile.workload.queriesPerDay),
  };
  const existingStreamArn = optional<string>("existingStreamArn");
  const existingStreamKmsKeyArn = optional<string>("existingStreamKmsKeyArn");
  const engine = get<RealtimeEngine>("realtimeEngine", profile.realtimeEngine);
  const flinkArtifactS3Uri = optional<string>("flinkArtifactS3Uri");
  const quicksightEnabled = get("quicksightEnabled", profile.quicksightEnabled);
  const quicksightPrincipals = get<readonly string[]>("quicksightPrincipals", []);

  if (problemsOut.length > 0) throw new StackConfigError(stack, problemsOut);

  const assumeRoleArn = optional<string>("assumeRoleArn");
  const requestsPerClient = optional<number>("collectorRequestsPerClientPer5Min");
  // Checked by the component's own validator in parseConfig (stacks/experiment-key.ts).
  const experiment = values.get("experiment") as RecommendExperiment | undefined;
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
      store: get<"kinesis" | "msk">("streamStore", "kinesis"),
    },
    exploration: {
      enabled: get("openSearchEnabled", false),
      retentionDays: get("openSearchRetentionDays", DEFAULT_EXPLORATION_RETENTION_DAYS),
    },
    catalogEncryption: get("catalogEncryption", true),
    logRetentionDays: get("logRetentionDays", profile.logRetentionDays),
    realtime: { engine, ...(flinkArtifactS3Uri ? { flinkArtifactS3Uri } : {}) },
    personalize: {
      campaign: get("personalizeCampaign", profile.personalizeCampaign),
      recipe: get("personalizeRecipe", profile.personalizeRecipe),
      retrainSchedule: get("retrainSchedule", profile.retrainSchedule),
      ...(experiment ? { experiment } : {}),
    },
    dashboard: {
      quicksightEnabled,
      quicksightPrincipals,
      alarmEmails: get<readonly string[]>("alarmEmails", []),
    },
    ...(get("httpCollector", false)
      ? {
          collector: {
            allowedOrigins: get<readonly string[]>("collectorAllowedOrigins", []),
            ...(requestsPerClient !== undefined
              ? { requestsPerClientPer5Minutes: requestsPerClient }
              : {}),
            manageAccountLogRole: get("collectorAccountLogRole", true),
          },
        }
      : {}),
    sharedKmsKey: get("sharedKmsKey", profile.sharedKmsKey),
    protectData: get("protectData", profile.protectData),
    monthlyBudgetUsd: get("monthlyBudgetUsd", profile.monthlyBudgetUsd),
  };
}
