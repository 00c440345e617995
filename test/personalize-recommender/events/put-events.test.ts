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
} from "../../../components/personalize-recommender/events/event-mapping";
import { handler, processBatch } from "../../../components/personalize-recommender/events/handler";
import { batch, captureLogs, event, impression, sequenceNumber } from "../handler-fixtures";

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
      stale: 0,
      skipped: 0,
      calls: 1,
      failedCalls: 0,
      rejectedEvents: 0,
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

  it("skips invalid records without a retry, counting them and logging no part of their contents", async () => {
    const logs: Record<string, unknown>[] = [];
    const good = event({ event_type: "view", item_id: "i-1" });
    const after = event({ event_type: "view", item_id: "i-2" });
    const secret = "user-4711@example.com";
    const notUtf8 = Buffer.concat([
      Buffer.from('{"user_id":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const result = await processBatch(
      {
        Records: [
          ...batch([
            good,
            `{not json ${secret}`,
            { ...event({ event_type: "view" }), user_id: 42, session_id: secret },
            after,
          ]).Records,
          {
            ...batch(["x"]).Records[0],
            kinesis: {
              ...batch(["x"]).Records[0].kinesis,
              sequenceNumber: sequenceNumber(5),
              data: notUtf8.toString("base64"),
            },
          },
        ],
      },
      { ...deps(), log: (e) => logs.push(e) },
    );

    // Nothing is reported for a retry: an invalid record fails the same way every time.
    expect(result.batchItemFailures).to.deep.equal([]);
    expect(sentRequests()[0].eventList!.map((e) => e.eventId)).to.deep.equal([
      good.event_id,
      after.event_id,
    ]);
    expect(result.summary).to.include({ records: 5, invalid: 3, eventsSent: 2 });
    const invalid = logs.filter((l) => l.message === "invalid behaviour event skipped");
    expect(invalid).to.deep.equal([
      {
        level: "WARN",
        message: "invalid behaviour event skipped",
        sequenceNumber: sequenceNumber(2),
        problems: ["record is not JSON"],
      },
      {
        level: "WARN",
        message: "invalid behaviour event skipped",
        sequenceNumber: sequenceNumber(3),
        problems: ['item_id is required when event_type is "view"', "user_id must be a string"],
      },
      {
        level: "WARN",
        message: "invalid behaviour event skipped",
        sequenceNumber: sequenceNumber(5),
        problems: ["record is not UTF-8"],
      },
    ]);
    expect(JSON.stringify(logs)).not.to.include(secret);
    // The bad record's user_id (the JSON number 42), not any "42" inside a random event id.
    expect(JSON.stringify(logs)).not.to.match(/[:[,]42[,}\]]/);
    const summaryLine = logs.find((l) => l.message === "batch processed")!;
    expect(summaryLine).to.deep.include({
      InvalidEvents: 3,
      StaleEvents: 0,
      RejectedEvents: 0,
      FailedCalls: 0,
    });
    expect(
      (summaryLine._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]
        .Namespace,
    ).to.equal("RecoAnalytics/RealtimeEvents");
  });

  it("reports only retryable PutEvents failures, from the lowest record of those calls", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    personalize.on(PutEventsCommand, { userId: "u-2" }).rejects(throttled);
    personalize
      .on(PutEventsCommand, { userId: "u-3" })
      .rejects(new InvalidInputException({ message: "bad value u-3", $metadata: {} }));
    const logs: Record<string, unknown>[] = [];
    const ok = event({ event_type: "view", item_id: "a" });
    const rejected = event({ event_type: "view", item_id: "r", user_id: "u-3" });
    const failing = event({ event_type: "view", item_id: "b", user_id: "u-2" });
    const failing2 = event({ event_type: "view", item_id: "c", user_id: "u-2" });
    const result = await processBatch(batch([ok, rejected, failing, failing2]), {
      ...deps(),
      log: (e) => logs.push(e),
    });

    // The rejected call (record 2) is not retried; the throttled one (3, 4) is, from 3.
    expect(result.batchItemFailures).to.deep.equal([{ itemIdentifier: sequenceNumber(3) }]);
    expect(result.summary).to.include({
      calls: 3,
      failedCalls: 1,
      rejectedEvents: 1,
      eventsSent: 1,
    });
    expect(logs.filter((l) => l.level === "ERROR")).to.have.deep.members([
      {
        level: "ERROR",
        message: "PutEvents failed, retrying",
        error: "ThrottlingException",
        events: 2,
        sequenceNumbers: [sequenceNumber(3), sequenceNumber(4)],
      },
      {
        level: "ERROR",
        message: "PutEvents rejected events",
        error: "InvalidInputException",
        events: 1,
        sequenceNumbers: [sequenceNumber(2)],
      },
    ]);
    expect(JSON.stringify(logs)).not.to.include("u-3");
  });

  it("skips records older than the age limit without sending them", async () => {
    const arrival = batch([event({ event_type: "view", item_id: "a" })]).Records[0].kinesis
      .approximateArrivalTimestamp;
    const fresh = event({ event_type: "view", item_id: "fresh" });
    const result = await processBatch(
      batch([event({ event_type: "view", item_id: "old" }), fresh]),
      {
        ...deps(),
        maxEventAgeSeconds: 3600,
        now: () => (arrival + 3601) * 1000,
      },
    );
    // Both fixture records arrive at the same time: both are 3,601 s old.
    expect(result.summary).to.include({ records: 2, stale: 2, eventsSent: 0 });
    const kept = await processBatch(batch([fresh]), {
      ...deps(),
      maxEventAgeSeconds: 3600,
      now: () => (arrival + 3600) * 1000,
    });
    expect(kept.summary).to.include({ stale: 0, eventsSent: 1 });
    expect(result.batchItemFailures).to.deep.equal([]);
  });

  it("entry point reads TRACKING_ID and returns only the batch item failures", async () => {
    const previous = process.env.TRACKING_ID;
    process.env.TRACKING_ID = "tracker-from-env";
    // The fixtures' arrival time is fixed in the past: a limit of ten years keeps them fresh.
    process.env.MAX_EVENT_AGE_SECONDS = String(10 * 365 * 86_400);
    try {
      const { result: response, lines } = await captureLogs(() =>
        handler(batch([event({ event_type: "view", item_id: "i" }), "x"])),
      );
      expect(lines.map((l) => l.message)).to.deep.equal([
        "invalid behaviour event skipped",
        "batch processed",
      ]);
      expect(response).to.deep.equal({ batchItemFailures: [] });
      expect(sentRequests()[0].trackingId).to.equal("tracker-from-env");
    } finally {
      delete process.env.MAX_EVENT_AGE_SECONDS;
      if (previous === undefined) delete process.env.TRACKING_ID;
      else process.env.TRACKING_ID = previous;
    }
  });
});
