/**
 * A local lake opened in DuckDB as a view named `events` with the Glue table's columns and types
 * (event_time a TIMESTAMP, dt a string), so the KPI SQL reads it exactly as Athena reads the
 * Glue table.
 */
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { GLUE_COLUMNS } from "../../events";
import { DUCKDB_TYPES } from "../../events/lake";
import { LakeFiles, findLakeFiles } from "./lake-files";
import { RecordCheck, assertRecordsUsable, checkRecords } from "./records";

export const EVENTS_VIEW = "events";

export interface LocalLake {
  readonly files: LakeFiles;
  readonly check: RecordCheck;
  readonly connection: DuckDBConnection;
  close(): void;
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The DuckDB type of a Glue column, as the lake writer types its Parquet files. */
function duckdbType(column: { name: string; type: string }): string {
  const type = DUCKDB_TYPES[column.type];
  if (!type)
    throw new Error(`no DuckDB type for Glue type ${column.type} of column ${column.name}`);
  return type;
}

async function createEventsView(connection: DuckDBConnection, lake: LakeFiles): Promise<void> {
  const files = `[${lake.files.map(sqlString).join(", ")}]`;
  // Partition values stay strings, as in Glue: DuckDB would otherwise turn dt into a DATE.
  const hive = lake.hive
    ? "hive_partitioning = true, hive_types = {'dt': 'VARCHAR'}"
    : "hive_partitioning = false";
  let source: string;
  let present: Set<string>;
  if (lake.format === "json") {
    const columns = GLUE_COLUMNS.map((c) => `${sqlString(c.name)}: ${sqlString(duckdbType(c))}`);
    source = `read_json(${files}, format = 'newline_delimited', columns = {${columns.join(", ")}}, ${hive})`;
    present = new Set(GLUE_COLUMNS.map((c) => c.name));
  } else {
    source = `read_parquet(${files}, union_by_name = true, ${hive})`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    present = new Set(
      ((await described.getRowObjectsJS()) as { column_name: string }[]).map((c) => c.column_name),
    );
  }
  // A Parquet writer may leave out a column no record used; the view still has every column.
  const select = GLUE_COLUMNS.map((c) => {
    const value = present.has(c.name) ? ident(c.name) : "NULL";
    return `CAST(${value} AS ${duckdbType(c)}) AS ${ident(c.name)}`;
  });
  const dt = lake.hive
    ? ident("dt")
    : `strftime(CAST(${ident("event_time")} AS TIMESTAMP), '%Y-%m-%d')`;
  await connection.run(
    `CREATE VIEW ${ident(EVENTS_VIEW)} AS SELECT ${select.join(", ")}, ${dt} AS ${ident("dt")} FROM ${source}`,
  );
}

/**
 * Opens the lake at `eventsPath`: finds its files, checks every record against the event schema
 * and creates the `events` view. Throws KpiInputError for a missing path, an empty lake or bad
 * records.
 */
export async function openLocalLake(eventsPath: string): Promise<LocalLake> {
  const files = findLakeFiles(eventsPath);
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    // Timestamps in the lake are UTC; a local time zone must not move an event to another day.
    await connection.run("SET TimeZone = 'UTC'");
    const check = await checkRecords(files, connection);
    assertRecordsUsable(files, check, eventsPath);
    await createEventsView(connection, files);
    return { files, check, connection, close };
  } catch (error) {
    close();
    throw error;
  }
}
