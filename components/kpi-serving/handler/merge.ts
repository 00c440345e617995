/**
 * The serving layer's merge, pure: closed days from the batch KPI table, the open period from the
 * speed view, joined at one boundary (UTC midnight after the latest materialised day), so no
 * minute is counted by both layers and none by neither.
 *
 * The speed view counts impressions and clicks per channel and minute; it has no attribution
 * (a buy is attributed to a click up to 24 hours earlier, which only the batch join can do). So
 * the open period contributes impressions and clicks, and conversions and revenue are the closed
 * days' and say so (`conversionsThrough`).
 */

const DAY_MS = 86_400_000;

/** A row of the batch table kpi_channel_daily (channel_kpis.sql). */
export interface BatchDayRow {
  readonly dt: string;
  readonly channel: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly revenue: number;
}

/** A channel minute of the speed view. */
export interface SpeedMinute {
  readonly channel: string;
  /** ISO instant of the minute's start. */
  readonly windowStart: string;
  readonly impressions: number;
  readonly clicks: number;
}

/** The part of a request each layer answers. */
export interface MergePlan {
  /** Inclusive dt range the batch table answers; absent when no requested day is closed. */
  readonly closed?: { readonly from: string; readonly to: string };
  /** `[from, to)` epoch ms the speed view answers; absent when the range ends before the boundary. */
  readonly open?: { readonly fromMs: number; readonly toMs: number };
  /** UTC midnight after the latest closed day: batch before, speed from here on. */
  readonly boundary: string;
  /** The latest materialised day, capped at yesterday; absent when nothing is materialised. */
  readonly latestClosed?: string;
}

export interface KpiTotals {
  readonly impressions: number;
  readonly clicks: number;
  /** clicks / impressions; null without impressions. */
  readonly ctr: number | null;
  /** Attributed buys on closed days only (the speed view cannot attribute). */
  readonly conversions: number;
  readonly revenue: number;
}

export interface ChannelKpis extends KpiTotals {
  readonly channel: string;
}

export interface DayKpis {
  readonly dt: string;
  readonly channel: string;
  readonly source: "batch" | "speed";
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number | null;
  /** Null on speed days: not yet attributed. */
  readonly conversions: number | null;
  readonly revenue: number | null;
}

export interface MergedKpis {
  readonly range: { readonly from: string; readonly to: string };
  readonly boundary: string;
  readonly channels: readonly ChannelKpis[];
  readonly days: readonly DayKpis[];
  readonly freshness: {
    /** Latest closed (materialised, before today) day of the batch layer, if any. */
    readonly batchThrough: string | null;
    /** Last day whose conversions and revenue are included (the day before the boundary). */
    readonly conversionsThrough: string | null;
    /** Start of the newest speed minute with data, if the open period had any. */
    readonly speedThrough: string | null;
    /** When the answer was computed. */
    readonly asOf: string;
  };
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const midnight = (dt: string) => Date.parse(`${dt}T00:00:00.000Z`);
const nextDay = (dt: string) => dayOf(midnight(dt) + DAY_MS);
const ctr = (impressions: number, clicks: number) =>
  impressions === 0 ? null : clicks / impressions;

/**
 * Splits `[from, to]` at the boundary. The latest closed day is the latest materialised one, but
 * never today or later: a partition of the current day would be a partial day.
 */
export function planMerge(
  range: { readonly from: string; readonly to: string },
  latestMaterialised: string | undefined,
  nowMs: number,
): MergePlan {
  const yesterday = dayOf(nowMs - DAY_MS);
  const latestClosed =
    latestMaterialised === undefined
      ? undefined
      : latestMaterialised < yesterday
        ? latestMaterialised
        : yesterday;
  const boundaryDay = latestClosed === undefined ? range.from : nextDay(latestClosed);
  const boundaryMs = midnight(boundaryDay);
  const closedTo = latestClosed !== undefined && latestClosed < range.to ? latestClosed : range.to;
  const closed =
    latestClosed !== undefined && range.from <= closedTo
      ? { from: range.from, to: closedTo }
      : undefined;
  const openFrom = Math.max(boundaryMs, midnight(range.from));
  const openTo = Math.min(midnight(range.to) + DAY_MS, nowMs);
  return {
    ...(closed ? { closed } : {}),
    ...(openFrom < openTo ? { open: { fromMs: openFrom, toMs: openTo } } : {}),
    boundary: new Date(boundaryMs).toISOString(),
    ...(latestClosed !== undefined ? { latestClosed } : {}),
  };
}

/** Merges the two layers' rows for `channels` under `plan`; rows outside the plan are ignored. */
export function mergeKpis(
  range: { readonly from: string; readonly to: string },
  channels: readonly string[],
  plan: MergePlan,
  batch: readonly BatchDayRow[],
  speed: readonly SpeedMinute[],
  nowMs: number,
): MergedKpis {
  const wanted = new Set(channels);
  const days: DayKpis[] = [];
  for (const row of batch) {
    if (!plan.closed || !wanted.has(row.channel)) continue;
    if (row.dt < plan.closed.from || row.dt > plan.closed.to) continue;
    days.push({
      dt: row.dt,
      channel: row.channel,
      source: "batch",
      impressions: row.impressions,
      clicks: row.clicks,
      ctr: ctr(row.impressions, row.clicks),
      conversions: row.conversions,
      revenue: row.revenue,
    });
  }
  const speedDays = new Map<string, { impressions: number; clicks: number }>();
  let speedThrough: string | null = null;
  for (const minute of speed) {
    const at = Date.parse(minute.windowStart);
    if (!plan.open || !wanted.has(minute.channel)) continue;
    if (at < plan.open.fromMs || at >= plan.open.toMs) continue;
    const key = `${dayOf(at)}|${minute.channel}`;
    const sum = speedDays.get(key) ?? { impressions: 0, clicks: 0 };
    sum.impressions += minute.impressions;
    sum.clicks += minute.clicks;
    speedDays.set(key, sum);
    if (speedThrough === null || minute.windowStart > speedThrough)
      speedThrough = minute.windowStart;
  }
  for (const [key, sum] of speedDays) {
    const [dt, channel] = key.split("|");
    days.push({
      dt,
      channel,
      source: "speed",
      ...sum,
      ctr: ctr(sum.impressions, sum.clicks),
      conversions: null,
      revenue: null,
    });
  }
  days.sort((a, b) => a.dt.localeCompare(b.dt) || a.channel.localeCompare(b.channel));
  const totals = [...wanted].sort().map((channel) => {
    const mine = days.filter((d) => d.channel === channel);
    const impressions = mine.reduce((n, d) => n + d.impressions, 0);
    const clicks = mine.reduce((n, d) => n + d.clicks, 0);
    return {
      channel,
      impressions,
      clicks,
      ctr: ctr(impressions, clicks),
      conversions: mine.reduce((n, d) => n + (d.conversions ?? 0), 0),
      // Rounded like the batch SQL, so summing days cannot add float noise to the money.
      revenue: Math.round(mine.reduce((n, d) => n + (d.revenue ?? 0), 0) * 1e6) / 1e6,
    };
  });
  return {
    range,
    boundary: plan.boundary,
    channels: totals,
    days,
    freshness: {
      batchThrough: plan.latestClosed ?? null,
      conversionsThrough: plan.closed ? plan.closed.to : null,
      speedThrough,
      asOf: new Date(nowMs).toISOString(),
    },
  };
}
