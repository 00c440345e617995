/**
 * README's benchmark table, written from a bench report: every row is a figure of the same run
 * with the floor it is compared against, so the README cannot quote numbers no run produced. The
 * table sits between two markers in README.md; `npm run bench` rewrites what is between them.
 */
import type { BenchReport, BenchResult } from "./result";

export const TABLE_START = "<!-- bench:table:start (written by npm run bench) -->";
export const TABLE_END = "<!-- bench:table:end -->";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** One markdown row per measure the run has, in README's order; missing suites add no row. */
export function readmeTable(report: BenchReport): string {
  const all = new Map<string, BenchResult>(
    Object.values(report.suites)
      .flat()
      .map((r) => [r.name, r]),
  );
  const v = (name: string) => all.get(name)?.value;
  const m = report.machine;
  const rows: string[] = [];
  const floor = v("plan.sdk_floor.ms");
  const dev = v("plan.dev.ms");
  const prod = v("plan.prod.ms");
  if (floor !== undefined && dev !== undefined && prod !== undefined) {
    rows.push(
      `| offline plan, dev / prod | ${fmt(dev / 1000, 2)} s / ${fmt(prod / 1000, 2)} s: ${fmt(dev / floor, 1)}× / ${fmt(prod / floor, 1)}× the ${fmt(floor / 1000, 2)} s it takes to load \`@pulumi/pulumi\` and \`@pulumi/aws\` alone |`,
    );
    const cold = v("plan.prod_cold.ms");
    if (cold !== undefined) {
      rows.push(
        `| offline plan of prod, first run (no \`.cache/\`) | ${fmt(cold / 1000, 2)} s: ${fmt(cold / floor, 1)}× the same floor (Lambda bundles, function parses, serialised providers and transpiled files are then reused) |`,
      );
    }
  }
  const phases = [...all.values()].filter((r) => /^profile\.prod\.phase\./.test(r.name));
  if (phases.length > 0) {
    const total = v("profile.prod.total_ms");
    const shares = phases
      .filter((r) => r.value >= 1)
      .map((r) => `${r.detail?.split(":")[0]} ${fmt(r.value)} %`)
      .join(", ");
    rows.push(
      `| where the prod plan's CPU goes (${total === undefined ? "one profile" : `${fmt(total)} ms sampled`}) | ${shares} |`,
    );
  }
  const test = v("npm_test.seconds");
  const tsc = v("npm_test.typecheck_floor.seconds");
  if (test !== undefined) {
    rows.push(
      `| \`npm test\` (type-check + every suite, PyFlink and API models already installed) | ${fmt(test, 1)} s${tsc === undefined ? "" : `: ${fmt(test / tsc, 1)}× the ${fmt(tsc, 1)} s of its one \`tsc --noEmit\` alone`} |`,
    );
  }
  const batched = v("producer.batched.throughput");
  const single = v("producer.single.throughput");
  const ceiling = v("producer.ceiling.throughput");
  if (batched !== undefined && single !== undefined && ceiling !== undefined) {
    rows.push(
      `| producer against kinesalite | ${fmt(batched)} events/s batched (${fmt(v("producer.batched.records_per_call") ?? 0)} records per PutRecords call) vs ${fmt(single)} events/s with one PutRecord per event: ${fmt(batched / single, 1)}×; the emulator's own ceiling (bare PutRecords loop) is ${fmt(ceiling)} events/s, ${fmt(ceiling / single, 1)}× single, and the producer reaches ${fmt((100 * batched) / ceiling)} % of it |`,
    );
  }
  const soaked = v("producer.soak.events");
  if (soaked !== undefined) {
    rows.push(
      `| producer soak through a fault-injecting proxy | ${fmt(soaked)} events, ${fmt(v("producer.soak.lost") ?? NaN)} lost, ${fmt(v("producer.soak.failed") ?? NaN)} failed, ${fmt(v("producer.soak.duplication_rate") ?? NaN, 1)} % duplicated (answers lost after Kinesis stored the call) |`,
    );
  }
  const json = v("lake.jsonl.bytes");
  const parquet = v("lake.parquet.bytes");
  if (json !== undefined && parquet !== undefined) {
    rows.push(
      `| lake bytes, ${all.get("lake.jsonl.bytes")?.detail?.split(",")[0] ?? "generated events"} | JSON lines ${fmt(json / 1e6, 2)} MB, Parquet (Snappy) ${fmt(parquet / 1e6, 2)} MB: ${fmt(parquet / json, 2)} of the JSON |`,
    );
  }
  return [
    `From one \`npm run bench\` on ${report.date.slice(0, 10)}, on ${m.nproc} CPUs with ${m.memoryGiB} GiB and Node ${m.node}; each figure is set against its floor measured in the same run, so ratios travel better than times:`,
    "",
    "| measure | result |",
    "| --- | --- |",
    ...rows,
  ].join("\n");
}

/** `readme` with the text between the markers replaced by `table`; throws when a marker is missing. */
export function withReadmeTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(
      `README.md has no benchmark table markers. Fix: put ${TABLE_START} and ${TABLE_END} around the table`,
    );
  }
  return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
