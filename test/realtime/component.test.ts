import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { expect } from "chai";
import {
  RealtimeAnalytics,
  RealtimeAnalyticsArgs,
  flinkSizing,
} from "../../components/realtime-analytics";
import { TIER_PROFILES } from "../../stacks/tiers";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const T = {
  component: "reco:realtime:RealtimeAnalytics",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  table: "aws:dynamodb/table:Table",
  queue: "aws:sqs/queue:Queue",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logStream: "aws:cloudwatch/logStream:LogStream",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  fn: "aws:lambda/function:Function",
  esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  app: "aws:kinesisanalyticsv2/application:Application",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

const STREAM_ARN = `arn:aws:kinesis:us-east-1:${MOCK_ACCOUNT_ID}:stream/events`;
const STREAM_KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/stream`;
const stream = { streamName: "events", streamArn: STREAM_ARN, kmsKeyArn: STREAM_KEY };
const artifactsBucket = { name: "artifacts", arn: "arn:aws:s3:::artifacts" };

const zipDir = fs.mkdtempSync(path.join(os.tmpdir(), "realtime-"));
const zipPath = path.join(zipDir, "realtime-flink.zip");
fs.writeFileSync(zipPath, "zip bytes for the test");
const digest = createHash("sha256").update("zip bytes for the test").digest("hex").slice(0, 16);

const sorted = (list: string[]) => [...list].sort();
const byName = (list: RecordedResource[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

const statementsOf = (policy: RecordedResource) => JSON.parse(policy.inputs.policy).Statement;

describe("RealtimeAnalytics", () => {
  const rec = useMocks({ stack: "dev" });

  const build = async (args: Partial<RealtimeAnalyticsArgs>) => {
    const rt = new RealtimeAnalytics("rt", { stream, ...args });
    await rec.settle();
    const component = rec.one(T.component);
    // Registration order is not creation order under the mocks; the set of children is what matters.
    const children = rec
      .childrenOf(component.urn)
      .map((c) => `${c.type} ${c.name}`)
      .sort();
    return { rt, component, children };
  };

  it("dev defaults to the Lambda engine: view, encrypted failed-batch queue, tumbling-window mapping, no Flink", async () => {
    const { rt, component, children } = await build({ tier: "dev" });
    expect(rt.engine).to.equal("lambda");
    expect(children).to.deep.equal(
      sorted([
        `${T.key} rt-key`,
        `${T.alias} rt-key-alias`,
        `${T.table} rt-view`,
        `${T.queue} rt-aggregator-failed`,
        `${T.logGroup} rt-aggregator-logs`,
        `${T.role} rt-aggregator-role`,
        `${T.rolePolicy} rt-aggregator-policy`,
        `${T.fn} rt-aggregator`,
        `${T.esm} rt-aggregator-source`,
        `${T.alarm} rt-alarm-errors`,
        `${T.alarm} rt-alarm-iterator-age`,
        `${T.alarm} rt-alarm-failed-batches`,
      ]),
    );
    expect(rec.ofType(T.app)).to.have.length(0);
    const table = rec.one(T.table);
    expect(table.inputs.billingMode).to.equal("PAY_PER_REQUEST");
    expect(table.inputs.serverSideEncryption.enabled).to.equal(true);
    expect(table.inputs.serverSideEncryption.kmsKeyArn).to.match(
      /^arn:aws:kms:us-east-1:123456789012:key\//,
    );
    expect(table.inputs.pointInTimeRecovery).to.deep.equal({ enabled: false });
    expect(table.inputs.deletionProtectionEnabled).to.equal(false);
    expect(table.inputs.ttl).to.deep.equal({ attributeName: "expires_at", enabled: true });
    expect(table.inputs.globalSecondaryIndexes).to.deep.equal([
      {
        name: "by-minute",
        keySchemas: [
          { attributeName: "minute", keyType: "HASH" },
          { attributeName: "pk", keyType: "RANGE" },
        ],
        projectionType: "ALL",
      },
    ]);
    expect([table.protect, table.retainOnDelete]).to.deep.equal([false, false]);
    expect(rec.one(T.key).inputs.deletionWindowInDays).to.equal(7);

    const queue = rec.one(T.queue);
    expect(queue.inputs.kmsMasterKeyId).to.equal(table.inputs.serverSideEncryption.kmsKeyArn);
    const esm = rec.one(T.esm);
    expect(esm.inputs).to.deep.include({
      eventSourceArn: STREAM_ARN,
      startingPosition: "LATEST",
      tumblingWindowInSeconds: 60,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    expect(esm.inputs.destinationConfig.onFailure.destinationArn).to.match(
      /^arn:aws:sqs:us-east-1:123456789012:rt-aggregator-failed-/,
    );

    const fn = rec.one(T.fn);
    const tableName = component.outputs!.viewTableName;
    expect(fn.inputs.environment.variables).to.deep.equal({
      VIEW_TABLE_NAME: tableName,
      LATENESS_SECONDS: "30",
      RETENTION_SECONDS: "172800",
      TRENDING_TOP_N: "20",
    });
    expect(component.outputs).to.deep.equal({
      engine: "lambda",
      viewTableName: tableName,
      viewTableArn: `arn:aws:dynamodb:us-east-1:${MOCK_ACCOUNT_ID}:table/${tableName}`,
      viewKmsKeyArn: table.inputs.serverSideEncryption.kmsKeyArn,
    });
  });

  it("gives the Lambda least privilege: the stream and its key, the view and its key, the queue", async () => {
    const { component } = await build({ tier: "dev" });
    const tableArn = component.outputs!.viewTableArn;
    const viewKey = component.outputs!.viewKmsKeyArn;
    const queueArn = rec.one(T.esm).inputs.destinationConfig.onFailure.destinationArn;
    expect(statementsOf(rec.one(T.rolePolicy)).slice(2)).to.deep.equal([
      {
        Effect: "Allow",
        Sid: "ReadStream",
        Action: [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:ListShards",
          "kinesis:GetShardIterator",
          "kinesis:GetRecords",
        ],
        Resource: [STREAM_ARN],
      },
      { Effect: "Allow", Sid: "DecryptStream", Action: ["kms:Decrypt"], Resource: [STREAM_KEY] },
      {
        Effect: "Allow",
        Sid: "WriteView",
        Action: ["dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:Query"],
        Resource: [tableArn],
      },
      {
        Effect: "Allow",
        Sid: "UseViewKey",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [viewKey],
      },
      {
        Effect: "Allow",
        Sid: "ReportFailedBatches",
        Action: ["sqs:SendMessage"],
        Resource: [queueArn],
      },
    ]);
  });

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
    expect(app.cloudwatchLoggingOptions.logStreamArn)
      .to.be.a("string")
      .and.match(/^arn:aws:/);
    expect(rec.one(T.logGroup).inputs).to.deep.include({
      name: "/aws/kinesis-analytics/rt-flink",
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
    const logGroupArn = `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/kinesis-analytics/rt-flink`;
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
      ["FindLogGroup", [`arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:*`]],
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

  it("runs the Lambda engine in prod when asked, with the same table and outputs", async () => {
    const { component, children } = await build({ tier: "prod", engine: "lambda" });
    expect(children).to.include(`${T.esm} rt-aggregator-source`);
    expect(rec.ofType(T.app)).to.have.length(0);
    expect(rec.one(T.table).inputs.pointInTimeRecovery).to.deep.equal({ enabled: true });
    expect(Object.keys(component.outputs!).sort()).to.deep.equal([
      "engine",
      "viewKmsKeyArn",
      "viewTableArn",
      "viewTableName",
    ]);
    expect(component.outputs!.engine).to.equal("lambda");
  });

  it("keeps the view and no engine when engine is off", async () => {
    const { children, component } = await build({ tier: "dev", engine: "off" });
    expect(children).to.deep.equal(
      sorted([`${T.key} rt-key`, `${T.alias} rt-key-alias`, `${T.table} rt-view`]),
    );
    expect(rec.ofType(T.alarm)).to.have.length(0);
    expect(component.outputs!.engine).to.equal("off");
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

  it("alarms on Lambda errors, iterator age and given-up windows", async () => {
    await build({ tier: "dev" });
    const alarms = byName(rec.ofType(T.alarm)).map((a) => [
      a.name,
      a.inputs.namespace,
      a.inputs.metricName,
      a.inputs.threshold,
      a.inputs.period,
      a.inputs.evaluationPeriods,
    ]);
    expect(alarms).to.deep.equal([
      ["rt-alarm-errors", "AWS/Lambda", "Errors", 0, 300, 1],
      ["rt-alarm-failed-batches", "AWS/SQS", "ApproximateNumberOfMessagesVisible", 0, 300, 1],
      ["rt-alarm-iterator-age", "AWS/Lambda", "IteratorAge", 120000, 60, 5],
    ]);
  });

  it("rejects every bad argument at once, before creating anything, naming the fix", async () => {
    let error: unknown;
    try {
      new RealtimeAnalytics("rt", {
        stream,
        tier: "prod",
        engine: "flink",
        latenessSeconds: -1,
        trendingTopN: 0,
        viewRetentionHours: 1000,
        flinkArtifactPath: "/nowhere/realtime-flink.zip",
      });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal(
      [
        "RealtimeAnalytics has 5 invalid arguments:",
        "  - latenessSeconds is -1; it must be an integer from 0 to 300 (a larger bound delays every window by as much; later events are the batch layer's)",
        "  - trendingTopN is 0; it must be an integer from 1 to 100 (ranks are stored as three digits and read in one page)",
        "  - viewRetentionHours is 1000; it must be an integer from 1 to 720 (the view is the speed layer; history is the lake's)",
        "  - the flink engine uploads its zip to artifactsBucket, which is not set; pass DataLake's artifactsBucketName/Arn, or set flinkArtifactS3Uri to an uploaded zip",
        '  - the Flink application zip /nowhere/realtime-flink.zip does not exist; run "npm run flink:package" (or "npm run flink:package -- --skip-jars" for an offline plan), or set flinkArtifactS3Uri',
      ].join("\n"),
    );
    await rec.settle();
    expect(rec.ofType(T.table)).to.have.length(0);
  });

  it("rejects an unknown engine, a malformed s3 URI and an artifact without the flink engine", () => {
    const messages = [
      { engine: "spark" as never },
      { engine: "flink" as const, flinkArtifactS3Uri: "https://bucket/app.zip" },
      { engine: "lambda" as const, flinkArtifactS3Uri: "s3://bucket/app.zip" },
    ].map((args) => {
      try {
        new RealtimeAnalytics("rt", { stream, ...args });
        return "";
      } catch (e) {
        return (e as Error).message.split("\n").slice(1).join("\n");
      }
    });
    expect(messages).to.deep.equal([
      '  - engine is "spark"; allowed: "flink", "lambda", "off"',
      '  - flinkArtifactS3Uri is "https://bucket/app.zip"; it must look like s3://<bucket>/<key>.zip (the zip npm run flink:package writes, uploaded)',
      '  - a Flink artifact is set but engine is "lambda"; set engine to "flink" or drop the artifact',
    ]);
  });
});
