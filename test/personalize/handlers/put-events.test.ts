import {
  InvalidInputException,
  PersonalizeEventsClient,
  PutEventsCommand,
} from "@aws-sdk/client-personalize-events";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  MAX_IMPRESSION_ITEMS,
  toPutEventsCalls,
} from "../../../components/personalize-recommender/handlers/event-mapping";
import {
  handler,
  processBatch,
} from "../../../components/personalize-recommender/handlers/put-events";
import { batch, captureLogs, event, impression, sequenceNumber } from "./fixtures";

// The stub replaces send() on every PersonalizeEventsClient: installed for this suite only.
let personalize: AwsClientStub<PersonalizeEventsClient>;
const quiet = () => undefined;
const deps = () => ({
  client: new PersonalizeEventsClient({}),
  trackingId: "tracker-1",
  log: quiet,
});
const sentRequests = () => personalize.commandCalls(PutEventsCommand).map((c) => c.args[0].input);

describe("put-events handler: behaviour log → Personalize PutEvents", () => {
  before(() => {
    personalize = mockClient(PersonalizeEventsClient);
  });
  after(() => personalize.restore());
  beforeEach(() => {
    personalize.reset();
    personalize.on(PutEventsCommand).resolves({});
  });

  it("maps view, cart, click and buy with event value, channel and recommendation id", async () => {
    const view = event({
      event_type: "view",
      item_id: "i-1",
      event_time: "2026-11-26T03:00:00.000Z",
    });
    const click = event({
      event_type: "click",
      item_id: "i-2",
      channel: "home-rfy",
      recommendation_id: "RID-1",
      event_time: "2026-11-26T03:00:01.000Z",
    });
    const cart = event({
      event_type: "cart",
      item_id: "i-2",
      event_time: "2026-11-26T03:00:02.000Z",
    });
    const buy = event({
      event_type: "buy",
      item_id: "i-2",
      price: 19.99,
      quantity: 3,
      event_time: "2026-11-26T03:00:03.000Z",
    });
    const result = await processBatch(batch([buy, view, click, cart]), deps());

    expect(result.batchItemFailures).to.deep.equal([]);
    expect(sentRequests()).to.deep.equal([
      {
        trackingId: "tracker-1",
        userId: "u-1",
        sessionId: "s-1",
        eventList: [
          {
            eventId: view.event_id,
            eventType: "view",
            itemId: "i-1",
            sentAt: new Date("2026-11-26T03:00:00.000Z"),
          },
          {
            eventId: click.event_id,
            eventType: "click",
            itemId: "i-2",
            sentAt: new Date("2026-11-26T03:00:01.000Z"),
            recommendationId: "RID-1",
            properties: '{"channel":"home-rfy"}',
            metricAttribution: { eventAttributionSource: "home-rfy" },
          },
          {
            eventId: cart.event_id,
            eventType: "cart",
            itemId: "i-2",
            sentAt: new Date("2026-11-26T03:00:02.000Z"),
          },
          {
            eventId: buy.event_id,
            eventType: "buy",
            itemId: "i-2",
            sentAt: new Date("2026-11-26T03:00:03.000Z"),
            eventValue: 59.97,
          },
        ],
      },
    ]);
    expect(result.summary).to.deep.equal({
      records: 4,
      invalid: 0,
      skipped: 0,
      calls: 1,
      failedCalls: 0,
      eventsSent: 4,
    });
  });

  it("attaches each served list, ranked by position, to the interactions that carry its id", async () => {
    const a3 = impression("RID-A", "i-3", 3);
    const a1 = impression("RID-A", "i-1", 1);
    const b1 = impression("fallback-1234", "i-9", 1, { channel: "home-rfy-fallback" });
    const a2 = impression("RID-A", "i-2", 2);
    const clickA = event({
      event_type: "click",
      item_id: "i-2",
      channel: "home-rfy",
      recommendation_id: "RID-A",
      device: "ios",
      event_time: "2026-11-26T03:22:40.000Z",
    });
    const clickB = event({
      event_type: "click",
      item_id: "i-9",
      channel: "home-rfy-fallback",
      recommendation_id: "fallback-1234",
      event_time: "2026-11-26T03:22:41.000Z",
    });
    // A click on a list served in an earlier batch: Personalize derives its impressions itself.
    const clickOld = event({
      event_type: "click",
      item_id: "i-5",
      channel: "home-rfy",
      recommendation_id: "RID-OLD",
      event_time: "2026-11-26T03:22:42.000Z",
    });
    const result = await processBatch(batch([a3, a1, b1, clickA, a2, clickB, clickOld]), deps());

    expect(result.batchItemFailures).to.deep.equal([]);
    expect(sentRequests()).to.have.length(1);
    expect(sentRequests()[0].eventList).to.deep.equal([
      {
        eventId: clickA.event_id,
        eventType: "click",
        itemId: "i-2",
        sentAt: new Date("2026-11-26T03:22:40.000Z"),
        recommendationId: "RID-A",
        impression: ["i-1", "i-2", "i-3"],
        properties: '{"channel":"home-rfy","device":"ios"}',
        metricAttribution: { eventAttributionSource: "home-rfy" },
      },
      {
        // A fallback list is not Personalize's: no recommendationId, explicit impressions only.
        eventId: clickB.event_id,
        eventType: "click",
        itemId: "i-9",
        sentAt: new Date("2026-11-26T03:22:41.000Z"),
        impression: ["i-9"],
        properties: '{"channel":"home-rfy-fallback"}',
        metricAttribution: { eventAttributionSource: "home-rfy-fallback" },
      },
      {
        eventId: clickOld.event_id,
        eventType: "click",
        itemId: "i-5",
        sentAt: new Date("2026-11-26T03:22:42.000Z"),
        recommendationId: "RID-OLD",
        properties: '{"channel":"home-rfy"}',
        metricAttribution: { eventAttributionSource: "home-rfy" },
      },
    ]);
    // The impression events themselves are folded into the lists, not sent as interactions.
    expect(result.summary).to.include({ records: 7, skipped: 4, eventsSent: 3 });
  });

  it("does not mix the lists of two users that reuse a recommendation id", () => {
    const mine = impression("RID-X", "i-1", 1);
    const theirs = impression("RID-X", "i-2", 1, { user_id: "u-2", session_id: "s-2" });
    const click = event({
      event_type: "click",
      item_id: "i-1",
      channel: "home-rfy",
      recommendation_id: "RID-X",
    });
    const { calls } = toPutEventsCalls(
      "t",
      [mine, theirs, click].map((e, i) => ({ sequenceNumber: sequenceNumber(i + 1), event: e })),
    );
    expect(calls.map((c) => c.request.eventList.map((e) => e.impression))).to.deep.equal([
      [["i-1"]],
    ]);
  });

  it(`keeps an impression list to Personalize's ${MAX_IMPRESSION_ITEMS} items, best ranked first`, () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      sequenceNumber: sequenceNumber(i + 1),
      event: impression("RID-L", `i-${30 - i}`, 30 - i),
    }));
    const click = event({
      event_type: "click",
      item_id: "i-3",
      channel: "home-rfy",
      recommendation_id: "RID-L",
    });
    const { calls, skipped } = toPutEventsCalls("t", [
      ...events,
      { sequenceNumber: sequenceNumber(31), event: click },
    ]);
    expect(calls[0].request.eventList[0].impression).to.deep.equal(
      Array.from({ length: 25 }, (_, i) => `i-${i + 1}`),
    );
    expect(calls[0].sequenceNumbers).to.deep.equal([sequenceNumber(31)]);
    expect(skipped).to.have.length(30);
  });

  it("sends at most 10 events per call and one user and session per call", async () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      event({
        event_type: "view",
        item_id: `i-${i}`,
        event_time: `2026-11-26T03:00:${String(i).padStart(2, "0")}.000Z`,
      }),
    );
    const other = event({ event_type: "view", item_id: "x", user_id: "u-2", session_id: "s-9" });
    const result = await processBatch(batch([...many, other]), deps());

    const requests = sentRequests();
    expect(requests.map((r) => [r.userId, r.sessionId, r.eventList!.length])).to.deep.equal([
      ["u-1", "s-1", 10],
      ["u-1", "s-1", 10],
      ["u-1", "s-1", 3],
      ["u-2", "s-9", 1],
    ]);
    expect(requests[2].eventList!.map((e) => e.itemId)).to.deep.equal(["i-20", "i-21", "i-22"]);
    expect(result.summary.calls).to.equal(4);
    expect(result.summary.eventsSent).to.equal(24);
  });

  it("skips visits (no item for Personalize) and counts them", async () => {
    const result = await processBatch(batch([event({ event_type: "visit" })]), deps());
    expect(sentRequests()).to.deep.equal([]);
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(result.summary).to.include({ records: 1, skipped: 1, calls: 0, eventsSent: 0 });
  });

  it("reports the lowest invalid record as the batch item failure and still sends the valid ones", async () => {
    const logs: Record<string, unknown>[] = [];
    const good = event({ event_type: "view", item_id: "i-1" });
    const after = event({ event_type: "view", item_id: "i-2" });
    const result = await processBatch(
      batch([good, "{not json", { ...event({ event_type: "view" }), price: -1 }, after]),
      { ...deps(), log: (e) => logs.push(e) },
    );

    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: sequenceNumber(2) }]);
    expect(sentRequests()[0].eventList!.map((e) => e.eventId)).to.deep.equal([
      good.event_id,
      after.event_id,
    ]);
    expect(result.summary).to.include({ records: 4, invalid: 2, eventsSent: 2 });
    const invalid = logs.filter((l) => l.message === "invalid behaviour event");
    expect(invalid.map((l) => l.sequenceNumber)).to.deep.equal([
      sequenceNumber(2),
      sequenceNumber(3),
    ]);
    expect((invalid[0].errors as string[])[0]).to.match(/^record is not JSON: /);
    expect(invalid[1].errors).to.include('item_id is required when event_type is "view"');
  });

  it("reports the lowest record of a failed PutEvents call so Lambda retries from there", async () => {
    personalize
      .on(PutEventsCommand, { userId: "u-2" })
      .rejects(new InvalidInputException({ message: "bad", $metadata: {} }));
    const ok = event({ event_type: "view", item_id: "a" });
    const failing = event({ event_type: "view", item_id: "b", user_id: "u-2" });
    const failing2 = event({ event_type: "view", item_id: "c", user_id: "u-2" });
    const invalid = { nope: true };
    const result = await processBatch(batch([ok, invalid, failing, failing2]), deps());

    // Lowest of the invalid record (2) and the failed call's records (3, 4).
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: sequenceNumber(2) }]);
    expect(result.summary).to.include({ calls: 2, failedCalls: 1, eventsSent: 1 });

    personalize.reset();
    personalize
      .on(PutEventsCommand)
      .rejects(new InvalidInputException({ message: "bad", $metadata: {} }));
    const onlyCallFails = await processBatch(batch([ok, failing]), deps());
    expect(onlyCallFails.batchItemFailures).to.deep.equal([{ itemIdentifier: sequenceNumber(1) }]);
  });

  it("entry point reads TRACKING_ID and returns only the batch item failures", async () => {
    const previous = process.env.TRACKING_ID;
    process.env.TRACKING_ID = "tracker-from-env";
    try {
      const { result: response, lines } = await captureLogs(() =>
        handler(batch([event({ event_type: "view", item_id: "i" }), "x"])),
      );
      expect(lines.map((l) => l.message)).to.deep.equal([
        "invalid behaviour event",
        "batch processed",
      ]);
      expect(response).to.deep.equal({
        batchItemFailures: [{ itemIdentifier: sequenceNumber(2) }],
      });
      expect(sentRequests()[0].trackingId).to.equal("tracker-from-env");
    } finally {
      if (previous === undefined) delete process.env.TRACKING_ID;
      else process.env.TRACKING_ID = previous;
    }
  });
});
