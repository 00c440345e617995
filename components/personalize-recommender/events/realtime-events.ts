/**
 * The real-time path into Personalize: a function on the behaviour-log stream that sends events to
 * the event tracker, and an encrypted queue that receives every batch it could not deliver.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type AlarmSpec, createAlarms } from "../../shared/alarms";
import {
  type StreamRefs,
  failedBatchRetentionSeconds,
  mappingRecordAgeSeconds,
} from "../../shared/contracts";
import { type NodeFunction, createNodeFunction } from "../../shared/lambda";
import { statefulOpts } from "../../shared/logs";
import type { EventSourceSizing } from "../sizing";
import { readStreamStatements } from "../../shared/service-statements";

export interface RealtimeEventsArgs {
  readonly stream: StreamRefs;
  readonly trackingId: pulumi.Input<string>;
  readonly eventTrackerArn: pulumi.Input<string>;
  /** Key of the dead-letter queue, the function's logs and its environment. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly sizing: EventSourceSizing;
  readonly logRetentionDays: number;
  /** Protect the dead-letter queue and the log group from deletion (prod). */
  readonly protectData: boolean;
  readonly alarmTopicArn?: pulumi.Input<string>;
}

export interface RealtimeEvents extends NodeFunction {
  readonly eventSourceMapping: aws.lambda.EventSourceMapping;
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly alarms: aws.cloudwatch.MetricAlarm[];
}

export function createRealtimeEvents(
  name: string,
  args: RealtimeEventsArgs,
  parent: pulumi.Resource,
): RealtimeEvents {
  const deadLetterQueue = new aws.sqs.Queue(
    `${name}-dlq`,
    {
      kmsMasterKeyId: args.kmsKeyArn,
      // One data key per 5 minutes instead of one per message keeps KMS requests (and cost) down.
      kmsDataKeyReusePeriodSeconds: 300,
      // A pointer is only worth keeping while the stream still holds the records it points at.
      messageRetentionSeconds: failedBatchRetentionSeconds(args.stream),
    },
    statefulOpts(parent, args.protectData),
  );
  const fn = createNodeFunction(
    name,
    {
      entry: path.join(__dirname, "handler.ts"),
      description: "Behaviour-log stream to Personalize PutEvents (real-time personalisation)",
      logRetentionDays: args.logRetentionDays,
      protectData: args.protectData,
      kmsKeyArn: args.kmsKeyArn,
      // A batch of 1,000 events is ~100 concurrent-8 PutEvents calls: seconds, not minutes.
      timeout: 60,
      environment: {
        TRACKING_ID: args.trackingId,
        MAX_EVENT_AGE_SECONDS: String(args.sizing.maximumEventAgeSeconds),
      },
      statements: [
        ...readStreamStatements(args.stream),
        {
          // PutEvents has no resource-level permissions (the tracking id in the request names
          // the tracker): "*" is the only Resource it matches.
          Sid: "PutEvents",
          Action: ["personalize:PutEvents"],
          Resource: ["*"],
        },
        {
          // The mapping's on-failure destination is written with the function's own role.
          Sid: "ReportFailedBatches",
          Action: ["sqs:SendMessage"],
          Resource: [deadLetterQueue.arn],
        },
        {
          // The same key encrypts the queue and the function's environment.
          Sid: "EncryptFailedBatches",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: [args.kmsKeyArn],
        },
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
      // replaced is skipped. The replay is harmless: PutEvents keeps the behaviour event_id as
      // eventId and Personalize ignores repeats of an event id in training, and records older
      // than MAX_EVENT_AGE_SECONDS are skipped (counted) by the function, not sent.
      startingPosition: "TRIM_HORIZON",
      batchSize: args.sizing.batchSize,
      maximumBatchingWindowInSeconds: args.sizing.maximumBatchingWindowInSeconds,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: args.sizing.maximumRetryAttempts,
      // The stream's retention, not less: Lambda would send every aged-out batch of a replay to
      // the dead-letter queue, and the function skips stale records itself (see above).
      maximumRecordAgeInSeconds: mappingRecordAgeSeconds(args.stream),
      functionResponseTypes: ["ReportBatchItemFailures"],
      destinationConfig: { onFailure: { destinationArn: deadLetterQueue.arn } },
    },
    { parent },
  );
  const alarms = createAlarms(
    name,
    realtimeEventsAlarms(deadLetterQueue.name, fn.function.name),
    args.alarmTopicArn,
    parent,
  );
  return { ...fn, eventSourceMapping, deadLetterQueue, alarms };
}

/**
 * - Any message in the dead-letter queue is a batch Personalize did not get: someone must look
 *   (and replay it from the stream while the stream still holds it).
 * - Iterator age above 5 minutes means the function has fallen behind the stream, so
 *   recommendations no longer react to what users just did.
 */
export function realtimeEventsAlarms(
  queueName: pulumi.Input<string>,
  functionName: pulumi.Input<string>,
): AlarmSpec[] {
  return [
    {
      role: "dlq-depth",
      description: "Behaviour-log batches failed to reach Personalize; replay them from the stream",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: queueName },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "iterator-age",
      description: "Personalize events lag the stream by more than 5 minutes",
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: functionName },
      statistic: "Maximum",
      threshold: 300_000,
      comparisonOperator: "GreaterThanThreshold",
      period: 60,
      evaluationPeriods: 5,
    },
  ];
}
