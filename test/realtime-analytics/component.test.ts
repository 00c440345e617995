import { expect } from "chai";
import { all as pulumiAll } from "@pulumi/pulumi";
import { RealtimeAnalytics, RealtimeAnalyticsArgs } from "../../components/realtime-analytics";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import {
  STREAM_ARN,
  STREAM_KEY,
  T,
  buildRealtime,
  byName,
  sorted,
  statementsOf,
  stream,
} from "./fixtures";

describe("RealtimeAnalytics", () => {
  const rec = useMocks({ stack: "dev" });
  const build = (args: Partial<RealtimeAnalyticsArgs>) => buildRealtime(rec, args);

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
    expect(rec.one(T.key).inputs.enableKeyRotation).to.equal(true);
    // The key encrypts the function's log group: CloudWatch Logs may use it for this account's
    // log groups only; everything else is delegated to the roles' IAM policies.
    expect(JSON.parse(rec.one(T.key).inputs.policy).Statement).to.deep.equal([
      {
        Sid: "AccountAdministersAndDelegatesToIam",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:*`,
          },
        },
      },
    ]);
    expect(rec.one(T.logGroup).inputs.kmsKeyId).to.equal(
      table.inputs.serverSideEncryption.kmsKeyArn,
    );

    const queue = rec.one(T.queue);
    expect(queue.inputs.kmsMasterKeyId).to.equal(table.inputs.serverSideEncryption.kmsKeyArn);
    // The fixture stream gives no retention (as an adopted stream): Kinesis's minimum, 24 hours.
    expect(queue.inputs.messageRetentionSeconds).to.equal(86_400);
    const esm = rec.one(T.esm);
    expect(esm.inputs).to.deep.include({
      eventSourceArn: STREAM_ARN,
      startingPosition: "TRIM_HORIZON",
      tumblingWindowInSeconds: 60,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      // An adopted-style stream without a stated retention: Kinesis's minimum, 24 h.
      maximumRecordAgeInSeconds: 86_400,
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
    const refs = await new Promise((resolve) =>
      pulumiAll([rt.viewRefs.tableName, rt.viewRefs.tableArn, rt.viewRefs.kmsKeyArn]).apply(
        resolve,
      ),
    );
    expect(refs).to.deep.equal([
      tableName,
      component.outputs!.viewTableArn,
      component.outputs!.viewKmsKeyArn,
    ]);
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
        'RealtimeAnalytics "rt" has 5 invalid arguments:',
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

  it("rejects an unknown engine, a malformed s3 URI, an artifact without the flink engine and an unknown tier", () => {
    const messages = [
      { engine: "spark" as never },
      { engine: "flink" as const, flinkArtifactS3Uri: "https://bucket/app.zip" },
      { engine: "lambda" as const, flinkArtifactS3Uri: "s3://bucket/app.zip" },
      { tier: "staging" as never },
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
      '  - tier is "staging"; allowed: dev, prod. Fix: pass one of those.',
    ]);
  });
});
