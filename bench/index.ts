/**
 * `npm run bench [-- --runs N] [-- --skip npm-test,producer,lake,plan,profile]`
 *
 * Runs every benchmark (offline plan per stack against the SDK floor, npm test, the producer, the
 * lake, and one CPU profile of the prod plan by phase and module), writes bench/results.json and the summary docs/benchmarks.md with the machine they
 * ran on. Medians of several runs; nothing here asserts a time.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { BenchReport, BenchResult, Machine } from "./result";
import { ROOT } from "./plan";
import { readmeTable, withReadmeTable } from "./readme-table";

export type { BenchReport, Machine };

export function machine(): Machine {
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

const SUITES = {
  plan: (runs: number) => import("./plan").then((m) => m.run({ runs, coldStacks: ["prod"] })),
  "npm-test": () => import("./test-suite").then((m) => m.run()),
  producer: () => import("./producer").then((m) => m.run()),
  lake: () => import("./lake").then((m) => m.run()),
  // One CPU profile of the prod plan, by phase and module: which part grew, not just that it did.
  profile: () => import("./profile").then((m) => m.run()),
} as const;

export type SuiteName = keyof typeof SUITES;

/** The markdown summary: machine, then one table per suite. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` on ${report.date}; raw numbers in \`bench/results.json\`. Medians of`,
    "several runs; timings vary between machines, ratios measured in the same run travel better.",
    "",
    `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}.`,
  ];
  for (const [suite, results] of Object.entries(report.suites)) {
    lines.push(
      "",
      `## ${suite}`,
      "",
      "| measure | value | unit | how |",
      "| --- | ---: | --- | --- |",
    );
    for (const r of results) {
      lines.push(
        `| \`${r.name}\` | ${r.value.toLocaleString("en-US")} | ${r.unit} | ${r.detail ?? ""} |`,
      );
    }
  }
  for (const [suite, why] of Object.entries(report.failures ?? {})) {
    lines.push("", `## ${suite}`, "", `Not measured: ${why.split("\n")[0]}`);
  }
  return `${lines.join("\n")}\n`;
}

export async function main(argv: string[]): Promise<BenchReport> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: "string", default: "3" }, skip: { type: "string", default: "" } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs is ${JSON.stringify(values.runs)}; it must be a whole number ≥ 1`);
  }
  const skip = new Set(values.skip.split(",").filter(Boolean));
  const unknown = [...skip].filter((s) => !(s in SUITES));
  if (unknown.length > 0) {
    throw new Error(
      `--skip names ${unknown.join(", ")}; suites are ${Object.keys(SUITES).join(", ")}`,
    );
  }
  const suites: Record<string, BenchResult[]> = {};
  const failures: Record<string, string> = {};
  for (const name of Object.keys(SUITES) as SuiteName[]) {
    if (skip.has(name)) continue;
    process.stdout.write(`bench: ${name}...\n`);
    try {
      suites[name] = await SUITES[name](runs);
      for (const r of suites[name]) process.stdout.write(`  ${r.name} = ${r.value} ${r.unit}\n`);
    } catch (e) {
      failures[name] = (e as Error).message;
      process.stderr.write(`bench: ${name} not measured: ${failures[name]}\n`);
    }
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: machine(),
    suites,
    ...(Object.keys(failures).length > 0 ? { failures } : {}),
  };
  fs.writeFileSync(
    path.join(ROOT, "bench", "results.json"),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(ROOT, "docs", "benchmarks.md"), renderMarkdown(report));
  const readme = path.join(ROOT, "README.md");
  fs.writeFileSync(readme, withReadmeTable(fs.readFileSync(readme, "utf8"), readmeTable(report)));
  process.stdout.write("Wrote bench/results.json, docs/benchmarks.md and README.md's table\n");
  return report;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`bench: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
