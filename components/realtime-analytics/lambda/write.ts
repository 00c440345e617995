/**
 * The Lambda engine's writes to the view. Each shard's window is one contribution with a stable
 * id (`shardId#window start`); every row it touches records that id in its `applied` string set
 * in the same conditional UpdateItem that adds the counts. A retried flush (Lambda retries the
 * window after an error) therefore adds nothing twice: per row, exactly once, with no
 * transactions. Shards add to the same row concurrently with ADD, which DynamoDB applies
 * atomically.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ChannelMinute, ItemMinute } from "./aggregate";
import {
  MINUTE_MS,
  TRENDING_WINDOW_MINUTES,
  channelKey,
  ctr,
  expiresAt,
  isoMinute,
  itemClicksKey,
  minuteStartMs,
  trendingKey,
} from "../view/keys";

export interface ViewTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Seconds rows live after their window closed. */
  readonly retentionSeconds: number;
}

const ENGINE = "lambda";

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | undefined)?.name === "ConditionalCheckFailedException"
  );
}

/** Adds one contribution's counts to a row unless the row already holds them. */
async function addOnce(
  target: ViewTarget,
  key: Record<string, string>,
  contributionId: string,
  add: Record<string, number>,
  set: Record<string, string | number>,
): Promise<Record<string, unknown> | undefined> {
  const names: Record<string, string> = { "#applied": "applied" };
  const values: Record<string, unknown> = {
    ":cid": contributionId,
    ":cids": new Set([contributionId]),
  };
  const adds = ["#applied :cids"];
  const sets: string[] = [];
  for (const [name, value] of Object.entries(add)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    adds.push(`#${name} :${name}`);
  }
  for (const [name, value] of Object.entries(set)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  try {
    const result = await target.client.send(
      new UpdateCommand({
        TableName: target.tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(", ")} ADD ${adds.join(", ")}`,
        ConditionExpression: "attribute_not_exists(#applied) OR NOT contains(#applied, :cid)",
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }),
    );
    return result.Attributes;
  } catch (error) {
    // Already applied by an earlier attempt of this same flush: nothing to add.
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Stores ctr for the counters just read back. Conditional on the counters being unchanged: if
 * another shard added meanwhile, its own refresh (after its add) stores the newer ratio.
 */
async function refreshCtr(target: ViewTarget, row: Record<string, unknown>): Promise<void> {
  const impressions = Number(row.impressions ?? 0);
  const clicks = Number(row.clicks ?? 0);
  try {
    await target.client.send(
      new UpdateCommand({
        TableName: target.tableName,
        Key: { pk: row.pk, sk: row.sk },
        UpdateExpression: "SET ctr = :ctr",
        ConditionExpression: "impressions = :i AND clicks = :c",
        ExpressionAttributeValues: {
          ":ctr": ctr(impressions, clicks),
          ":i": impressions,
          ":c": clicks,
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Applies a shard window's channel and item counts to the view, exactly once per row. */
export async function applyContribution(
  target: ViewTarget,
  contributionId: string,
  counts: { channels: readonly ChannelMinute[]; items: readonly ItemMinute[] },
): Promise<void> {
  for (const row of counts.channels) {
    const startMs = minuteStartMs(row.minute);
    const endMs = startMs + MINUTE_MS;
    const updated = await addOnce(
      target,
      channelKey(row.channel, row.minute),
      contributionId,
      { impressions: row.impressions, clicks: row.clicks },
      {
        channel: row.channel,
        minute: row.minute,
        window_start: new Date(startMs).toISOString(),
        window_end: new Date(endMs).toISOString(),
        engine: ENGINE,
        expires_at: expiresAt(endMs, target.retentionSeconds),
      },
    );
    if (updated) await refreshCtr(target, updated);
  }
  for (const row of counts.items) {
    const endMs = minuteStartMs(row.minute) + MINUTE_MS;
    await addOnce(
      target,
      itemClicksKey(row.minute, row.itemId),
      contributionId,
      { clicks: row.clicks },
      { item_id: row.itemId, expires_at: expiresAt(endMs, target.retentionSeconds) },
    );
  }
}

export interface TrendingItem {
  readonly itemId: string;
  readonly clicks: number;
}

/** Sum of item clicks over the 5 minutes before `windowEndMs`, top `topN` (ties by item id). */
export async function topClickedItems(
  target: ViewTarget,
  windowEndMs: number,
  topN: number,
): Promise<TrendingItem[]> {
  const totals = new Map<string, number>();
  for (let k = TRENDING_WINDOW_MINUTES; k >= 1; k -= 1) {
    const minute = isoMinute(windowEndMs - k * MINUTE_MS);
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await target.client.send(
        new QueryCommand({
          TableName: target.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": itemClicksKey(minute, "").pk },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const id = String(item.item_id);
        totals.set(id, (totals.get(id) ?? 0) + Number(item.clicks));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return [...totals]
    .map(([itemId, clicks]) => ({ itemId, clicks }))
    .sort((a, b) => b.clicks - a.clicks || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0))
    .slice(0, topN);
}

/**
 * Writes the trending list of the sliding window ending at `windowEndMs`. Puts are idempotent and
 * counts only grow, so a later recomputation overwrites every rank an earlier one wrote.
 */
export async function writeTrending(
  target: ViewTarget,
  windowEndMs: number,
  items: readonly TrendingItem[],
): Promise<void> {
  const windowEnd = isoMinute(windowEndMs);
  const startIso = new Date(windowEndMs - TRENDING_WINDOW_MINUTES * MINUTE_MS).toISOString();
  for (const [index, item] of items.entries()) {
    await target.client.send(
      new PutCommand({
        TableName: target.tableName,
        Item: {
          ...trendingKey(windowEnd, index + 1),
          item_id: item.itemId,
          clicks: item.clicks,
          rank: index + 1,
          window_start: startIso,
          window_end: new Date(windowEndMs).toISOString(),
          engine: ENGINE,
          expires_at: expiresAt(windowEndMs, target.retentionSeconds),
        },
      }),
    );
  }
}
