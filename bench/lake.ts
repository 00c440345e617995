/**
 * Lake benchmark: bytes of the same behaviour log stored as JSON lines (what Firehose would write
 * without conversion) versus Glue-typed Snappy Parquet (what it writes with conversion) — the
 * storage and Athena scan cost the conversion saves.
 *
 * Run: `node -r ./cli/register.js bench/lake.ts`
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateEvents } from "../events";
import { writeLake } from "../events/lake";
import type { BenchResult } from "./result";

const OPTIONS = { users: 500, items: 1_000, days: 7, seed: 2026 };

export async function run(): Promise<BenchResult[]> {
  const log = generateEvents(OPTIONS);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lake-"));
  try {
    const jsonl = await writeLake(path.join(root, "jsonl"), log.events, "jsonl");
    const parquet = await writeLake(path.join(root, "parquet"), log.events, "parquet");
    const n = log.events.length;
    const detail = `${n} events, ${OPTIONS.days} daily partitions (generator: ${OPTIONS.users} users, seed ${OPTIONS.seed})`;
    return [
      { name: "lake.jsonl.bytes", unit: "bytes", value: jsonl.eventBytes, detail },
      {
        name: "lake.parquet.bytes",
        unit: "bytes",
        value: parquet.eventBytes,
        detail: `${detail}, Snappy`,
      },
      {
        name: "lake.jsonl.bytes_per_event",
        unit: "bytes/event",
        value: Math.round((jsonl.eventBytes / n) * 10) / 10,
      },
      {
        name: "lake.parquet.bytes_per_event",
        unit: "bytes/event",
        value: Math.round((parquet.eventBytes / n) * 10) / 10,
      },
      {
        name: "lake.parquet_to_jsonl_ratio",
        unit: "ratio",
        value: Math.round((parquet.eventBytes / jsonl.eventBytes) * 1000) / 1000,
        detail: "compare PARQUET_TO_JSON_RATIO in components/shared/workload.ts",
      },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().then(
    (results) => console.table(results),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
