/**
 * The Lambda engine's aggregation, pure: Kinesis records in, per-minute counts out. The tumbling
 * window's state (at most 1 MB, carried between the invocations of one 60-second window of one
 * shard) holds the partial counts and the event ids seen, so a duplicate inside the window is
 * counted once. Same KPI semantics as the Flink SQL (see README.md "Semantics").
 */
// The schema module alone: the events index also loads the DuckDB lake writer, which no Lambda bundles.
import { validateEvent } from "../../../events/schema";
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

/**
 * Adds one record to the state. Only impressions and clicks feed the view; other valid types are
 * `ignored`. An event is `late` when it reaches Kinesis more than `latenessMs` after its
 * 1-minute window closed (the batch layer still counts it).
 */
export function accumulate(state: WindowState, record: StreamRecord, latenessMs: number): Outcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(record.data, "base64").toString("utf8"));
  } catch {
    state.dropped.invalid += 1;
    return "invalid";
  }
  const result = validateEvent(parsed);
  if (!result.valid) {
    state.dropped.invalid += 1;
    return "invalid";
  }
  const event = result.event;
  if (event.event_type !== "impression" && event.event_type !== "click") return "ignored";
  const minute = isoMinute(Date.parse(event.event_time));
  if (record.arrivalMs > minuteStartMs(minute) + MINUTE_MS + latenessMs) {
    state.dropped.late += 1;
    return "late";
  }
  if (seenSet(state).has(event.event_id)) {
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
