/**
 * The experiment readout's SQL: rendered with every value bound, and written only in what Athena
 * (Trino) and DuckDB run the same way, as the daily KPI files are (queries.test.ts).
 */
import { expect } from "chai";
import { experimentReadoutSql } from "../../components/kpi-dashboard/experiment-queries";

/**
 * The daily files' reviewed functions plus the statistics': AVG, VAR_SAMP and COVAR_SAMP are the
 * sample (n - 1) estimators in both engines and NULL below two rows; SQRT, POWER, EXP and ABS
 * take and return DOUBLE in both.
 */
const PORTABLE_FUNCTIONS = [
  "ABS",
  "AVG",
  "CAST",
  "COALESCE",
  "COUNT",
  "COVAR_SAMP",
  "EXP",
  "MAX",
  "NULLIF",
  "POWER",
  "ROUND",
  "ROW_NUMBER",
  "SQRT",
  "SUM",
  "VAR_SAMP",
];
// Keywords and aliases a parenthesis follows (`AS allocation (variant, …)`, `THEN (…)`).
const KEYWORDS = [
  "AS",
  "IN",
  "FROM",
  "OVER",
  "AND",
  "BETWEEN",
  "VALUES",
  "JOIN",
  "THEN",
  "ELSE",
  "ALLOCATION",
  "METRICS",
];
const SPLIT = {
  name: "reco-vs-popular",
  salt: "s",
  variants: [
    { name: "control", weight: 1 },
    { name: "treatment", weight: 3 },
  ],
};

describe("experiment readout SQL: rendering and portability", () => {
  const { sql, values } = experimentReadoutSql("db.events", SPLIT, {
    from: "2026-11-01",
    to: "2026-11-07",
  });

  it("binds every value, in placeholder order, and quotes the events relation", () => {
    expect(values).to.deep.equal([
      // The variant of an event, then of a buy's attributed click; then the included
      // attributed_events.sql's range (scan from, to, and the first reported day).
      "reco-vs-popular",
      "reco-vs-popular",
      "2026-11-01",
      "2026-11-07",
      "2026-11-01",
      "control",
      1,
      "treatment",
      3,
      "reco-vs-popular",
    ]);
    expect(sql.match(/\?/g)).to.have.length(values.length);
    expect(sql).to.contain('FROM "db"."events"');
    expect(sql).to.contain(
      "(VALUES (CAST(? AS VARCHAR), CAST(? AS DOUBLE), 0), (CAST(? AS VARCHAR), CAST(? AS DOUBLE), 1)) AS allocation (variant, weight, variant_order)",
    );
  });

  it("uses only functions both engines run the same way, and no DuckDB-only syntax", () => {
    const calls = new Set([...sql.matchAll(/\b([A-Za-z_]+)\s*\(/g)].map((m) => m[1].toUpperCase()));
    const functions = [...calls].filter((c) => !KEYWORDS.includes(c));
    expect(functions.filter((f) => !PORTABLE_FUNCTIONS.includes(f))).to.deep.equal([]);
    for (const construct of [
      /\bQUALIFY\b/i,
      /::/,
      /IGNORE NULLS/i,
      /\bSTRFTIME\b/i,
      /INTERVAL '\d+ /i,
    ]) {
      expect(sql, String(construct)).not.to.match(construct);
    }
    expect(sql).not.to.match(/\{\{|\}\}|--/);
    // Trino divides integers and decimals exactly as written: every count is a DOUBLE before a
    // division, and no decimal literal divides (1.0 / 3 would be DECIMAL 0.3 on Trino).
    expect(sql).not.to.match(/\d\.\d+\s*\/\s*\d/);
  });

  it("refuses an invalid allocation before writing any SQL", () => {
    expect(() =>
      experimentReadoutSql(
        "db.events",
        { ...SPLIT, variants: [{ name: "x'y", weight: 1 }] },
        {
          from: "2026-11-01",
          to: "2026-11-07",
        },
      ),
    ).to.throw(
      'invalid experiment: experiment.variants must list at least two variants (control first), got 1; experiment.variants[0].name must be a lower-case slug of at most 64 characters like "control", got "x\'y"',
    );
  });
});
