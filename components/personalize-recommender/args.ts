/**
 * The PersonalizeRecommender's args, their defaults in one place, and the pure validation that runs
 * before any resource exists and reports every problem at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import type {
  CommonArgs,
  LakeRefs,
  RealtimeViewRefs,
  StreamRefs,
  TopicRefs,
} from "../shared/contracts";
import { TIERS, type Tier, type WorkloadProfile } from "../shared/workload";
import { DEFAULT_RETRAIN_SCHEDULE, type MetricsGate } from "../training-pipeline";
import { DEFAULT_CAMPAIGN, DEFAULT_RECIPE } from "./defaults";
import { MAX_IMPRESSION_ITEMS } from "./events/event-mapping";
import { EXPERIMENT_FILTERS, type RecommendExperiment, validateExperiment } from "./api/experiment";
import {
  type GuardrailArgs,
  type ResolvedGuardrails,
  resolveGuardrails,
} from "../training-pipeline/guardrail-args";
import {
  MAX_MIN_PROVISIONED_TPS,
  eventSourceSizing,
  minProvisionedTpsFor,
  type EventSourceSizing,
} from "./sizing";

export interface PersonalizeRecommenderArgs extends CommonArgs, GuardrailArgs {
  /** The lake the training pipeline exports from (its `personalize/` prefix). */
  readonly lake: LakeRefs;
  /** The behaviour-log stream: real-time events come from it and impressions go to it. */
  readonly stream: StreamRefs;
  /** Region of the Personalize resources: the stack's AWS provider region. */
  readonly region: pulumi.Input<string>;
  /** Role the Personalize providers assume, as the stack's AWS provider does. @default none */
  readonly assumeRoleArn?: pulumi.Input<string>;
  /** Personalize recipe the solution trains. @default "aws-user-personalization-v2" */
  readonly recipe?: string;
  /**
   * Deploy a campaign (billed per provisioned TPS-hour, always on). Without one the API serves its
   * fallback. @default true in prod, false in dev
   */
  readonly campaign?: boolean;
  /**
   * The campaign's minimum provisioned TPS. @default a tenth of the peak recommendation requests
   * per second (peak events/s × 0.5 impression share ÷ 10 items per list), at least 1 (see sizing.ts)
   */
  readonly minProvisionedTps?: number;
  /** EventBridge Scheduler expression of the retraining cadence. @default "rate(30 days)" in dev, "rate(1 day)" in prod */
  readonly retrainSchedule?: string;
  /** Quality bar a new model must clear before it serves. @default the pipeline's defaults */
  readonly gate?: MetricsGate;
  /** Encrypt the dataset group with the recommender's key. @default true in prod, false in dev */
  readonly encryptDatasetGroup?: boolean;
  /**
   * The real-time view whose trending list the API's fallback serves first (RealtimeAnalytics'
   * `viewRefs`). @default none
   */
  readonly realtimeView?: RealtimeViewRefs;
  /** Item ids the fallback serves after the trending ones (e.g. best sellers). @default [] */
  readonly fallbackItems?: readonly string[];
  /**
   * The topic the recommender's alarms and its training runs' notifications go to, with its key
   * (publishers need it). Give it instead of `alarmTopicArn`. @default alarms without an action,
   * and a topic the training pipeline creates
   */
  readonly alarmTopic?: TopicRefs;
  /** The experiment the API runs: variants, allocation and each variant's arm. @default none */
  readonly experiment?: RecommendExperiment;
}

/** Defaults applied; what the component builds from. */
export interface ResolvedRecommenderArgs {
  readonly tier: Tier;
  readonly workload: WorkloadProfile;
  readonly recipe: string;
  readonly campaign: boolean;
  readonly minProvisionedTps: number;
  readonly retrainSchedule: string;
  readonly encryptDatasetGroup: boolean;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  readonly fallbackItems: readonly string[];
  readonly eventSource: EventSourceSizing;
  /** The training guardrails: readiness minimums, and the online guardrail when on. */
  readonly guardrails: ResolvedGuardrails;
}

/** Lambda allows 4 KB of environment in all; the fallback list may take half of it. */
export const MAX_FALLBACK_ITEMS_BYTES = 2048;
const MAX_ID_LENGTH = 256;

