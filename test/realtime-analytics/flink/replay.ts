/**
 * The events both speed-layer engines are run on: a generated day of traffic (with its own
 * duplicates, out-of-order and hours-late arrivals) followed by a hand-made minute-by-minute
 * block across midnight whose every late, duplicate and out-of-order case is named below, and
 * with every event of one shard's users left out so that shard stays idle.
 *
 * The replay clock: a producer whose clock is right sends each event when it happens, so a
 * record reaches the stream at the newest event time sent so far. Both engines judge lateness by
 * it: the Lambda engine through the record's arrival time, Flink through its watermark (the
 * newest event time it has read minus the bound), so both see the same stream.
 */
import { createHash } from "node:crypto";
import type { BehaviourEvent } from "../../../events";
import { generateEvents } from "../../../events";

/** A shard's hash key range, as ListShards returns it. */
export interface ShardRange {
  readonly shardId: string;
  readonly start: bigint;
  readonly end: bigint;
}

/** The shard Kinesis routes a partition key to: MD5 of the key as a 128-bit number. */
export function shardOf(partitionKey: string, shards: readonly ShardRange[]): string {
  const hash = BigInt(`0x${createHash("md5").update(partitionKey, "utf8").digest("hex")}`);
  const shard = shards.find((s) => hash >= s.start && hash <= s.end);
  if (!shard) throw new Error(`no shard holds hash key ${hash} of ${partitionKey}`);
  return shard.shardId;
}

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/**
 * The hand-made block, in the order it is sent; `at` is the event time. The lateness bound is
 * 30 s. Minute 23:59 closes for Flink once it has read an event at or after 00:00:30.
 */
function midnightBlock(day: string, next: string, user: string): BehaviourEvent[] {
  const list = (
    n: number,
    type: "impression" | "click",
    at: string,
    channel: string,
    item: string,
  ) =>
    ({
      event_id: uuid(n),
      event_type: type,
      event_time: at,
      user_id: user,
      session_id: "s-midnight",
      item_id: item,
      channel,
      ...(type === "impression" ? { recommendation_id: "r-midnight", position: 1 } : {}),
    }) as BehaviourEvent;
  const clickB = list(2, "click", `${day}T23:59:20.000Z`, "home-rfy", "i-01");
  return [
    list(1, "impression", `${day}T23:58:50.000Z`, "home-rfy", "i-01"),
    clickB,
    { ...clickB }, // duplicate at once: counted once
    list(3, "impression", `${day}T23:59:55.000Z`, "popular", "i-02"),
    list(4, "impression", `${next}T00:00:20.000Z`, "popular", "i-02"),
    // Out of order within the bound: 40 s behind the newest, its minute still open.
    list(5, "impression", `${day}T23:59:40.000Z`, "home-rfy", "i-03"),
    list(6, "click", `${next}T00:00:35.000Z`, "popular", "i-02"),
    // Beyond the bound: minute 23:59 closed at 00:00:30, 5 s before. Dropped by the speed layer.
    list(7, "click", `${day}T23:59:30.000Z`, "home-rfy", "i-03"),
    // A copy of an event already counted, arriving after its minute closed: still once.
    { ...clickB },
    // A click with no impression in its minute: ctr null.
    list(8, "click", `${next}T00:01:10.000Z`, "email-reco", "i-02"),
    list(9, "impression", `${next}T00:02:05.000Z`, "popular", "i-04"),
    list(10, "click", `${next}T00:03:00.000Z`, "popular", "i-04"),
    list(11, "click", `${next}T00:03:01.000Z`, "popular", "i-02"),
    list(12, "impression", `${next}T00:07:30.000Z`, "home-rfy", "i-01"),
  ];
}

export interface Replay {
  /** The events in the order they are sent (copies included). */
  readonly events: readonly BehaviourEvent[];
  /** Replay-clock arrival of each event, epoch ms, same order. */
  readonly arrivalMs: readonly number[];
  /** The shard left without records. */
  readonly idleShard: string;
}

export function buildReplay(shards: readonly ShardRange[]): Replay {
  const idleShard = shards[shards.length - 1].shardId;
  const generated = generateEvents({
    users: 60,
    items: 40,
    days: 1,
    seed: 17,
    start: "2026-11-23",
  });
  const events = generated.events.filter((e) => shardOf(e.user_id, shards) !== idleShard);
  const user = events[0].user_id;
  events.push(...midnightBlock("2026-11-24", "2026-11-25", user));
  let newest = 0;
  const arrivalMs = events.map((e) => (newest = Math.max(newest, Date.parse(e.event_time))));
  return { events, arrivalMs, idleShard };
}
