import { expect } from "chai";
import {
  BehaviourEvent,
  CHANNELS,
  EVENT_TYPES,
  eventDate,
  generateEvents,
  validateEvent,
  validateGenerateOptions,
} from "../../events";
import { INVALID_KINDS } from "../../events/invalid";

const OPTIONS = { users: 40, items: 100, days: 3, seed: 7 };
const HOUR = 3_600_000;

describe("events: generator", () => {
  const log = generateEvents(OPTIONS);
  const events = log.events;
  const time = (e: BehaviourEvent) => Date.parse(e.event_time);

  it("is deterministic for a seed and differs across seeds", () => {
    expect(generateEvents(OPTIONS)).to.deep.equal(log);
    const other = generateEvents({ ...OPTIONS, seed: 8 });
    expect(other.events.map((e) => e.event_id)).not.to.deep.equal(events.map((e) => e.event_id));
  });

  it("writes only schema-valid events, every type and every channel", () => {
    expect(events.length).to.be.greaterThan(1000);
    for (const e of events)
      expect(validateEvent(e), JSON.stringify(e)).to.deep.equal({ valid: true, event: e });
    expect(new Set(events.map((e) => e.event_type))).to.deep.equal(new Set(EVENT_TYPES));
    expect(new Set(events.flatMap((e) => (e.channel ? [e.channel] : [])))).to.deep.equal(
      new Set(CHANNELS),
    );
  });

  it("keeps every event_time inside the requested days", () => {
    const dates = new Set(events.map(eventDate));
    expect([...dates].sort()).to.deep.equal(["2026-11-23", "2026-11-24", "2026-11-25"]);
  });

  it("serves lists with contiguous positions 1..n under one recommendation_id and channel", () => {
    const lists = new Map<string, BehaviourEvent[]>();
    for (const e of events.filter((e) => e.event_type === "impression")) {
      lists.set(e.recommendation_id!, [...(lists.get(e.recommendation_id!) ?? []), e]);
    }
    expect(lists.size).to.be.greaterThan(100);
    for (const list of lists.values()) {
      const unique = [...new Map(list.map((e) => [e.event_id, e])).values()];
      expect(unique.map((e) => e.position).sort((a, b) => a! - b!)).to.deep.equal(
        unique.map((_, i) => i + 1),
      );
      expect(new Set(unique.map((e) => `${e.channel}|${e.user_id}|${e.session_id}`)).size).to.equal(
        1,
      );
    }
  });

  it("logs clicks from a list against an impression of that list, and clicks with no list", () => {
    const impressions = new Set(
      events
        .filter((e) => e.event_type === "impression")
        .map((e) => `${e.recommendation_id}|${e.item_id}|${e.channel}`),
    );
    const clicks = events.filter((e) => e.event_type === "click");
    const fromList = clicks.filter((c) => c.recommendation_id !== undefined);
    const withoutList = clicks.filter((c) => c.recommendation_id === undefined);
    expect(fromList.length).to.be.greaterThan(50);
    for (const c of fromList)
      expect(impressions.has(`${c.recommendation_id}|${c.item_id}|${c.channel}`)).to.equal(true);
    expect(withoutList.length).to.be.greaterThan(0);
    expect(new Set(withoutList.map((c) => c.channel))).to.deep.equal(new Set(["email-reco"]));
  });

  it("includes buys attributable to a click (some from the previous day) and buys without a click", () => {
    const clicks = events.filter((e) => e.event_type === "click");
    const kinds = events
      .filter((e) => e.event_type === "buy")
      .map((buy) => {
        const matching = clicks.filter(
          (c) =>
            c.user_id === buy.user_id &&
            c.item_id === buy.item_id &&
            time(c) <= time(buy) &&
            time(buy) - time(c) <= 24 * HOUR,
        );
        if (matching.length === 0) return "no click";
        return matching.some((c) => eventDate(c) < eventDate(buy))
          ? "click the day before"
          : "click same day";
      });
    expect(new Set(kinds)).to.deep.equal(
      new Set(["no click", "click the day before", "click same day"]),
    );
  });

  it("delivers some events twice as exact copies", () => {
    const seen = new Map<string, BehaviourEvent>();
    let duplicates = 0;
    for (const e of events) {
      const first = seen.get(e.event_id);
      if (first) {
        duplicates++;
        expect(e).to.deep.equal(first);
      } else seen.set(e.event_id, e);
    }
    expect(duplicates).to.be.within(1, events.length * 0.03);
  });

  it("delivers some events hours late, including after midnight into the next day's traffic", () => {
    let late = 0;
    let acrossMidnight = 0;
    let latest = 0;
    for (const e of events) {
      if (time(e) <= latest - HOUR) {
        late++;
        if (eventDate(e) < new Date(latest).toISOString().slice(0, 10)) acrossMidnight++;
      }
      latest = Math.max(latest, time(e));
    }
    expect(late).to.be.greaterThan(OPTIONS.days);
    // At least one per day boundary is guaranteed.
    expect(acrossMidnight).to.be.at.least(OPTIONS.days - 1);
  });

  it("keeps a few invalid records apart, at least one of every kind, each rejected by the schema", () => {
    expect(log.invalid).to.have.length(Object.keys(INVALID_KINDS).length);
    for (const record of log.invalid)
      expect(validateEvent(record).valid, JSON.stringify(record)).to.equal(false);
    const firstErrors = log.invalid.map((r) => {
      const result = validateEvent(r);
      return result.valid ? "" : result.errors[0];
    });
    expect(firstErrors[0]).to.equal('item_id is required when event_type is "view"');
    expect(firstErrors[1]).to.equal('unknown field "referrer"');
    expect(firstErrors[7]).to.equal("an event must be a JSON object, got string");
    expect(
      generateEvents({ users: 400, items: 100, days: 3, seed: 1 }).invalid.length,
    ).to.be.greaterThan(8);
  });

  it("rejects bad options, naming each one and what is allowed", () => {
    expect(
      validateGenerateOptions({ users: 0, items: 1.5, days: 400, seed: -1, start: "2026-02-30" }),
    ).to.deep.equal([
      "users must be an integer from 1 to 1000000, got 0",
      "items must be an integer from 1 to 1000000, got 1.5",
      "days must be an integer from 1 to 366, got 400",
      "seed must be an integer from 0 to 4294967295, got -1",
      'start must be a calendar date "YYYY-MM-DD", got "2026-02-30"',
    ]);
    expect(() => generateEvents({ ...OPTIONS, days: 0 })).to.throw(
      "invalid generator options: days must be an integer from 1 to 366, got 0",
    );
  });

  it("starts on the given day", () => {
    const dates = new Set(
      generateEvents({ users: 5, items: 10, days: 1, seed: 3, start: "2027-01-31" }).events.map(
        eventDate,
      ),
    );
    expect([...dates]).to.deep.equal(["2027-01-31"]);
  });
});
