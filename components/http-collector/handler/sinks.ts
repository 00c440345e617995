/**
 * Where a request's events go: valid ones to the stream (PutRecords, keyed by user), everything
 * else to the dead-letter queue. The only two writes the function's role allows.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { SQSClient, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { BehaviourEvent } from "../../../events/schema";
import { partitionKeyFor } from "../../shared/partition-key";

/** Per event, in order: written, or the code it failed with. */
export type PutOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string };

export interface Sinks {
  putEvents(events: readonly BehaviourEvent[]): Promise<PutOutcome[]>;
  /** Each message one JSON document; rejects if any was not stored. */
  deadLetter(messages: readonly string[]): Promise<void>;
}

/**
 * Attempts per record within one request. The client retries what is still failing after them,
 * with its own backoff: a function held open longer only bills the waiting.
 */
export const PUT_ATTEMPTS = 3;
const BASE_DELAY_MS = 25;

export function kinesisEvents(
  client: KinesisClient,
  streamName: string,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Sinks["putEvents"] {
  return async (events) => {
    const outcomes: PutOutcome[] = events.map(() => ({ ok: false, code: "NotSent" }));
    let pending = events.map((_, i) => i);
    for (let attempt = 1; attempt <= PUT_ATTEMPTS && pending.length > 0; attempt++) {
      if (attempt > 1) await sleep(Math.floor(Math.random() * BASE_DELAY_MS * 2 ** attempt));
      try {
        const response = await client.send(
          new PutRecordsCommand({
            StreamName: streamName,
            Records: pending.map((i) => ({
              Data: Buffer.from(JSON.stringify(events[i]), "utf8"),
              PartitionKey: partitionKeyFor(events[i].user_id),
            })),
          }),
        );
        const entries = response.Records ?? [];
        pending = pending.filter((eventIndex, position) => {
          const code = entries[position]?.ErrorCode;
          outcomes[eventIndex] = code ? { ok: false, code } : { ok: true };
          return code !== undefined;
        });
      } catch (error) {
        const code = (error as { name?: string }).name ?? "Error";
        for (const i of pending) outcomes[i] = { ok: false, code };
      }
    }
    return outcomes;
  };
}

/** SQS's limits per SendMessageBatch call: 10 messages and 256 KiB in all. */
const SQS_BATCH = { messages: 10, bytes: 256 * 1024 };

export function sqsDeadLetter(client: SQSClient, queueUrl: string): Sinks["deadLetter"] {
  return async (messages) => {
    for (const batch of sqsBatches(messages)) {
      const response = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      const failed = response.Failed ?? [];
      if (failed.length > 0) {
        throw new Error(
          `the dead-letter queue refused ${failed.length} message(s): ${failed[0].Code ?? "unknown"}`,
        );
      }
    }
  };
}

/** Messages grouped into calls within SQS's per-call count and size. */
export function sqsBatches(messages: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message, "utf8");
    if (
      current.length === SQS_BATCH.messages ||
      (current.length > 0 && bytes + size > SQS_BATCH.bytes)
    ) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
