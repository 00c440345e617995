/**
 * The KPI SQL on generated logs (duplicates, late arrivals across midnight, clicks without a list,
 * buys without a click) against the independent TypeScript computation, in every lake layout
 * the local runner reads, and the materialisation's INSERT form against the report form.
 */
import { expect } from "chai";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { generateEvents } from "../../events";
import { computeKpis, lakeRange, runKpiQuery } from "../../cli/kpi/compute";
import { openLocalLake } from "../../cli/kpi/lake";
import { KPI_QUERIES, bindValues, insertSql } from "../../components/kpi-dashboard/queries";
import { kpisOf, removeTempDirs, tempDir, writeTempLake } from "./lake-helpers";
import { expectSameKpis, referenceKpis } from "./reference";

describe("KPI SQL: generated logs against an independent computation", () => {
  after(removeTempDirs);
  const { events } = generateEvents({ users: 150, items: 40, days: 4, seed: 11 });
  const days = [...new Set(events.map((e) => e.event_time.slice(0, 10)))].sort();

  it("the generated log exercises the edge cases", () => {
    const ids = events.map((e) => e.event_id);
    expect(new Set(ids).size, "duplicates").to.be.lessThan(ids.length);
    const reference = referenceKpis(events, days[0], days[days.length - 1]);
    expect(reference.channels.filter((r) => r.conversions > 0).length).to.be.greaterThan(3);
    expect(events.filter((e) => e.event_type === "buy").length).to.be.greaterThan(
      reference.channels.reduce((n, r) => n + r.conversions, 0),
      "some buys are unattributed",
    );
  });

  it("gives the reference's numbers over JSON lines", async () => {
    expectSameKpis(await kpisOf(events), referenceKpis(events, days[0], days[days.length - 1]));
  });

  it("gives the reference's numbers over Parquet", async () => {
    expectSameKpis(
      await kpisOf(events, {}, "parquet"),
      referenceKpis(events, days[0], days[days.length - 1]),
    );
  });

  it("gives the reference's numbers for a sub-range, using the day before it for attribution", async () => {
    const range = { from: days[1], to: days[2] };
    expectSameKpis(await kpisOf(events, range), referenceKpis(events, range.from, range.to));
  });

  it("reads a flat folder of files the same as a partitioned lake", async () => {
    const lake = await writeTempLake(events, "parquet");
    const flat = tempDir();
    for (const dt of readdirSync(lake).filter((d) => d.startsWith("dt="))) {
      mkdirSync(flat, { recursive: true });
      copyFileSync(
        path.join(lake, dt, "part-0000.parquet"),
        path.join(flat, `${dt.slice(3)}.parquet`),
      );
    }
    const opened = await openLocalLake(flat);
    try {
      expect(opened.files.hive).to.equal(false);
      const report = await computeKpis(opened.connection, await lakeRange(opened.connection));
      expectSameKpis(report, referenceKpis(events, days[0], days[days.length - 1]));
    } finally {
      opened.close();
    }
  });

  it("materialises with INSERT INTO exactly the rows the report shows", async () => {
    const opened = await openLocalLake(await writeTempLake(events));
    try {
      const range = { from: days[1], to: days[2] };
      const query = KPI_QUERIES.channel_kpis;
      const columns = [...query.columns.slice(1), query.columns[0]];
      const duckType = { string: "VARCHAR", bigint: "BIGINT", double: "DOUBLE" } as const;
      await opened.connection.run(
        `CREATE TABLE ${query.table} (${columns.map((c) => `${c.name} ${duckType[c.type]}`).join(", ")})`,
      );
      const insert = insertSql("channel_kpis", "events", query.table);
      await opened.connection.run(insert.sql, bindValues(insert, range));
      const stored = await opened.connection.runAndReadAll(
        `SELECT ${query.columns.map((c) => c.name).join(", ")} FROM ${query.table} ORDER BY dt, channel`,
      );
      const rows = (await stored.getRowObjectsJS()).map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
        ),
      );
      expectSameKpis(
        { channels: rows as never, funnel: [] },
        { ...(await computeKpis(opened.connection, range)), funnel: [] },
      );
    } finally {
      opened.close();
    }
  });

  it("top items add up to the channel totals", async () => {
    const opened = await openLocalLake(await writeTempLake(events));
    try {
      const range = { from: days[0], to: days[3] };
      const items = await runKpiQuery(opened.connection, "channel_item_daily", range);
      const { channels } = await computeKpis(opened.connection, range);
      for (const channel of channels) {
        const mine = items.filter((r) => r.dt === channel.dt && r.channel === channel.channel);
        const sum = (key: string) => mine.reduce((n, r) => n + (r[key] as number), 0);
        expect([sum("impressions"), sum("clicks"), sum("conversions")]).to.deep.equal([
          channel.impressions,
          channel.clicks,
          channel.conversions,
        ]);
        expect(sum("revenue")).to.be.closeTo(channel.revenue, 1e-9);
      }
    } finally {
      opened.close();
    }
  });
});
