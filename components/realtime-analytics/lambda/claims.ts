/**
 * Exactly-once counting across windows. The window state de-duplicates within one window; a copy
 * of an event in another window (a producer re-sending after a lost response, a replay from
 * TRIM_HORIZON, a second shard after a reshard) would still be counted twice. So before an event
 * is counted, its window claims it: one conditional PutItem per event_id in the view table,
 * naming the claiming contribution (`shardId#window start`).
 *
 * - The first window to claim an event counts it; any other window finds the claim and drops
 *   its copy as a duplicate.
 * - A retried invocation of the same window finds its own claim and counts the event again in
 *   its (rebuilt) state: Lambda retries with the state of the last successful invocation, so the
 *   event was not counted yet, and the view rows' contribution ids stop a double write.
 * - Claims expire with the rows they counted into. A copy arriving later than that is past the
 *   lateness bound and dropped as late before it is ever claimed.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { MINUTE_MS, eventClaimKey, expiresAt, minuteStartMs } from "../view/keys";
import type { ViewTarget } from "./write";

/** Claims in flight at once: keeps one invocation well inside on-demand's per-partition rate. */
export const CLAIM_CONCURRENCY = 16;

export interface ClaimRequest {
  readonly eventId: string;
  /** The event's 1-minute window (ISO minute): the claim lives as long as its row. */
  readonly minute: string;
}

/** Claims each event for `contributionId`; resolves with the ids this contribution holds. */
export async function claimEvents(
  target: ViewTarget,
  contributionId: string,
  requests: readonly ClaimRequest[],
): Promise<Set<string>> {
  const held = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++];
      if (await claim(target, contributionId, request)) held.add(request.eventId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CLAIM_CONCURRENCY, requests.length) }, worker));
  return held;
}

async function claim(
  target: ViewTarget,
  contributionId: string,
  request: ClaimRequest,
): Promise<boolean> {
  try {
    await target.client.send(
      new PutCommand({
        TableName: target.tableName,
        Item: {
          ...eventClaimKey(request.eventId),
          claimed_by: contributionId,
          expires_at: expiresAt(minuteStartMs(request.minute) + MINUTE_MS, target.retentionSeconds),
        },
        ConditionExpression: "attribute_not_exists(pk) OR claimed_by = :cid",
        ExpressionAttributeValues: { ":cid": contributionId },
      }),
    );
    return true;
  } catch (error) {
    if (
      error instanceof ConditionalCheckFailedException ||
      (error as { name?: string }).name === "ConditionalCheckFailedException"
    ) {
      return false;
    }
    throw error;
  }
}
