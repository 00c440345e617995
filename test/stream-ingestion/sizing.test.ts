import { expect } from "chai";
import {
  chooseStreamMode,
  firehoseBuffering,
  shardSizing,
  validateIngestionArgs,
} from "../../components/stream-ingestion";
import type { LakeRefs } from "../../components/shared/contracts";
import type { WorkloadProfile } from "../../components/shared/workload";
import { TIER_PROFILES } from "../../stacks/tiers";

const w = (
  avgEventsPerSecond: number,
  peakEventsPerSecond: number,
  avgEventBytes: number,
): WorkloadProfile => ({
  avgEventsPerSecond,
  peakEventsPerSecond,
  avgEventBytes,
  retentionDays: 30,
  queriesPerDay: 10,
});

describe("stream ingestion: shard sizing", () => {
  it("gives the smallest workload one shard", () => {
    expect(shardSizing(w(1, 1, 50)).shards).to.equal(1);
    expect(shardSizing(TIER_PROFILES.dev.workload).shards).to.equal(1);
  });

  it("sizes the prod profile by its 3,000 records/s peak: 3 shards × 1.5 headroom = 5", () => {
    const s = shardSizing(TIER_PROFILES.prod.workload);
    expect(s).to.deep.include({ shards: 5, forWriteRecords: 3, limitedBy: "write records" });
  });

  it("sizes small events by records and big events by bytes", () => {
    // 2,000 × 200 B: 2 shards for records, 0.38 for bytes → ceil(3.0) = 3, no float-noise extra.
    expect(shardSizing(w(2000, 2000, 200))).to.deep.include({
      shards: 3,
      limitedBy: "write records",
    });
    // 500 × 10 KiB = 4.88 MiB/s: 4.88 write shards, 0.5 for records, 2.44 for one reader.
    expect(shardSizing(w(500, 500, 10 * 1024), 1)).to.deep.include({
      shards: 8,
      limitedBy: "write bytes",
    });
  });

  it("adds shards when consumers sharing the 2 MiB/s read limit need more than writers", () => {
    // 4,000 × 2,000 B = 7.63 MiB/s written, read 3× = 11.44 shards → ×1.5 = 17.2 → 18.
    expect(shardSizing(w(800, 4000, 2000))).to.deep.include({ shards: 18, limitedBy: "reads" });
    expect(shardSizing(w(800, 4000, 2000), 1).shards).to.equal(12);
  });

  it("picks provisioned for steady and moderately spiky loads, where it is cheaper", () => {
    expect(chooseStreamMode(TIER_PROFILES.prod.workload)).to.deep.equal({
      mode: "PROVISIONED",
      provisionedMonthlyUsd: 73.15,
      onDemandMonthlyUsd: 231.45,
      reason: "peak/average 6: 5 provisioned shard(s) ≈ $73.15/month vs on-demand ≈ $231.45/month",
    });
    expect(chooseStreamMode(w(2000, 2000, 200)).mode).to.equal("PROVISIONED");
  });

  it("picks on-demand when a rare spike would leave provisioned shards idle", () => {
    const choice = chooseStreamMode(w(10, 10_000, 600));
    expect(choice.mode).to.equal("ON_DEMAND");
    expect(choice.provisionedMonthlyUsd).to.equal(164.62);
    expect(choice.onDemandMonthlyUsd).to.equal(33.25);
  });
});

describe("stream ingestion: Firehose buffering", () => {
  it("never goes below the 64 MiB Parquet conversion needs", () => {
    expect(firehoseBuffering("dev", TIER_PROFILES.dev.workload)).to.deep.equal({
      sizeMiB: 64,
      intervalSeconds: 60,
    });
  });

  it("holds one prod interval of average traffic: 500 × 600 B × 300 s = 85.8 → 86 MiB", () => {
    expect(firehoseBuffering("prod", TIER_PROFILES.prod.workload)).to.deep.equal({
      sizeMiB: 86,
      intervalSeconds: 300,
    });
  });

  it("caps at Firehose's 128 MiB", () => {
    expect(firehoseBuffering("prod", w(20_000, 30_000, 1000)).sizeMiB).to.equal(128);
  });
});

describe("stream ingestion: argument validation", () => {
  const lake = {} as LakeRefs;

  it("accepts the defaults", () => {
    expect(validateIngestionArgs({ lake })).to.deep.equal([]);
  });

  it("names each bad value with what is allowed", () => {
    expect(
      validateIngestionArgs({
        lake,
        streamMode: "on-demand" as "ON_DEMAND",
        retentionHours: 12,
        bufferingSizeMiB: 32,
        bufferingIntervalSeconds: 1000,
        sharedConsumers: 0,
      }),
    ).to.deep.equal([
      'streamMode is "on-demand"; it must be one of auto, ON_DEMAND, PROVISIONED.',
      "retentionHours is 12; Kinesis keeps records for 24 to 8760 whole hours.",
      "sharedConsumers is 0; it must be a whole number from 1 to 20.",
      "bufferingSizeMiB is 32; Parquet conversion needs 64 to 128 MiB. Fix: omit it to size it from the workload.",
      "bufferingIntervalSeconds is 1000; Firehose accepts 0 to 900 whole seconds.",
    ]);
  });

  it("rejects sizing args next to an adopted stream, and malformed ARNs", () => {
    expect(
      validateIngestionArgs({
        lake,
        streamMode: "PROVISIONED",
        retentionHours: 48,
        existingStream: { arn: "events", kmsKeyArn: "alias/aws/kinesis" },
      }),
    ).to.deep.equal([
      "streamMode is set together with existingStream; an adopted stream keeps its own capacity. Fix: remove streamMode, or remove existingStream to create the stream here.",
      "retentionHours is set together with existingStream; an adopted stream keeps its own retention. Fix: remove retentionHours, or remove existingStream to create the stream here.",
      'existingStream.arn is "events"; it must be a Kinesis stream ARN like arn:aws:kinesis:us-east-1:123456789012:stream/events.',
      'existingStream.kmsKeyArn is "alias/aws/kinesis"; it must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id> (not an alias).',
    ]);
  });
});
