import { expect } from "chai";
import { RealtimeAnalyticsArgs, flinkSizing } from "../../components/realtime-analytics";
import application from "../../components/realtime-analytics/flink/application.json";
import { TIER_PROFILES } from "../../stacks/tiers";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import {
  STREAM_ARN,
  STREAM_KEY,
  T,
  artifactsBucket,
  buildRealtime,
  byName,
  digest,
  sorted,
  statementsOf,
  zipPath,
} from "./fixtures";

describe("RealtimeAnalytics with the Flink engine", () => {
  const rec = useMocks({ stack: "dev" });
  const build = (args: Partial<RealtimeAnalyticsArgs>) => buildRealtime(rec, args);

  it("prod defaults to the Flink engine: FLINK-2_2 application on the stream with checkpoints, snapshots, sized parallelism", async () => {
    const { rt, component, children } = await build({
      tier: "prod",
      workload: TIER_PROFILES.prod.workload,
      artifactsBucket,
      flinkArtifactPath: zipPath,
    });
    expect(rt.engine).to.equal("flink");
    expect(children).to.deep.equal(
      sorted([
        `${T.key} rt-key`,
        `${T.alias} rt-key-alias`,
        `${T.table} rt-view`,
        `${T.object} rt-flink-artifact`,
        `${T.logGroup} rt-flink-logs`,
        `${T.logStream} rt-flink-log-stream`,
        `${T.role} rt-flink-role`,
        `${T.rolePolicy} rt-flink-policy`,
        `${T.app} rt-flink`,
        `${T.alarm} rt-alarm-downtime`,
        `${T.alarm} rt-alarm-checkpoint-failures`,
        `${T.alarm} rt-alarm-busy`,
      ]),
    );
    expect(rec.ofType(T.fn)).to.have.length(0);
    const table = rec.one(T.table);
    expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
    expect(table.inputs.deletionProtectionEnabled).to.equal(true);
    expect([table.protect, table.retainOnDelete]).to.deep.equal([true, true]);
    expect([rec.one(T.key).protect, rec.one(T.key).inputs.deletionWindowInDays]).to.deep.equal([
      true,
      30,
    ]);

    const object = rec.one(T.object);
    expect(object.inputs.bucket).to.equal("artifacts");
    expect(object.inputs.key).to.equal(`flink/rt-flink/realtime-flink-${digest}.zip`);

    const app = rec.one(T.app).inputs;
    expect(flinkSizing(TIER_PROFILES.prod.workload)).to.deep.equal({
      parallelism: 2,
      parallelismPerKpu: 1,
      kpus: 2,
    });
    expect(app.runtimeEnvironment).to.equal("FLINK-2_2");
    expect(app.applicationMode).to.equal("STREAMING");
    expect(app.startApplication).to.equal(true);
    const config = app.applicationConfiguration;
    expect(config.applicationCodeConfiguration).to.deep.equal({
      codeContentType: "ZIPFILE",
      codeContent: {
        s3ContentLocation: {
          bucketArn: "arn:aws:s3:::artifacts",
          fileKey: `flink/rt-flink/realtime-flink-${digest}.zip`,
        },
      },
    });
    expect(config.applicationSnapshotConfiguration).to.deep.equal({ snapshotsEnabled: true });
    expect(config.runConfiguration.applicationRestoreConfiguration).to.deep.equal({
      applicationRestoreType: "RESTORE_FROM_LATEST_SNAPSHOT",
    });
    expect(config.flinkApplicationConfiguration).to.deep.equal({
      checkpointConfiguration: {
        configurationType: "CUSTOM",
        checkpointingEnabled: true,
        checkpointInterval: 60000,
        minPauseBetweenCheckpoints: 5000,
      },
      monitoringConfiguration: {
        configurationType: "CUSTOM",
        logLevel: "WARN",
        metricsLevel: "TASK",
      },
      parallelismConfiguration: {
        configurationType: "CUSTOM",
        parallelism: 2,
        parallelismPerKpu: 1,
        autoScalingEnabled: true,
      },
    });
    expect(config.environmentProperties.propertyGroups).to.deep.equal([
      {
        propertyGroupId: "kinesis.analytics.flink.run.options",
        propertyMap: { python: "main.py", jarfile: "lib/pyflink-dependencies.jar" },
      },
      {
        propertyGroupId: "RealtimeView",
        propertyMap: {
          stream_arn: STREAM_ARN,
          region: "us-east-1",
          table_name: component.outputs!.viewTableName,
          lateness_seconds: "30",
          retention_seconds: "172800",
          top_n: "20",
        },
      },
    ]);
    // The keys main.py requires are the ones this group sets (both from flink/application.json).
    expect(
      Object.keys(config.environmentProperties.propertyGroups[1].propertyMap).sort(),
    ).to.deep.equal([...application.view.keys].sort());
    expect(app.cloudwatchLoggingOptions.logStreamArn)
      .to.be.a("string")
      .and.match(/^arn:aws:/);
    expect(rec.one(T.logGroup).inputs).to.deep.include({
      name: "/aws/kinesis-analytics/reco-analytics-dev/rt-flink",
      retentionInDays: 365,
    });
    expect(component.outputs!.engine).to.equal("flink");
  });

  it("gives Flink least privilege: the stream and its key, the table and its key through DynamoDB, the artifact object, its logs", async () => {
    const { component } = await build({
      tier: "prod",
      artifactsBucket,
      flinkArtifactPath: zipPath,
    });
    const statements = statementsOf(rec.one(T.rolePolicy));
    const logGroupArn = `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/kinesis-analytics/reco-analytics-dev/rt-flink`;
    expect(
      statements.map((s: { Sid: string; Resource: string[] }) => [s.Sid, s.Resource]),
    ).to.deep.equal([
      ["ReadStream", [STREAM_ARN]],
      ["DecryptStream", [STREAM_KEY]],
      ["WriteView", [component.outputs!.viewTableArn]],
      ["UseViewKeyThroughDynamoDB", [component.outputs!.viewKmsKeyArn]],
      [
        "ReadApplicationCode",
        [`arn:aws:s3:::artifacts/flink/rt-flink/realtime-flink-${digest}.zip`],
      ],
      // DescribeLogGroups has no resource-level permissions: only "*" matches it.
      ["FindLogGroup", ["*"]],
      ["FindLogStream", [`${logGroupArn}:log-stream:*`]],
      ["WriteLogs", [rec.one(T.app).inputs.cloudwatchLoggingOptions.logStreamArn]],
    ]);
    expect(statements[3].Condition).to.deep.equal({
      StringEquals: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" },
    });
    expect(JSON.parse(rec.one(T.role).inputs.assumeRolePolicy).Statement[0]).to.deep.equal({
      Effect: "Allow",
      Principal: { Service: "kinesisanalytics.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
    });
  });

  it("lets Flink decrypt its code through S3 when the artifacts bucket has a customer key", async () => {
    const key = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/artifacts-key`;
    await build({
      tier: "prod",
      artifactsBucket: { ...artifactsBucket, kmsKeyArn: key },
      flinkArtifactPath: zipPath,
    });
    const statements = statementsOf(rec.one(T.rolePolicy));
    expect(
      statements.find((s: { Sid: string }) => s.Sid === "DecryptApplicationCode"),
    ).to.deep.equal({
      Effect: "Allow",
      Sid: "DecryptApplicationCode",
      Action: ["kms:Decrypt"],
      Resource: [key],
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
  });

  it("deploys a configured s3:// artifact without uploading one", async () => {
    await build({
      tier: "prod",
      flinkArtifactS3Uri: "s3://releases-bucket/flink/realtime-flink-1.4.0.zip",
    });
    expect(rec.ofType(T.object)).to.have.length(0);
    expect(
      rec.one(T.app).inputs.applicationConfiguration.applicationCodeConfiguration.codeContent,
    ).to.deep.equal({
      s3ContentLocation: {
        bucketArn: "arn:aws:s3:::releases-bucket",
        fileKey: "flink/realtime-flink-1.4.0.zip",
      },
    });
    const read = statementsOf(rec.one(T.rolePolicy)).find(
      (s: { Sid: string }) => s.Sid === "ReadApplicationCode",
    );
    expect(read.Resource).to.deep.equal([
      "arn:aws:s3:::releases-bucket/flink/realtime-flink-1.4.0.zip",
    ]);
  });

  it("runs Flink in dev when asked: two light subtasks per KPU, no snapshots, restart from the stream", async () => {
    await build({ tier: "dev", engine: "flink", artifactsBucket, flinkArtifactPath: zipPath });
    const config = rec.one(T.app).inputs.applicationConfiguration;
    expect(config.flinkApplicationConfiguration.parallelismConfiguration).to.deep.equal({
      configurationType: "CUSTOM",
      parallelism: 1,
      parallelismPerKpu: 2,
      autoScalingEnabled: true,
    });
    expect(config.applicationSnapshotConfiguration).to.deep.equal({ snapshotsEnabled: false });
    expect(config.runConfiguration.applicationRestoreConfiguration).to.deep.equal({
      applicationRestoreType: "SKIP_RESTORE_FROM_SNAPSHOT",
    });
    expect(rec.ofType(T.table)[0].inputs.pointInTimeRecovery).to.deep.equal({ enabled: false });
  });

  it("alarms on Flink downtime, checkpoint failures and saturation with explained thresholds", async () => {
    await build({
      tier: "prod",
      artifactsBucket,
      flinkArtifactPath: zipPath,
      alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops",
    });
    const alarms = byName(rec.ofType(T.alarm)).map((a) => [
      a.name,
      a.inputs.namespace,
      a.inputs.metricName,
      a.inputs.statistic,
      a.inputs.threshold,
      a.inputs.period,
      a.inputs.evaluationPeriods,
      a.inputs.treatMissingData,
    ]);
    expect(alarms).to.deep.equal([
      [
        "rt-alarm-busy",
        "AWS/KinesisAnalytics",
        "containerCPUUtilization",
        "Maximum",
        85,
        300,
        3,
        "notBreaching",
      ],
      [
        "rt-alarm-checkpoint-failures",
        "AWS/KinesisAnalytics",
        "numberOfFailedCheckpoints",
        "Maximum",
        0,
        300,
        1,
        "notBreaching",
      ],
      [
        "rt-alarm-downtime",
        "AWS/KinesisAnalytics",
        "restartingTime",
        "Maximum",
        0,
        60,
        2,
        "breaching",
      ],
    ]);
    for (const alarm of rec.ofType(T.alarm)) {
      expect(alarm.inputs.alarmActions).to.deep.equal(["arn:aws:sns:us-east-1:123456789012:ops"]);
      expect(Object.keys(alarm.inputs.dimensions)).to.deep.equal(["Application"]);
    }
  });

  it("sizes parallelism from the workload peak: one subtask per 2,500 events/s, two light ones per KPU, capped at 64", () => {
    const sizing = (peak: number) =>
      flinkSizing({
        ...TIER_PROFILES.prod.workload,
        avgEventsPerSecond: 1,
        peakEventsPerSecond: peak,
      });
    expect([50, 1250, 1251, 3000, 6000, 500_000].map(sizing)).to.deep.equal([
      { parallelism: 1, parallelismPerKpu: 2, kpus: 1 },
      { parallelism: 1, parallelismPerKpu: 2, kpus: 1 },
      { parallelism: 1, parallelismPerKpu: 1, kpus: 1 },
      { parallelism: 2, parallelismPerKpu: 1, kpus: 2 },
      { parallelism: 3, parallelismPerKpu: 1, kpus: 3 },
      { parallelism: 64, parallelismPerKpu: 1, kpus: 64 },
    ]);
  });
});
