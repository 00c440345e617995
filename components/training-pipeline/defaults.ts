/**
 * The training pipeline's tier defaults, set here once: the recommender and the program's stack
 * profiles read them rather than repeating them.
 */
import type { Tier } from "../shared/workload";

/** EventBridge Scheduler expression of the retraining cadence, per tier. */
export const DEFAULT_RETRAIN_SCHEDULE: Readonly<Record<Tier, string>> = {
  // Monthly: each training run bills ~2 instance-hours; a dev stack retrains on demand (npm run train).
  dev: "rate(30 days)",
  prod: "rate(1 day)",
};
