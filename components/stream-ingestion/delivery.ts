/**
 * Firehose from the stream to the lake: JSON → Parquet with the events Glue table as the schema,
 * dynamic partitioning by event date, failures under `failed/` by error type and date, errors
 * logged to CloudWatch, and a role that can do exactly this and nothing more.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES, LakeRefs } from "../shared/contracts";
import { PolicyStatement, objectArn, policyDocument } from "../shared/iam";
import { kafkaResourceArn } from "../shared/kafka-contracts";
import { NodeFunction, createNodeFunction } from "../shared/lambda";
import { createLogGroup, statefulOpts } from "../shared/logs";
import type { ResolvedIngestionArgs } from "./args";
import type { AccountContext } from "../shared/key-policy";

/** Hive JSON SerDe pattern (Joda-Time) of event_time: ISO-8601 UTC with millis and `Z`. */
export const EVENT_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
/** Without the transform, Firehose's JQ engine derives `dt` from the event_time text. */
export const DT_QUERY = "{dt: .event_time[0:10]}";
export const ERROR_OUTPUT_PREFIX = `${LAKE_PREFIXES.failed}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`;
export const LOG_STREAM_NAME = "DestinationDelivery";
export const TRANSFORM_ENTRY = path.join(__dirname, "transform", "handler.ts");

/** The S3 prefix of delivered events, from the transform's or the JQ query's `dt`. */
export function eventsPrefix(transformLambda: boolean): string {
  const key = transformLambda ? "partitionKeyFromLambda" : "partitionKeyFromQuery";
  return `${LAKE_PREFIXES.events}dt=!{${key}:dt}/`;
}

/** Firehose reading the events topic of an MSK cluster instead of a Kinesis stream. */
export interface MskDeliverySource {
  readonly clusterArn: pulumi.Input<string>;
  readonly topicName: pulumi.Input<string>;
}

export interface DeliveryArgs {
  readonly lake: LakeRefs;
  /** The Kinesis stream read; ignored when `msk` is given. */
  readonly streamArn: pulumi.Input<string>;
  /** Read this MSK topic over MSK's private connectivity instead of the stream. */
  readonly msk?: MskDeliverySource;
  /** Absent for an adopted stream on the AWS-managed key. */
  readonly streamKeyArn?: pulumi.Input<string>;
  /** Key of the delivery's log groups; absent for an adopted stream. */
  readonly logsKeyArn?: pulumi.Input<string>;
}

export interface Delivery {
  readonly deliveryStream: aws.kinesis.FirehoseDeliveryStream;
  readonly role: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly transform?: NodeFunction;
}

