/**
 * Rendering the KPI files for an engine, and the guard that keeps them in the SQL subset Athena
 * (Trino) and DuckDB share: a function outside the reviewed list fails here before it reaches
 * an engine that lacks it or reads it differently.
 */
import { expect } from "chai";
import {
  KPI_QUERY_NAMES,
  bindValues,
  insertSql,
  oneLine,
  quoteRelation,
  renderQuery,
  reportSql,
} from "../../components/kpi-dashboard/queries";

/**
 * Functions both engines have with the same meaning for these argument types. Reviewed for
 * Trino: COUNT/SUM return BIGINT/DOUBLE (DuckDB's HUGEINT sums are CAST back), ROUND(DOUBLE, n)
 * stays DOUBLE, NULLIF and COALESCE are standard, ROW_NUMBER/MAX/COUNT are window functions.
 */
const PORTABLE_FUNCTIONS = [
  "CAST",
  "COALESCE",
  "COUNT",
  "MAX",
  "NULLIF",
  "ROUND",
  "ROW_NUMBER",
  "SUM",
];
const KEYWORDS = ["AS", "IN", "FROM", "OVER", "AND", "BETWEEN"];

describe("KPI queries: rendering and portability", () => {
  it("binds the dt range as positional parameters, in placeholder order", () => {
    expect(renderQuery("funnel", "events").parameters).to.deep.equal(["from", "to"]);
    expect(renderQuery("channel_item_daily", "events").parameters).to.deep.equal([
      "from",
      "to",
      "from",
    ]);
    // channel_kpis inlines channel_item_daily, so it binds the same three.
    const channel = renderQuery("channel_kpis", "events");
    expect(channel.parameters).to.deep.equal(["from", "to", "from"]);
    expect(channel.sql.match(/\?/g)).to.have.length(3);
    expect(bindValues(channel, { from: "2026-11-01", to: "2026-11-07" })).to.deep.equal([
      "2026-11-01",
      "2026-11-07",
      "2026-11-01",
    ]);
  });

  it("quotes the events relation as both engines read identifiers", () => {
    expect(quoteRelation("reco_dev.events")).to.equal('"reco_dev"."events"');
    expect(quoteRelation('odd"name')).to.equal('"odd""name"');
    expect(renderQuery("funnel", "reco_dev.events").sql).to.contain('FROM "reco_dev"."events"\n');
  });

  it("inserts with the dt partition as the last column, as Hive tables require", () => {
    const { sql, parameters } = insertSql("funnel", "db.events", "db.kpi_funnel_daily");
    expect(sql.split("\n").slice(0, 2)).to.deep.equal([
      'INSERT INTO "db"."kpi_funnel_daily"',
      'SELECT "visit", "view", "cart", "buy", "dt" FROM (',
    ]);
    expect(parameters).to.deep.equal(["from", "to"]);
  });

  it("sorts reports and puts a query on one line without changing it", () => {
    const report = reportSql("channel_kpis", "events").sql;
    expect(report.endsWith(") AS kpi\nORDER BY dt, channel")).to.equal(true);
    expect(oneLine("SELECT a\n  FROM t\n\n  WHERE b = 'x y'")).to.equal(
      "SELECT a FROM t WHERE b = 'x y'",
    );
  });

  it("names the allowed queries when asked for another", () => {
    expect(() => renderQuery("ctr" as never, "events"))
      .to.throw(Error)
      .with.property(
        "message",
        'unknown KPI query "ctr"; use one of channel_kpis, funnel, channel_item_daily, attributed_events',
      );
  });

  it("inlines the attributed events once where each query needs them, and materialises none", () => {
    const fragment = renderQuery("attributed_events", "db.events");
    expect(fragment.parameters).to.deep.equal(["from", "to", "from"]);
    const daily = renderQuery("channel_item_daily", "db.events");
    expect(daily.sql).to.contain(fragment.sql);
    expect(daily.parameters).to.deep.equal(fragment.parameters);
    // The channel KPIs read it through channel_item_daily: the events table is scanned once.
    expect(
      renderQuery("channel_kpis", "db.events").sql.match(/FROM "db"."events"/g),
    ).to.have.length(1);
    expect(KPI_QUERY_NAMES).to.not.include("attributed_events");
  });

  for (const name of KPI_QUERY_NAMES) {
    it(`${name} uses only the SQL both Athena and DuckDB run the same way`, () => {
      const { sql } = renderQuery(name, "db.events");
      const calls = new Set(
        [...sql.matchAll(/\b([A-Za-z_]+)\s*\(/g)].map((m) => m[1].toUpperCase()),
      );
      const functions = [...calls].filter((c) => !KEYWORDS.includes(c));
      expect(
        functions.filter((f) => !PORTABLE_FUNCTIONS.includes(f)),
        "unreviewed functions",
      ).to.deep.equal([]);
      // DuckDB-only syntax, each of which Trino rejects or reads differently.
      for (const construct of [
        /\bQUALIFY\b/i,
        /::/,
        /IGNORE NULLS/i,
        /\bILIKE\b/i,
        /\bSTRFTIME\b/i,
        /\bEPOCH/i,
        /\bLIST\b/i,
        /INTERVAL '\d+ /i,
      ]) {
        expect(sql, String(construct)).not.to.match(construct);
      }
      // No placeholder left behind, and no SQL comment that could swallow an inlined query.
      expect(sql).not.to.match(/\{\{|\}\}|--/);
      // Integer division would truncate ratios on both engines' integer types: ratios cast first.
      const divisions = sql.match(/\/\s*NULLIF/g) ?? [];
      expect(sql.match(/AS DOUBLE\)\s*\/\s*NULLIF/g) ?? []).to.have.length(divisions.length);
    });
  }
});
