import { expect } from "chai";
import { BehaviourEvent, generateEvents } from "../../../events";
import {
  STATE_BYTES_PER_EVENT,
  WindowState,
  accumulate,
  emptyState,
  restoreState,
  windowCounts,
} from "../../../components/realtime-analytics/lambda/aggregate";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

const event = (overrides: Partial<BehaviourEvent>): BehaviourEvent => ({
  event_id: "00000000-0000-4000-8000-000000000001",
  event_type: "impression",
  event_time: "2026-11-26T03:22:10.000Z",
  user_id: "u1",
  session_id: "s1",
  item_id: "i1",
  channel: "home-rfy",
  recommendation_id: "r1",
  position: 1,
  ...overrides,
});

describe("realtime Lambda aggregation", () => {
  it("matches a direct count of a generated log: unique impressions and clicks per channel-minute and clicks per item-minute", () => {
    const log = generateEvents({ users: 150, items: 80, days: 1, seed: 11 });
    const state = emptyState();
    for (const e of log.events) {
      // On time: every event reaches the stream a second after it happened.
      accumulate(state, { data: encode(e), arrivalMs: Date.parse(e.event_time) + 1_000 }, 30_000);
    }
    for (const bad of log.invalid) accumulate(state, { data: encode(bad), arrivalMs: 0 }, 30_000);

    const seen = new Set<string>();
    const channels = new Map<string, [number, number]>();
    const items = new Map<string, number>();
    let duplicates = 0;
    for (const e of log.events) {
      if (e.event_type !== "impression" && e.event_type !== "click") continue;
      if (seen.has(e.event_id)) {
        duplicates += 1;
        continue;
      }
      seen.add(e.event_id);
      const minute = e.event_time.slice(0, 16) + "Z";
      const key = `${minute}|${e.channel}`;
      const counts = channels.get(key) ?? [0, 0];
      counts[e.event_type === "impression" ? 0 : 1] += 1;
      channels.set(key, counts);
      if (e.event_type === "click")
        items.set(`${minute}|${e.item_id}`, (items.get(`${minute}|${e.item_id}`) ?? 0) + 1);
    }

    const counts = windowCounts(state);
    const expectedChannels = [...channels.keys()].sort().map((key) => {
      const [minute, channel] = key.split("|");
      return { channel, minute, impressions: channels.get(key)![0], clicks: channels.get(key)![1] };
    });
    const expectedItems = [...items.keys()].sort().map((key) => {
      const [minute, itemId] = key.split("|");
      return { itemId, minute, clicks: items.get(key)! };
    });
    expect(counts.channels).to.deep.equal(expectedChannels);
    expect(counts.items).to.deep.equal(expectedItems);
    // The sample exercises every path, not just the happy one.
    expect(duplicates).to.be.greaterThan(0);
    expect(log.invalid.length).to.be.greaterThan(0);
    expect(state.dropped).to.deep.equal({
      invalid: log.invalid.length,
      late: 0,
      duplicate: duplicates,
    });
  });

  it("counts an event arriving up to the lateness bound after its window closed, and drops a later one", () => {
    const state = emptyState();
    const windowEnd = Date.parse("2026-11-26T03:23:00.000Z");
    const onTime = accumulate(
      state,
      { data: encode(event({})), arrivalMs: windowEnd + 30_000 },
      30_000,
    );
    const late = accumulate(
      state,
      {
        data: encode(event({ event_id: "00000000-0000-4000-8000-000000000002" })),
        arrivalMs: windowEnd + 30_001,
      },
      30_000,
    );
    expect([onTime, late]).to.deep.equal(["counted", "late"]);
    expect(windowCounts(state).channels).to.deep.equal([
      { channel: "home-rfy", minute: "2026-11-26T03:22Z", impressions: 1, clicks: 0 },
    ]);
    expect(state.dropped).to.deep.equal({ invalid: 0, late: 1, duplicate: 0 });
  });

  it("counts a duplicate event_id once across invocations of the same window (state carried as JSON)", () => {
    const first = emptyState();
    accumulate(
      first,
      {
        data: encode(event({ event_type: "click" })),
        arrivalMs: Date.parse("2026-11-26T03:22:11Z"),
      },
      30_000,
    );
    // Lambda hands the state back serialised; the next invocation restores it.
    const carried = restoreState(JSON.parse(JSON.stringify(first)));
    const outcome = accumulate(
      carried,
      {
        data: encode(event({ event_type: "click" })),
        arrivalMs: Date.parse("2026-11-26T03:22:40Z"),
      },
      30_000,
    );
    expect(outcome).to.equal("duplicate");
    expect(windowCounts(carried)).to.deep.equal({
      channels: [{ channel: "home-rfy", minute: "2026-11-26T03:22Z", impressions: 0, clicks: 1 }],
      items: [{ itemId: "i1", minute: "2026-11-26T03:22Z", clicks: 1 }],
    });
  });

  it("rejects records that are not JSON or that the schema rejects, and ignores valid non-KPI types", () => {
    const state: WindowState = emptyState();
    const outcomes = [
      accumulate(
        state,
        { data: Buffer.from("{not json").toString("base64"), arrivalMs: 0 },
        30_000,
      ),
      accumulate(state, { data: encode(event({ channel: undefined })), arrivalMs: 0 }, 30_000),
      accumulate(state, { data: encode({ ...event({}), surprise: 1 }), arrivalMs: 0 }, 30_000),
      accumulate(
        state,
        {
          data: encode(
            event({
              event_type: "view",
              channel: undefined,
              recommendation_id: undefined,
              position: undefined,
            }),
          ),
          arrivalMs: 0,
        },
        30_000,
      ),
    ];
    expect(outcomes).to.deep.equal(["invalid", "invalid", "invalid", "ignored"]);
    expect(windowCounts(state)).to.deep.equal({ channels: [], items: [] });
    expect(state.dropped).to.deep.equal({ invalid: 3, late: 0, duplicate: 0 });
  });

  it("stores each counted id in the state at the budgeted size", () => {
    const state = emptyState();
    accumulate(
      state,
      { data: encode(event({})), arrivalMs: Date.parse("2026-11-26T03:22:11Z") },
      30_000,
    );
    const withOne = JSON.stringify(state.seen).length;
    accumulate(
      state,
      {
        data: encode(event({ event_id: "00000000-0000-4000-8000-000000000002" })),
        arrivalMs: Date.parse("2026-11-26T03:22:11Z"),
      },
      30_000,
    );
    expect(JSON.stringify(state.seen).length - withOne).to.equal(STATE_BYTES_PER_EVENT);
  });
});
