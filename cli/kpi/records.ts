/**
 * Checks every record of a local lake against the event schema before any KPI is computed, so a
 * bad record is reported (how many, and the first with its errors) instead of silently skewing
 * the numbers. A record in a `dt=` folder that is not its event date is an error too: the cloud
 * groups by the partition, so such a record would be counted on the wrong day.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { eventDate, validateEvent } from "../../events";
import { KpiInputError, count } from "./errors";
import { LakeFiles, partitionOf } from "./lake-files";

export interface RecordCheck {
  readonly records: number;
  readonly invalid: number;
  readonly first?: { readonly where: string; readonly record: unknown; readonly errors: string[] };
}

function problemsOf(record: unknown, partition: string | undefined): string[] {
  const result = validateEvent(record);
  if (!result.valid) return result.errors;
  if (partition !== undefined && eventDate(result.event) !== partition) {
    return [
      `record sits in dt=${partition} but its event_time ${result.event.event_time} is on ${eventDate(result.event)}`,
    ];
  }
  return [];
}

function* jsonRecords(
  file: string,
): Generator<{ line: number; record: unknown; parseError?: string }> {
  const lines = readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].trim();
    if (text === "") continue;
    try {
      yield { line: i + 1, record: JSON.parse(text) };
    } catch (error) {
      yield { line: i + 1, record: text, parseError: `not JSON: ${(error as Error).message}` };
    }
  }
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Parquet rows as the JSON events they were written from: nulls dropped, timestamps as ISO. */
async function parquetRecords(connection: DuckDBConnection, file: string): Promise<unknown[]> {
  const source = `read_parquet(${sqlString(file)}, hive_partitioning = false)`;
  let described;
  try {
    described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  } catch (error) {
    // DuckDB's own words name the defect (e.g. "No magic bytes found at end of file").
    const reason = (error as Error).message.split("\n")[0].replace(/^[\w ]*Error: /, "");
    throw new KpiInputError(
      `${file} is not a readable Parquet file: ${reason}. Fix: delete it, or regenerate the lake with npm run events -- --out <dir> --replace`,
    );
  }
  const columns = (await described.getRowObjectsJS()) as {
    column_name: string;
    column_type: string;
  }[];
  const select = columns
    .filter((c) => c.column_name !== "dt")
    .map(({ column_name: name, column_type: type }) => {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      return type.startsWith("TIMESTAMP")
        ? `strftime(CAST(${quoted} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ') AS ${quoted}`
        : quoted;
    });
  const reader = await connection.runAndReadAll(`SELECT ${select.join(", ")} FROM ${source}`);
  return (await reader.getRowObjectsJS()).map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => [key, typeof value === "bigint" ? Number(value) : value]),
    ),
  );
}

export async function checkRecords(
  lake: LakeFiles,
  connection: DuckDBConnection,
): Promise<RecordCheck> {
  let records = 0;
  let invalid = 0;
  let first: RecordCheck["first"];
  const note = (where: string, record: unknown, errors: string[]) => {
    records++;
    if (errors.length === 0) return;
    invalid++;
    first ??= { where, record, errors };
  };
  for (const file of lake.files) {
    const relative = path.relative(process.cwd(), file);
    const shown = relative === "" || relative.startsWith("..") ? file : relative;
    const partition = lake.hive ? partitionOf(file) : undefined;
    if (lake.format === "json") {
      for (const { line, record, parseError } of jsonRecords(file)) {
        note(`${shown}:${line}`, record, parseError ? [parseError] : problemsOf(record, partition));
      }
    } else {
      (await parquetRecords(connection, file)).forEach((record, row) =>
        note(`${shown} row ${row + 1}`, record, problemsOf(record, partition)),
      );
    }
  }
  return { records, invalid, ...(first ? { first } : {}) };
}

/** Throws a KpiInputError unless every record is a valid event and there is at least one. */
export function assertRecordsUsable(lake: LakeFiles, check: RecordCheck, eventsArg: string): void {
  if (check.records === 0) {
    throw new KpiInputError(
      `--events ${eventsArg}: the lake is empty, no records in its ${count(lake.files.length, "file")}. ` +
        "Fix: generate events with `npm run events` or point --events at a lake with data",
    );
  }
  if (check.first) {
    const shown = JSON.stringify(check.first.record);
    throw new KpiInputError(
      [
        `--events ${eventsArg}: ${check.invalid} of ${check.records} records break the event schema; ` +
          "KPIs are not computed over a lake with bad records.",
        `First bad record, ${check.first.where}:`,
        `  ${shown.length > 400 ? `${shown.slice(0, 397)}...` : shown}`,
        ...check.first.errors.map((e) => `  - ${e}`),
        "Fix: correct or remove these records (the delivery path routes them to failed/), then run again",
      ].join("\n"),
    );
  }
}
