/**
 * The KPI tables as a person reads them in a terminal: ratios as percentages, money with cents,
 * and "n/a" where a ratio has no denominator (never a misleading 0%).
 */
import type { ChannelKpiRow, FunnelRow, KpiReport } from "./compute";

export const percent = (value: number | null) =>
  value === null ? "n/a" : `${(value * 100).toFixed(2)}%`;
export const money = (value: number) => value.toFixed(2);

/** Left-aligns the first `textColumns` columns and right-aligns the numbers after them. */
export function table(
  headers: readonly string[],
  rows: readonly string[][],
  textColumns: number,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** One channel row as shown to a person (terminal and HTML alike). */
export const channelCells = (r: ChannelKpiRow): string[] => [
  r.dt,
  r.channel,
  String(r.impressions),
  String(r.clicks),
  percent(r.ctr),
  String(r.conversions),
  percent(r.cvr),
  money(r.revenue),
  String(r.coverage),
];

/** One funnel row as shown to a person. */
export const funnelCells = (r: FunnelRow): string[] => [
  r.dt,
  String(r.visit),
  String(r.view),
  String(r.cart),
  String(r.buy),
];

export function channelTable(rows: readonly ChannelKpiRow[]): string {
  if (rows.length === 0) return "(no impressions, clicks or attributed buys in the range)";
  return table(
    ["dt", "channel", "impressions", "clicks", "ctr", "conversions", "cvr", "revenue", "coverage"],
    rows.map(channelCells),
    2,
  );
}

export function funnelTable(rows: readonly FunnelRow[]): string {
  if (rows.length === 0) return "(no events in the range)";
  return table(["dt", "visit", "view", "cart", "buy"], rows.map(funnelCells), 1);
}

export function textReport(report: KpiReport, range: { from: string; to: string }): string {
  return [
    `Recommendation KPIs per channel, ${range.from} to ${range.to} (24-hour last-click attribution)`,
    "",
    channelTable(report.channels),
    "",
    "Funnel: distinct users per day",
    "",
    funnelTable(report.funnel),
    "",
  ].join("\n");
}
