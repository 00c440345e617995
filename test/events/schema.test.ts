import { expect } from "chai";
import {
  BehaviourEvent,
  EVENT_SCHEMA,
  EVENT_TYPES,
  GLUE_COLUMNS,
  InvalidEventError,
  PARTITION_KEYS,
  assertValidEvent,
  eventDate,
  validateEvent,
} from "../../events";

const base = {
  event_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  event_time: "2026-11-26T03:22:36.123Z",
  user_id: "u-1",
  session_id: "s-1",
};

/** One valid event of every type, with exactly the fields its type requires. */
const VALID: Record<string, object> = {
  visit: { ...base, event_type: "visit" },
  view: { ...base, event_type: "view", item_id: "i-1", device: "ios", page: "/p/i-1" },
  impression: {
    ...base,
    event_type: "impression",
    item_id: "i-1",
    channel: "home-rfy",
    recommendation_id: "r-1",
    position: 1,
  },
  click: { ...base, event_type: "click", item_id: "i-1", channel: "email-reco" },
  cart: { ...base, event_type: "cart", item_id: "i-1" },
  buy: { ...base, event_type: "buy", item_id: "i-1", price: 0, quantity: 1 },
};

function errorsOf(value: unknown): string[] {
  const result = validateEvent(value);
  expect(result.valid, JSON.stringify(value)).to.equal(false);
  return result.valid ? [] : result.errors;
}

describe("events: the behaviour-event schema", () => {
  it("lists the event types of the schema's event_type enum, in funnel order", () => {
    expect(EVENT_TYPES).to.deep.equal(EVENT_SCHEMA.properties.event_type.enum);
    expect(EVENT_TYPES).to.deep.equal(["visit", "view", "impression", "click", "cart", "buy"]);
  });

  it("declares exactly the schema's properties in the BehaviourEvent type", () => {
    // A compile-time record: adding a field to the interface without listing it here fails tsc.
    const fields: Record<keyof BehaviourEvent, true> = {
      event_id: true,
      event_type: true,
      event_time: true,
      user_id: true,
      session_id: true,
      item_id: true,
      channel: true,
      recommendation_id: true,
      position: true,
      price: true,
      quantity: true,
      device: true,
      page: true,
      experiment: true,
      variant: true,
    };
    expect(Object.keys(fields)).to.deep.equal(Object.keys(EVENT_SCHEMA.properties));
  });

  for (const [type, event] of Object.entries(VALID)) {
    it(`accepts a minimal ${type} and returns it typed`, () => {
      expect(validateEvent(event)).to.deep.equal({ valid: true, event });
    });
  }

  it("requires the common fields, naming each one", () => {
    expect(errorsOf({})).to.deep.equal([
      "event_id is required",
      "event_type is required",
      "event_time is required",
      "user_id is required",
      "session_id is required",
    ]);
  });

  it("requires item_id for every type but visit, naming the type", () => {
    for (const type of ["view", "impression", "click", "cart", "buy"]) {
      const { item_id: _omit, ...event } = VALID[type] as { item_id: string };
      expect(errorsOf(event)).to.deep.equal([`item_id is required when event_type is "${type}"`]);
    }
  });

  it("requires channel, recommendation_id and position on an impression", () => {
    const {
      channel: _c,
      recommendation_id: _r,
      position: _p,
      ...event
    } = VALID.impression as {
      channel: string;
      recommendation_id: string;
      position: number;
    };
    expect(errorsOf(event)).to.deep.equal([
      'channel is required when event_type is "impression"',
      'recommendation_id is required when event_type is "impression"',
      'position is required when event_type is "impression"',
    ]);
  });

  it("requires channel on a click but not recommendation_id", () => {
    expect(errorsOf({ ...base, event_type: "click", item_id: "i-1" })).to.deep.equal([
      'channel is required when event_type is "click"',
    ]);
  });

  it("requires price and quantity on a buy", () => {
    expect(errorsOf({ ...base, event_type: "buy", item_id: "i-1" })).to.deep.equal([
      'price is required when event_type is "buy"',
      'quantity is required when event_type is "buy"',
    ]);
  });

  it("accepts experiment and variant together and requires each with the other", () => {
    const labelled = { ...VALID.impression, experiment: "reco-vs-popular", variant: "control" };
    expect(validateEvent(labelled)).to.deep.equal({ valid: true, event: labelled });
    expect(errorsOf({ ...VALID.impression, experiment: "reco-vs-popular" })).to.deep.equal([
      "variant is required when experiment is set",
    ]);
    expect(errorsOf({ ...VALID.click, variant: "control" })).to.deep.equal([
      "experiment is required when variant is set",
    ]);
    expect(errorsOf({ ...labelled, variant: "Control" })).to.deep.equal([
      'variant must be a lower-case slug (letters, digits and - _ . between them) like "control", got "Control"',
    ]);
  });

  it("rejects unknown fields by name", () => {
    expect(errorsOf({ ...VALID.visit, foo: 1, Event_Id: "x" })).to.deep.equal([
      'unknown field "foo"',
      'unknown field "Event_Id"',
    ]);
  });

  it("rejects an unknown event_type listing the allowed ones, without per-type noise", () => {
    expect(errorsOf({ ...VALID.visit, event_type: "purchase" })).to.deep.equal([
      'event_type must be one of "visit", "view", "impression", "click", "cart", "buy", got "purchase"',
    ]);
  });

  it("rejects event_time without milliseconds, without Z, or off the calendar", () => {
    const rule =
      "event_time must be an ISO-8601 UTC timestamp with milliseconds and Z like " +
      '"2026-11-26T03:22:36.123Z"';
    for (const bad of [
      "2026-11-26T03:22:36Z",
      "2026-11-26T03:22:36.123+01:00",
      "2026-02-30T03:22:36.123Z",
      "1764127356123",
    ]) {
      expect(errorsOf({ ...VALID.visit, event_time: bad })).to.deep.equal([
        `${rule}, got "${bad}"`,
      ]);
    }
  });

  it("rejects an event_id that is not a lower-case UUID", () => {
    expect(
      errorsOf({ ...VALID.visit, event_id: "0F8FAD5B-D9CB-469F-A165-70867728950E" }),
    ).to.deep.equal([
      'event_id must be a lower-case UUID like "0f8fad5b-d9cb-469f-a165-70867728950e", got "0F8FAD5B-D9CB-469F-A165-70867728950E"',
    ]);
  });

  it("rejects wrong types, ranges and enums with the value it got", () => {
    expect(
      errorsOf({ ...VALID.buy, price: -0.01, quantity: 1.5, device: "tv", page: "" }),
    ).to.deep.equal([
      "price must be >= 0, got -0.01",
      "quantity must be an integer, got number 1.5",
      'device must be one of "web", "ios", "android", got "tv"',
      "page must not be empty",
    ]);
    expect(errorsOf({ ...VALID.impression, position: "3", channel: "Home RFY" })).to.deep.equal([
      'channel must be a lower-case slug (letters, digits and - _ . between them) like "home-rfy", got "Home RFY"',
      'position must be an integer, got string "3"',
    ]);
    expect(errorsOf({ ...VALID.impression, position: 0 })).to.deep.equal([
      "position must be >= 1, got 0",
    ]);
    expect(errorsOf({ ...VALID.buy, quantity: 2 ** 31 })).to.deep.equal([
      "quantity must be <= 2147483647, got 2147483648",
    ]);
    expect(errorsOf({ ...VALID.visit, user_id: "u".repeat(257) })).to.deep.equal([
      "user_id must be at most 256 characters, got 257",
    ]);
    expect(errorsOf({ ...VALID.visit, device: null })).to.deep.equal([
      "device must be a string, got null null",
      'device must be one of "web", "ios", "android", got null',
    ]);
  });

  it("rejects anything that is not a JSON object", () => {
    for (const [value, kind] of [
      [[], "array"],
      [null, "null"],
      ["{}", "string"],
      [42, "number"],
    ] as const) {
      expect(errorsOf(value)).to.deep.equal([`an event must be a JSON object, got ${kind}`]);
    }
  });

  it("assertValidEvent throws one InvalidEventError listing every problem", () => {
    expect(() => assertValidEvent({ ...VALID.visit, foo: 1, user_id: "" })).to.throw(
      InvalidEventError,
      'invalid behaviour event: unknown field "foo"; user_id must not be empty',
    );
    expect(assertValidEvent(VALID.cart)).to.equal(VALID.cart);
  });
});

