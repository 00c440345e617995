/**
 * The invalid records a real collector sees, one of each kind the schema must reject, derived from
 * valid generated events so they look like the traffic around them.
 */
import type { SeededRandom } from "./random";
import type { BehaviourEvent } from "./schema";

type Corruption = (event: BehaviourEvent) => unknown;

/** Each kind breaks one rule of the schema. */
export const INVALID_KINDS: Readonly<Record<string, Corruption>> = {
  "missing item_id": ({ item_id: _omit, ...rest }) => ({ ...rest, event_type: "view" }),
  "unknown field": (event) => ({ ...event, referrer: "https://example.com/" }),
  "event_time without milliseconds": (event) => ({
    ...event,
    event_time: event.event_time.replace(/\.\d{3}Z$/, "Z"),
  }),
  "negative price": (event) => ({
    ...event,
    event_type: "buy",
    item_id: event.item_id ?? "i-0",
    price: -5,
    quantity: 1,
  }),
  "unknown event_type": (event) => ({ ...event, event_type: "purchase" }),
  "impression at position 0": (event) => ({
    ...event,
    event_type: "impression",
    item_id: event.item_id ?? "i-0",
    channel: "home-rfy",
    recommendation_id: "r-0",
    position: 0,
  }),
  "click without channel": ({ channel: _omit, ...rest }) => ({
    ...rest,
    event_type: "click",
    item_id: rest.item_id ?? "i-0",
  }),
  "not an object": (event) => `GET /collect?u=${event.user_id}&t=${event.event_type} HTTP/1.1`,
};

/** About 0.2% of the log, and at least one of every kind. */
export function invalidRecords(random: SeededRandom, events: readonly BehaviourEvent[]): unknown[] {
  if (events.length === 0) return [];
  const corruptions = Object.values(INVALID_KINDS);
  const count = Math.max(corruptions.length, Math.round(events.length * 0.002));
  return Array.from({ length: count }, (_, i) =>
    corruptions[i % corruptions.length](random.pick(events)),
  );
}
