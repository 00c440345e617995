/**
 * Lambda on the behaviour-log stream: sends each batch's events to the Personalize event tracker so
 * recommendations react to what a user does within seconds.
 *
 * What is retried and what is not (the mapping reports partial failures, ReportBatchItemFailures):
 * - A record that is not a valid behaviour event can never succeed: it is counted, logged without
 *   its contents (sequence number and the rules it breaks) and skipped. The lake keeps it under
 *   failed/ (the Firehose transform applies the same schema).
 * - A record older than MAX_EVENT_AGE_SECONDS (by arrival) is counted and skipped: real-time
 *   personalisation loses its value with age, and training reads every event from the lake.
 * - A PutEvents call Personalize rejects for its content (InvalidInputException) would fail the
 *   same way again: its events are counted and skipped.
 * - Any other PutEvents failure (throttling, 5xx, network, a missing tracker or permission that a
 *   fix restores) is reported: the handler returns the LOWEST sequence number of those calls and
 *   Lambda retries from there, at most `maximumRetryAttempts` times, then hands the range to the
 *   on-failure queue (replayable while the stream retains the records).
 * Valid events after a failure are sent anyway: a retry re-sends them with the same event ids,
 * which Personalize ignores in training, so one failure never delays the others.
 *
 * One structured line per batch carries the counts as CloudWatch metrics (embedded metric format).
 */
import { PersonalizeEventsClient, PutEventsCommand } from "@aws-sdk/client-personalize-events";
import type {
  KinesisStreamBatchItemFailure,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
} from "aws-lambda";
import { type SequencedEvent, decodeRecord, toPutEventsCalls } from "./event-mapping";
import { mapWithConcurrency, requiredEnv } from "../../shared/handler-runtime";

/** Concurrent PutEvents calls per invocation: well under the tracker's 1,000 calls/s quota. */
export const PUT_EVENTS_CONCURRENCY = 8;
export const METRICS_NAMESPACE = "RecoAnalytics/RealtimeEvents";

/** PutEvents errors caused by the request's content: the same call fails again. */
const CONTENT_ERRORS = new Set(["InvalidInputException", "ValidationException"]);

export interface PutEventsDeps {
  readonly client: PersonalizeEventsClient;
  readonly trackingId: string;
  /** Records that arrived longer ago are skipped. @default no limit */
  readonly maxEventAgeSeconds?: number;
  readonly now?: () => number;
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface BatchSummary {
  readonly records: number;
  /** Not a valid behaviour event (skipped, never retried). */
  readonly invalid: number;
  /** Older than the age limit (skipped). */
  readonly stale: number;
  /** Valid events Personalize gets no event for (visits, impressions). */
  readonly skipped: number;
  readonly calls: number;
  /** Calls reported for a retry. */
  readonly failedCalls: number;
  /** Events of calls Personalize rejected for their content (skipped, never retried). */
  readonly rejectedEvents: number;
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

/** A schema problem without the offending value: the message up to its ", got …" part. */
export function withoutValue(problem: string): string {
  const at = problem.indexOf(", got ");
  return at === -1 ? problem : problem.slice(0, at);
}

type CallOutcome = "sent" | "retry" | "rejected";

export async function processBatch(
  event: KinesisStreamEvent,
  deps: PutEventsDeps,
): Promise<BatchResult> {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const nowMs = (deps.now ?? Date.now)();
  const valid: SequencedEvent[] = [];
  let invalid = 0;
  let stale = 0;
  for (const r of event.Records) {
    const ageMs = nowMs - r.kinesis.approximateArrivalTimestamp * 1000;
    if (deps.maxEventAgeSeconds !== undefined && ageMs > deps.maxEventAgeSeconds * 1000) {
      stale += 1;
      continue;
    }
    const d = decodeRecord(r.kinesis.sequenceNumber, r.kinesis.data);
    if (d.ok) {
      valid.push({ sequenceNumber: d.sequenceNumber, event: d.event });
      continue;
    }
    invalid += 1;
    log({
      level: "WARN",
      message: "invalid behaviour event skipped",
      sequenceNumber: d.sequenceNumber,
      problems: d.errors.map(withoutValue),
    });
  }

  const { calls, skipped } = toPutEventsCalls(deps.trackingId, valid);
  const retry: string[] = [];
  const outcomes = await mapWithConcurrency(
    calls,
    PUT_EVENTS_CONCURRENCY,
    async (call): Promise<CallOutcome> => {
      try {
        await deps.client.send(new PutEventsCommand(call.request));
        return "sent";
      } catch (error) {
        const name = (error as Error).name;
        const outcome: CallOutcome = CONTENT_ERRORS.has(name) ? "rejected" : "retry";
        // The error's message may quote ids from the request: only its name is logged.
        log({
          level: "ERROR",
          message: outcome === "retry" ? "PutEvents failed, retrying" : "PutEvents rejected events",
          error: name,
          events: call.request.eventList.length,
          sequenceNumbers: call.sequenceNumbers,
        });
        if (outcome === "retry") retry.push(...call.sequenceNumbers);
        return outcome;
      }
    },
  );

  const first = lowest(retry);
  const batchItemFailures: KinesisStreamBatchItemFailure[] =
    first === undefined ? [] : [{ itemIdentifier: first }];
  const eventsIn = (o: CallOutcome) =>
    calls
      .filter((_, i) => outcomes[i] === o)
      .reduce((n, call) => n + call.request.eventList.length, 0);
  const summary: BatchSummary = {
    records: event.Records.length,
    invalid,
    stale,
    skipped: skipped.length,
    calls: calls.length,
    failedCalls: outcomes.filter((o) => o === "retry").length,
    rejectedEvents: eventsIn("rejected"),
    eventsSent: eventsIn("sent"),
  };
  log({
    _aws: {
      Timestamp: nowMs,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[]],
          Metrics: [
            { Name: "InvalidEvents", Unit: "Count" },
            { Name: "StaleEvents", Unit: "Count" },
            { Name: "RejectedEvents", Unit: "Count" },
            { Name: "FailedCalls", Unit: "Count" },
          ],
        },
      ],
    },
    level: "INFO",
    message: "batch processed",
    ...summary,
    InvalidEvents: summary.invalid,
    StaleEvents: summary.stale,
    RejectedEvents: summary.rejectedEvents,
    FailedCalls: summary.failedCalls,
    retryFrom: first ?? null,
  });
  return { batchItemFailures, summary };
}

let deps: PutEventsDeps | undefined;

/** Entry point: `TRACKING_ID` names the event tracker; the client is reused across invocations. */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  deps ??= {
    client: new PersonalizeEventsClient({}),
    trackingId: requiredEnv("TRACKING_ID"),
    maxEventAgeSeconds: ageLimit(requiredEnv("MAX_EVENT_AGE_SECONDS")),
  };
  const { batchItemFailures } = await processBatch(event, deps);
  return { batchItemFailures };
}

function ageLimit(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `environment variable MAX_EVENT_AGE_SECONDS must be a whole number of seconds ≥ 1, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}
