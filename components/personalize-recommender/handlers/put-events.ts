/**
 * Lambda on the behaviour-log stream: sends each batch's events to the Personalize event tracker so
 * recommendations react to what a user does within seconds.
 *
 * Nothing is lost. The event source mapping reports partial failures (ReportBatchItemFailures):
 * the handler returns the LOWEST sequence number that failed — a record that is not a valid
 * behaviour event, or one whose PutEvents call failed — and Lambda retries from there, bisecting
 * and at most `maximumRetryAttempts` times, then hands the failed range to the on-failure SQS queue
 * (shard and sequence numbers, replayable while the stream retains them; the lake holds every
 * record too). Valid events after a failure are sent anyway: a retry re-sends them with the same
 * event ids, which Personalize ignores in training, so one bad record never delays the others.
 */
import { PersonalizeEventsClient, PutEventsCommand } from "@aws-sdk/client-personalize-events";
import type {
  KinesisStreamBatchItemFailure,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
} from "aws-lambda";
import { type SequencedEvent, decodeRecord, toPutEventsCalls } from "./event-mapping";
import { mapWithConcurrency, requiredEnv } from "./runtime";

/** Concurrent PutEvents calls per invocation: well under the tracker's 1,000 calls/s quota. */
export const PUT_EVENTS_CONCURRENCY = 8;

export interface PutEventsDeps {
  readonly client: PersonalizeEventsClient;
  readonly trackingId: string;
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface BatchSummary {
  readonly records: number;
  readonly invalid: number;
  readonly skipped: number;
  readonly calls: number;
  readonly failedCalls: number;
  readonly eventsSent: number;
}

export interface BatchResult extends KinesisStreamBatchResponse {
  readonly summary: BatchSummary;
}

/** Lowest of Kinesis sequence numbers (decimal strings longer than a double's precision). */
function lowest(sequenceNumbers: readonly string[]): string | undefined {
  return sequenceNumbers.reduce<string | undefined>(
    (min, s) => (min === undefined || BigInt(s) < BigInt(min) ? s : min),
    undefined,
  );
}

export async function processBatch(
  event: KinesisStreamEvent,
  deps: PutEventsDeps,
): Promise<BatchResult> {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const decoded = event.Records.map((r) => decodeRecord(r.kinesis.sequenceNumber, r.kinesis.data));
  const failed: string[] = [];
  const valid: SequencedEvent[] = [];
  for (const d of decoded) {
    if (d.ok) {
      valid.push({ sequenceNumber: d.sequenceNumber, event: d.event });
    } else {
      failed.push(d.sequenceNumber);
      // The errors name fields and rules, never values: events carry user ids.
      log({
        level: "ERROR",
        message: "invalid behaviour event",
        sequenceNumber: d.sequenceNumber,
        errors: d.errors,
      });
    }
  }

  const { calls, skipped } = toPutEventsCalls(deps.trackingId, valid);
  const outcomes = await mapWithConcurrency(calls, PUT_EVENTS_CONCURRENCY, async (call) => {
    try {
      await deps.client.send(new PutEventsCommand(call.request));
      return true;
    } catch (error) {
      const e = error as Error;
      log({
        level: "ERROR",
        message: "PutEvents failed",
        error: e.name,
        detail: e.message,
        eventIds: call.request.eventList.map((x) => x.eventId),
        sequenceNumbers: call.sequenceNumbers,
      });
      failed.push(...call.sequenceNumbers);
      return false;
    }
  });

  const first = lowest(failed);
  const batchItemFailures: KinesisStreamBatchItemFailure[] =
    first === undefined ? [] : [{ itemIdentifier: first }];
  const summary: BatchSummary = {
    records: event.Records.length,
    invalid: decoded.filter((d) => !d.ok).length,
    skipped: skipped.length,
    calls: calls.length,
    failedCalls: outcomes.filter((ok) => !ok).length,
    eventsSent: calls
      .filter((_, i) => outcomes[i])
      .reduce((n, call) => n + call.request.eventList.length, 0),
  };
  log({ level: "INFO", message: "batch processed", ...summary, retryFrom: first ?? null });
  return { batchItemFailures, summary };
}

let deps: PutEventsDeps | undefined;

/** Entry point: `TRACKING_ID` names the event tracker; the client is reused across invocations. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  deps ??= { client: new PersonalizeEventsClient({}), trackingId: requiredEnv("TRACKING_ID") };
  const { batchItemFailures } = await processBatch(event, deps);
  return { batchItemFailures };
}
