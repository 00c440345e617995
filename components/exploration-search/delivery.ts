/**
 * Firehose from the stream to the collection: documents indexed into `behaviour-events` from
 * inside the VPC, documents the collection refuses kept in the lake under `failed/exploration/`,
 * errors logged, and a role that can do exactly this.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES, LakeRefs, StreamRefs } from "../shared/contracts";
import { PolicyStatement, objectArn, policyDocument } from "../shared/iam";
import type { AccountContext } from "../shared/key-policy";
import { createLogGroup, statefulOpts } from "../shared/logs";
import { EVENTS_INDEX, ResolvedExplorationArgs } from "./args";

export const FAILED_PREFIX = `${LAKE_PREFIXES.failed}exploration/`;
/**
 * A minute and 5 MiB: exploration wants events within a minute, and OpenSearch bulk requests of
 * about 5 MiB index efficiently (Firehose's defaults for this destination are 300 s and 5 MiB).
 */
export const BUFFERING = { intervalSeconds: 60, sizeMiB: 5 };
/** Firehose retries a refused bulk request this long before the documents go to the lake. */
export const RETRY_SECONDS = 300;
export const LOG_STREAM_NAME = "CollectionDelivery";

export interface ExplorationDeliveryArgs {
  readonly stream: StreamRefs;
  readonly lake: LakeRefs;
  readonly collectionArn: pulumi.Input<string>;
  readonly collectionEndpoint: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly logsKeyArn?: pulumi.Input<string>;
}

/** Every statement of the delivery role. */
export function explorationDeliveryStatements(
  args: ExplorationDeliveryArgs,
  ctx: AccountContext,
  logStreamArn: pulumi.Input<string>,
): PolicyStatement[] {
  const viaService = (service: string) => ({
    StringEquals: { "kms:ViaService": pulumi.interpolate`${service}.${ctx.region}.amazonaws.com` },
  });
  return [
    {
      Sid: "ReadStream",
      Action: [
        "kinesis:DescribeStream",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
        "kinesis:ListShards",
      ],
      Resource: [args.stream.streamArn],
    },
    {
      Sid: "DecryptStream",
      Action: ["kms:Decrypt"],
      Resource: [args.stream.kmsKeyArn],
      Condition: viaService("kinesis"),
    },
    // Data-plane calls to the collection are authorised here and by its data access policy.
    { Sid: "IndexIntoCollection", Action: ["aoss:APIAccessAll"], Resource: [args.collectionArn] },
    {
      // EC2's Describe calls have no resource-level permissions: "*" is the only Resource.
      Sid: "DescribeVpcForDelivery",
      Action: [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeNetworkInterfaces",
      ],
      Resource: ["*"],
    },
    {
      Sid: "ReadVpcDnsAttributes",
      Action: ["ec2:DescribeVpcAttribute"],
      Resource: [
        pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc/${args.vpcId}`,
      ],
    },
    {
      Sid: "PlaceDeliveryInSubnets",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
      ],
      Resource: pulumi
        .all([args.subnetIds, args.securityGroupId, ctx.partition, ctx.region, ctx.accountId])
        .apply(([subnets, sg, p, r, a]) => [
          `arn:${p}:ec2:${r}:${a}:network-interface/*`,
          `arn:${p}:ec2:${r}:${a}:security-group/${sg}`,
          ...subnets.map((s) => `arn:${p}:ec2:${r}:${a}:subnet/${s}`),
        ]),
    },
    {
      Sid: "LocateLakeBucket",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [args.lake.bucketArn],
    },
    {
      Sid: "KeepRefusedDocuments",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: [objectArn(args.lake.bucketArn, FAILED_PREFIX)],
    },
    {
      Sid: "EncryptLakeObjects",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [args.lake.kmsKeyArn],
      Condition: pulumi.output(args.lake.bucketArn).apply((bucketArn) => ({
        StringEquals: { "kms:EncryptionContext:aws:s3:arn": bucketArn },
      })),
    },
    { Sid: "LogDeliveryErrors", Action: ["logs:PutLogEvents"], Resource: [logStreamArn] },
  ];
}

export function createExplorationDelivery(
  name: string,
  args: ExplorationDeliveryArgs,
  settings: ResolvedExplorationArgs,
  ctx: AccountContext,
  parent: pulumi.Resource,
) {
  const opts = { parent };
  const logGroup = createLogGroup(
    `${name}-logs`,
    {
      name: pulumi.interpolate`/aws/kinesisfirehose/${name}-${pulumi.getStack()}`,
      retentionInDays: settings.logRetentionDays,
      kmsKeyArn: args.logsKeyArn,
    },
    statefulOpts(parent, settings.protectData),
  );
  const logStream = new aws.cloudwatch.LogStream(
    `${name}-log-stream`,
    { logGroupName: logGroup.name, name: LOG_STREAM_NAME },
    opts,
  );
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      description: `Firehose delivery of ${name} events to the exploration collection`,
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": ctx.accountId },
              ArnLike: {
                "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${name}-*`,
              },
            },
          },
        ],
      }),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    {
      role: role.id,
      policy: policyDocument(
        explorationDeliveryStatements(
          args,
          ctx,
          pulumi.interpolate`${logGroup.arn}:log-stream:${LOG_STREAM_NAME}`,
        ),
      ),
    },
    opts,
  );
  const logging = { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name };
  const deliveryStream = new aws.kinesis.FirehoseDeliveryStream(
    name,
    {
      destination: "opensearchserverless",
      kinesisSourceConfiguration: { kinesisStreamArn: args.stream.streamArn, roleArn: role.arn },
      opensearchserverlessConfiguration: {
        collectionEndpoint: args.collectionEndpoint,
        indexName: EVENTS_INDEX,
        roleArn: role.arn,
        bufferingInterval: BUFFERING.intervalSeconds,
        bufferingSize: BUFFERING.sizeMiB,
        retryDuration: RETRY_SECONDS,
        s3BackupMode: "FailedDocumentsOnly",
        s3Configuration: {
          roleArn: role.arn,
          bucketArn: args.lake.bucketArn,
          kmsKeyArn: args.lake.kmsKeyArn,
          prefix: FAILED_PREFIX,
          errorOutputPrefix: `${FAILED_PREFIX}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
          compressionFormat: "GZIP",
          cloudwatchLoggingOptions: logging,
        },
        cloudwatchLoggingOptions: logging,
        vpcConfig: {
          subnetIds: args.subnetIds,
          securityGroupIds: [args.securityGroupId],
          roleArn: role.arn,
        },
      },
    },
    { parent, dependsOn: [policy] },
  );
  return { deliveryStream, role, logGroup };
}