/** Every statement of the delivery role, so tests can read exactly what Firehose may do. */
export function deliveryStatements(
  args: DeliveryArgs,
  ctx: AccountContext,
  logStreamArn: pulumi.Input<string>,
  transformArn?: pulumi.Input<string>,
): PolicyStatement[] {
  const glue = (resource: pulumi.Input<string>) =>
    pulumi.interpolate`arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:${resource}`;
  const viaService = (service: string) => ({
    StringEquals: { "kms:ViaService": pulumi.interpolate`${service}.${ctx.region}.amazonaws.com` },
  });
  const source: PolicyStatement[] = args.msk
    ? mskSourceStatements(args.msk)
    : [
        {
          Sid: "ReadStream",
          Action: [
            "kinesis:DescribeStream",
            "kinesis:GetShardIterator",
            "kinesis:GetRecords",
            "kinesis:ListShards",
          ],
          Resource: [args.streamArn],
        },
        ...(args.streamKeyArn
          ? [
              {
                Sid: "DecryptStream",
                Action: ["kms:Decrypt"],
                Resource: [args.streamKeyArn],
                Condition: viaService("kinesis"),
              },
            ]
          : []),
      ];
  return [
    ...source,
    {
      Sid: "LocateLakeBucket",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [args.lake.bucketArn],
    },
    {
      Sid: "WriteEventsAndFailures",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: [
        objectArn(args.lake.bucketArn, LAKE_PREFIXES.events),
        objectArn(args.lake.bucketArn, LAKE_PREFIXES.failed),
      ],
    },
    {
      // With S3 bucket keys the encryption context is the bucket, not the object.
      Sid: "EncryptLakeObjects",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [args.lake.kmsKeyArn],
      Condition: pulumi.output(args.lake.bucketArn).apply((bucketArn) => ({
        StringEquals: { "kms:EncryptionContext:aws:s3:arn": bucketArn },
      })),
    },
    {
      Sid: "ReadEventsSchema",
      Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
      Resource: [
        glue("catalog"),
        glue(pulumi.interpolate`database/${args.lake.glueDatabaseName}`),
        glue(pulumi.interpolate`table/${args.lake.glueDatabaseName}/${args.lake.eventsTableName}`),
      ],
    },
    {
      // The catalogue is encrypted with the lake key; reading the table decrypts through Glue.
      Sid: "DecryptCatalog",
      Action: ["kms:Decrypt"],
      Resource: [args.lake.kmsKeyArn],
      Condition: viaService("glue"),
    },
    { Sid: "LogDeliveryErrors", Action: ["logs:PutLogEvents"], Resource: [logStreamArn] },
    ...(transformArn
      ? [
          {
            Sid: "InvokeTransform",
            Action: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"],
            Resource: [transformArn, pulumi.interpolate`${transformArn}:*`],
          },
        ]
      : []),
  ];
}

/**
 * What Firehose needs to read an MSK topic: the cluster's brokers and its private connectivity,
 * then the topic's data; Firehose describes (never joins) its own consumer groups.
 */
export function mskSourceStatements(msk: MskDeliverySource): PolicyStatement[] {
  return [
    {
      // GetBootstrapBrokers has no resource-level permissions: "*" is the only Resource it matches.
      Sid: "FindBrokers",
      Action: ["kafka:GetBootstrapBrokers"],
      Resource: ["*"],
    },
    {
      Sid: "LocateCluster",
      Action: ["kafka:DescribeCluster", "kafka:DescribeClusterV2", "kafka-cluster:Connect"],
      Resource: [msk.clusterArn],
    },
    {
      Sid: "ReadEventsTopic",
      Action: [
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:DescribeTopicDynamicConfiguration",
        "kafka-cluster:ReadData",
      ],
      Resource: [kafkaResourceArn(msk.clusterArn, "topic", msk.topicName)],
    },
    {
      Sid: "DescribeFirehoseGroups",
      Action: ["kafka-cluster:DescribeGroup"],
      Resource: [kafkaResourceArn(msk.clusterArn, "group", "*")],
    },
  ];
}

