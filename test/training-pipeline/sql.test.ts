import { DuckDBInstance } from "@duckdb/node-api";
import { expect } from "chai";
import {
  EXPORT_COLUMNS,
  EXPORT_QUERIES,
  fillGateQuery,
  gateQueryTemplate,
  resolvePipelineOptions,
} from "../../components/training-pipeline";
import { escapeIntrinsic, fmt, ref } from "../../components/training-pipeline/intrinsics";
import {
  interactionsSchema,
  itemsSchema,
  usersSchema,
} from "../../components/personalize-providers/schema-builders";

const GATE = { minimums: { precision_at_10: 0.01, coverage: 0.05 }, maxRegression: 0.03 };

async function verdict(withServing: boolean, values: number[]): Promise<[string, string]> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const rows = (
    await connection.runAndReadAll(fillGateQuery(gateQueryTemplate(GATE, withServing), values))
  ).getRows();
  connection.closeSync();
  expect(rows).to.have.length(1);
  return rows[0].map(String) as [string, string];
}

describe("metrics gate SQL (run on DuckDB, sent to Athena)", () => {
  // Placeholders in sorted metric order: coverage (candidate, serving), precision_at_10 (candidate, serving).
  it("passes a version at exactly the allowed regression and at exactly the minimums", async () => {
    expect(await verdict(true, [0.3 * 0.97, 0.3, 0.1, 0.1])).to.deep.equal([
      "pass",
      "all gates met",
    ]);
    expect(await verdict(false, [0.05, 0.01])).to.deep.equal(["pass", "all gates met"]);
  });

  it("rejects just beyond the margin and just under a minimum, naming every failure", async () => {
    expect(await verdict(true, [0.3 * 0.969, 0.3, 0.1, 0.1])).to.deep.equal([
      "reject",
      "coverage is more than 3% worse than the serving version",
    ]);
    expect(await verdict(true, [0.049, 0.3, 0.0099, 0.1])).to.deep.equal([
      "reject",
      "coverage is below the minimum 0.05; precision_at_10 is below the minimum 0.01",
    ]);
  });

  it("ignores the serving version on first deploy", async () => {
    expect(gateQueryTemplate(GATE, false).join("{}")).to.not.include("serving");
    expect(await verdict(false, [0.06, 0.02])).to.deep.equal(["pass", "all gates met"]);
  });

  it("reads JSON numbers in exponent form as Step Functions may render them", async () => {
    const template = gateQueryTemplate(GATE, false);
    const sql = template[0] + "6.0E-2" + template[1] + "1.0E-3" + template[2];
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll(sql)).getRows();
    connection.closeSync();
    expect(rows.map((r) => r.map(String))).to.deep.equal([
      ["reject", "precision_at_10 is below the minimum 0.01"],
    ]);
  });
});

describe("lake export SQL", () => {
  const source = { database: "reco", table: "events", lookbackDays: 30 };

  it("selects exactly the Personalize columns, in header order, for each dataset", () => {
    for (const [kind, query] of Object.entries(EXPORT_QUERIES)) {
      const sql = query(source);
      const aliases = [...sql.matchAll(/ AS "([A-Z_]+)"/g)].map((m) => m[1]);
      expect(aliases, kind).to.deep.equal(EXPORT_COLUMNS[kind as keyof typeof EXPORT_COLUMNS]);
    }
  });

  it("writes exactly the fields of the default Personalize schemas, so the imports map every column", () => {
    const names = (schema: { fields: readonly { name: string }[] }) =>
      schema.fields.map((f) => f.name);
    expect(EXPORT_COLUMNS.interactions).to.deep.equal(names(interactionsSchema()));
    expect(EXPORT_COLUMNS.items).to.deep.equal(names(itemsSchema()));
    expect(EXPORT_COLUMNS.users).to.deep.equal(names(usersSchema()));
  });

  it("prunes partitions to the lookback window and de-duplicates by event_id", () => {
    const sql = EXPORT_QUERIES.interactions(source);
    expect(sql).to.include(
      `FROM "reco"."events" WHERE dt >= date_format(current_date - INTERVAL '30' DAY, '%Y-%m-%d')`,
    );
    expect(sql).to.include("row_number() OVER (PARTITION BY event_id ORDER BY event_time) AS copy");
    expect(sql).to.include("WHERE copy = 1");
    expect(sql).to.include(
      "WHERE e.event_type IN ('view', 'cart', 'buy', 'click') AND e.item_id IS NOT NULL",
    );
    expect(sql).to.include("array_join(array_agg(item_id ORDER BY position), '|') AS impression");
  });

  it("refuses identifiers that are not Glue names", () => {
    expect(() =>
      EXPORT_QUERIES.interactions({ ...source, table: 'events"; DROP TABLE x; --' }),
    ).to.throw(
      'table "events\\"; DROP TABLE x; --" is not a Glue name (lower-case letters, digits, underscore)',
    );
    expect(() => EXPORT_QUERIES.users({ ...source, database: "Reco-DB" })).to.throw(
      'database "Reco-DB" is not a Glue name (lower-case letters, digits, underscore)',
    );
  });
});

describe("intrinsic string literals", () => {
  it("escapes quotes, braces and backslashes in literal text only", () => {
    expect(escapeIntrinsic(`it's {x} \\`)).to.equal(`it\\'s \\{x\\} \\\\`);
    expect(fmt`Run ${ref("$$.Execution.Name")} of '${"a{b}"}'`).to.equal(
      "States.Format('Run {} of \\'a\\{b\\}\\'', $$.Execution.Name)",
    );
  });
});

describe("pipeline defaults", () => {
  const base = {
    datasetGroupArn: "g",
    datasets: { interactions: "i" },
    solutionArn: "s",
    campaignName: "c",
    lake: {} as any,
    personalizeRoleArn: "r",
  };

  it("dev keeps no campaign and retrains monthly; prod deploys a campaign daily", () => {
    expect(resolvePipelineOptions("p", base)).to.deep.equal({
      tier: "dev",
      createCampaign: false,
      minProvisionedTps: 1,
      minimums: {
        normalized_discounted_cumulative_gain_at_10: 0.05,
        precision_at_10: 0.01,
        coverage: 0.05,
      },
      maxRegression: 0.03,
      retrainSchedule: "rate(30 days)",
      scheduledTrainingMode: "FULL",
      trainingModes: ["FULL"],
      lookbackDays: 90,
      triggerOnDeploy: true,
      timeoutHours: 24,
      logRetentionDays: 14,
      protectData: false,
      // Personalize's own minimums; no online guardrail without a campaign.
      readiness: { minInteractions: 1000, minUsers: 25 },
    });
    const prod = resolvePipelineOptions("p", { ...base, tier: "prod" });
    expect([
      prod.createCampaign,
      prod.retrainSchedule,
      prod.logRetentionDays,
      prod.protectData,
    ]).to.deep.equal([true, "rate(1 day)", 365, true]);
  });
});
