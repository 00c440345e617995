/**
 * Behaviour-log events → Amazon Personalize PutEvents requests. Pure, so the mapping rules (which
 * events Personalize sees, how impression lists are built, how calls are batched) are tested
 * without a Lambda runtime or an AWS client.
 *
 * Rules (the same ones the training export applies, so real-time and batch data agree):
 * - `view`, `cart`, `buy` and `click` become one Personalize event each, `eventType` unchanged,
 *   `eventId` = the behaviour `event_id` (Personalize ignores repeats of an event id in training, so
 *   a retried batch cannot double-count), `sentAt` = `event_time`, `eventValue` = price × quantity
 *   for a buy, `properties` = `{ channel, device }` when present (the camelCase names of the
 *   Interactions schema's CHANNEL and DEVICE columns).
 * - `impression` events are not interactions of their own: those of one served list are grouped
 *   by (user, session, recommendation_id) within the batch, ranked by position, and become the
 *   `impression` list (at most 25 items, Personalize's limit) of every interaction in the batch
 *   that carries the same recommendation_id. Lists nobody interacted with in the batch are not
 *   sent (counted as skipped; the lake keeps them for CTR).
 * - `recommendationId` is passed only for lists Personalize served, so Personalize can also derive
 *   implicit impressions for a click whose list arrived in an earlier batch. Fallback ids (prefix
 *   `fallback-`) are unknown to Personalize and are left out.
 * - `visit` has no item, and Personalize interactions are about items: visits are skipped too
 *   (the lake keeps them for the funnel KPI).
 * - One PutEvents call carries one user and session and at most 10 events (the API's limit).
 */
import type { Event, PutEventsRequest } from "@aws-sdk/client-personalize-events";
import { type BehaviourEvent, validateEvent } from "../../../events/schema";

/** PutEvents accepts 1 to 10 events per call. */
export const MAX_EVENTS_PER_CALL = 10;
/** Personalize's limit on the items of one impression list. */
export const MAX_IMPRESSION_ITEMS = 25;
/** Recommendation ids the API mints when it serves the fallback instead of Personalize. */
export const FALLBACK_RECOMMENDATION_PREFIX = "fallback-";

/** One stream record after decoding: its event, or why it was rejected. */
export type DecodedRecord =
  | { readonly sequenceNumber: string; readonly ok: true; readonly event: BehaviourEvent }
  | { readonly sequenceNumber: string; readonly ok: false; readonly errors: readonly string[] };

