/**
 * Every list the API serves is logged back to the behaviour-log stream as `impression` events —
 * one per item, with the channel, the list's recommendation id and the item's position — so CTR
 * and CVR per channel are measured from the same log as every other KPI.
 */
import {
  KinesisClient,
  PutRecordsCommand,
  type PutRecordsRequestEntry,
} from "@aws-sdk/client-kinesis";
import type { BehaviourEvent } from "../../../events/schema";
import { partitionKeyFor } from "../../shared/partition-key";

export interface ServedList {
  readonly userId: string;
  readonly sessionId: string;
  readonly channel: string;
  readonly recommendationId: string;
  readonly itemIds: readonly string[];
  /** The user's experiment and variant, written on every impression while one runs. */
  readonly experiment?: string;
  readonly variant?: string;
}

/** The impression events of one served list; positions start at 1 in the order served. */
export function impressionEvents(
  list: ServedList,
  now: Date,
  newId: () => string,
): BehaviourEvent[] {
  const eventTime = now.toISOString();
  return list.itemIds.map((itemId, index) => ({
    event_id: newId(),
    event_type: "impression",
    event_time: eventTime,
    user_id: list.userId,
    session_id: list.sessionId,
    item_id: itemId,
    channel: list.channel,
    recommendation_id: list.recommendationId,
    position: index + 1,
    ...(list.experiment !== undefined
      ? { experiment: list.experiment, variant: list.variant }
      : {}),
  }));
}

/** Attempts per entry at most: the first call and two retries of only the entries Kinesis rejected. */
export const PUT_RECORDS_ATTEMPTS = 3;
/**
 * Longest impression logging may add to an answer, whatever the stream does: a healthy
 * PutRecords answers in ~10-30 ms, so 150 ms leaves room for a retry, and a throttled or
 * unreachable stream costs the caller at most this. Impressions not written by then are counted
 * (metric ImpressionsNotLogged, alarmed) and dropped: the page must not wait for analytics.
 */
export const IMPRESSION_LOG_BUDGET_MS = 150;
const BASE_DELAY_MS = 25;
export const API_METRICS_NAMESPACE = "RecoAnalytics/RecommendationApi";

export interface ImpressionLogResult {
  readonly sent: number;
  /** Events not written within the budget (counted in the metric, never logged: personal data). */
  readonly unsent: readonly BehaviourEvent[];
}

export interface ImpressionLogDeps {
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  /** @default IMPRESSION_LOG_BUDGET_MS */
  readonly budgetMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log?: (entry: Record<string, unknown>) => void;
}

class DeadlineError extends Error {
  constructor() {
    super("impression logging budget spent");
    this.name = "TimeoutError";
  }
}

/**
 * One PutRecords call that gives up at the deadline: the request is aborted and the race settles
 * even if a client ignores the abort signal.
 */
async function putRecordsBefore(
  deps: ImpressionLogDeps,
  entries: PutRecordsRequestEntry[],
  deadline: number,
) {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        abort.abort();
        reject(new DeadlineError());
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([
      deps.kinesis.send(new PutRecordsCommand({ StreamName: deps.streamName, Records: entries }), {
        abortSignal: abort.signal,
      }),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Writes the events with PutRecords (partition key user_id, like every producer, so one user's
 * events stay ordered on one shard), retrying only the entries a partial failure rejected, all
 * within `budgetMs`. Failures are counted and logged by error name and count only.
 */
export async function logImpressions(
  events: readonly BehaviourEvent[],
  deps: ImpressionLogDeps,
): Promise<ImpressionLogResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const deadline = Date.now() + (deps.budgetMs ?? IMPRESSION_LOG_BUDGET_MS);
  let pending = [...events];
  let sent = 0;
  let lastError = "";
  for (let attempt = 1; attempt <= PUT_RECORDS_ATTEMPTS && pending.length > 0; attempt++) {
    if (attempt > 1) {
      const delay = BASE_DELAY_MS * 2 ** (attempt - 2);
      if (Date.now() + delay >= deadline) break;
      await sleep(delay);
    }
    const entries: PutRecordsRequestEntry[] = pending.map((e) => ({
      Data: Buffer.from(JSON.stringify(e)),
      PartitionKey: partitionKeyFor(e.user_id),
    }));
    try {
      const response = await putRecordsBefore(deps, entries, deadline);
      const results = response.Records ?? [];
      const rejected = pending.filter((_, i) => results[i]?.ErrorCode !== undefined || !results[i]);
      lastError = results.find((r) => r.ErrorCode)?.ErrorCode ?? lastError;
      sent += pending.length - rejected.length;
      pending = rejected;
    } catch (error) {
      // A whole-call failure (throttling, network, the deadline): every pending entry is retried.
      lastError = (error as Error).name;
      if (error instanceof DeadlineError) break;
    }
  }
  if (pending.length > 0) {
    // Counts and the error's name only: the events carry user and session ids.
    log({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: API_METRICS_NAMESPACE,
            Dimensions: [["FunctionName"]],
            Metrics: [{ Name: "ImpressionsNotLogged", Unit: "Count" }],
          },
        ],
      },
      FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "local",
      level: "ERROR",
      message: "impressions not logged",
      ImpressionsNotLogged: pending.length,
      error: lastError,
    });
  }
  return { sent, unsent: pending };
}
