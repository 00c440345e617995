/**
 * The contract of the training pipeline: what the component composing it (PersonalizeRecommender)
 * passes in, with every default in one place and a pure validator that reports every problem at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import type { CommonArgs, LakeRefs, TopicRefs } from "../shared/contracts";
import { scheduleExpressionProblem } from "../shared/schedule-expression";
import type { Tier } from "../shared/workload";
import { DEFAULT_RETRAIN_SCHEDULE } from "./defaults";
import {
  type GuardrailArgs,
  type GuardrailView,
  type ResolvedGuardrails,
  resolveGuardrails,
} from "./guardrail-args";
import { lookbackDaysFor } from "./lookback";

/** Offline metrics Personalize reports for a solution version (GetSolutionMetrics). */
export const PERSONALIZE_METRICS = [
  "coverage",
  "mean_reciprocal_rank_at_25",
  "normalized_discounted_cumulative_gain_at_5",
  "normalized_discounted_cumulative_gain_at_10",
  "normalized_discounted_cumulative_gain_at_25",
  "precision_at_5",
  "precision_at_10",
  "precision_at_25",
] as const;
export type PersonalizeMetric = (typeof PERSONALIZE_METRICS)[number];

export type TrainingMode = "FULL" | "UPDATE";
export const TRAINING_MODES: readonly TrainingMode[] = ["FULL", "UPDATE"];

/**
 * Recipes whose solutions accept `trainingMode: UPDATE`. CreateSolutionVersion's reference (the
 * trainingMode documentation in Personalize's API model): UPDATE can only be used when "the input
 * solution was trained with the User-Personalization recipe or the legacy HRNN-Coldstart recipe";
 * any other recipe (User-Personalization-v2 included) rejects it.
 */
export const UPDATE_TRAINING_RECIPES: readonly string[] = [
  "aws-user-personalization",
  "aws-hrnn-coldstart",
];

