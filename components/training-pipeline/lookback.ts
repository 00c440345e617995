/**
 * How many days of interactions a training run exports, derived from the workload so the import
 * stays within what Personalize accepts: a FULL dataset import job takes at most 100 GB (a quota AWS
 * raises to 1 TB on request) and the user-personalization recipes train on at most 3 billion
 * interactions. A window past either limit fails the run after hours of export.
 */
import { SECONDS_PER_DAY, type WorkloadProfile } from "../shared/workload";

export const MAX_IMPORT_BYTES = 100 * 1000 ** 3;
export const MAX_TRAINING_INTERACTIONS = 3_000_000_000;
/**
 * Bytes of one exported interaction row: two ids, epoch seconds, type, value, channel, device and
 * the impression list. Counted for every event, an upper bound: visits are not exported.
 */
export const INTERACTION_ROW_BYTES = 100;
/** Beyond three months behaviour drifts and older interactions add training hours, not quality. */
export const MAX_LOOKBACK_DAYS = 90;

export function lookbackDaysFor(workload: Pick<WorkloadProfile, "avgEventsPerSecond">): number {
  const rowsPerDay = workload.avgEventsPerSecond * SECONDS_PER_DAY;
  const maxRows = Math.min(MAX_IMPORT_BYTES / INTERACTION_ROW_BYTES, MAX_TRAINING_INTERACTIONS);
  return Math.max(1, Math.min(MAX_LOOKBACK_DAYS, Math.floor(maxRows / rowsPerDay)));
}