export function createDelivery(
  name: string,
  args: DeliveryArgs,
  settings: ResolvedIngestionArgs,
  ctx: AccountContext,
  parent: pulumi.Resource,
): Delivery {
  const opts = { parent };
  const logGroup = createLogGroup(
    `${name}-delivery-logs`,
    {
      name: pulumi.interpolate`/aws/kinesisfirehose/${name}-${pulumi.getStack()}`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyArn: args.logsKeyArn,
    },
    statefulOpts(parent, settings.protectData),
  );
  const logStream = new aws.cloudwatch.LogStream(
    `${name}-delivery-log-stream`,
    { logGroupName: logGroup.name, name: LOG_STREAM_NAME },
    opts,
  );
  const transform = settings.transformLambda
    ? createNodeFunction(
        `${name}-transform`,
        {
          entry: TRANSFORM_ENTRY,
          description: "Validates behaviour events against the schema before Parquet conversion",
          // Reads nothing and writes nothing but its own logs: Firehose passes records in and out.
          statements: [],
          logRetentionDays: settings.logRetentionDays,
          protectData: settings.protectData,
          kmsKeyArn: args.logsKeyArn,
          // Firehose waits for the function up to its own 5-minute limit; a batch of 1 MiB
          // validates in well under a second, so a minute is ample and bounds a hung call.
          timeout: 60,
        },
        parent,
      )
    : undefined;

  const role = new aws.iam.Role(
    `${name}-delivery-role`,
    {
      description: `Firehose delivery of ${name} events to the lake`,
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            // The delivery stream's ARN depends on this role, so the confused-deputy guard pins
            // the account and the auto-named stream's name prefix.
            Condition: {
              StringEquals: { "aws:SourceAccount": ctx.accountId },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${name}-delivery-*`,
              },
            },
          },
        ],
      }),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-delivery-policy`,
    {
      role: role.id,
      policy: policyDocument(
        deliveryStatements(
          args,
          ctx,
          pulumi.interpolate`${logGroup.arn}:log-stream:${LOG_STREAM_NAME}`,
          transform?.function.arn,
        ),
      ),
    },
    opts,
  );

  const processors = transform
    ? [
        {
          type: "Lambda",
          parameters: [
            {
              parameterName: "LambdaArn",
              parameterValue: pulumi.interpolate`${transform.function.arn}:$LATEST`,
            },
            // 1 MiB per call keeps request and response well inside Lambda's 6 MB payload limit.
            { parameterName: "BufferSizeInMBs", parameterValue: "1" },
            { parameterName: "BufferIntervalInSeconds", parameterValue: "60" },
            { parameterName: "NumberOfRetries", parameterValue: "3" },
          ],
        },
      ]
    : [
        {
          type: "MetadataExtraction",
          parameters: [
            { parameterName: "MetadataExtractionQuery", parameterValue: DT_QUERY },
            { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
          ],
        },
      ];

  const deliveryStream = new aws.kinesis.FirehoseDeliveryStream(
    `${name}-delivery`,
    {
      destination: "extended_s3",
      // Firehose-side SSE is not allowed with a Kinesis or MSK source: the source's encryption
      // protects data in transit through Firehose, the lake key protects it at rest.
      ...(args.msk
        ? {
            mskSourceConfiguration: {
              mskClusterArn: args.msk.clusterArn,
              topicName: args.msk.topicName,
              // PRIVATE: Firehose reaches the cluster through MSK's private connectivity with IAM.
              authenticationConfiguration: { connectivity: "PRIVATE", roleArn: role.arn },
            },
          }
        : { kinesisSourceConfiguration: { kinesisStreamArn: args.streamArn, roleArn: role.arn } }),
      extendedS3Configuration: {
        roleArn: role.arn,
        bucketArn: args.lake.bucketArn,
        kmsKeyArn: args.lake.kmsKeyArn,
        prefix: eventsPrefix(settings.transformLambda),
        errorOutputPrefix: ERROR_OUTPUT_PREFIX,
        bufferingSize: settings.buffering.sizeMiB,
        bufferingInterval: settings.buffering.intervalSeconds,
        // Parquet compresses inside the file (SNAPPY below); S3-level compression must be off.
        compressionFormat: "UNCOMPRESSED",
        cloudwatchLoggingOptions: {
          enabled: true,
          logGroupName: logGroup.name,
          logStreamName: logStream.name,
        },
        dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
        processingConfiguration: { enabled: true, processors },
        dataFormatConversionConfiguration: {
          enabled: true,
          inputFormatConfiguration: {
            deserializer: { hiveJsonSerDe: { timestampFormats: [EVENT_TIME_FORMAT] } },
          },
          outputFormatConfiguration: {
            serializer: { parquetSerDe: { compression: "SNAPPY" } },
          },
          schemaConfiguration: {
            databaseName: args.lake.glueDatabaseName,
            tableName: args.lake.eventsTableName,
            roleArn: role.arn,
            region: ctx.region,
            // LATEST: a column added to the table is picked up without redeploying the stream.
            versionId: "LATEST",
          },
        },
      },
    },
    // Firehose validates its role's permissions when the stream is created.
    { parent, dependsOn: [policy] },
  );
  return { deliveryStream, role, logGroup, ...(transform ? { transform } : {}) };
}
