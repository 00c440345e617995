/**
 * A local lake DuckDB reads the way Athena reads the cloud one: the events as Hive-partitioned
 * Parquet (`dt` a string, as in Glue), the catalogues as CSV with a header row typed from the
 * catalogue definition, in a schema named like the Glue database. Trino's `date_format` is the one
 * function the training SQL uses that DuckDB spells differently; a macro maps it to `strftime`
 * with the same pattern letters (%Y-%m-%d).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { CATALOGUES, type CatalogueKind } from "../../events/catalogue";
import { catalogueCsv } from "../../events/generate-catalogue";
import { writeLake } from "../../events/lake";
import type { BehaviourEvent } from "../../events/schema";

const DUCK_TYPES = { string: "VARCHAR", double: "DOUBLE", bigint: "BIGINT" } as const;

export interface DuckLake {
  /** Runs `sql`; rows as strings ("" for NULL), header first, like Athena's result CSV. */
  readonly query: (sql: string) => Promise<string[][]>;
  readonly close: () => void;
}

export async function duckLake(
  database: string,
  events: readonly BehaviourEvent[],
  catalogues: Partial<Record<CatalogueKind, readonly object[]>>,
): Promise<DuckLake> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "duck-lake-"));
  const eventsDir = path.join(dir, "events");
  await writeLake(eventsDir, events, "parquet");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  await connection.run(`CREATE MACRO date_format(d, f) AS strftime(d, f)`);
  await connection.run(`CREATE SCHEMA ${database}`);
  await connection.run(
    `CREATE VIEW ${database}.events AS SELECT * FROM read_parquet('${eventsDir}/dt=*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})`,
  );
  for (const kind of Object.keys(CATALOGUES) as CatalogueKind[]) {
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, catalogueCsv(kind, catalogues[kind] ?? []));
    const columns = CATALOGUES[kind].columns
      .map((c) => `'${c.name}': '${DUCK_TYPES[c.type]}'`)
      .join(", ");
    await connection.run(
      `CREATE VIEW ${database}.${CATALOGUES[kind].table} AS SELECT * FROM read_csv('${file}', header = true, columns = {${columns}})`,
    );
  }
  return {
    async query(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return [
        reader.columnNames(),
        ...reader.getRows().map((row) => row.map((v) => (v === null ? "" : String(v)))),
      ];
    },
    close() {
      connection.closeSync();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
