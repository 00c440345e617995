/**
 * An independent TypeScript computation of the KPI definitions (ARCHITECTURE's wording, followed
 * literally with loops and maps), so the SQL is checked against something that shares no code
 * and no technique with it: here attribution scans every click for every buy.
 */
import { expect } from "chai";
import { BehaviourEvent, eventDate } from "../../events";
import type { ChannelKpiRow, FunnelRow, KpiReport } from "../../cli/kpi/compute";

const DAY_MS = 24 * 60 * 60 * 1000;

export function referenceKpis(log: readonly BehaviourEvent[], from: string, to: string): KpiReport {
  const unique = new Map<string, BehaviourEvent>();
  for (const e of log) if (!unique.has(e.event_id)) unique.set(e.event_id, e);
  const events = [...unique.values()];
  const inRange = (e: BehaviourEvent) => eventDate(e) >= from && eventDate(e) <= to;
  const clicks = events.filter((e) => e.event_type === "click" && e.channel !== undefined);

  const rows = new Map<
    string,
    {
      impressions: number;
      clicks: number;
      conversions: number;
      revenue: number;
      items: Set<string>;
    }
  >();
  const at = (dt: string, channel: string) => {
    const key = `${dt}|${channel}`;
    if (!rows.has(key))
      rows.set(key, { impressions: 0, clicks: 0, conversions: 0, revenue: 0, items: new Set() });
    return rows.get(key)!;
  };
  for (const e of events.filter(inRange)) {
    if (e.event_type === "impression") {
      const r = at(eventDate(e), e.channel!);
      r.impressions++;
      r.items.add(e.item_id!);
    } else if (e.event_type === "click" && e.channel !== undefined) {
      at(eventDate(e), e.channel).clicks++;
    } else if (e.event_type === "buy") {
      const buyAt = Date.parse(e.event_time);
      let best: BehaviourEvent | undefined;
      for (const c of clicks) {
        const clickAt = Date.parse(c.event_time);
        if (c.user_id !== e.user_id || c.item_id !== e.item_id) continue;
        if (clickAt > buyAt || buyAt - clickAt > DAY_MS) continue;
        const bestAt = best ? Date.parse(best.event_time) : -Infinity;
        if (clickAt > bestAt || (clickAt === bestAt && c.event_id > best!.event_id)) best = c;
      }
      if (best) {
        const r = at(eventDate(e), best.channel!);
        r.conversions++;
        r.revenue += e.price! * e.quantity!;
      }
    }
  }
  const channels: ChannelKpiRow[] = [...rows.entries()]
    .map(([key, r]) => {
      const [dt, channel] = key.split("|");
      return {
        dt,
        channel,
        impressions: r.impressions,
        clicks: r.clicks,
        ctr: r.impressions === 0 ? null : r.clicks / r.impressions,
        conversions: r.conversions,
        cvr: r.clicks === 0 ? null : r.conversions / r.clicks,
        revenue: r.revenue,
        coverage: r.items.size,
      };
    })
    .sort((a, b) => (a.dt + a.channel < b.dt + b.channel ? -1 : 1));

  const days = new Map<string, Record<"visit" | "view" | "cart" | "buy", Set<string>>>();
  for (const e of events.filter(inRange)) {
    const dt = eventDate(e);
    if (!days.has(dt))
      days.set(dt, { visit: new Set(), view: new Set(), cart: new Set(), buy: new Set() });
    const stage = e.event_type as "visit" | "view" | "cart" | "buy";
    days.get(dt)![stage]?.add(e.user_id);
  }
  const funnel: FunnelRow[] = [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([dt, s]) => ({
      dt,
      visit: s.visit.size,
      view: s.view.size,
      cart: s.cart.size,
      buy: s.buy.size,
    }));
  return { channels, funnel };
}

/** Counts exactly; ratios and money to 1e-9, as float sums may add in another order. */
export function expectSameKpis(actual: KpiReport, expected: KpiReport): void {
  expect(actual.funnel).to.deep.equal(expected.funnel);
  expect(actual.channels.map((r) => [r.dt, r.channel])).to.deep.equal(
    expected.channels.map((r) => [r.dt, r.channel]),
  );
  actual.channels.forEach((got, i) => {
    const want = expected.channels[i];
    const where = `${got.dt} ${got.channel}`;
    for (const key of ["impressions", "clicks", "conversions", "coverage"] as const) {
      expect(got[key], `${where} ${key}`).to.equal(want[key]);
    }
    for (const key of ["ctr", "cvr", "revenue"] as const) {
      if (want[key] === null) expect(got[key], `${where} ${key}`).to.equal(null);
      else expect(got[key], `${where} ${key}`).to.be.closeTo(want[key] as number, 1e-9);
    }
  });
}
