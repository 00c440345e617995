/**
 * The recommendation API's experiment: each user is assigned a variant of one named experiment
 * (events/experiment.ts: sticky, salted hashing, allocation from config) and served that
 * variant's arm: the campaign (optionally through another filter) or the fallback list as a
 * holdout. The variant is written on every impression, so the readout compares what each arm
 * earned.
 */
import {
  type ExperimentAllocation,
  type VariantAllocation,
  assignVariant,
  validateAllocation,
} from "../../../events/experiment";
import { NO_FILTER } from "./params";

/** What a variant's users are served. */
export type ExperimentServe = "campaign" | "fallback";
export const EXPERIMENT_SERVES: readonly ExperimentServe[] = ["campaign", "fallback"];

export interface ExperimentVariant extends VariantAllocation {
  /** `campaign` asks Personalize; `fallback` serves the fallback list (a holdout). */
  readonly serve: ExperimentServe;
  /**
   * Personalize filter of a `campaign` arm, by name, or `none`; overrides the caller's and the
   * default filter so the arm is the same for every caller. @default the request's own filter
   */
  readonly filter?: string;
}

export interface RecommendExperiment extends ExperimentAllocation {
  readonly variants: readonly ExperimentVariant[];
}

/**
 * The filter names an experiment arm may choose besides `none`: the API's one named filter
 * (recommender.ts' EXCLUDE_PURCHASED_FILTER; a test keeps them equal).
 */
export const EXPERIMENT_FILTERS: readonly string[] = ["exclude-purchased"];

/** The arm a user is served. */
export interface ExperimentArm {
  readonly experiment: string;
  readonly variant: string;
  readonly serve: ExperimentServe;
  readonly filter?: string;
}

/** Every problem of an experiment against the deployment's filters, each naming the fix. */
export function validateExperiment(
  experiment: RecommendExperiment,
  filterNames: readonly string[],
  key = "experiment",
): string[] {
  const problems = validateAllocation(experiment, key);
  (experiment.variants ?? []).forEach((v, i) => {
    if (!EXPERIMENT_SERVES.includes(v.serve)) {
      problems.push(
        `${key}.variants[${i}].serve must be one of ${EXPERIMENT_SERVES.join(", ")}, got ${JSON.stringify(v.serve)}`,
      );
    }
    if (v.filter !== undefined && v.filter !== NO_FILTER && !filterNames.includes(v.filter)) {
      problems.push(
        `${key}.variants[${i}].filter ${JSON.stringify(v.filter)} is not a configured filter; use one of ${[...filterNames, NO_FILTER].join(", ")}`,
      );
    }
    if (v.filter !== undefined && v.serve === "fallback") {
      problems.push(
        `${key}.variants[${i}].filter applies to campaign arms only; remove it from the fallback arm ${JSON.stringify(v.name)}`,
      );
    }
  });
  return problems;
}

/** The user's arm of the experiment. */
export function experimentArm(experiment: RecommendExperiment, userId: string): ExperimentArm {
  const variant = assignVariant(experiment, userId);
  const spec = experiment.variants.find((v) => v.name === variant)!;
  return {
    experiment: experiment.name,
    variant,
    serve: spec.serve,
    ...(spec.filter !== undefined ? { filter: spec.filter } : {}),
  };
}

/**
 * The `EXPERIMENT` environment variable (JSON), checked at cold start against the function's
 * filters: a misconfigured experiment fails loudly rather than serving an unknown split.
 */
export function experimentFromEnv(
  raw: string | undefined,
  filterNames: readonly string[],
): RecommendExperiment | undefined {
  if (raw === undefined || raw === "") return undefined;
  let value: RecommendExperiment;
  try {
    value = JSON.parse(raw) as RecommendExperiment;
  } catch {
    throw new Error(`environment variable EXPERIMENT must be JSON, got ${JSON.stringify(raw)}`);
  }
  const problems =
    typeof value === "object" && value !== null
      ? validateExperiment(value, filterNames, "EXPERIMENT")
      : [`EXPERIMENT must be an object, got ${raw}`];
  if (problems.length > 0) {
    throw new Error(`environment variable ${problems.join("; ")}`);
  }
  return value;
}
