/**
 * The marketers' real-time view: a CloudWatch custom widget drawing CTR per channel by minute from
 * the speed view, as inline SVG (CloudWatch renders the HTML a custom widget's function returns).
 * Pure: the series in, HTML out.
 */
import type { MinuteSeries } from "./serve";

/** What CloudWatch sends a custom widget's function: its params and the dashboard's context. */
export interface WidgetEvent {
  readonly channels?: unknown;
  readonly widgetContext: {
    readonly timeRange?: { readonly start?: number; readonly end?: number };
    readonly width?: number;
    readonly height?: number;
  };
}

export const isWidgetEvent = (event: unknown): event is WidgetEvent =>
  typeof event === "object" && event !== null && "widgetContext" in event;

/** Minutes of the dashboard's time range, within what the speed view keeps. */
export function widgetMinutes(event: WidgetEvent, maxMinutes: number): number {
  const { start, end } = event.widgetContext.timeRange ?? {};
  if (typeof start !== "number" || typeof end !== "number" || end <= start) return 60;
  return Math.max(1, Math.min(maxMinutes, Math.ceil((end - start) / 60_000)));
}

// Colour-blind-safe (Okabe-Ito): a marketer tells channels apart by colour first.
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

export function widgetHtml(data: MinuteSeries, width = 600, height = 300): string {
  const w = Math.max(300, width - 20);
  const h = Math.max(150, height - 90);
  const all = data.channels.flatMap((c) => data.series[c].map((p) => p.ctr ?? 0));
  const top = Math.max(0.01, ...all);
  const x = (i: number) => (data.minutes.length <= 1 ? 0 : (i / (data.minutes.length - 1)) * w);
  const y = (v: number) => h - (v / top) * h;
  const lines = data.channels.map((channel, k) => {
    const colour = COLOURS[k % COLOURS.length];
    // A minute without impressions has no CTR: the line breaks there rather than dropping to 0.
    const segments: string[][] = [[]];
    data.series[channel].forEach((p, i) => {
      if (p.ctr === null) segments.push([]);
      else segments[segments.length - 1].push(`${x(i).toFixed(1)},${y(p.ctr).toFixed(1)}`);
    });
    return segments
      .filter((s) => s.length > 0)
      .map((s) =>
        s.length === 1
          ? `<circle cx="${s[0].split(",")[0]}" cy="${s[0].split(",")[1]}" r="2" fill="${colour}"/>`
          : `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${s.join(" ")}"/>`,
      )
      .join("");
  });
  const legend = data.channels
    .map((channel, k) => {
      const points = data.series[channel];
      const impressions = points.reduce((n, p) => n + p.impressions, 0);
      const clicks = points.reduce((n, p) => n + p.clicks, 0);
      const overall = impressions === 0 ? "n/a" : `${((clicks / impressions) * 100).toFixed(2)}%`;
      return `<tr><td style="color:${COLOURS[k % COLOURS.length]}">&#9632; ${escape(channel)}</td><td>${impressions}</td><td>${clicks}</td><td>${overall}</td></tr>`;
    })
    .join("");
  const first = data.minutes[0] ?? "";
  const last = data.minutes[data.minutes.length - 1] ?? "";
  return [
    `<svg width="${w}" height="${h + 20}" role="img" aria-label="CTR per channel by minute">`,
    `<text x="0" y="10" font-size="10">${(top * 100).toFixed(1)}%</text>`,
    `<g transform="translate(0,12)">${lines.join("")}<line x1="0" y1="${h}" x2="${w}" y2="${h}" stroke="#888"/></g>`,
    `</svg>`,
    `<div style="font-size:11px">${escape(first)} to ${escape(last)} UTC, from the speed view (on-time events; the daily KPIs are final)</div>`,
    `<table style="font-size:12px"><tr><th>channel</th><th>impressions</th><th>clicks</th><th>CTR</th></tr>${legend}</table>`,
  ].join("\n");
}
