/**
 * Athena's per-query scan cutoff, derived from the workload. Athena bills per byte scanned
 * ($5/TB), so the cutoff is the most one query may cost: enough for every legitimate query (a KPI
 * over the window analysts look at) and small enough that a query missing its `dt` filter is
 * cancelled instead of reading years of events.
 */
import { GIB, Tier, WorkloadProfile, dailyParquetBytes } from "../shared/workload";

/** Athena rejects a cutoff below 10 MB. */
export const ATHENA_MIN_CUTOFF_BYTES = 10_000_000;

/**
 * Days of events one query may scan: a quarter in prod (quarter-over-quarter KPIs), a week in
 * dev (demos and tests look at the last few days).
 */
export const SCAN_WINDOW_DAYS: Readonly<Record<Tier, number>> = { dev: 7, prod: 92 };

/**
 * Floor of the cutoff: small lakes still have per-file and catalogue-table overheads, and a
 * 1 GiB scan costs half a cent.
 */
export const SCAN_CUTOFF_FLOOR_BYTES = GIB;

/** Ceiling: 1 TiB ($5) per query in prod, 100 GiB in dev. */
export const SCAN_CUTOFF_CEILING_BYTES: Readonly<Record<Tier, number>> = {
  dev: 100 * GIB,
  prod: 1024 * GIB,
};

/**
 * Bytes one query may scan: the Parquet bytes of the tier's window (every column, so any query
 * that prunes by `dt` fits), rounded up to a whole GiB and kept within the floor and ceiling.
 */
export function athenaScanCutoffBytes(tier: Tier, workload: WorkloadProfile): number {
  const window = SCAN_WINDOW_DAYS[tier] * dailyParquetBytes(workload);
  const rounded = Math.ceil(window / GIB) * GIB;
  return Math.min(Math.max(rounded, SCAN_CUTOFF_FLOOR_BYTES), SCAN_CUTOFF_CEILING_BYTES[tier]);
}
