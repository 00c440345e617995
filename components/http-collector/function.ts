/**
 * The collector's function and its dead-letter queue. The role can put records on the one
 * stream and send messages to the one queue (plus its own logs): whatever a client sends, the
 * worst it can cause is an event in the stream that passed the schema, or a message in the queue.
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StreamRefs } from "../shared/contracts";
import { type NodeFunction, createNodeFunction } from "../shared/lambda";
import { statefulOpts } from "../shared/logs";
import type { ResolvedCollectorArgs } from "./args";

/** SQS's longest retention: someone has two weeks to read why a client's events were refused. */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

export interface CollectorFunction extends NodeFunction {
  readonly deadLetterQueue: aws.sqs.Queue;
}

export function createCollectorFunction(
  name: string,
  stream: StreamRefs,
  kmsKeyArn: pulumi.Input<string>,
  settings: ResolvedCollectorArgs,
  parent: pulumi.Resource,
): CollectorFunction {
  const deadLetterQueue = new aws.sqs.Queue(
    `${name}-dlq`,
    {
      kmsMasterKeyId: kmsKeyArn,
      // One data key per 5 minutes instead of one per message keeps KMS requests (and cost) down.
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    },
    statefulOpts(parent, settings.protectData),
  );
  const fn = createNodeFunction(
    `${name}-fn`,
    {
      entry: path.join(__dirname, "handler", "handler.ts"),
      description: "HTTP collector: validates each event, writes valid ones to the stream",
      logRetentionDays: settings.logRetentionDays,
      protectData: settings.protectData,
      kmsKeyArn,
      // API Gateway gives up on an integration after 29 s; a request is one PutRecords call with
      // three short attempts, so 10 s is ample and bounds what a stuck call can bill.
      timeout: 10,
      // Validation is CPU-light; 256 MB keeps cold starts (the bundled SDK) short on arm64.
      memorySize: 256,
      environment: {
        STREAM_NAME: stream.streamName,
        DEAD_LETTER_QUEUE_URL: deadLetterQueue.url,
        ALLOWED_ORIGINS: JSON.stringify(settings.allowedOrigins),
        MAX_REQUEST_BYTES: String(settings.maxRequestBytes),
        MAX_EVENTS_PER_REQUEST: String(settings.maxEventsPerRequest),
      },
      statements: [
        // PutRecords alone: no PutRecord, no reads, no other stream.
        { Sid: "WriteEvents", Action: ["kinesis:PutRecords"], Resource: [stream.streamArn] },
        { Sid: "EncryptEvents", Action: ["kms:GenerateDataKey"], Resource: [stream.kmsKeyArn] },
        { Sid: "KeepRejected", Action: ["sqs:SendMessage"], Resource: [deadLetterQueue.arn] },
        {
          // The queue's key (SQS asks for a data key) and the function's environment.
          Sid: "EncryptRejectedAndEnvironment",
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: [kmsKeyArn],
        },
      ],
    },
    parent,
  );
  return { ...fn, deadLetterQueue };
}
