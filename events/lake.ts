/**
 * Writes a behaviour log as a local data lake in the cloud lake's layout: Hive partitions
 * `dt=YYYY-MM-DD/part-0000.<jsonl|parquet>` by the UTC date of event_time, Parquet typed with the
 * Glue columns (so Athena's table and a local DuckDB read the same types), and everything the
 * schema rejects under `invalid/invalid.jsonl` rather than dropped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DuckDBAppender, DuckDBInstance, DuckDBTimestampValue } from "@duckdb/node-api";
import { GLUE_COLUMNS, eventDate } from "./glue";
import { BehaviourEvent, validateEvent } from "./schema";

export const LAKE_FORMATS = ["jsonl", "parquet"] as const;
export type LakeFormat = (typeof LAKE_FORMATS)[number];

export interface LakeFile {
  readonly path: string;
  readonly records: number;
  readonly bytes: number;
}

export interface LakeWriteSummary {
  readonly format: LakeFormat;
  /** One file per UTC day, in date order. */
  readonly partitions: (LakeFile & { readonly dt: string })[];
  /** Present when any record was rejected. */
  readonly invalid?: LakeFile;
  /** Bytes of the partition files (the invalid file not included). */
  readonly eventBytes: number;
}

export interface WriteLakeOptions {
  /** Remove the `dt=*` partitions and `invalid/` already in `dir` first. @default false */
  readonly replace?: boolean;
}

/** Glue (Hive) type → the DuckDB type that Parquet files get, so both engines agree. */
export const DUCKDB_TYPES: Readonly<Record<string, string>> = {
  string: "VARCHAR",
  timestamp: "TIMESTAMP",
  int: "INTEGER",
  double: "DOUBLE",
};

/** `name TYPE, …` for the Glue columns, e.g. for `read_parquet`/`read_json` column lists. */
export function duckdbColumnList(): string {
  return GLUE_COLUMNS.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}`).join(", ");
}

export const PART_FILE = "part-0000";
export const INVALID_FILE = path.join("invalid", "invalid.jsonl");

export async function writeLake(
  dir: string,
  events: readonly BehaviourEvent[],
  format: LakeFormat,
  invalid: readonly unknown[] = [],
  options: WriteLakeOptions = {},
): Promise<LakeWriteSummary> {
  if (!(LAKE_FORMATS as readonly string[]).includes(format)) {
    throw new Error(
      `format must be one of ${LAKE_FORMATS.join(", ")}, got ${JSON.stringify(format)}`,
    );
  }
  prepareDirectory(dir, options.replace ?? false);
  // Typed callers can still hand over bad data: it goes to invalid/, like Firehose's failed/.
  const rejected: unknown[] = [...invalid];
  const byDate = new Map<string, BehaviourEvent[]>();
  for (const event of events) {
    if (!validateEvent(event).valid) {
      rejected.push(event);
      continue;
    }
    const dt = eventDate(event);
    const partition = byDate.get(dt);
    if (partition) partition.push(event);
    else byDate.set(dt, [event]);
  }
  const dates = [...byDate.keys()].sort();
  for (const dt of dates) fs.mkdirSync(path.join(dir, `dt=${dt}`), { recursive: true });
  const files = dates.map((dt) => path.join(dir, `dt=${dt}`, `${PART_FILE}.${format}`));
  if (format === "jsonl") {
    dates.forEach((dt, i) => fs.writeFileSync(files[i], jsonLines(byDate.get(dt)!)));
  } else {
    await writeParquet(dates.map((dt, i) => ({ file: files[i], events: byDate.get(dt)! })));
  }
  const partitions = dates.map((dt, i) => ({
    dt,
    path: files[i],
    records: byDate.get(dt)!.length,
    bytes: fs.statSync(files[i]).size,
  }));
  let invalidFile: LakeFile | undefined;
  if (rejected.length > 0) {
    const file = path.join(dir, INVALID_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, jsonLines(rejected));
    invalidFile = { path: file, records: rejected.length, bytes: fs.statSync(file).size };
  }
  return {
    format,
    partitions,
    ...(invalidFile && { invalid: invalidFile }),
    eventBytes: partitions.reduce((sum, p) => sum + p.bytes, 0),
  };
}

function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => `${JSON.stringify(v) ?? "null"}\n`).join("");
}

/** Refuses to mix a new log with partitions already there, unless told to replace them. */
function prepareDirectory(dir: string, replace: boolean): void {
  fs.mkdirSync(dir, { recursive: true });
  const existing = fs
    .readdirSync(dir)
    .filter((entry) => entry.startsWith("dt=") || entry === "invalid");
  if (existing.length === 0) return;
  if (!replace) {
    throw new Error(
      `${dir} already holds a lake (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}); ` +
        `write to an empty directory or pass replace: true (--replace) to overwrite it`,
    );
  }
  for (const entry of existing) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/** One DuckDB table typed with the Glue columns, copied out once per partition as Snappy Parquet. */
async function writeParquet(parts: { file: string; events: BehaviourEvent[] }[]): Promise<void> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE events (${duckdbColumnList()}, dt VARCHAR)`);
    const appender = await connection.createAppender("events");
    parts.forEach((part, i) => {
      const dt = eventDate(part.events[0]);
      for (const event of part.events) appendEvent(appender, event, dt);
      if (i % 8 === 7) appender.flushSync();
    });
    appender.closeSync();
    for (const part of parts) {
      const dt = eventDate(part.events[0]);
      // Snappy is what Firehose's Parquet conversion writes, so sizes match the cloud lake's.
      await connection.run(
        `COPY (SELECT * EXCLUDE (dt) FROM events WHERE dt = '${dt}') ` +
          `TO '${part.file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION snappy)`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function appendEvent(appender: DuckDBAppender, event: BehaviourEvent, dt: string): void {
  const values = event as unknown as Record<string, string | number | undefined>;
  for (const column of GLUE_COLUMNS) {
    const value = values[column.name];
    if (value === undefined) appender.appendNull();
    else if (column.type === "timestamp") {
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Date.parse(String(value))) * 1000n));
    } else if (column.type === "int") appender.appendInteger(Number(value));
    else if (column.type === "double") appender.appendDouble(Number(value));
    else appender.appendVarchar(String(value));
  }
  appender.appendVarchar(dt);
  appender.endRow();
}
