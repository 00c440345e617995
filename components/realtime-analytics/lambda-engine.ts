/**
 * The Lambda engine: a function on the stream with 60-second tumbling windows, writing the same
 * view as Flink. Costs nothing while idle, which is why dev uses it.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type StreamRefs,
  failedBatchRetentionSeconds,
  mappingRecordAgeSeconds,
} from "../shared/contracts";
import { NodeFunction, createNodeFunction } from "../shared/lambda";
import { statefulOpts } from "../shared/logs";
import { readStreamStatements } from "../shared/service-statements";
import type { ResolvedArgs } from "./args";

export const TUMBLING_WINDOW_SECONDS = 60;
/**
 * Retries of a failed window before it goes to the failed-batch queue: writes are idempotent, so
 * retries are safe; three ride out a throttling burst without holding the shard for long.
 */
export const MAXIMUM_RETRY_ATTEMPTS = 3;

export interface LambdaEngineArgs {
  readonly settings: ResolvedArgs;
  readonly stream: StreamRefs;
  readonly table: aws.dynamodb.Table;
  readonly viewKeyArn: pulumi.Input<string>;
}

export interface LambdaEngine extends NodeFunction {
  readonly eventSourceMapping: aws.lambda.EventSourceMapping;
  readonly failedBatches: aws.sqs.Queue;
}

export function createLambdaEngine(
  name: string,
  args: LambdaEngineArgs,
  parent: pulumi.Resource,
): LambdaEngine {
  const opts = { parent };
  const { settings } = args;
  const failedBatches = new aws.sqs.Queue(
    `${name}-failed`,
    {
      kmsMasterKeyId: args.viewKeyArn,
      // One data key per 5 minutes instead of per message keeps KMS calls (and cost) down.
      kmsDataKeyReusePeriodSeconds: 300,
      // A pointer is only worth keeping while the stream still holds the records it points at.
      messageRetentionSeconds: failedBatchRetentionSeconds(args.stream),
    },
    statefulOpts(parent, settings.protectData),
  );
  const fn = createNodeFunction(
    name,
    {
      entry: path.join(__dirname, "lambda", "handler.ts"),
      description: "Real-time KPIs on 60-second tumbling windows into the view",
      logRetentionDays: settings.logRetentionDays,
      protectData: settings.protectData,
      kmsKeyArn: args.viewKeyArn,
      memorySize: 256,
      // The final invocation of a window writes one row per channel-minute and item-minute.
      timeout: 120,
      environment: {
        VIEW_TABLE_NAME: args.table.name,
        LATENESS_SECONDS: String(settings.latenessSeconds),
        RETENTION_SECONDS: String(settings.retentionSeconds),
        TRENDING_TOP_N: String(settings.trendingTopN),
      },
      statements: [
        ...readStreamStatements(args.stream),
        {
          // Rows, trending lists and the per-event claims (conditional PutItem) all live here.
          Sid: "WriteView",
          Action: ["dynamodb:UpdateItem", "dynamodb:PutItem", "dynamodb:Query"],
          Resource: [args.table.arn],
        },
        {
          // The view's key also encrypts the table, the queue and the environment variables.
          Sid: "UseViewKey",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: [args.viewKeyArn],
        },
        { Sid: "ReportFailedBatches", Action: ["sqs:SendMessage"], Resource: [failedBatches.arn] },
      ],
    },
    parent,
  );
  const eventSourceMapping = new aws.lambda.EventSourceMapping(
    `${name}-source`,
    {
      eventSourceArn: args.stream.streamArn,
      functionName: fn.function.arn,
      // A replaced mapping starts over from the oldest record, so nothing written while it was
      // replaced is skipped. Replayed records past the lateness bound are dropped as late; the
      // rest find their event claims (lambda/claims.ts) and are not counted twice.
      startingPosition: "TRIM_HORIZON",
      tumblingWindowInSeconds: TUMBLING_WINDOW_SECONDS,
      batchSize: 1_000,
      maximumBatchingWindowInSeconds: 5,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: MAXIMUM_RETRY_ATTEMPTS,
      // The stream's retention: the function itself drops records past the lateness bound
      // (metered as LateEvents), so a shorter limit would only dead-letter a replay's batches.
      maximumRecordAgeInSeconds: mappingRecordAgeSeconds(args.stream),
      functionResponseTypes: ["ReportBatchItemFailures"],
      destinationConfig: { onFailure: { destinationArn: failedBatches.arn } },
    },
    opts,
  );
  return { ...fn, eventSourceMapping, failedBatches };
}
