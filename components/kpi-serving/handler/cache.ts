/**
 * The read cache in front of Athena: one DynamoDB item per distinct batch question (channels,
 * closed range, watermark), gzipped JSON, expiring by TTL. A dashboard refreshing every minute
 * then costs one GetItem, not one Athena query; a new materialisation moves the watermark and so
 * the key, so no cached answer outlives the data it was computed from by more than the TTL.
 */
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { CACHE_TTL_ATTRIBUTE } from "./cache-ttl";

/** DynamoDB's item limit is 400 KB; answers larger than this are not cached (Athena reuses them). */
export const MAX_CACHED_BYTES = 350_000;

export interface CacheTarget {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The cache key of a question: a digest, so any channel list fits the 2 KB key limit. */
export function cacheKey(kind: string, question: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(question)).digest("hex");
  return `${kind}#${digest}`;
}

/** The cached value, or undefined when absent or expired (TTL deletes lazily, so check). */
export async function readCache<T>(
  target: CacheTarget,
  key: string,
  nowMs: number,
): Promise<T | undefined> {
  const { Item } = await target.client.send(
    new GetCommand({ TableName: target.tableName, Key: { pk: key } }),
  );
  if (!Item || Number(Item[CACHE_TTL_ATTRIBUTE]) * 1000 <= nowMs) return undefined;
  return JSON.parse(gunzipSync(Buffer.from(Item.value as Uint8Array)).toString("utf8")) as T;
}

/** Stores `value` for `ttlSeconds`; returns false (nothing stored) when it is too large. */
export async function writeCache(
  target: CacheTarget,
  key: string,
  value: unknown,
  ttlSeconds: number,
  nowMs: number,
): Promise<boolean> {
  const body = gzipSync(Buffer.from(JSON.stringify(value), "utf8"));
  if (body.length > MAX_CACHED_BYTES) return false;
  await target.client.send(
    new PutCommand({
      TableName: target.tableName,
      Item: {
        pk: key,
        value: body,
        [CACHE_TTL_ATTRIBUTE]: Math.floor(nowMs / 1000) + ttlSeconds,
      },
    }),
  );
  return true;
}
