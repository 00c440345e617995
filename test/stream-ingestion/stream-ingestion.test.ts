import { expect } from "chai";
import type { LakeRefs } from "../../components/shared/contracts";
import { StreamIngestion, StreamIngestionArgs } from "../../components/stream-ingestion";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const T = {
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  stream: "aws:kinesis/stream:Stream",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logStream: "aws:cloudwatch/logStream:LogStream",
  lambda: "aws:lambda/function:Function",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

const ACCOUNT = MOCK_ACCOUNT_ID;
const LAKE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/lake-key-id`;
const LAKE: LakeRefs = {
  bucketName: "lake-events-abc1234",
  bucketArn: "arn:aws:s3:::lake-events-abc1234",
  kmsKeyArn: LAKE_KEY,
  glueDatabaseName: "lake_dev",
  eventsTableName: "events",
  athenaWorkgroupName: "lake-workgroup",
  athenaWorkgroupArn: `arn:aws:athena:us-east-1:${ACCOUNT}:workgroup/lake-workgroup`,
  athenaResultsBucketName: "lake-results",
  athenaResultsBucketArn: "arn:aws:s3:::lake-results",
  artifactsBucketName: "lake-artifacts",
  artifactsBucketArn: "arn:aws:s3:::lake-artifacts",
};
const EXISTING_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/clickstream`;
const EXISTING_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const ALARMS = ["iterator-age", "write-throttled", "delivery-freshness", "conversion-failures"];

describe("StreamIngestion", () => {
  const rec = useMocks({ stack: "dev" });

  const build = async (args: Partial<StreamIngestionArgs> = {}) => {
    const component = new StreamIngestion("ingest", { lake: LAKE, ...args });
    await rec.settle();
    return { component, recorded: rec.one("reco:stream-ingestion:StreamIngestion") };
  };
  const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
  const statements = (policyName: string) =>
    JSON.parse(rec.one(T.rolePolicy, policyName).inputs.policy).Statement as any[];
  const bySid = (policyName: string) =>
    Object.fromEntries(statements(policyName).map((s) => [s.Sid, s]));
  const s3Config = () => rec.one(T.firehose).inputs.extendedS3Configuration;

  const core = [
    `${T.key} ingest-key`,
    `${T.alias} ingest-key-alias`,
    `${T.stream} ingest-stream`,
    `${T.role} ingest-producer-role`,
    `${T.rolePolicy} ingest-producer-policy`,
    `${T.logGroup} ingest-delivery-logs`,
    `${T.logStream} ingest-delivery-log-stream`,
    `${T.role} ingest-delivery-role`,
    `${T.rolePolicy} ingest-delivery-policy`,
    `${T.firehose} ingest-delivery`,
    ...ALARMS.map((a) => `${T.alarm} ingest-${a}`),
  ];
  const transform = [
    `${T.logGroup} ingest-transform-logs`,
    `${T.role} ingest-transform-role`,
    `${T.rolePolicy} ingest-transform-policy`,
    `${T.lambda} ingest-transform`,
    `${T.alarm} ingest-transform-errors`,
  ];

  it("has exactly the dev children with the transform Lambda, all parented to the component", async () => {
    const { recorded } = await build({ tier: "dev" });
    expect(names(rec.childrenOf(recorded.urn))).to.deep.equal([...core, ...transform].sort());
  });

  it("sizes a dev stream as one provisioned shard, 24 h, KMS, without shard-level metrics", async () => {
    await build({ tier: "dev" });
    const stream = rec.one(T.stream);
    expect(stream.inputs).to.deep.equal({
      streamModeDetails: { streamMode: "PROVISIONED" },
      shardCount: 1,
      retentionPeriod: 24,
      encryptionType: "KMS",
      kmsKeyId: stream.inputs.kmsKeyId,
    });
    expect(stream.inputs.kmsKeyId).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
    expect([stream.protect, rec.one(T.key).protect]).to.deep.equal([false, false]);
  });

  it("has exactly the same children in prod, the stateful ones protected", async () => {
    const { recorded } = await build({ tier: "prod" });
    const children = rec.childrenOf(recorded.urn);
    expect(names(children)).to.deep.equal([...core, ...transform].sort());
    expect(children.filter((r) => r.protect).map((r) => `${r.type} ${r.name}`)).to.have.members([
      `${T.key} ingest-key`,
      `${T.alias} ingest-key-alias`,
      `${T.stream} ingest-stream`,
      // Log groups too: the delivery errors and the transform's logs are the audit trail.
      `${T.logGroup} ingest-transform-logs`,
      `${T.logGroup} ingest-delivery-logs`,
    ]);
  });

  it("deploys the transform as an arm64 Node 22 function allowed only its own logs and traces", async () => {
    await build({ tier: "prod" });
    const fn = rec.one(T.lambda, "ingest-transform").inputs;
    const streamKey = rec.one(T.stream).inputs.kmsKeyId;
    expect(fn).to.deep.include({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      timeout: 60,
      memorySize: 256,
      tracingConfig: { mode: "Active" },
      kmsKeyArn: streamKey,
    });
    expect(rec.one(T.logGroup, "ingest-transform-logs").inputs).to.deep.include({
      retentionInDays: 365,
      kmsKeyId: streamKey,
    });
    expect(statements("ingest-transform-policy").map((st) => st.Sid)).to.deep.equal([
      "WriteOwnLogs",
      "WriteTraces",
    ]);
  });

  it("sizes a prod stream from the workload, keeps a week, adds shard metrics, and protects it", async () => {
    const { component } = await build({ tier: "prod" });
    const stream = rec.one(T.stream);
    expect(stream.inputs.streamModeDetails).to.deep.equal({ streamMode: "PROVISIONED" });
    expect(stream.inputs.shardCount).to.equal(5);
    expect(stream.inputs.retentionPeriod).to.equal(168);
    expect(stream.inputs.shardLevelMetrics).to.include.members([
      "IncomingBytes",
      "WriteProvisionedThroughputExceeded",
      "IteratorAgeMilliseconds",
    ]);
    for (const r of [stream, rec.one(T.key)]) {
      expect([r.name, r.protect, r.retainOnDelete]).to.deep.equal([r.name, true, true]);
    }
    expect(component.settings.stream!.choice!.reason).to.equal(
      "peak/average 6: 5 provisioned shard(s) ≈ $73.15/month vs on-demand ≈ $231.45/month",
    );
  });

  it("creates an on-demand stream without a shard count when asked", async () => {
    await build({ tier: "prod", streamMode: "ON_DEMAND", retentionHours: 72 });
    const stream = rec.one(T.stream).inputs;
    expect(stream.streamModeDetails).to.deep.equal({ streamMode: "ON_DEMAND" });
    expect(stream.shardCount).to.equal(undefined);
    expect(stream.retentionPeriod).to.equal(72);
  });

  it("scopes the producer role to putting records on this stream with its key", async () => {
    await build({ tier: "dev" });
    const streamArn = rec.one(T.firehose).inputs.kinesisSourceConfiguration.kinesisStreamArn;
    const policy = statements("ingest-producer-policy");
    expect(policy).to.have.length(2);
    expect(policy[0].Action).to.deep.equal([
      "kinesis:PutRecord",
      "kinesis:PutRecords",
      "kinesis:DescribeStreamSummary",
    ]);
    expect(policy[0].Resource).to.deep.equal([streamArn]);
    expect(streamArn).to.match(
      /^arn:aws:kinesis:us-east-1:123456789012:stream\/ingest-stream-[0-9a-f]{7}$/,
    );
    expect(policy[1]).to.deep.equal({
      Effect: "Allow",
      Sid: "EncryptWithStreamKey",
      Action: ["kms:GenerateDataKey"],
      Resource: [rec.one(T.stream).inputs.kmsKeyId],
    });
    const trust = JSON.parse(rec.one(T.role, "ingest-producer-role").inputs.assumeRolePolicy);
    expect(trust.Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("converts JSON to Parquet with the lake's events table and partitions by the transform's dt", async () => {
    await build({ tier: "prod" });
    const config = s3Config();
    expect(config.dataFormatConversionConfiguration).to.deep.equal({
      enabled: true,
      inputFormatConfiguration: {
        deserializer: { hiveJsonSerDe: { timestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"] } },
      },
      outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
      schemaConfiguration: {
        databaseName: "lake_dev",
        tableName: "events",
        roleArn: config.roleArn,
        region: "us-east-1",
        versionId: "LATEST",
      },
    });
    expect(config.roleArn).to.match(/:role\/ingest-delivery-role-[0-9a-f]{7}$/);
    expect(config).to.deep.include({
      bucketArn: LAKE.bucketArn,
      kmsKeyArn: LAKE_KEY,
      prefix: "events/dt=!{partitionKeyFromLambda:dt}/",
      errorOutputPrefix: "failed/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      bufferingSize: 86,
      bufferingInterval: 300,
      compressionFormat: "UNCOMPRESSED",
    });
    expect(config.dynamicPartitioningConfiguration).to.deep.equal({
      enabled: true,
      retryDuration: 300,
    });
    const [processor] = config.processingConfiguration.processors;
    expect(processor.type).to.equal("Lambda");
    expect(processor.parameters.map((p: any) => p.parameterName)).to.deep.equal([
      "LambdaArn",
      "BufferSizeInMBs",
      "BufferIntervalInSeconds",
      "NumberOfRetries",
    ]);
    expect(processor.parameters[0].parameterValue).to.match(
      /^arn:aws:lambda:us-east-1:123456789012:function:ingest-transform-[0-9a-f]{7}:\$LATEST$/,
    );
    expect(rec.one(T.firehose).inputs.kinesisSourceConfiguration.kinesisStreamArn).to.match(
      /:stream\/ingest-stream-[0-9a-f]{7}$/,
    );
    expect(rec.one(T.firehose).inputs.serverSideEncryption).to.equal(undefined);
  });

  it("extracts dt with a JQ query when the transform Lambda is off", async () => {
    const { recorded } = await build({ tier: "dev", transformLambda: false });
    expect(names(rec.childrenOf(recorded.urn))).to.deep.equal([...core].sort());
    const config = s3Config();
    expect(config.prefix).to.equal("events/dt=!{partitionKeyFromQuery:dt}/");
    expect(config.processingConfiguration.processors).to.deep.equal([
      {
        type: "MetadataExtraction",
        parameters: [
          { parameterName: "MetadataExtractionQuery", parameterValue: "{dt: .event_time[0:10]}" },
          { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
        ],
      },
    ]);
    expect(config.bufferingSize).to.equal(64);
    expect(config.bufferingInterval).to.equal(60);
    expect(statements("ingest-delivery-policy").map((s) => s.Sid)).to.not.include(
      "InvokeTransform",
    );
  });

  it("logs delivery errors to an encrypted log group with the tier's retention", async () => {
    await build({ tier: "prod", transformLambda: false });
    const group = rec.one(T.logGroup, "ingest-delivery-logs").inputs;
    expect(group).to.deep.equal({
      name: "/aws/kinesisfirehose/ingest-dev",
      retentionInDays: 365,
      kmsKeyId: rec.one(T.stream).inputs.kmsKeyId,
    });
    expect(s3Config().cloudwatchLoggingOptions).to.deep.equal({
      enabled: true,
      logGroupName: "/aws/kinesisfirehose/ingest-dev",
      logStreamName: "DestinationDelivery",
    });
    expect(JSON.parse(rec.one(T.key).inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministersAndDelegatesToIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
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
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`,
            },
          },
        },
      ],
    });
  });

  it("gives Firehose exactly the reads, writes and keys it needs", async () => {
    await build({ tier: "dev" });
    const sids = bySid("ingest-delivery-policy");
    const streamArn = rec.one(T.firehose).inputs.kinesisSourceConfiguration.kinesisStreamArn;
    const streamKey = rec.one(T.stream).inputs.kmsKeyId;
    expect(Object.keys(sids)).to.deep.equal([
      "ReadStream",
      "DecryptStream",
      "LocateLakeBucket",
      "WriteEventsAndFailures",
      "EncryptLakeObjects",
      "ReadEventsSchema",
      "DecryptCatalog",
      "LogDeliveryErrors",
      "InvokeTransform",
    ]);
    expect(sids.ReadStream.Resource).to.deep.equal([streamArn]);
    expect(sids.DecryptStream).to.deep.include({
      Action: ["kms:Decrypt"],
      Resource: [streamKey],
      Condition: { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com" } },
    });
    expect(sids.WriteEventsAndFailures.Resource).to.deep.equal([
      `${LAKE.bucketArn}/events/*`,
      `${LAKE.bucketArn}/failed/*`,
    ]);
    expect(sids.EncryptLakeObjects).to.deep.include({
      Resource: [LAKE_KEY],
      Condition: { StringEquals: { "kms:EncryptionContext:aws:s3:arn": LAKE.bucketArn } },
    });
    expect(sids.ReadEventsSchema.Resource).to.deep.equal([
      `arn:aws:glue:us-east-1:${ACCOUNT}:catalog`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:database/lake_dev`,
      `arn:aws:glue:us-east-1:${ACCOUNT}:table/lake_dev/events`,
    ]);
    expect(sids.LogDeliveryErrors.Resource).to.deep.equal([
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/kinesisfirehose/ingest-dev:log-stream:DestinationDelivery`,
    ]);
    const [invoke, invokeVersions] = sids.InvokeTransform.Resource;
    expect(invoke).to.match(/:function:ingest-transform-[0-9a-f]{7}$/);
    expect(invokeVersions).to.equal(`${invoke}:*`);
    for (const s of statements("ingest-delivery-policy")) {
      expect(s.Resource, s.Sid).to.not.include("*");
    }
    const trust = JSON.parse(rec.one(T.role, "ingest-delivery-role").inputs.assumeRolePolicy);
    expect(trust.Statement[0].Condition).to.deep.equal({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: {
        "aws:SourceArn": `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/ingest-delivery-*`,
      },
    });
  });

  it("alarms on iterator age, sustained throttling, delivery freshness and conversion failures", async () => {
    await build({ tier: "prod", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" });
    const alarm = (role: string) => rec.one(T.alarm, `ingest-${role}`).inputs;
    expect(alarm("iterator-age")).to.deep.include({
      namespace: "AWS/Kinesis",
      metricName: "GetRecords.IteratorAgeMilliseconds",
      statistic: "Maximum",
      threshold: 3_600_000,
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
    });
    expect(alarm("iterator-age").dimensions.StreamName).to.match(/^ingest-stream-[0-9a-f]{7}$/);
    expect(alarm("write-throttled")).to.deep.include({
      metricName: "WriteProvisionedThroughputExceeded",
      statistic: "Sum",
      threshold: 0,
      evaluationPeriods: 3,
    });
    expect(alarm("delivery-freshness")).to.deep.include({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      threshold: 300 + 900,
    });
    expect(alarm("conversion-failures")).to.deep.include({
      metricName: "FailedConversion.Records",
      threshold: 0,
    });
    expect(alarm("transform-errors")).to.deep.include({
      namespace: "AWS/Lambda",
      metricName: "Errors",
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
    });
    expect(Object.keys(alarm("transform-errors").dimensions)).to.deep.equal(["FunctionName"]);
    expect(alarm("transform-errors").dimensions.FunctionName).to.match(
      /^ingest-transform-[0-9a-f]{7}$/,
    );
  });

  it("adopts an existing stream: no stream or key, every grant on the adopted ARN and key", async () => {
    const { component, recorded } = await build({
      tier: "prod",
      transformLambda: false,
      existingStream: { arn: EXISTING_ARN, kmsKeyArn: EXISTING_KEY },
    });
    expect(names(rec.childrenOf(recorded.urn))).to.deep.equal(
      core.filter((c) => !/ingest-(key|key-alias|stream)$/.test(c)).sort(),
    );
    expect(rec.one(T.firehose).inputs.kinesisSourceConfiguration.kinesisStreamArn).to.equal(
      EXISTING_ARN,
    );
    expect(statements("ingest-producer-policy").map((s) => s.Resource)).to.deep.equal([
      [EXISTING_ARN],
      [EXISTING_KEY],
    ]);
    expect(bySid("ingest-delivery-policy").DecryptStream.Resource).to.deep.equal([EXISTING_KEY]);
    expect(rec.one(T.alarm, "ingest-iterator-age").inputs.dimensions).to.deep.equal({
      StreamName: "clickstream",
    });
    expect(recorded.outputs).to.deep.include({
      streamName: "clickstream",
      streamArn: EXISTING_ARN,
      kmsKeyArn: EXISTING_KEY,
      streamMode: "adopted",
    });
    expect(component.settings.stream).to.equal(undefined);
  });

  it("adopts a stream on the AWS-managed key without granting any key", async () => {
    const { recorded } = await build({
      transformLambda: false,
      existingStream: { arn: EXISTING_ARN },
    });
    expect(statements("ingest-producer-policy")).to.have.length(1);
    expect(Object.keys(bySid("ingest-delivery-policy"))).to.not.include("DecryptStream");
    expect(recorded.outputs!.kmsKeyArn).to.equal(
      `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/kinesis`,
    );
  });

  it("rejects conflicting and invalid args before creating anything", async () => {
    expect(
      () =>
        new StreamIngestion("ingest", {
          lake: LAKE,
          retentionHours: 48,
          bufferingSizeMiB: 200,
          existingStream: { arn: EXISTING_ARN },
        }),
    ).to.throw(
      'StreamIngestion "ingest" has 2 invalid arguments:\n' +
        "  - bufferingSizeMiB is 200; Parquet conversion needs 64 to 128 MiB. Fix: omit it to size it from the workload.\n" +
        "  - retentionHours is set together with existingStream; an adopted stream keeps its own retention. Fix: remove retentionHours, or remove existingStream to create the stream here.",
    );
    await rec.settle();
    expect(rec.resources).to.have.length(0);
  });
});
