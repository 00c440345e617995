/**
 * Behaviour-log events → Amazon Personalize PutEvents requests. Pure, so the mapping rules (which
 * events Personalize sees, how impression lists are built, how calls are batched) are tested
 * without a Lambda runtime or an AWS client.
 *
 * Rules:
 * - `view`, `cart`, `buy` and `click` become one Personalize event each, `eventType` unchanged,
 *   `eventId` = the behaviour `event_id` (Personalize ignores repeats of an event id in training, so
 *   a retried batch cannot double-count), `sentAt` = `event_time`, `eventValue` = price × quantity
 *   for a buy, `properties` = `{ channel }` when the event has one (the camelCase name of the
 *   Interactions schema's CHANNEL field).
 * - `impression` events are grouped by (user, session, recommendation_id) within the batch: each
 *   group becomes ONE Personalize `impression` event whose `impression` list is the group's items
 *   by position (Personalize accepts at most 25), whose `itemId` is the top-ranked item (the
 *   Interactions dataset requires an item) and whose `eventId` is that item's behaviour event id.
 *   The impressions of one served list are written by one PutRecords call with one partition key,
 *   so they arrive in one batch; a list split across batches is sent as two partial lists.
 * - `recommendationId` is passed only for lists Personalize served: fallback ids (prefix
 *   `fallback-`) are unknown to Personalize, which would otherwise derive wrong implicit impressions.
 * - `visit` has no item, and Personalize interactions are about items: visits are counted as
 *   skipped, not sent (the lake keeps them for the funnel KPI).
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

/** Decodes one Kinesis record (base64 JSON) and validates it against the behaviour-log schema. */
export function decodeRecord(sequenceNumber: string, base64Data: string): DecodedRecord {
  const text = Buffer.from(base64Data, "base64").toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      sequenceNumber,
      ok: false,
      errors: [`record is not JSON: ${(error as Error).message}`],
    };
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
  /** Valid events Personalize has no use for (visits), with their positions. */
  readonly skipped: readonly SequencedEvent[];
}

/** Personalize event plus the positions it stands for (an impression list stands for several). */
interface MappedEvent {
  readonly userId: string;
  readonly sessionId: string;
  readonly event: Event;
  readonly sequenceNumbers: readonly string[];
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

function channelFields(
  channel: string | undefined,
): Pick<Event, "properties" | "metricAttribution"> {
  if (channel === undefined) return {};
  return {
    properties: JSON.stringify({ channel }),
    // Metric attribution reports clicks and revenue per source: the channel is that source.
    metricAttribution: { eventAttributionSource: channel },
  };
}

function interaction(item: SequencedEvent): MappedEvent {
  const e = item.event;
  const value = eventValue(e);
  const recommendationId = personalizeRecommendationId(e.recommendation_id);
  return {
    userId: e.user_id,
    sessionId: e.session_id,
    sequenceNumbers: [item.sequenceNumber],
    event: {
      eventId: e.event_id,
      eventType: e.event_type,
      itemId: e.item_id,
      sentAt: new Date(e.event_time),
      ...(value !== undefined ? { eventValue: value } : {}),
      ...(recommendationId !== undefined ? { recommendationId } : {}),
      ...channelFields(e.channel),
    },
  };
}

function impressionList(group: readonly SequencedEvent[]): MappedEvent {
  const ranked = [...group].sort(
    (a, b) =>
      (a.event.position ?? 0) - (b.event.position ?? 0) ||
      a.event.event_time.localeCompare(b.event.event_time),
  );
  const items: string[] = [];
  for (const { event } of ranked) {
    if (event.item_id !== undefined && !items.includes(event.item_id)) items.push(event.item_id);
  }
  const top = ranked[0].event;
  const firstSeen = ranked.map((r) => r.event.event_time).sort()[0];
  const recommendationId = personalizeRecommendationId(top.recommendation_id);
  return {
    userId: top.user_id,
    sessionId: top.session_id,
    sequenceNumbers: group.map((g) => g.sequenceNumber),
    event: {
      eventId: top.event_id,
      eventType: "impression",
      itemId: items[0],
      sentAt: new Date(firstSeen),
      impression: items.slice(0, MAX_IMPRESSION_ITEMS),
      ...(recommendationId !== undefined ? { recommendationId } : {}),
      ...channelFields(top.channel),
    },
  };
}

/** Maps the valid events of a batch to PutEvents calls (see the module comment for the rules). */
export function toPutEventsCalls(
  trackingId: string,
  events: readonly SequencedEvent[],
): MappedBatch {
  const skipped: SequencedEvent[] = [];
  const mapped: MappedEvent[] = [];
  const impressionGroups = new Map<string, SequencedEvent[]>();
  for (const item of events) {
    const e = item.event;
    if (e.event_type === "visit") {
      skipped.push(item);
    } else if (e.event_type === "impression") {
      const key = JSON.stringify([e.user_id, e.session_id, e.recommendation_id]);
      const group = impressionGroups.get(key) ?? [];
      if (group.length === 0) impressionGroups.set(key, group);
      group.push(item);
    } else {
      mapped.push(interaction(item));
    }
  }
  for (const group of impressionGroups.values()) mapped.push(impressionList(group));

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
        sequenceNumbers: chunk.flatMap((m) => m.sequenceNumbers),
      });
    }
  }
  return { calls, skipped };
}
