import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { BehaviourEvent, GLUE_COLUMNS, eventDate, generateEvents } from "../../events";
import { DUCKDB_TYPES, writeLake } from "../../events/lake";

const created: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lake-"));
  created.push(dir);
  return dir;
};
const sortKey = (e: object) => JSON.stringify(e);

/** Rows read back from the lake, turned into events the way the schema spells them. */
async function readBack(
  db: DuckDBConnection,
  source: string,
): Promise<(BehaviourEvent & { dt: string })[]> {
  const reader = await db.runAndReadAll(
    `SELECT * REPLACE (strftime(event_time, '%Y-%m-%dT%H:%M:%S.%gZ') AS event_time) FROM ${source}`,
  );
  return reader.getRowObjectsJS().map((row) => {
    const event: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) if (value !== null) event[key] = value;
    return event as unknown as BehaviourEvent & { dt: string };
  });
}

describe("lake: local proof of the lake layout", () => {
  const log = generateEvents({ users: 30, items: 80, days: 3, seed: 11 });
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  before(async () => {
    instance = await DuckDBInstance.create(":memory:");
    db = await instance.connect();
  });
  after(() => {
    db.closeSync();
    instance.closeSync();
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes Parquet partitions that read back through dt with the same rows, values and Glue types", async () => {
    const dir = tmp();
    const summary = await writeLake(dir, log.events, "parquet", log.invalid);
    const dates = [...new Set(log.events.map(eventDate))].sort();
    expect(summary.partitions.map((p) => path.relative(dir, p.path))).to.deep.equal(
      dates.map((dt) => path.join(`dt=${dt}`, "part-0000.parquet")),
    );
    expect(summary.partitions.reduce((n, p) => n + p.records, 0)).to.equal(log.events.length);

    const source = `read_parquet('${dir}/dt=*/*.parquet', hive_partitioning = true, hive_types = {'dt': VARCHAR})`;
    const described = (
      await db.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
    ).getRowObjectsJS();
    expect(described.map((r) => `${r.column_name}:${r.column_type}`)).to.deep.equal([
      ...GLUE_COLUMNS.map((c) => `${c.name}:${DUCKDB_TYPES[c.type]}`),
      "dt:VARCHAR",
    ]);

    const rows = await readBack(db, source);
    // Same multiset of events (duplicates included): nothing lost, nothing added, nothing retyped.
    expect(
      rows
        .map(({ dt: _dt, ...event }) => event)
        .map(sortKey)
        .sort(),
    ).to.deep.equal(log.events.map(sortKey).sort());
    for (const row of rows) expect(row.dt).to.equal(eventDate(row));
  });

  it("stores the physical Parquet types Athena expects for the Glue columns", async () => {
    const dir = tmp();
    const summary = await writeLake(dir, log.events.slice(0, 200), "parquet");
    const schema = (
      await db.runAndReadAll(
        `SELECT name, type, logical_type FROM parquet_schema('${summary.partitions[0].path}') WHERE name <> 'duckdb_schema'`,
      )
    ).getRowObjectsJS();
    const physical = Object.fromEntries(schema.map((r) => [r.name, r.type]));
    expect(physical).to.deep.equal({
      event_id: "BYTE_ARRAY",
      event_type: "BYTE_ARRAY",
      event_time: "INT64",
      user_id: "BYTE_ARRAY",
      session_id: "BYTE_ARRAY",
      item_id: "BYTE_ARRAY",
      channel: "BYTE_ARRAY",
      recommendation_id: "BYTE_ARRAY",
      position: "INT32",
      price: "DOUBLE",
      quantity: "INT32",
      device: "BYTE_ARRAY",
      page: "BYTE_ARRAY",
      experiment: "BYTE_ARRAY",
      variant: "BYTE_ARRAY",
    });
    expect(String(schema.find((r) => r.name === "event_time")!.logical_type)).to.match(
      /TimestampType/,
    );
    // dt lives in the path only, as in the cloud lake's partition projection.
    expect(physical).not.to.have.property("dt");
  });

  it("writes JSON lines in the same layout, one event per line, in arrival order", async () => {
    const dir = tmp();
    const summary = await writeLake(dir, log.events, "jsonl");
    for (const p of summary.partitions) {
      const lines = fs.readFileSync(p.path, "utf8").split("\n");
      expect(lines.pop()).to.equal("");
      expect(lines.map((l) => JSON.parse(l))).to.deep.equal(
        log.events.filter((e) => eventDate(e) === p.dt),
      );
      expect(p.bytes).to.equal(fs.statSync(p.path).size);
    }
    expect(summary).not.to.have.property("invalid");
  });

  it("routes invalid records, and invalid events handed in as events, to invalid/invalid.jsonl", async () => {
    const dir = tmp();
    const bad = { ...log.events[0], event_type: "purchase" } as unknown as BehaviourEvent;
    const summary = await writeLake(dir, [...log.events.slice(0, 50), bad], "parquet", log.invalid);
    const file = path.join(dir, "invalid", "invalid.jsonl");
    expect(summary.invalid).to.deep.equal({
      path: file,
      records: log.invalid.length + 1,
      bytes: fs.statSync(file).size,
    });
    const lines = fs
      .readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).to.deep.equal([...log.invalid, bad]);
    expect(summary.partitions.reduce((n, p) => n + p.records, 0)).to.equal(50);
  });

  it("refuses to mix into an existing lake unless told to replace it, then leaves no stale partition", async () => {
    const dir = tmp();
    await writeLake(dir, log.events, "jsonl", log.invalid);
    try {
      await writeLake(dir, log.events, "jsonl");
      expect.fail("expected writeLake to refuse");
    } catch (e) {
      expect((e as Error).message).to.equal(
        `${dir} already holds a lake (dt=2026-11-23, dt=2026-11-24, dt=2026-11-25, …); ` +
          "write to an empty directory or pass replace: true (--replace) to overwrite it",
      );
    }
    const oneDay = log.events.filter((e) => eventDate(e) === "2026-11-24");
    await writeLake(dir, oneDay, "parquet", [], { replace: true });
    expect(fs.readdirSync(dir).sort()).to.deep.equal(["dt=2026-11-24"]);
  });

  it("rejects an unknown format", async () => {
    try {
      await writeLake(tmp(), [], "csv" as "jsonl");
      expect.fail("expected writeLake to reject");
    } catch (e) {
      expect((e as Error).message).to.equal('format must be one of jsonl, parquet, got "csv"');
    }
  });
});
