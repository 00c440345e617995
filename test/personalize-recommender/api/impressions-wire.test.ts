import { expect } from "chai";
import {
  impressionEvents,
  logImpressions,
} from "../../../components/personalize-recommender/api/impressions";
import { LocalKinesis, startKinesalite } from "../../stream-ingestion/producer/kinesalite";
import { FaultProxy, startFaultProxy } from "../../stream-ingestion/producer/proxy";

describe("impression logging against kinesalite behind the fault proxy", () => {
  let kinesis: LocalKinesis;
  let proxy: FaultProxy;
  before(async () => {
    kinesis = await startKinesalite();
    proxy = await startFaultProxy(kinesis.endpoint);
    await kinesis.createStream("events", 1);
  });
  after(async () => {
    await proxy.stop();
    await kinesis.stop();
  });

  const served = (userId: string) =>
    impressionEvents(
      {
        userId,
        sessionId: "s-1",
        channel: "home-rfy",
        recommendationId: "RID-1",
        itemIds: ["i-1", "i-2", "i-3"],
      },
      new Date("2026-11-26T03:22:36.123Z"),
      (() => {
        let n = 0;
        return () =>
          `00000000-0000-4000-8000-${userId.padStart(6, "0")}${String(++n).padStart(6, "0")}`;
      })(),
    );

  it("gives up at its budget on a real client whose stream never answers", async () => {
    proxy.setPlan(() => "hang");
    const lines: Record<string, unknown>[] = [];
    const result = await logImpressions(served("1"), {
      kinesis: kinesis.client({ endpoint: proxy.endpoint, maxAttempts: 1 }),
      streamName: "events",
      budgetMs: 100,
      log: (l) => lines.push(l),
    });
    expect(result.sent).to.equal(0);
    expect(result.unsent).to.have.length(3);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.deep.include({ ImpressionsNotLogged: 3, error: "TimeoutError" });
  });

  it("writes every impression when the stream throttles once, within the budget", async () => {
    proxy.setPlan(({ putIndex }) => (putIndex === 0 ? "throttle" : "pass"));
    const events = served("2");
    const result = await logImpressions(events, {
      kinesis: kinesis.client({ endpoint: proxy.endpoint, maxAttempts: 1 }),
      streamName: "events",
      budgetMs: 5_000,
      log: () => undefined,
    });
    expect(result).to.deep.equal({ sent: 3, unsent: [] });
    const stored = (await kinesis.readAll("events")).map((r) => JSON.parse(r.data).event_id);
    expect(stored).to.include.members(events.map((e) => e.event_id));
  });
});
