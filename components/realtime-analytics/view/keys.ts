/**
 * The key design of the real-time view: one DynamoDB table that both engines write and every
 * reader queries. Kept in one module so the Lambda writer, the serving read and the Flink SQL
 * (whose literals a test compares with these) cannot drift apart. README.md beside the component
 * draws the same layout.
 */
import { createHash } from "node:crypto";

/** Global secondary index listing every channel row of one minute (sparse: only channel rows). */
export const MINUTE_INDEX = "by-minute";
/** Attribute DynamoDB's TTL reads: epoch seconds after which a row may be deleted. */
export const TTL_ATTRIBUTE = "expires_at";
/** Partition of the trending lists; one Query (newest first) finds the latest list. */
export const TRENDING_PK = "TRENDING";

export const MINUTE_MS = 60_000;
/** Length of the sliding window the trending lists count clicks over. */
export const TRENDING_WINDOW_MINUTES = 5;

/** `2026-11-26T03:22Z`: the minute an instant falls in, the sort key unit of every row. */
export function isoMinute(epochMs: number): string {
  return new Date(Math.floor(epochMs / MINUTE_MS) * MINUTE_MS).toISOString().slice(0, 16) + "Z";
}

/** Epoch milliseconds of the start of an ISO minute (`2026-11-26T03:22Z`). */
export function minuteStartMs(minute: string): number {
  const ms = Date.parse(minute.replace("Z", ":00.000Z"));
  if (Number.isNaN(ms)) throw new Error(`not an ISO minute: ${JSON.stringify(minute)}`);
  return ms;
}

/** Per channel per 1-minute event-time window: impressions, clicks, ctr. */
export const channelKey = (channel: string, minute: string) => ({
  pk: `CHANNEL#${channel}`,
  sk: `WINDOW#${minute}`,
});

/** Ranked item of the 5-minute sliding window ending at `windowEndMinute`. */
export const trendingKey = (windowEndMinute: string, rank: number) => ({
  pk: TRENDING_PK,
  sk: `${trendingWindowPrefix(windowEndMinute)}${String(rank).padStart(3, "0")}`,
});

export const trendingWindowPrefix = (windowEndMinute: string) => `WINDOW#${windowEndMinute}#RANK#`;

/**
 * DynamoDB's limit on a sort key value, in UTF-8 bytes (Developer Guide, "Service, account, and
 * table quotas": sort key length). A schema-valid item id (256 characters of up to 4 bytes) can
 * pass it once prefixed.
 */
export const MAX_SORT_KEY_BYTES = 1024;

/**
 * Clicks of one item in one minute: the Lambda engine's building block for trending lists
 * (Flink keeps the same counts in its window state instead). Readers take the id from the row's
 * `item_id`, so an id too long for the sort key is keyed by its SHA-256 instead.
 */
export const itemClicksKey = (minute: string, itemId: string) => {
  const sk = `ITEM#${itemId}`;
  return {
    pk: `ITEMCLICKS#${minute}`,
    sk:
      Buffer.byteLength(sk, "utf8") <= MAX_SORT_KEY_BYTES
        ? sk
        : `ITEM#sha256:${createHash("sha256").update(itemId, "utf8").digest("hex")}`,
  };
};

/**
 * The Lambda engine's claim on one event: the first window to count an event_id writes it, so
 * a copy in another window (a producer re-send, a replay) is not counted again.
 */
export const eventClaimKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: "CLAIM" });

/** TTL value: `retentionSeconds` after the window closed. */
export function expiresAt(windowEndMs: number, retentionSeconds: number): number {
  return Math.floor(windowEndMs / 1000) + retentionSeconds;
}

/** ctr = clicks / impressions, null when there were no impressions (KPI definition). */
export function ctr(impressions: number, clicks: number): number | null {
  return impressions === 0 ? null : clicks / impressions;
}
