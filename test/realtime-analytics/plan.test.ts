/**
 * The offline plans of the shipped stacks carry the speed layer each tier promises: prod the Flink
 * application (runtime, input, checkpointing, parallelism), dev the Lambda engine and no Flink.
 */
import { expect } from "chai";
import { flinkSizing } from "../../components/realtime-analytics";
import { TIER_PROFILES } from "../../stacks/tiers";
import { descendantsOf, namesOf, ofType, onlyOne, shippedPlan } from "../offline/plans";
import { T } from "./fixtures";

const STREAM = (region: string, stack: string) =>
  new RegExp(`^arn:aws:kinesis:${region}:123456789012:stream/${stack}-ingest-stream-[0-9a-f]{7}$`);

describe("offline plan: the speed layer of the shipped stacks", function () {
  // Two real programs under Pulumi's mock runtime: seconds each, shared with the dashboard suite.
  this.timeout(120_000);

  it("prod runs the Flink application on the stream, with checkpoints, snapshots and sized parallelism", async () => {
    const plan = await shippedPlan("prod");
    const realtime = descendantsOf(plan, T.component);
    const app = onlyOne(plan, T.app);
    expect(realtime).to.include(app);
    expect(app.name).to.equal("prod-realtime-flink");
    const inputs = app.inputs as any;
    expect(inputs).to.deep.include({
      runtimeEnvironment: "FLINK-2_2",
      applicationMode: "STREAMING",
      startApplication: true,
    });
    const config = inputs.applicationConfiguration;
    const groups = Object.fromEntries(
      config.environmentProperties.propertyGroups.map((g: any) => [
        g.propertyGroupId,
        g.propertyMap,
      ]),
    );
    expect(groups["kinesis.analytics.flink.run.options"]).to.deep.equal({
      python: "main.py",
      jarfile: "lib/pyflink-dependencies.jar",
    });
    // Input: the stack's own behaviour-log stream, the one every other consumer reads.
    const view = groups.RealtimeView;
    expect(view.stream_arn).to.match(STREAM("ap-northeast-2", "prod"));
    const consumers = new Set(ofType(plan, T.esm).map((m) => (m.inputs as any).eventSourceArn));
    expect([...consumers]).to.deep.equal([view.stream_arn]);
    expect(view).to.deep.include({
      region: "ap-northeast-2",
      lateness_seconds: "30",
      retention_seconds: String(48 * 3600),
      top_n: "20",
    });
    expect(view.table_name).to.match(/^prod-realtime-view-[0-9a-f]{7}$/);
    expect(config.flinkApplicationConfiguration.checkpointConfiguration).to.deep.equal({
      configurationType: "CUSTOM",
      checkpointingEnabled: true,
      checkpointInterval: 60_000,
      minPauseBetweenCheckpoints: 5_000,
    });
    expect(config.applicationSnapshotConfiguration).to.deep.equal({ snapshotsEnabled: true });
    expect(config.runConfiguration.applicationRestoreConfiguration).to.deep.equal({
      applicationRestoreType: "RESTORE_FROM_LATEST_SNAPSHOT",
    });
    const sizing = flinkSizing(TIER_PROFILES.prod.workload);
    expect(config.flinkApplicationConfiguration.parallelismConfiguration).to.deep.equal({
      configurationType: "CUSTOM",
      parallelism: sizing.parallelism,
      parallelismPerKpu: sizing.parallelismPerKpu,
      autoScalingEnabled: true,
    });
    expect([sizing.parallelism, sizing.parallelismPerKpu]).to.deep.equal([2, 1]);
    // No Lambda engine beside it: one engine writes the view.
    expect(realtime.filter((r) => r.type === T.fn || r.type === T.esm)).to.deep.equal([]);
    expect(namesOf(realtime, T.alarm)).to.deep.equal([
      "prod-realtime-alarm-busy",
      "prod-realtime-alarm-checkpoint-failures",
      "prod-realtime-alarm-downtime",
    ]);
  });

  it("dev runs the Lambda engine on 60-second tumbling windows and no Flink application", async () => {
    const plan = await shippedPlan("dev");
    expect(ofType(plan, T.app)).to.deep.equal([]);
    const realtime = descendantsOf(plan, T.component);
    const fn = realtime.find((r) => r.type === T.fn)!;
    expect(fn.name).to.equal("dev-realtime-aggregator");
    expect(fn.inputs).to.deep.include({ runtime: "nodejs22.x", architectures: ["arm64"] });
    const mapping = realtime.find((r) => r.type === T.esm)!;
    expect(mapping.inputs).to.deep.include({
      tumblingWindowInSeconds: 60,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      startingPosition: "TRIM_HORIZON",
    });
    expect((mapping.inputs as any).eventSourceArn).to.match(STREAM("us-east-1", "dev"));
    // Windows given up after their retries are reported to the engine's encrypted queue.
    expect((mapping.inputs as any).destinationConfig.onFailure.destinationArn).to.match(
      /^arn:aws:sqs:us-east-1:123456789012:dev-realtime-aggregator-failed-[0-9a-f]{7}$/,
    );
    const queue = realtime.find((r) => r.type === T.queue)!;
    expect(queue.name).to.equal("dev-realtime-aggregator-failed");
    // Pointers into the stream are kept exactly as long as the stream keeps the records.
    const stream = onlyOne(plan, "aws:kinesis/stream:Stream");
    expect((queue.inputs as any).messageRetentionSeconds).to.equal(
      (stream.inputs as any).retentionPeriod * 3600,
    );
    expect((queue.inputs as any).kmsMasterKeyId).to.match(
      /^arn:aws:kms:us-east-1:123456789012:key\//,
    );
    expect(namesOf(realtime, T.alarm)).to.deep.equal([
      "dev-realtime-alarm-errors",
      "dev-realtime-alarm-failed-batches",
      "dev-realtime-alarm-iterator-age",
    ]);
  });
});
