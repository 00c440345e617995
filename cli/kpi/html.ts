/**
 * A self-contained HTML report: Chart.js is inlined from node_modules (no CDN, so the file opens
 * offline and leaks nothing), the KPIs are embedded as JSON, and the same tables as the terminal
 * follow the charts.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { KpiReport } from "./compute";
import { channelCells, funnelCells } from "./format";

/** Chart.js's UMD build; the package's exports map hides dist/, so it is found beside its main. */
export function chartJsSource(): string {
  const file = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.js");
  // The source map is not shipped with the report.
  return readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=\S*\s*$/, "\n");
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

/** JSON safe inside a <script> element: no `</script>` or HTML comment can be formed. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function rowsHtml(cells: readonly string[][]): string {
  return cells
    .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`)
    .join("\n");
}

/** What the charts draw, computed here so that a test can read it back from the file. */
export function chartData(report: KpiReport) {
  const days = [
    ...new Set([...report.channels.map((r) => r.dt), ...report.funnel.map((r) => r.dt)]),
  ].sort();
  const channels = [...new Set(report.channels.map((r) => r.channel))].sort();
  const at = (channel: string, dt: string) =>
    report.channels.find((r) => r.channel === channel && r.dt === dt);
  const series = (pick: (r: KpiReport["channels"][number]) => number | null) =>
    channels.map((channel) => ({
      label: channel,
      data: days.map((dt) => {
        const r = at(channel, dt);
        return r ? pick(r) : null;
      }),
    }));
  const funnelAt = (dt: string) => report.funnel.find((r) => r.dt === dt);
  return {
    days,
    ctr: series((r) => (r.ctr === null ? null : r.ctr * 100)),
    cvr: series((r) => (r.cvr === null ? null : r.cvr * 100)),
    revenue: series((r) => r.revenue),
    funnel: (["visit", "view", "cart", "buy"] as const).map((stage) => ({
      label: stage,
      data: days.map((dt) => funnelAt(dt)?.[stage] ?? 0),
    })),
  };
}

const DRAW = `
const data = JSON.parse(document.getElementById("kpi-data").textContent);
const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const colour = (sets) => sets.map((s, i) => ({ ...s, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], spanGaps: false }));
const axis = (title) => ({ y: { beginAtZero: true, title: { display: true, text: title } } });
new Chart(document.getElementById("ctr"), { type: "line", data: { labels: data.days, datasets: colour(data.ctr) }, options: { scales: axis("CTR %") } });
new Chart(document.getElementById("cvr"), { type: "line", data: { labels: data.days, datasets: colour(data.cvr) }, options: { scales: axis("CVR %") } });
new Chart(document.getElementById("revenue"), { type: "bar", data: { labels: data.days, datasets: colour(data.revenue) }, options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: "revenue" } } } } });
new Chart(document.getElementById("funnel"), { type: "bar", data: { labels: data.days, datasets: colour(data.funnel) }, options: { scales: axis("distinct users") } });
`;

export function htmlReport(report: KpiReport, range: { from: string; to: string }): string {
  const title = `Recommendation KPIs ${range.from} to ${range.to}`;
  const channelRows = rowsHtml(report.channels.map(channelCells));
  const funnelRows = rowsHtml(report.funnel.map(funnelCells));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .5rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Per UTC day; events de-duplicated by event_id; buys attributed to the latest click on the same item by the same user within 24 hours.</p>
<div class="grid">
<figure><figcaption>CTR per channel</figcaption><canvas id="ctr"></canvas></figure>
<figure><figcaption>CVR per channel</figcaption><canvas id="cvr"></canvas></figure>
<figure><figcaption>Revenue per channel</figcaption><canvas id="revenue"></canvas></figure>
<figure><figcaption>Funnel: distinct users per day</figcaption><canvas id="funnel"></canvas></figure>
</div>
<h2>Channels</h2>
<table>
<thead><tr><th>dt</th><th>channel</th><th>impressions</th><th>clicks</th><th>ctr</th><th>conversions</th><th>cvr</th><th>revenue</th><th>coverage</th></tr></thead>
<tbody>
${channelRows}
</tbody>
</table>
<h2>Funnel</h2>
<table>
<thead><tr><th>dt</th><th>visit</th><th>view</th><th>cart</th><th>buy</th></tr></thead>
<tbody>
${funnelRows}
</tbody>
</table>
<script type="application/json" id="kpi-data">${scriptJson(chartData(report))}</script>
<script>
${chartJsSource()}
</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