/** The training modes a solution of `recipe` (name or recipe ARN) accepts; FULL when unknown. */
export function trainingModesFor(recipe: string | undefined): readonly TrainingMode[] {
  const name = recipe?.replace(/^arn:[^:]+:personalize:::recipe\//, "");
  return name !== undefined && UPDATE_TRAINING_RECIPES.includes(name) ? TRAINING_MODES : ["FULL"];
}

/** The quality bar a new solution version must clear before it serves traffic. */
export interface MetricsGate {
  /**
   * Floor per metric. The defaults only catch a broken model (empty or near-random lists); a team
   * that knows its baseline should raise them.
   * @default { normalized_discounted_cumulative_gain_at_10: 0.05, precision_at_10: 0.01, coverage: 0.05 }
   */
  readonly minimums?: Readonly<Partial<Record<PersonalizeMetric, number>>>;
  /**
   * Largest relative drop, per gated metric, against the version the campaign serves now
   * (0.03 = the new version may be at most 3% worse). @default 0.03
   */
  readonly maxRegression?: number;
}

export const DEFAULT_GATE_MINIMUMS: Readonly<Partial<Record<PersonalizeMetric, number>>> = {
  normalized_discounted_cumulative_gain_at_10: 0.05,
  precision_at_10: 0.01,
  coverage: 0.05,
};
export const DEFAULT_MAX_REGRESSION = 0.03;

export interface TrainingPipelineArgs extends CommonArgs, GuardrailArgs {
  /** The real-time view the online guardrail reads. @default none (no online guardrail) */
  readonly realtimeView?: GuardrailView;
  /** Region of the Personalize resources; the deploy-time trigger calls Step Functions there. @default the provider's region */
  readonly region?: pulumi.Input<string>;
  /** Role the deploy-time trigger assumes, like the stack's AWS provider. @default none (ambient credentials) */
  readonly assumeRoleArn?: pulumi.Input<string>;
  readonly datasetGroupArn: pulumi.Input<string>;
  /** Datasets the pipeline refreshes from the lake; items and users are optional in Personalize. */
  readonly datasets: {
    readonly interactions: pulumi.Input<string>;
    readonly items?: pulumi.Input<string>;
    readonly users?: pulumi.Input<string>;
  };
  readonly solutionArn: pulumi.Input<string>;
  /** Name of the campaign the pipeline creates on first deploy and updates afterwards. */
  readonly campaignName: pulumi.Input<string>;
  /** Create and update a campaign. Dev has none (the API serves its fallback). @default true in prod, false in dev */
  readonly createCampaign?: boolean;
  /** Campaign's minimum provisioned transactions per second (billed per TPS-hour). @default 1 */
  readonly minProvisionedTps?: number;
  readonly gate?: MetricsGate;
  readonly lake: LakeRefs;
  /** Role Personalize assumes to read the exports under the lake's `personalize/` prefix. */
  readonly personalizeRoleArn: pulumi.Input<string>;
  /**
   * Customer key for the state machine's log group (execution data can hold event payloads) and
   * the export-header function's logs and environment; its policy must let
   * logs.<region>.amazonaws.com use it. @default CloudWatch's and Lambda's own encryption
   */
  readonly logsKmsKeyArn?: pulumi.Input<string>;
  /**
   * Topic told about success, gate rejection and failure, with the key it is encrypted with (the
   * pipeline's role is granted what publishing to it needs). @default a topic encrypted with the
   * lake key
   */
  readonly notificationTopic?: TopicRefs;
  /** EventBridge Scheduler expression of the retraining cadence. @default "rate(30 days)" in dev, "rate(1 day)" in prod */
  readonly retrainSchedule?: string;
  /**
   * Recipe (name or ARN) of the solution: whether its versions can be trained with UPDATE.
   * @default unknown: FULL runs only
   */
  readonly recipe?: string;
  /** Training mode of scheduled runs (a run's input may override it). @default "FULL" */
  readonly scheduledTrainingMode?: TrainingMode;
  /**
   * Days of interactions exported for training. @default lookbackDaysFor(workload): 90, or fewer
   * when a longer window would pass Personalize's 100 GB import limit
   */
  readonly lookbackDays?: number;
  /** Start a FULL run on `pulumi up` when the datasets, solution or fingerprint change. @default true */
  readonly triggerOnDeploy?: boolean;
  /** Extra configuration whose change must retrain (schemas, recipe, hyper-parameters). @default "" */
  readonly configurationFingerprint?: pulumi.Input<string>;
  /** Hours after which a run is stopped (and reported failed). @default 24 */
  readonly timeoutHours?: number;
}

/** Defaults resolved; what the component and the builders work with. */
export interface ResolvedPipelineOptions {
  readonly tier: Tier;
  readonly createCampaign: boolean;
  readonly minProvisionedTps: number;
  readonly minimums: Readonly<Partial<Record<PersonalizeMetric, number>>>;
  readonly maxRegression: number;
  readonly retrainSchedule: string;
  readonly scheduledTrainingMode: TrainingMode;
  /** The modes the solution's recipe accepts; a run asking for another fails before any work. */
  readonly trainingModes: readonly TrainingMode[];
  readonly lookbackDays: number;
  readonly triggerOnDeploy: boolean;
  readonly timeoutHours: number;
  readonly logRetentionDays: number;
  /** Protect the log group and the notification topic it creates from deletion. */
  readonly protectData: boolean;
  /** The data-readiness minimums; the online guardrail when on. */
  readonly readiness: ResolvedGuardrails["readiness"];
  readonly guardrail?: ResolvedGuardrails["guardrail"];
}

/** Applies defaults and checks every value; throws one error listing every problem. */
export function resolvePipelineOptions(
  name: string,
  args: TrainingPipelineArgs,
): ResolvedPipelineOptions {
  const common = resolveCommonArgs(args);
  const tier = common.tier;
  const createCampaign = args.createCampaign ?? tier === "prod";
  const guardrails = resolveGuardrails(args, {
    campaign: createCampaign,
    hasView: args.realtimeView !== undefined,
  });
  const options: ResolvedPipelineOptions = {
    ...guardrails.resolved,
    tier,
    createCampaign,
    minProvisionedTps: args.minProvisionedTps ?? 1,
    minimums: args.gate?.minimums ?? DEFAULT_GATE_MINIMUMS,
    maxRegression: args.gate?.maxRegression ?? DEFAULT_MAX_REGRESSION,
    retrainSchedule:
      args.retrainSchedule ?? DEFAULT_RETRAIN_SCHEDULE[tier] ?? DEFAULT_RETRAIN_SCHEDULE.dev,
    scheduledTrainingMode: args.scheduledTrainingMode ?? "FULL",
    trainingModes: trainingModesFor(args.recipe),
    lookbackDays: args.lookbackDays ?? lookbackDaysFor(common.workload),
    triggerOnDeploy: args.triggerOnDeploy ?? true,
    timeoutHours: args.timeoutHours ?? 24,
    logRetentionDays: common.logRetentionDays,
    protectData: common.protectData,
  };
  const problems: string[] = [...commonArgsProblems(args), ...guardrails.problems];
  const integerIn = (key: string, value: number, min: number, max: number, why: string) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(
        `${key} is ${value}; it must be an integer from ${min} to ${max} (${why}). Fix: pass ${key} within that range.`,
      );
    }
  };
  integerIn("minProvisionedTps", options.minProvisionedTps, 1, 500, "Personalize's campaign limit");
  integerIn("lookbackDays", options.lookbackDays, 1, 3650, "days of interactions to export");
  integerIn(
    "timeoutHours",
    options.timeoutHours,
    1,
    168,
    "a run longer than a week means a stuck job",
  );
  if (!(options.maxRegression >= 0 && options.maxRegression < 1)) {
    problems.push(
      `gate.maxRegression is ${options.maxRegression}; it must be a fraction from 0 (no drop allowed) to below 1. Fix: pass e.g. 0.03 for "at most 3% worse".`,
    );
  }
  const gated = Object.entries(options.minimums);
  if (gated.length === 0) {
    problems.push(
      `gate.minimums is empty; at least one metric must be gated or any model would serve. Fix: pass e.g. { precision_at_10: 0.01 }.`,
    );
  }
  for (const [metric, minimum] of gated) {
    if (!(PERSONALIZE_METRICS as readonly string[]).includes(metric)) {
      problems.push(
        `gate.minimums has unknown metric ${JSON.stringify(metric)}; allowed: ${PERSONALIZE_METRICS.join(", ")}. Fix: use one of those names.`,
      );
    } else if (typeof minimum !== "number" || !(minimum >= 0 && minimum <= 1)) {
      problems.push(
        `gate.minimums.${metric} is ${minimum}; Personalize metrics are between 0 and 1. Fix: pass a value in [0, 1].`,
      );
    }
  }
  const scheduleIssue = scheduleExpressionProblem(options.retrainSchedule);
  if (scheduleIssue) {
    problems.push(
      `retrainSchedule is ${JSON.stringify(options.retrainSchedule)}; ${scheduleIssue}. Fix: pass an EventBridge Scheduler expression such as "rate(1 day)" or "cron(0 3 * * ? *)".`,
    );
  }
  if (!TRAINING_MODES.includes(options.scheduledTrainingMode)) {
    problems.push(
      `scheduledTrainingMode is ${JSON.stringify(options.scheduledTrainingMode)}; allowed: ${TRAINING_MODES.join(", ")}. Fix: pass "FULL" or "UPDATE".`,
    );
  } else if (!options.trainingModes.includes(options.scheduledTrainingMode)) {
    problems.push(
      `scheduledTrainingMode is "UPDATE" but recipe ${JSON.stringify(args.recipe ?? "(not given)")} trains only FULL solution versions (UPDATE needs ${UPDATE_TRAINING_RECIPES.join(" or ")}). Fix: pass "FULL", or train with one of those recipes.`,
    );
  }
  throwIfProblems("TrainingPipeline", name, problems);
  return options;
}
