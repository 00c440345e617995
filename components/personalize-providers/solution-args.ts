/**
 * What a solution is declared with: its args, their pure validation, the creation-time training
 * configuration they become, and the recipe ARN a recipe name stands for.
 */
import type { EventsConfig, SolutionConfig } from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./client";
import { definedOnly } from "./lifecycle";
import { PersonalizeTargetArgs, nameProblems, tagProblems } from "./resource-args";

/** The training configuration fixed at creation (auto-training and events config excluded). */
export type StaticSolutionConfig = Omit<SolutionConfig, "autoTrainingConfig" | "eventsConfig">;

export const RECIPE_ARN = /^arn:aws[a-z-]*:personalize:::recipe\/[A-Za-z0-9-]+$/;
export const RECIPE_NAME = /^aws-[a-z0-9-]+$/;

/** Recipe ARNs are global (no region or account), but carry the region's partition. */
export function recipeArnFor(region: string, recipe: string): string {
  return RECIPE_ARN.test(recipe)
    ? recipe
    : `arn:${partitionOf(region)}:personalize:::recipe/${recipe}`;
}

export interface SolutionArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>-<hash of the training configuration>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset group the solution trains on. */
  readonly datasetGroupArn: pulumi.Input<string>;
  /** Recipe name, e.g. "aws-user-personalization-v2", or a recipe ARN. */
  readonly recipe: string;
  /** Train on interactions of this event type only. @default every event type */
  readonly eventType?: string;
  /** Algorithm hyper-parameters, e.g. { hidden_dimension: "128" }. @default the recipe's */
  readonly hyperParameters?: Readonly<Record<string, string>>;
  /** Feature-transformation parameters. @default the recipe's */
  readonly featureTransformationParameters?: Readonly<Record<string, string>>;
  /** Only interactions whose EVENT_VALUE is at least this train the model. @default all */
  readonly eventValueThreshold?: string;
  /** Hyper-parameter optimisation; multiplies training cost. @default false */
  readonly performHPO?: boolean;
  /** Search space and objective of HPO; needs performHPO. @default the recipe's */
  readonly hpoConfig?: SolutionConfig["hpoConfig"];
  /** Columns to include or exclude in training. @default every column */
  readonly trainingDataConfig?: SolutionConfig["trainingDataConfig"];
  /** Secondary objective (e.g. an item attribute to favour). @default none */
  readonly optimizationObjective?: SolutionConfig["optimizationObjective"];
  /**
   * Let Personalize retrain on a schedule, `rate(N days)` with N from 1 to 30.
   * @default off: the training pipeline creates versions and gates them on their metrics
   */
  readonly autoTraining?: { readonly schedule: string };
  /** Weights and thresholds per event type. @default none */
  readonly eventsConfig?: EventsConfig;
  /** Tags on the solution. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const AUTO_TRAINING_SCHEDULE = /^rate\(([1-9]|[12][0-9]|30) days?\)$/;

export function solutionProblems(args: SolutionArgs): string[] {
  const problems = [...nameProblems(args.name), ...tagProblems(args.tags)];
  if (!RECIPE_NAME.test(args.recipe) && !RECIPE_ARN.test(args.recipe)) {
    problems.push(
      `recipe is ${JSON.stringify(args.recipe)}; it must be a recipe name like "aws-user-personalization-v2" ` +
        "or a recipe ARN (arn:aws:personalize:::recipe/<name>). Fix: pass one of them.",
    );
  }
  if (args.hpoConfig && args.performHPO !== true) {
    problems.push(
      "hpoConfig is set but performHPO is not true; Personalize ignores it. Fix: set performHPO: true or drop hpoConfig.",
    );
  }
  if (args.autoTraining && !AUTO_TRAINING_SCHEDULE.test(args.autoTraining.schedule)) {
    problems.push(
      `autoTraining.schedule is ${JSON.stringify(args.autoTraining.schedule)}; it must be "rate(N days)" ` +
        `with N from 1 to 30. Fix: e.g. "rate(7 days)".`,
    );
  }
  if (
    args.eventValueThreshold !== undefined &&
    !Number.isFinite(Number(args.eventValueThreshold))
  ) {
    problems.push(
      `eventValueThreshold is ${JSON.stringify(args.eventValueThreshold)}; it must be a number as a string, e.g. "0.5".`,
    );
  }
  return problems;
}

export function staticConfig(args: SolutionArgs): StaticSolutionConfig | undefined {
  const config: StaticSolutionConfig = definedOnly({
    algorithmHyperParameters: args.hyperParameters ? { ...args.hyperParameters } : undefined,
    featureTransformationParameters: args.featureTransformationParameters
      ? { ...args.featureTransformationParameters }
      : undefined,
    eventValueThreshold: args.eventValueThreshold,
    hpoConfig: args.hpoConfig,
    trainingDataConfig: args.trainingDataConfig,
    optimizationObjective: args.optimizationObjective,
  });
  return Object.keys(config).length > 0 ? config : undefined;
}
