/**
 * The Kinesis side of ingestion: the stream's customer key, the stream, and the role producers
 * (web and app servers) assume to write to it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument } from "../shared/iam";
import { KafkaRefs, kafkaWriterStatements } from "../shared/kafka-contracts";
import { AccountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import type { ResolvedIngestionArgs } from "./args";

/**
 * Per-shard metrics (billed per shard and metric) that find a hot shard, which stream-level
 * averages hide. Prod only.
 */
export const SHARD_LEVEL_METRICS = [
  "IncomingBytes",
  "IncomingRecords",
  "OutgoingBytes",
  "OutgoingRecords",
  "WriteProvisionedThroughputExceeded",
  "ReadProvisionedThroughputExceeded",
  "IteratorAgeMilliseconds",
];

export interface CreatedStream {
  /** The stream's own key, or the stack's shared key when the component was given one. */
  readonly keyArn: pulumi.Output<string>;
  readonly stream: aws.kinesis.Stream;
}

export function createStream(
  name: string,
  settings: ResolvedIngestionArgs,
  ctx: AccountContext,
  parent: pulumi.Resource,
  sharedKmsKeyArn?: pulumi.Input<string>,
): CreatedStream {
  const config = settings.stream!;
  const protect = settings.protectData;
  const prod = settings.tier === "prod";
  const keyArn = ownOrSharedKeyArn(
    sharedKmsKeyArn,
    () =>
      createKmsKey(
        `${name}-key`,
        {
          description: `Encrypts the ${name} event stream and its delivery logs`,
          deletionWindowInDays: prod ? 30 : 7,
          // The account administers the key; CloudWatch Logs encrypts the delivery and transform logs.
          policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
        },
        { parent, protect, retainOnDelete: protect },
      ).key,
  );
  const stream = new aws.kinesis.Stream(
    `${name}-stream`,
    {
      streamModeDetails: { streamMode: config.mode },
      ...(config.shardCount !== undefined ? { shardCount: config.shardCount } : {}),
      retentionPeriod: config.retentionHours,
      encryptionType: "KMS",
      kmsKeyId: keyArn,
      ...(prod ? { shardLevelMetrics: SHARD_LEVEL_METRICS } : {}),
    },
    { parent, protect, retainOnDelete: protect },
  );
  return { keyArn, stream };
}

/**
 * The role producers assume. Trust is the account root: any principal of this account whose own
 * IAM policy allows `sts:AssumeRole` on this role (an app server's instance or task role) may
 * assume it, so granting a new service is one statement in that service's policy, and nothing
 * outside the account can.
 */
export function createProducerRole(
  name: string,
  target: {
    streamArn: pulumi.Input<string>;
    kmsKeyArn?: pulumi.Input<string>;
    /** Also write the MSK store's topic (store "msk"). */
    kafka?: KafkaRefs;
  },
  ctx: AccountContext,
  parent: pulumi.Resource,
): aws.iam.Role {
  const role = new aws.iam.Role(
    `${name}-producer-role`,
    {
      description: `Writes behaviour events to the ${name} stream`,
      assumeRolePolicy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-producer-policy`,
    {
      role: role.id,
      policy: policyDocument([
        {
          Sid: "PutEvents",
          Action: ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"],
          Resource: [target.streamArn],
        },
        ...(target.kmsKeyArn
          ? [
              {
                Sid: "EncryptWithStreamKey",
                Action: ["kms:GenerateDataKey"],
                Resource: [target.kmsKeyArn],
              },
            ]
          : []),
        ...(target.kafka ? kafkaWriterStatements(target.kafka) : []),
      ]),
    },
    { parent },
  );
  return role;
}
