/**
 * The serving layer's merged view over a local lake and a local speed view: the closed days from
 * the KPI SQL on DuckDB, the open period from the speed view's rows, joined at the boundary by
 * the same pure functions the KPI serving API runs (components/kpi-serving/handler/merge.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  type MergedKpis,
  type SpeedMinute,
  mergeKpis,
  planMerge,
} from "../../components/kpi-serving";
import type { DtRange } from "../../components/kpi-dashboard/queries";
import { MINUTE_MS, ctr, isoMinute } from "../../components/realtime-analytics/view";
import { runKpiQuery } from "./compute";
import { KpiInputError } from "./errors";
import { money, percent, table } from "./format";

export interface MergedOptions {
  /** When the view is read; @default the minute after the speed view's newest row. */
  readonly now?: string;
  /** The latest materialised day; @default the day before `now`. */
  readonly closedThrough?: string;
}

export interface MergedReport extends MergedKpis {
  /** CTR per channel by minute over the 15 minutes before `now`, from the speed view. */
  readonly minutes: readonly {
    channel: string;
    minute: string;
    impressions: number;
    clicks: number;
    ctr: number | null;
  }[];
}

export async function mergedView(
  connection: DuckDBConnection,
  speed: readonly SpeedMinute[],
  range: DtRange,
  options: MergedOptions,
): Promise<MergedReport> {
  const newest = speed.reduce((m, r) => Math.max(m, Date.parse(r.windowStart)), 0);
  const nowMs = options.now !== undefined ? Date.parse(options.now) : newest + MINUTE_MS;
  if (Number.isNaN(nowMs)) {
    throw new KpiInputError(
      `--now ${JSON.stringify(options.now)} is not an ISO instant like 2026-11-25T10:30:00Z`,
    );
  }
  const closedThrough =
    options.closedThrough ?? new Date(nowMs - 86_400_000).toISOString().slice(0, 10);
  const batch = (await runKpiQuery(connection, "channel_kpis", range)).filter(
    (r) => String(r.dt) <= closedThrough,
  ) as unknown as Parameters<typeof mergeKpis>[3];
  const channels = [...new Set([...batch.map((r) => r.channel), ...speed.map((r) => r.channel)])];
  const plan = planMerge(range, closedThrough, nowMs);
  const merged = mergeKpis(range, channels, plan, batch, speed, nowMs);
  const since = nowMs - 15 * MINUTE_MS;
  const minutes = speed
    .filter((r) => Date.parse(r.windowStart) >= since && Date.parse(r.windowStart) < nowMs)
    .map((r) => ({
      channel: r.channel,
      minute: isoMinute(Date.parse(r.windowStart)),
      impressions: r.impressions,
      clicks: r.clicks,
      ctr: ctr(r.impressions, r.clicks),
    }))
    .sort((a, b) => a.minute.localeCompare(b.minute) || a.channel.localeCompare(b.channel));
  return { ...merged, minutes };
}

export function mergedText(report: MergedReport): string {
  const days = table(
    ["dt", "channel", "source", "impressions", "clicks", "ctr", "conversions", "revenue"],
    report.days.map((d) => [
      d.dt,
      d.channel,
      d.source,
      String(d.impressions),
      String(d.clicks),
      percent(d.ctr),
      d.conversions === null ? "pending" : String(d.conversions),
      d.revenue === null ? "pending" : money(d.revenue),
    ]),
    3,
  );
  const minutes =
    report.minutes.length === 0
      ? "(no speed-view rows in the last 15 minutes)"
      : table(
          ["minute", "channel", "impressions", "clicks", "ctr"],
          report.minutes.map((m) => [
            m.minute,
            m.channel,
            String(m.impressions),
            String(m.clicks),
            percent(m.ctr),
          ]),
          2,
        );
  const f = report.freshness;
  return [
    `Merged KPIs ${report.range.from} to ${report.range.to}: batch before ${report.boundary}, speed view from it`,
    `(batch through ${f.batchThrough ?? "none"}; conversions through ${f.conversionsThrough ?? "none"}; speed view through ${f.speedThrough ?? "none"}; as of ${f.asOf})`,
    "",
    days,
    "",
    "CTR per channel by minute, last 15 minutes (speed view)",
    "",
    minutes,
    "",
  ].join("\n");
}
