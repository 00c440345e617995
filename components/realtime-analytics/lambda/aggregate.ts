/**
 * The Lambda engine's aggregation, pure: Kinesis records in, per-minute counts out. The tumbling
 * window's state (at most 1 MB, carried between the invocations of one 60-second window of one
 * shard) holds the partial counts and the event ids seen, so a duplicate inside the window is
 * counted once; claims (claims.ts) do the same across windows. Same KPI semantics as the Flink SQL (see README.md "Semantics").
 */
// The schema module alone: the events index also loads the DuckDB lake writer, which no Lambda bundles.
import { type BehaviourEvent, validateEvent } from "../../../events/schema";
import { MINUTE_MS, isoMinute, minuteStartMs } from "../view/keys";

/** JSON-safe state carried between the invocations of one tumbling window. */
export interface WindowState {
  /** event_ids of counted impressions and clicks, to count a duplicate once. */
  readonly seen: string[];
  /** `${minute}|${channel}` → [impressions, clicks]. */
  readonly channels: Record<string, [number, number]>;
  /** `${minute}|${item_id}` → clicks. */
  readonly itemClicks: Record<string, number>;
  /** Records dropped, by reason, so the final invocation can log and meter them. */
  readonly dropped: { invalid: number; late: number; duplicate: number };
  shardId?: string;
}

export function emptyState(): WindowState {
  return { seen: [], channels: {}, itemClicks: {}, dropped: { invalid: 0, late: 0, duplicate: 0 } };
}

/** Restores the state Lambda handed back, or a fresh one at the start of a window. */
export function restoreState(raw: Record<string, unknown> | undefined): WindowState {
  if (!raw || !Array.isArray(raw.seen)) return emptyState();
  return raw as unknown as WindowState;
}

export interface StreamRecord {
  /** The record's payload as Kinesis delivers it to Lambda: base64 of the event's JSON. */
  readonly data: string;
  /** When Kinesis received the record (epoch milliseconds): the clock lateness is measured by. */
  readonly arrivalMs: number;
}

export type Outcome = "counted" | "ignored" | "invalid" | "late" | "duplicate";

/** What one record is before any state is consulted: the part that needs no I/O. */
export type Classified =
  | { readonly outcome: "invalid" | "ignored" | "late" }
  | { readonly outcome: "countable"; readonly event: BehaviourEvent; readonly minute: string };

/** Throws on bytes that are not UTF-8, where Buffer#toString would substitute U+FFFD. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Only impressions and clicks feed the view; other valid types are `ignored`. An event is `late`
 * when it reaches Kinesis more than `latenessMs` after its 1-minute window closed (the batch
 * layer still counts it).
 */
export function classify(record: StreamRecord, latenessMs: number): Classified {
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(Buffer.from(record.data, "base64")));
  } catch {
    return { outcome: "invalid" };
  }
  const result = validateEvent(parsed);
  if (!result.valid) return { outcome: "invalid" };
  const event = result.event;
  if (event.event_type !== "impression" && event.event_type !== "click") {
    return { outcome: "ignored" };
  }
  const minute = isoMinute(Date.parse(event.event_time));
  if (record.arrivalMs > minuteStartMs(minute) + MINUTE_MS + latenessMs) return { outcome: "late" };
  return { outcome: "countable", event, minute };
}

/** Whether this window holds an event's claim (claims.ts); without claims, every event is held. */
export type ClaimCheck = (eventId: string) => boolean;

/**
 * Adds one classified record to the state. A countable event is a `duplicate` when this window
 * counted it already, or when another window claimed it (`claimed` says false).
 */
export function count(
  state: WindowState,
  c: Classified,
  claimed: ClaimCheck = () => true,
): Outcome {
  if (c.outcome !== "countable") {
    if (c.outcome !== "ignored") state.dropped[c.outcome] += 1;
    return c.outcome;
  }
  const { event, minute } = c;
  if (seenSet(state).has(event.event_id) || !claimed(event.event_id)) {
    state.dropped.duplicate += 1;
    return "duplicate";
  }
  state.seen.push(event.event_id);
  seenSet(state).add(event.event_id);
  // The schema requires a channel on impressions and clicks.
  const key = `${minute}|${event.channel}`;
  const counts = state.channels[key] ?? [0, 0];
  counts[event.event_type === "impression" ? 0 : 1] += 1;
  state.channels[key] = counts;
  if (event.event_type === "click") {
    const itemKey = `${minute}|${event.item_id}`;
    state.itemClicks[itemKey] = (state.itemClicks[itemKey] ?? 0) + 1;
  }
  return "counted";
}

/** classify() then count(): one record into the state. */
export function accumulate(
  state: WindowState,
  record: StreamRecord,
  latenessMs: number,
  claimed?: ClaimCheck,
): Outcome {
  return count(state, classify(record, latenessMs), claimed);
}

/** Whether the window has already counted this event_id. */
export function hasSeen(state: WindowState, eventId: string): boolean {
  return seenSet(state).has(eventId);
}

// The ids as a Set for O(1) lookups, rebuilt once per invocation (the state itself stays JSON).
const seenSets = new WeakMap<WindowState, Set<string>>();
function seenSet(state: WindowState): Set<string> {
  let set = seenSets.get(state);
  if (!set) {
    set = new Set(state.seen);
    seenSets.set(state, set);
  }
  return set;
}

export interface ChannelMinute {
  readonly channel: string;
  readonly minute: string;
  readonly impressions: number;
  readonly clicks: number;
}

export interface ItemMinute {
  readonly itemId: string;
  readonly minute: string;
  readonly clicks: number;
}

/** The window's counts as rows, sorted so that writes (and their retries) happen in one order. */
export function windowCounts(state: WindowState): {
  channels: ChannelMinute[];
  items: ItemMinute[];
} {
  const split = (key: string) => {
    const at = key.indexOf("|");
    return [key.slice(0, at), key.slice(at + 1)] as const;
  };
  const channels = Object.keys(state.channels)
    .sort()
    .map((key) => {
      const [minute, channel] = split(key);
      const [impressions, clicks] = state.channels[key];
      return { channel, minute, impressions, clicks };
    });
  const items = Object.keys(state.itemClicks)
    .sort()
    .map((key) => {
      const [minute, itemId] = split(key);
      return { itemId, minute, clicks: state.itemClicks[key] };
    });
  return { channels, items };
}

/**
 * Bytes the state needs per counted event: a 36-character UUID in JSON plus its quotes and
 * comma. Lambda caps the state at 1 MB (and then ends the window early, which only shortens the
 * dedupe horizon), so the component sizes the engine choice with it.
 */
export const STATE_BYTES_PER_EVENT = 39;
export const STATE_LIMIT_BYTES = 1024 * 1024;