/** Throws on bytes that are not UTF-8, where Buffer#toString would substitute U+FFFD. */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Decodes one Kinesis record (base64 of UTF-8 JSON) and validates it against the behaviour-log
 * schema. The reasons name the problem, never the payload (JSON.parse's message quotes it).
 */
export function decodeRecord(sequenceNumber: string, base64Data: string): DecodedRecord {
  let text: string;
  try {
    text = strictUtf8.decode(Buffer.from(base64Data, "base64"));
  } catch {
    return { sequenceNumber, ok: false, errors: ["record is not UTF-8"] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { sequenceNumber, ok: false, errors: ["record is not JSON"] };
  }
  const result = validateEvent(value);
  return result.valid
    ? { sequenceNumber, ok: true, event: result.event }
    : { sequenceNumber, ok: false, errors: result.errors };
}

/** A valid event with the stream position it came from. */
export interface SequencedEvent {
  readonly sequenceNumber: string;
  readonly event: BehaviourEvent;
}

/** One PutEvents request and the stream positions whose events it carries. */
export interface PutEventsCall {
  readonly request: PutEventsRequest & { eventList: Event[] };
  readonly sequenceNumbers: readonly string[];
}

export interface MappedBatch {
  readonly calls: readonly PutEventsCall[];
  /** Valid events Personalize gets no event for: visits and impressions. */
  readonly skipped: readonly SequencedEvent[];
}

/** A Personalize event with its user, session and stream position. */
interface MappedEvent {
  readonly userId: string;
  readonly sessionId: string;
  readonly event: Event;
  readonly sequenceNumber: string;
}

/** Rounds away binary noise (19.99 × 3 = 59.970000000000006) without losing real precision. */
export function eventValue(event: BehaviourEvent): number | undefined {
  if (event.event_type !== "buy" || event.price === undefined || event.quantity === undefined) {
    return undefined;
  }
  return Math.round(event.price * event.quantity * 1e6) / 1e6;
}

function personalizeRecommendationId(id: string | undefined): string | undefined {
  return id !== undefined && !id.startsWith(FALLBACK_RECOMMENDATION_PREFIX) ? id : undefined;
}

function contextFields(e: BehaviourEvent): Pick<Event, "properties" | "metricAttribution"> {
  const properties = {
    ...(e.channel !== undefined ? { channel: e.channel } : {}),
    ...(e.device !== undefined ? { device: e.device } : {}),
  };
  return {
    ...(Object.keys(properties).length > 0 ? { properties: JSON.stringify(properties) } : {}),
    // Metric attribution reports clicks and revenue per source: the channel is that source.
    ...(e.channel !== undefined
      ? { metricAttribution: { eventAttributionSource: e.channel } }
      : {}),
  };
}

const listKey = (e: BehaviourEvent) =>
  JSON.stringify([e.user_id, e.session_id, e.recommendation_id]);

/** Item ids of each served list in the batch, by position, without repeats. */
export function impressionLists(events: readonly BehaviourEvent[]): Map<string, string[]> {
  const ranked = events
    .filter((e) => e.event_type === "impression")
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const lists = new Map<string, string[]>();
  for (const e of ranked) {
    const list = lists.get(listKey(e)) ?? [];
    if (list.length === 0) lists.set(listKey(e), list);
    if (e.item_id !== undefined && !list.includes(e.item_id)) list.push(e.item_id);
  }
  return lists;
}

function interaction(item: SequencedEvent, lists: Map<string, string[]>): MappedEvent {
  const e = item.event;
  const value = eventValue(e);
  const recommendationId = personalizeRecommendationId(e.recommendation_id);
  const impression =
    e.recommendation_id !== undefined
      ? lists.get(listKey(e))?.slice(0, MAX_IMPRESSION_ITEMS)
      : undefined;
  return {
    userId: e.user_id,
    sessionId: e.session_id,
    sequenceNumber: item.sequenceNumber,
    event: {
      eventId: e.event_id,
      eventType: e.event_type,
      itemId: e.item_id,
      sentAt: new Date(e.event_time),
      ...(value !== undefined ? { eventValue: value } : {}),
      ...(recommendationId !== undefined ? { recommendationId } : {}),
      ...(impression !== undefined ? { impression } : {}),
      ...contextFields(e),
    },
  };
}

/** Maps the valid events of a batch to PutEvents calls (see the module comment for the rules). */
export function toPutEventsCalls(
  trackingId: string,
  events: readonly SequencedEvent[],
): MappedBatch {
  const lists = impressionLists(events.map((e) => e.event));
  const notSent = (e: SequencedEvent) =>
    e.event.event_type === "visit" || e.event.event_type === "impression";
  const skipped = events.filter(notSent);
  const mapped = events.filter((e) => !notSent(e)).map((e) => interaction(e, lists));

  const bySession = new Map<string, MappedEvent[]>();
  for (const m of mapped) {
    const key = JSON.stringify([m.userId, m.sessionId]);
    const list = bySession.get(key) ?? [];
    if (list.length === 0) bySession.set(key, list);
    list.push(m);
  }
  const calls: PutEventsCall[] = [];
  for (const list of bySession.values()) {
    // Personalize reads a session's events in time order; the stream order may differ.
    list.sort((a, b) => a.event.sentAt!.getTime() - b.event.sentAt!.getTime());
    for (let i = 0; i < list.length; i += MAX_EVENTS_PER_CALL) {
      const chunk = list.slice(i, i + MAX_EVENTS_PER_CALL);
      calls.push({
        request: {
          trackingId,
          userId: chunk[0].userId,
          sessionId: chunk[0].sessionId,
          eventList: chunk.map((m) => m.event),
        },
        sequenceNumbers: chunk.map((m) => m.sequenceNumber),
      });
    }
  }
  return { calls, skipped };
}
