/**
 * Stream and delivery sizing from the workload profile: shard count, capacity mode and Firehose
 * buffers. Pure, so every number a stack deploys can be asserted for any workload.
 */
import {
  HOURS_PER_MONTH,
  MIB,
  Tier,
  WorkloadProfile,
  dailyJsonBytes,
  peakBytesPerSecond,
} from "../shared/workload";

/** Write limits of one Kinesis shard (per second). */
export const SHARD_WRITE_BYTES = MIB;
export const SHARD_WRITE_RECORDS = 1_000;
/**
 * Read limit of one shard (per second), shared by every consumer that does not use enhanced
 * fan-out: Firehose, the Personalize event forwarder and the real-time KPIs all read each record.
 */
export const SHARD_READ_BYTES = 2 * MIB;
/** Consumers sharing the read limit by default: Firehose, Personalize events, real-time KPIs. */
export const DEFAULT_SHARED_CONSUMERS = 3;
/**
 * Capacity above the stated peak. Records are spread over shards by the hash of `user_id`, so a
 * few heavy users make some shards hotter than the average; and resharding a provisioned stream
 * takes minutes per doubling. 50% absorbs both without paying for a second peak.
 */
export const SHARD_HEADROOM = 1.5;

export interface ShardSizing {
  readonly shards: number;
  /** Shards each limit needs, before headroom. */
  readonly forWriteBytes: number;
  readonly forWriteRecords: number;
  readonly forReads: number;
  readonly limitedBy: "write bytes" | "write records" | "reads";
}

/** Provisioned shards for the workload's peak: the tightest of the three limits, plus headroom. */
export function shardSizing(
  workload: WorkloadProfile,
  sharedConsumers = DEFAULT_SHARED_CONSUMERS,
): ShardSizing {
  const peakBytes = peakBytesPerSecond(workload);
  const forWriteBytes = peakBytes / SHARD_WRITE_BYTES;
  const forWriteRecords = workload.peakEventsPerSecond / SHARD_WRITE_RECORDS;
  const forReads = (peakBytes * sharedConsumers) / SHARD_READ_BYTES;
  const needed = Math.max(forWriteBytes, forWriteRecords, forReads);
  const limitedBy =
    forReads > Math.max(forWriteBytes, forWriteRecords)
      ? "reads"
      : forWriteRecords >= forWriteBytes
        ? "write records"
        : "write bytes";
  // Rounded to 9 decimals first so float noise (e.g. 3.0000000001) never buys an extra shard.
  const shards = Math.max(1, Math.ceil(Number((needed * SHARD_HEADROOM).toFixed(9))));
  return { shards, forWriteBytes, forWriteRecords, forReads, limitedBy };
}

/**
 * us-east-1 list prices (USD) used to choose the capacity mode. Only their ratio matters for the
 * choice; the cost estimate of the plan uses its own price table.
 */
export const KINESIS_PRICES = {
  provisionedShardHour: 0.015,
  /** Per million PUT payload units of 25 KiB. */
  provisionedPutUnitMillion: 0.014,
  onDemandStreamHour: 0.04,
  /** Per GB written; each record is rounded up to 1 KiB. */
  onDemandIngestGb: 0.08,
  /** Per GB read by shared-throughput consumers. */
  onDemandRetrieveGb: 0.04,
} as const;

export type StreamMode = "ON_DEMAND" | "PROVISIONED";

export interface StreamModeChoice {
  readonly mode: StreamMode;
  readonly provisionedMonthlyUsd: number;
  readonly onDemandMonthlyUsd: number;
  readonly reason: string;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * "auto": the cheaper mode for the workload's shape. Provisioned shards are sized for the peak
 * and billed all month, so their cost follows the peak; on-demand bills the bytes that flow, so
 * its cost follows the average (over a fixed per-stream fee). A steady stream is cheaper
 * provisioned; a spiky one (a high peak-to-average ratio) is cheaper on demand. Ties go to
 * provisioned, whose throughput is predictable.
 */
export function chooseStreamMode(
  workload: WorkloadProfile,
  sharedConsumers = DEFAULT_SHARED_CONSUMERS,
): StreamModeChoice {
  const p = KINESIS_PRICES;
  const recordsPerMonth = workload.avgEventsPerSecond * 3600 * HOURS_PER_MONTH;
  const putUnitsPerRecord = Math.ceil(workload.avgEventBytes / (25 * 1024));
  const { shards } = shardSizing(workload, sharedConsumers);
  const provisioned =
    shards * p.provisionedShardHour * HOURS_PER_MONTH +
    ((recordsPerMonth * putUnitsPerRecord) / 1e6) * p.provisionedPutUnitMillion;
  const ingestGb = (recordsPerMonth * Math.ceil(workload.avgEventBytes / 1024) * 1024) / 1e9;
  const retrieveGb = ((dailyJsonBytes(workload) * HOURS_PER_MONTH) / 24 / 1e9) * sharedConsumers;
  const onDemand =
    p.onDemandStreamHour * HOURS_PER_MONTH +
    ingestGb * p.onDemandIngestGb +
    retrieveGb * p.onDemandRetrieveGb;
  const mode: StreamMode = onDemand < provisioned ? "ON_DEMAND" : "PROVISIONED";
  const ratio = workload.peakEventsPerSecond / workload.avgEventsPerSecond;
  return {
    mode,
    provisionedMonthlyUsd: round2(provisioned),
    onDemandMonthlyUsd: round2(onDemand),
    reason: `peak/average ${round2(ratio)}: ${shards} provisioned shard(s) ≈ $${round2(provisioned)}/month vs on-demand ≈ $${round2(onDemand)}/month`,
  };
}

/** Firehose buffering: whichever of size and interval is reached first flushes a Parquet file. */
export interface FirehoseBuffering {
  readonly sizeMiB: number;
  readonly intervalSeconds: number;
}

/** Parquet conversion (and dynamic partitioning) require a buffer of at least 64 MiB. */
export const MIN_BUFFER_MIB = 64;
/** Firehose's largest buffer. */
export const MAX_BUFFER_MIB = 128;
/** Firehose's longest buffer interval. */
export const MAX_BUFFER_INTERVAL_SECONDS = 900;

/**
 * Interval by tier: a minute in dev so a demo sees its events quickly; five minutes in prod, the
 * batch layer's freshness target (the speed layer serves anything fresher). Size: what the
 * average rate brings in one interval, so at the average the interval flushes and at the peak the
 * size does, within Firehose's 64-128 MiB; larger files mean fewer S3 objects for Athena to open.
 */
export function firehoseBuffering(tier: Tier, workload: WorkloadProfile): FirehoseBuffering {
  const intervalSeconds = tier === "prod" ? 300 : 60;
  const perInterval =
    (workload.avgEventsPerSecond * workload.avgEventBytes * intervalSeconds) / MIB;
  const sizeMiB = Math.min(MAX_BUFFER_MIB, Math.max(MIN_BUFFER_MIB, Math.ceil(perInterval)));
  return { sizeMiB, intervalSeconds };
}
