/**
 * The serving layer's merge, pure: where the boundary falls, which layer answers which day, and
 * that no minute is counted by both or by neither.
 */
import { expect } from "chai";
import { mergeKpis, planMerge } from "../../components/kpi-serving";
import type { BatchDayRow, SpeedMinute } from "../../components/kpi-serving";

const NOW = Date.parse("2026-11-26T10:30:15.000Z");
const batchRow = (dt: string, channel: string, n: number): BatchDayRow => ({
  dt,
  channel,
  impressions: 100 * n,
  clicks: 10 * n,
  conversions: n,
  revenue: 9.99 * n,
});
const minute = (at: string, channel: string, impressions: number, clicks: number): SpeedMinute => ({
  channel,
  windowStart: at,
  impressions,
  clicks,
});

describe("KPI serving: planning the merge", () => {
  it("puts the boundary at UTC midnight after the latest materialised day", () => {
    expect(planMerge({ from: "2026-11-20", to: "2026-11-26" }, "2026-11-25", NOW)).to.deep.equal({
      closed: { from: "2026-11-20", to: "2026-11-25" },
      open: { fromMs: Date.parse("2026-11-26T00:00:00.000Z"), toMs: NOW },
      boundary: "2026-11-26T00:00:00.000Z",
      latestClosed: "2026-11-25",
    });
  });

  it("serves a lagging materialisation's missing day from the speed view", () => {
    const plan = planMerge({ from: "2026-11-20", to: "2026-11-26" }, "2026-11-24", NOW);
    expect(plan.closed).to.deep.equal({ from: "2026-11-20", to: "2026-11-24" });
    expect(plan.open).to.deep.equal({ fromMs: Date.parse("2026-11-25T00:00:00.000Z"), toMs: NOW });
  });

  it("never treats today as closed, even if a partition for it exists", () => {
    const plan = planMerge({ from: "2026-11-25", to: "2026-11-26" }, "2026-11-26", NOW);
    expect(plan.closed).to.deep.equal({ from: "2026-11-25", to: "2026-11-25" });
    expect(plan.boundary).to.equal("2026-11-26T00:00:00.000Z");
  });

  it("asks only the batch layer for a range that ended before the boundary", () => {
    const plan = planMerge({ from: "2026-11-01", to: "2026-11-10" }, "2026-11-25", NOW);
    expect(plan).to.deep.equal({
      closed: { from: "2026-11-01", to: "2026-11-10" },
      boundary: "2026-11-26T00:00:00.000Z",
      latestClosed: "2026-11-25",
    });
  });

  it("asks only the speed layer when nothing is materialised", () => {
    const plan = planMerge({ from: "2026-11-26", to: "2026-11-26" }, undefined, NOW);
    expect(plan).to.deep.equal({
      open: { fromMs: Date.parse("2026-11-26T00:00:00.000Z"), toMs: NOW },
      boundary: "2026-11-26T00:00:00.000Z",
    });
  });
});

describe("KPI serving: merging the layers", () => {
  const range = { from: "2026-11-24", to: "2026-11-26" };
  const plan = planMerge(range, "2026-11-25", NOW);
  const batch = [
    batchRow("2026-11-24", "home-rfy", 1),
    batchRow("2026-11-25", "home-rfy", 2),
    batchRow("2026-11-25", "popular", 3),
    // Not asked for, and outside the closed range: both ignored.
    batchRow("2026-11-25", "pdp-similar", 5),
    batchRow("2026-11-26", "home-rfy", 50),
  ];
  const speed = [
    // Before the boundary: the batch layer already counts this minute.
    minute("2026-11-25T23:59:00.000Z", "home-rfy", 1000, 1000),
    minute("2026-11-26T00:00:00.000Z", "home-rfy", 40, 4),
    minute("2026-11-26T10:30:00.000Z", "home-rfy", 10, 0),
    minute("2026-11-26T09:00:00.000Z", "popular", 0, 2),
  ];
  const merged = mergeKpis(range, ["popular", "home-rfy"], plan, batch, speed, NOW);

  it("sums closed days and the open day per channel, CTR from the sums", () => {
    expect(merged.channels).to.deep.equal([
      {
        channel: "home-rfy",
        impressions: 100 + 200 + 50,
        clicks: 10 + 20 + 4,
        ctr: 34 / 350,
        conversions: 3,
        revenue: 29.97,
      },
      {
        channel: "popular",
        impressions: 300,
        clicks: 32,
        ctr: 32 / 300,
        conversions: 3,
        revenue: 29.97,
      },
    ]);
  });

  it("labels each day with its source; speed days have no conversions yet", () => {
    expect(
      merged.days.map((d) => [d.dt, d.channel, d.source, d.impressions, d.conversions]),
    ).to.deep.equal([
      ["2026-11-24", "home-rfy", "batch", 100, 1],
      ["2026-11-25", "home-rfy", "batch", 200, 2],
      ["2026-11-25", "popular", "batch", 300, 3],
      ["2026-11-26", "home-rfy", "speed", 50, null],
      ["2026-11-26", "popular", "speed", 0, null],
    ]);
    expect(merged.days[4].ctr).to.equal(null);
  });

  it("states the boundary and how fresh each layer is", () => {
    expect(merged.boundary).to.equal("2026-11-26T00:00:00.000Z");
    expect(merged.freshness).to.deep.equal({
      batchThrough: "2026-11-25",
      conversionsThrough: "2026-11-25",
      speedThrough: "2026-11-26T10:30:00.000Z",
      asOf: "2026-11-26T10:30:15.000Z",
    });
  });
});
