/**
 * The "done when", literally: `npm run events` writes a lake, `npm run kpi -- --json
 * --html` reads it, the numbers equal an independent computation over the very records the first
 * command wrote, and the report's charts draw (its own scripts run, Chart.js included, against a
 * stand-in canvas).
 */
import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import * as vm from "node:vm";
import type { BehaviourEvent } from "../../../events";
import { chartData } from "../../../cli/kpi/html";
import { removeTempDirs, tempDir } from "../../kpi-dashboard/lake-helpers";
import { expectSameKpis, referenceKpis } from "../../kpi-dashboard/reference";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const GENERATOR = ["--users", "60", "--items", "25", "--days", "3", "--seed", "7"];

async function npmRun(script: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", script, "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return stdout;
}

/** Every record of a JSON-lines lake, read as plain text: no DuckDB, no lake reader. */
function readJsonLinesLake(dir: string): BehaviourEvent[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(".jsonl") && !file.split(path.sep).includes("invalid"))
    .sort()
    .flatMap((file) =>
      readFileSync(path.join(dir, file), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as BehaviourEvent),
    );
}

/** A 2D context that accepts every drawing call, as a canvas in a browser would. */
function standInCanvas(id: string) {
  const canvas: Record<string, unknown> = { id, width: 640, height: 320, style: {} };
  const context = new Proxy<Record<string | symbol, unknown>>(
    { canvas },
    {
      get: (target, prop) =>
        prop in target
          ? target[prop]
          : prop === "measureText"
            ? () => ({ width: 8, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 })
            : () => undefined,
    },
  );
  canvas.getContext = () => context;
  return canvas;
}

/** Runs the page's scripts in order; returns the charts Chart.js made, by canvas id. */
function openReport(html: string) {
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const data = scripts.find(([, attrs]) => attrs.includes('id="kpi-data"'))![2];
  const canvases = new Map(
    [...html.matchAll(/<canvas id="(\w+)">/g)].map(([, id]) => [id, standInCanvas(id)]),
  );
  const page: Record<string, unknown> = {
    document: {
      getElementById: (id: string) =>
        id === "kpi-data" ? { textContent: data } : (canvases.get(id) ?? null),
    },
  };
  vm.createContext(page);
  for (const [, attrs, code] of scripts) {
    if (!attrs.includes("application/json")) vm.runInContext(code, page);
  }
  const Chart = page.Chart as { instances: Record<string, any> };
  return new Map(Object.values(Chart.instances).map((chart) => [chart.canvas.id, chart]));
}

describe("npm run events, then npm run kpi --json --html", function () {
  // Four commands, each starting TypeScript: seconds each.
  this.timeout(120_000);
  after(removeTempDirs);

  it("gives the numbers of an independent computation over the records the generator wrote, Parquet or JSON lines", async () => {
    const parquetLake = path.join(tempDir(), "lake");
    const jsonLake = path.join(tempDir(), "lake");
    expect(await npmRun("events", ["--out", parquetLake, ...GENERATOR])).to.match(
      /^wrote \d+ events \(60 users, 25 items, 3 days from .*, seed 7\) as parquet/,
    );
    await npmRun("events", ["--out", jsonLake, ...GENERATOR, "--format", "jsonl"]);

    const out = tempDir();
    const report = (name: string) => path.join(out, name);
    await npmRun("kpi", ["--events", parquetLake, "--json", report("parquet.json")]);
    await npmRun("kpi", [
      "--events",
      jsonLake,
      "--json",
      report("jsonl.json"),
      "--html",
      report("report.html"),
    ]);
    const fromParquet = JSON.parse(readFileSync(report("parquet.json"), "utf8"));
    const fromJsonLines = JSON.parse(readFileSync(report("jsonl.json"), "utf8"));

    const events = readJsonLinesLake(jsonLake);
    const days = [...new Set(events.map((e) => e.event_time.slice(0, 10)))].sort();
    expect(days).to.have.length(3);
    const expected = referenceKpis(events, days[0], days[days.length - 1]);
    expect(expected.channels.filter((r) => r.conversions > 0)).to.not.deep.equal([]);
    expectSameKpis(fromJsonLines, expected);
    expectSameKpis(fromParquet, expected);

    // The report opens: its scripts run and draw four charts of the report's numbers.
    const charts = openReport(readFileSync(report("report.html"), "utf8"));
    const drawn = chartData(fromJsonLines);
    expect([...charts.keys()].sort()).to.deep.equal(["ctr", "cvr", "funnel", "revenue"]);
    for (const [id, type] of [
      ["ctr", "line"],
      ["cvr", "line"],
      ["revenue", "bar"],
      ["funnel", "bar"],
    ] as const) {
      const chart = charts.get(id);
      expect(chart.config.type, id).to.equal(type);
      expect(chart.data.labels, id).to.deep.equal(days);
      expect(
        chart.data.datasets.map((d: { label: string; data: unknown[] }) => ({
          label: d.label,
          data: d.data,
        })),
        id,
      ).to.deep.equal(drawn[id]);
      // Chart.js laid out one element per day and series, inside the chart area.
      chart.data.datasets.forEach((_: unknown, i: number) => {
        const elements = chart.getDatasetMeta(i).data;
        expect(elements, `${id} series ${i}`).to.have.length(days.length);
      });
      expect(chart.chartArea.width, id).to.be.greaterThan(0);
    }
  });
});