/** Applies the defaults and returns every problem with the args (empty when they are valid). */
export function resolveRecommenderArgs(args: PersonalizeRecommenderArgs): {
  resolved: ResolvedRecommenderArgs;
  problems: string[];
} {
  const { tier, workload, logRetentionDays, protectData } = resolveCommonArgs(args);
  // An unknown tier is reported below; sizing proceeds with dev's so every problem is collected.
  const known: Tier = TIERS.includes(tier) ? tier : "dev";
  const campaign = args.campaign ?? DEFAULT_CAMPAIGN[known];
  const guardrails = resolveGuardrails(args, {
    campaign,
    hasView: args.realtimeView !== undefined,
  });
  const resolved: ResolvedRecommenderArgs = {
    tier,
    workload,
    recipe: args.recipe ?? DEFAULT_RECIPE,
    campaign,
    minProvisionedTps: args.minProvisionedTps ?? minProvisionedTpsFor(workload),
    retrainSchedule: args.retrainSchedule ?? DEFAULT_RETRAIN_SCHEDULE[known],
    encryptDatasetGroup: args.encryptDatasetGroup ?? tier === "prod",
    logRetentionDays,
    protectData,
    fallbackItems: args.fallbackItems ?? [],
    eventSource: eventSourceSizing(workload, known),
    guardrails: guardrails.resolved,
  };

  const problems: string[] = [...commonArgsProblems(args), ...guardrails.problems];
  if (args.minProvisionedTps !== undefined) {
    if (!campaign) {
      problems.push(
        `minProvisionedTps is ${args.minProvisionedTps} but campaign is false; a minimum TPS only applies to a campaign. Fix: pass campaign: true, or drop minProvisionedTps.`,
      );
    }
    const tps = args.minProvisionedTps;
    if (!Number.isInteger(tps) || tps < 1 || tps > MAX_MIN_PROVISIONED_TPS) {
      problems.push(
        `minProvisionedTps is ${tps}; it must be an integer from 1 to ${MAX_MIN_PROVISIONED_TPS} (Personalize's campaign limit). Fix: pass a whole number in that range, or omit it to derive it from the workload.`,
      );
    }
  }
  if (args.sharedKmsKeyArn !== undefined && resolved.encryptDatasetGroup) {
    problems.push(
      "sharedKmsKeyArn is set and encryptDatasetGroup is true; Personalize's grant on the dataset group's key names this component's role, which a shared key's policy cannot. Fix: pass encryptDatasetGroup: false, or drop sharedKmsKeyArn so the component creates its own key.",
    );
  }
  if (!/^aws-[a-z0-9-]+$/.test(resolved.recipe)) {
    problems.push(
      `recipe is ${JSON.stringify(resolved.recipe)}; it must be a Personalize recipe name such as "${DEFAULT_RECIPE}" (not an ARN). Fix: pass the name.`,
    );
  }
  if (args.alarmTopic !== undefined && args.alarmTopicArn !== undefined) {
    problems.push(
      "alarmTopic and alarmTopicArn are both set; they name the same topic. Fix: pass alarmTopic (the topic with its key) alone.",
    );
  }
  const items = resolved.fallbackItems;
  const bad = items.filter(
    (i) => typeof i !== "string" || i.length === 0 || i.length > MAX_ID_LENGTH,
  );
  if (bad.length > 0) {
    problems.push(
      `fallbackItems has invalid item ids ${JSON.stringify(bad)}; each must be 1-${MAX_ID_LENGTH} characters. Fix: remove or correct them.`,
    );
  }
  const repeated = items.filter((id, i) => items.indexOf(id) !== i);
  if (repeated.length > 0) {
    problems.push(
      `fallbackItems repeats ${JSON.stringify([...new Set(repeated)])}; a served list never shows an item twice. Fix: remove the repeats.`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(items));
  if (bytes > MAX_FALLBACK_ITEMS_BYTES) {
    problems.push(
      `fallbackItems is ${bytes} bytes as JSON; at most ${MAX_FALLBACK_ITEMS_BYTES} fit in the function's environment (Lambda's limit is 4 KB in all). Fix: keep the best ${MAX_IMPRESSION_ITEMS} or so; the API never serves more than ${MAX_IMPRESSION_ITEMS} per list.`,
    );
  }
  if (args.experiment !== undefined) {
    problems.push(...validateExperiment(args.experiment, EXPERIMENT_FILTERS));
    // Without a campaign every user gets the fallback list: a campaign arm would look like a
    // result while measuring nothing.
    if (!campaign) {
      (args.experiment.variants ?? []).forEach((v, i) => {
        if (v.serve === "campaign") {
          problems.push(
            `experiment.variants[${i}] ${JSON.stringify(v.name)} serves "campaign" but campaign is false; its users would get the fallback list like a holdout's, so the experiment would measure nothing. Fix: pass campaign: true, or drop experiment.`,
          );
        }
      });
    }
  }
  return { resolved, problems };
}

// Declared beside the validator, which stack config reads without loading the component.
export { EXPERIMENT_FILTERS };
