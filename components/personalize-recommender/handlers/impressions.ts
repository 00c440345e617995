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
  }));
}

/** Attempts per entry: the first call and two retries of only the entries Kinesis rejected. */
export const PUT_RECORDS_ATTEMPTS = 3;
const BASE_DELAY_MS = 25;

export interface ImpressionLogResult {
  readonly sent: number;
  /** Events Kinesis still rejected after every attempt (logged in full so they can be replayed). */
  readonly unsent: readonly BehaviourEvent[];
}

export interface ImpressionLogDeps {
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Writes the events with PutRecords (partition key user_id, like every producer, so one user's
 * events stay ordered on one shard), retrying only the entries a partial failure rejected.
 */
export async function logImpressions(
  events: readonly BehaviourEvent[],
  deps: ImpressionLogDeps,
): Promise<ImpressionLogResult> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let pending = [...events];
  let sent = 0;
  for (let attempt = 1; attempt <= PUT_RECORDS_ATTEMPTS && pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(BASE_DELAY_MS * 2 ** (attempt - 2));
    const entries: PutRecordsRequestEntry[] = pending.map((e) => ({
      Data: Buffer.from(JSON.stringify(e)),
      PartitionKey: partitionKeyFor(e.user_id),
    }));
    try {
      const response = await deps.kinesis.send(
        new PutRecordsCommand({ StreamName: deps.streamName, Records: entries }),
      );
      const results = response.Records ?? [];
      const rejected = pending.filter((_, i) => results[i]?.ErrorCode !== undefined || !results[i]);
      sent += pending.length - rejected.length;
      pending = rejected;
    } catch (error) {
      // A whole-call failure (throttling, network): every pending entry is retried.
      if (attempt === PUT_RECORDS_ATTEMPTS) {
        console.log(
          JSON.stringify({
            level: "ERROR",
            message: "PutRecords failed",
            error: (error as Error).name,
          }),
        );
      }
    }
  }
  if (pending.length > 0) {
    console.log(
      JSON.stringify({
        level: "ERROR",
        message: "impressions not logged",
        count: pending.length,
        events: pending,
      }),
    );
  }
  return { sent, unsent: pending };
}
