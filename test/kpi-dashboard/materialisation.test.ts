/**
 * The materialisation state machine: valid ASL, its JSONata evaluated with the jsonata library
 * Step Functions' language is, and its Athena INSERTs run, exactly as written in the definition
 * and with the parameters it computes, on DuckDB over a generated lake.
 */
import { expect } from "chai";
import jsonata from "jsonata";
import { generateEvents } from "../../events";
import { computeKpis } from "../../cli/kpi/compute";
import { openLocalLake } from "../../cli/kpi/lake";
import { KPIDashboard, KPI_QUERIES, KPI_QUERY_NAMES } from "../../components/kpi-dashboard";
import { useMocks } from "../mocks";
import { removeTempDirs, writeTempLake } from "./lake-helpers";
import { LAKE, OPERATIONS } from "./fixtures";

// asl-validator ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator: (definition: object) => {
  isValid: boolean;
  errors: unknown[];
} = require("asl-validator");

type State = Record<string, any>;

/** Evaluates a `{% … %}` value as Step Functions does, with `$states` bound. */
async function evaluate(value: unknown, states: Record<string, unknown>): Promise<any> {
  if (typeof value === "string" && value.startsWith("{% ") && value.endsWith(" %}")) {
    return jsonata(value.slice(3, -3)).evaluate({}, { states });
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, states)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await evaluate(v, states)]),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

describe("KPI materialisation state machine", () => {
  const rec = useMocks({ stack: "dev" });
  after(removeTempDirs);

  async function definition(recomputeDays?: number): Promise<State> {
    new KPIDashboard("kpi", {
      lake: LAKE,
      operations: OPERATIONS,
      ...(recomputeDays ? { recomputeDays } : {}),
    });
    await rec.settle();
    return JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
  }
  const branches = (d: State) =>
    d.States["Each day"].ItemProcessor.States["Each table"].Branches as State[];

  it("is valid ASL with one branch per KPI table", async () => {
    const d = await definition();
    const { isValid, errors } = aslValidator(d);
    expect({ isValid, errors }).to.deep.equal({ isValid: true, errors: [] });
    expect(d.QueryLanguage).to.equal("JSONata");
    expect(branches(d).map((b) => b.StartAt)).to.deep.equal(
      KPI_QUERY_NAMES.map((q) => `List ${KPI_QUERIES[q].table}`),
    );
  });

  it("computes the days before the scheduled time, or takes a backfill's days", async () => {
    const d = await definition(3);
    const days = d.States.Days.Output.days;
    expect(
      await evaluate(days, { input: { scheduledTime: "2026-12-01T01:15:00Z" } }),
    ).to.deep.equal(["2026-11-30", "2026-11-29", "2026-11-28"]);
    expect(await evaluate(days, { input: { days: ["2026-10-01"] } })).to.deep.equal(["2026-10-01"]);
  });

  it("empties the day's partition page by page before inserting", async () => {
    const states = branches(await definition())[0].States;
    const list = states["List kpi_channel_daily"];
    expect(list.Resource).to.equal("arn:aws:states:::aws-sdk:s3:listObjectsV2");
    expect(await evaluate(list.Arguments, { input: "2026-11-26" })).to.deep.equal({
      Bucket: "reco-lake-dev",
      Prefix: "kpi/kpi_channel_daily/dt=2026-11-26/",
    });
    const listed = await evaluate(list.Output, {
      input: "2026-11-26",
      result: { Contents: [{ Key: "kpi/kpi_channel_daily/dt=2026-11-26/a" }] },
    });
    expect(listed).to.deep.equal({
      dt: "2026-11-26",
      keys: ["kpi/kpi_channel_daily/dt=2026-11-26/a"],
    });
    const none = await evaluate(list.Output, { input: "2026-11-26", result: { KeyCount: 0 } });
    const choice = states["List kpi_channel_daily?"];
    expect(await evaluate(choice.Choices[0].Condition, { input: listed })).to.equal(true);
    expect(await evaluate(choice.Choices[0].Condition, { input: none })).to.equal(false);
    expect([choice.Choices[0].Next, choice.Default]).to.deep.equal([
      "Delete kpi_channel_daily",
      "Insert kpi_channel_daily",
    ]);
    const remove = states["Delete kpi_channel_daily"];
    expect(
      await evaluate(remove.Arguments, { input: { dt: "2026-11-26", keys: ["a", "b"] } }),
    ).to.deep.equal({
      Bucket: "reco-lake-dev",
      Delete: { Objects: [{ Key: "a" }, { Key: "b" }], Quiet: true },
    });
    expect(remove.Next).to.equal("List kpi_channel_daily");
  });

  it("fills the KPI tables with the report's numbers when its INSERTs run as written", async () => {
    const { events } = generateEvents({ users: 120, items: 30, days: 3, seed: 3 });
    const lake = await openLocalLake(await writeTempLake(events));
    try {
      const d = await definition(2);
      const c = lake.connection;
      await c.run(
        "CREATE SCHEMA reco_dev; CREATE VIEW reco_dev.events AS SELECT * FROM main.events",
      );
      const duckType = { string: "VARCHAR", bigint: "BIGINT", double: "DOUBLE" } as const;
      for (const q of KPI_QUERY_NAMES) {
        const cols = [...KPI_QUERIES[q].columns.slice(1), KPI_QUERIES[q].columns[0]];
        await c.run(
          `CREATE TABLE reco_dev.${KPI_QUERIES[q].table} (${cols.map((x) => `${x.name} ${duckType[x.type]}`).join(", ")})`,
        );
      }
      const days: string[] = await evaluate(d.States.Days.Output.days, {
        input: { scheduledTime: "2026-11-26T01:15:00.000Z" },
      });
      expect(days).to.deep.equal(["2026-11-25", "2026-11-24"]);
      for (const dt of days) {
        for (const branch of branches(d)) {
          const insert = (Object.values(branch.States) as State[]).find(
            (s: State) => s.Resource === "arn:aws:states:::athena:startQueryExecution.sync",
          ) as State;
          const args = await evaluate(insert.Arguments, { input: dt });
          expect(args.WorkGroup).to.equal("reco-dev");
          expect(args.QueryExecutionContext).to.deep.equal({
            Catalog: "AwsDataCatalog",
            Database: "reco_dev",
          });
          expect(args.ExecutionParameters).to.have.length(
            (args.QueryString.match(/\?/g) ?? []).length,
          );
          // Athena substitutes each parameter as a literal, in order.
          let i = 0;
          await c.run(args.QueryString.replace(/\?/g, () => args.ExecutionParameters[i++]));
        }
      }
      const stored = await c.runAndReadAll(
        "SELECT * FROM reco_dev.kpi_channel_daily ORDER BY dt, channel",
      );
      const rows = (await stored.getRowObjectsJS()).map((r) =>
        Object.fromEntries(
          KPI_QUERIES.channel_kpis.columns.map((col) => [
            col.name,
            typeof r[col.name] === "bigint" ? Number(r[col.name]) : r[col.name],
          ]),
        ),
      );
      const report = await computeKpis(c, { from: "2026-11-24", to: "2026-11-25" });
      expect(rows).to.deep.equal(report.channels);
      const funnel = await c.runAndReadAll(
        "SELECT dt, visit, view, cart, buy FROM reco_dev.kpi_funnel_daily ORDER BY dt",
      );
      expect(
        (await funnel.getRowObjectsJS()).map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
          ),
        ),
      ).to.deep.equal(report.funnel);
    } finally {
      lake.close();
    }
  });
});
