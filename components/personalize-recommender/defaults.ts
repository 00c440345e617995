import type { Tier } from "../shared/workload";

/**
 * The recommender's defaults that the program's stack profiles also read (`stacks/tiers.ts`), in a
 * file of their own so reading them loads nothing else.
 */

/** The recipe the solution trains when none is given. */
export const DEFAULT_RECIPE = "aws-user-personalization-v2";

/** An always-on campaign bills per provisioned TPS-hour, so dev serves the fallback instead. */
export const DEFAULT_CAMPAIGN: Readonly<Record<Tier, boolean>> = {
  dev: false,
  prod: true,
};
