/**
 * The workload profile: what a stack expects to carry. Every size in the platform (shards, buffers,
 * parallelism, capacity, scan cutoffs, cost) is derived from it by pure functions, so nobody tunes
 * numbers per resource.
 */

/** `dev` is the cheap, disposable choice; `prod` the durable, protected one. */
export type Tier = "dev" | "prod";

export const TIERS: readonly Tier[] = ["dev", "prod"];

export interface WorkloadProfile {
  /** Mean behaviour-log events per second over a day. */
  readonly avgEventsPerSecond: number;
  /** Highest sustained events per second (a busy minute, not a single spike). */
  readonly peakEventsPerSecond: number;
  /** Mean size of one JSON event in bytes. */
  readonly avgEventBytes: number;
  /** Days the raw events are kept in the lake before they expire. */
  readonly retentionDays: number;
  /** Analyst and dashboard Athena queries per day. */
  readonly queriesPerDay: number;
}

export const SECONDS_PER_DAY = 86_400;
export const HOURS_PER_MONTH = 730;
export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** Events per day at the average rate. */
export function dailyEvents(w: WorkloadProfile): number {
  return w.avgEventsPerSecond * SECONDS_PER_DAY;
}

/** Raw JSON bytes per day at the average rate. */
export function dailyJsonBytes(w: WorkloadProfile): number {
  return dailyEvents(w) * w.avgEventBytes;
}

/** JSON bytes per second at the peak rate. */
export function peakBytesPerSecond(w: WorkloadProfile): number {
  return w.peakEventsPerSecond * w.avgEventBytes;
}

/**
 * Parquet with Snappy keeps behaviour logs at about 0.18 of their JSON size (`npm run bench`, lake; repeated
 * event types, channels and ids compress well).
 */
export const PARQUET_TO_JSON_RATIO = 0.18;

/** Parquet bytes the lake gains per day. */
export function dailyParquetBytes(w: WorkloadProfile): number {
  return dailyJsonBytes(w) * PARQUET_TO_JSON_RATIO;
}
