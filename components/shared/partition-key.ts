/**
 * The stream's partition key: the event's user_id, so one user's events stay ordered on one shard.
 * Kinesis takes at most 256 characters; the behaviour-log schema allows 256 characters too, but
 * counts code points, and a Kinesis implementation that counts UTF-16 units (kinesalite does)
 * refuses an id of more than 128 characters outside the Basic Multilingual Plane. Such an id is
 * sent as its SHA-256 instead: still one key per user, under either count.
 */
import { createHash } from "node:crypto";

export const MAX_PARTITION_KEY_LENGTH = 256;

export function partitionKeyFor(userId: string): string {
  return userId.length <= MAX_PARTITION_KEY_LENGTH
    ? userId
    : `sha256:${createHash("sha256").update(userId, "utf8").digest("hex")}`;
}
