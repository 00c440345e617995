/**
 * The serving read of the real-time view: the recommendation API's fallback (what trends now) and
 * the dashboards (CTR per channel, minute by minute) read through these two functions, whichever
 * engine writes the table.
 */
import { DynamoDBDocumentClient, QueryCommand, QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import {
  MINUTE_INDEX,
  MINUTE_MS,
  TRENDING_PK,
  channelKey,
  ctr,
  isoMinute,
  trendingWindowPrefix,
} from "./keys";

export interface ChannelWindow {
  readonly channel: string;
  /** ISO instants of the 1-minute event-time window, `[windowStart, windowEnd)`. */
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly impressions: number;
  readonly clicks: number;
  /** clicks / impressions; null when impressions = 0. */
  readonly ctr: number | null;
}

export interface LatestChannelWindowsOptions {
  /** Only these channels (one Query each); all channels (one index Query per minute) when absent. */
  readonly channels?: readonly string[];
  /** How many minutes back from `now`, the current minute included. */
  readonly minutes: number;
  /** @default Date.now() */
  readonly now?: number;
}

async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

function toChannelWindow(item: Record<string, unknown>): ChannelWindow {
  const impressions = Number(item.impressions ?? 0);
  const clicks = Number(item.clicks ?? 0);
  return {
    channel: String(item.channel),
    windowStart: String(item.window_start),
    windowEnd: String(item.window_end),
    impressions,
    clicks,
    // Recomputed from the counters, so the ratio always matches the counts returned with it.
    ctr: ctr(impressions, clicks),
  };
}

/** Channel windows of the last `minutes` minutes, newest first, then by channel. */
export async function latestChannelWindows(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: LatestChannelWindowsOptions,
): Promise<ChannelWindow[]> {
  if (!Number.isInteger(options.minutes) || options.minutes < 1 || options.minutes > 1440) {
    throw new RangeError(
      `minutes must be an integer from 1 to 1440, got ${options.minutes}; the view keeps recent windows only, use the batch KPIs for longer periods`,
    );
  }
  const now = options.now ?? Date.now();
  const minutes = Array.from({ length: options.minutes }, (_, k) => isoMinute(now - k * MINUTE_MS));
  const oldest = minutes[minutes.length - 1];
  const newest = minutes[0];
  const batches = options.channels
    ? options.channels.map((channel) =>
        queryAll(client, {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": channelKey(channel, newest).pk,
            ":from": channelKey(channel, oldest).sk,
            ":to": channelKey(channel, newest).sk,
          },
        }),
      )
    : minutes.map((minute) =>
        queryAll(client, {
          TableName: tableName,
          IndexName: MINUTE_INDEX,
          KeyConditionExpression: "#minute = :minute",
          ExpressionAttributeNames: { "#minute": "minute" },
          ExpressionAttributeValues: { ":minute": minute },
        }),
      );
  const rows = (await Promise.all(batches)).flat().map(toChannelWindow);
  return rows.sort(
    (a, b) => b.windowStart.localeCompare(a.windowStart) || a.channel.localeCompare(b.channel),
  );
}

export interface TrendingItems {
  /** The 5-minute sliding window the clicks were counted over; absent when nothing trends. */
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly items: readonly {
    readonly itemId: string;
    readonly clicks: number;
    readonly rank: number;
  }[];
}

/** The latest trending list, best first, at most `limit` items. */
export async function trendingItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { readonly limit: number },
): Promise<TrendingItems> {
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 999) {
    throw new RangeError(`limit must be an integer from 1 to 999, got ${options.limit}`);
  }
  // Newest sort key first: the last rank of the latest window names that window.
  const latest = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": TRENDING_PK },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const head = latest.Items?.[0];
  if (!head) return { items: [] };
  const windowEndMinute = String(head.sk).split("#")[1];
  const page = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: {
        ":pk": TRENDING_PK,
        ":prefix": trendingWindowPrefix(windowEndMinute),
      },
      Limit: options.limit,
    }),
  );
  const items = (page.Items ?? []).map((item) => ({
    itemId: String(item.item_id),
    clicks: Number(item.clicks),
    rank: Number(item.rank),
  }));
  return { windowStart: String(head.window_start), windowEnd: String(head.window_end), items };
}