describe("events: Glue columns derived from the schema", () => {
  it("types every column in schema order, with the description as comment", () => {
    expect(GLUE_COLUMNS.map((c) => `${c.name}:${c.type}`)).to.deep.equal([
      "event_id:string",
      "event_type:string",
      "event_time:timestamp",
      "user_id:string",
      "session_id:string",
      "item_id:string",
      "channel:string",
      "recommendation_id:string",
      "position:int",
      "price:double",
      "quantity:int",
      "device:string",
      "page:string",
      "experiment:string",
      "variant:string",
    ]);
    expect(GLUE_COLUMNS[9]).to.deep.equal({
      name: "price",
      type: "double",
      comment: "Unit price of a buy",
    });
    // Glue rejects column comments over 255 characters.
    for (const c of GLUE_COLUMNS) expect(c.comment.length, c.name).to.be.within(1, 255);
  });

  it("keeps dt a partition key, not a column", () => {
    expect(PARTITION_KEYS).to.deep.equal([
      { name: "dt", type: "string", comment: "UTC date of event_time, YYYY-MM-DD" },
    ]);
    expect(GLUE_COLUMNS.map((c) => c.name)).not.to.include("dt");
  });
});

describe("events: eventDate", () => {
  it("is the UTC date of event_time, across midnight and offsets", () => {
    expect(eventDate({ event_time: "2026-11-26T23:59:59.999Z" })).to.equal("2026-11-26");
    expect(eventDate({ event_time: "2026-11-27T00:00:00.000Z" })).to.equal("2026-11-27");
    expect(eventDate({ event_time: "2026-11-27T01:30:00.000+02:00" })).to.equal("2026-11-26");
  });

  it("rejects a value that is not a timestamp, naming the fix", () => {
    expect(() => eventDate({ event_time: "yesterday" })).to.throw(
      'event_time "yesterday" is not a timestamp; use ISO-8601 UTC like "2026-11-26T03:22:36.123Z"',
    );
  });
});
