/**
 * The KPI serving API end to end on two generated days: the speed view fed by the real speed
 * layer (Lambda engine handler → dynalite), the batch table computed by the KPI SQL on DuckDB and
 * served through a mocked Athena that applies the query's bound parameters, the cache in
 * dynalite. While day 2 is open its impressions and clicks come from the speed view; once it
 * closes, the merged answer equals the batch KPIs exactly.
 */
import { expect } from "chai";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { GetPartitionsCommand, GlueClient } from "@aws-sdk/client-glue";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { generateEvents } from "../../events";
import type { BatchDayRow } from "../../components/kpi-serving";
import { handleKpiRequest, handleWidget } from "../../components/kpi-serving/handler/handler";
import type { DailyAnswer, ServingConfig } from "../../components/kpi-serving/handler/serve";
import { MINUTE_MS } from "../../components/realtime-analytics/view";
import { kpisOf, removeTempDirs } from "../kpi-dashboard/lake-helpers";
import { LocalView, startLocalView } from "../realtime-analytics/view/dynalite";
import { LATENESS_MS, feedSpeedLayer, replayArrivals } from "./speed-replay";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { speedViewRows } from "../../cli/kpi/speed-view";

const CHANNELS = ["home-rfy", "pdp-similar", "popular"];
const DAY1 = "2026-11-23";
const DAY2 = "2026-11-24";

let athena: AwsClientStub<AthenaClient>;
let glue: AwsClientStub<GlueClient>;

describe("KPI serving API: batch and speed merged (dynalite, DuckDB, mocked Athena)", function () {
  this.timeout(120_000);
  const { events } = generateEvents({ users: 30, items: 40, days: 2, seed: 23, start: DAY1 });
  let view: LocalView;
  let config: ServingConfig;
  let batch: BatchDayRow[];
  let materialised: string[];

  const deps = (now: string) => ({
    dynamo: view.client,
    athena: new AthenaClient({ region: "us-east-1" }),
    glue: new GlueClient({ region: "us-east-1" }),
    now: () => Date.parse(now),
    sleep: async () => undefined,
  });
  const get = (query: Record<string, string>) =>
    ({
      queryStringParameters: query,
      requestContext: { http: { method: "GET" } },
    }) as unknown as LambdaFunctionURLEvent;
  const daily = async (now: string, from = DAY1, to = DAY2): Promise<DailyAnswer> => {
    const response = await handleKpiRequest(
      get({ channels: CHANNELS.join(","), from, to }),
      config,
      deps(now),
    );
    expect(response.statusCode, String(response.body)).to.equal(200);
    return JSON.parse(response.body as string);
  };

  before(async () => {
    view = await startLocalView();
    const viewTable = await view.newTable();
    await view.createTable({
      TableName: "cache",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    });
    config = {
      cacheTableName: "cache",
      viewTableName: viewTable,
      database: "lake",
      kpiTable: "kpi_channel_daily",
      workgroup: "serving",
      batchCacheSeconds: 3600,
      watermarkCacheSeconds: 300,
    };
    await feedSpeedLayer(view.client, viewTable, events);
    const report = await kpisOf(events);
    batch = report.channels.map((r) => ({
      dt: r.dt,
      channel: r.channel,
      impressions: r.impressions,
      clicks: r.clicks,
      conversions: r.conversions,
      revenue: r.revenue,
    }));
    athena = mockClient(AthenaClient);
    glue = mockClient(GlueClient);
  });
  after(async () => {
    athena.restore();
    glue.restore();
    await view.close();
    removeTempDirs();
  });
  beforeEach(() => {
    athena.reset();
    glue.reset();
    // Athena answers the batch table as materialised through `materialised`, applying the
    // query's bound parameters: dt BETWEEN ? AND ? AND channel IN (?, …).
    let params: string[] = [];
    athena.on(StartQueryExecutionCommand).callsFake((input) => {
      params = input.ExecutionParameters.map((p: string) => p.replace(/^'|'$/g, ""));
      return { QueryExecutionId: "q-1" };
    });
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: "SUCCEEDED" } } });
    athena.on(GetQueryResultsCommand).callsFake(() => {
      const [from, to, ...channels] = params;
      const rows = batch.filter(
        (r) =>
          materialised.includes(r.dt) && r.dt >= from && r.dt <= to && channels.includes(r.channel),
      );
      const cells = (values: unknown[]) => ({
        Data: values.map((v) => ({ VarCharValue: String(v) })),
      });
      return {
        ResultSet: {
          Rows: [
            cells(["dt", "channel", "impressions", "clicks", "conversions", "revenue"]),
            ...rows.map((r) =>
              cells([r.dt, r.channel, r.impressions, r.clicks, r.conversions, r.revenue]),
            ),
          ],
        },
      };
    });
    glue.on(GetPartitionsCommand).callsFake((input) => {
      const from = /dt >= '(\d{4}-\d{2}-\d{2})'/.exec(input.Expression)![1];
      return {
        Partitions: materialised.filter((dt) => dt >= from).map((dt) => ({ Values: [dt] })),
      };
    });
  });

  const batchOf = (dt: string, channel: string) =>
    batch.find((r) => r.dt === dt && r.channel === channel);

  it("serves the closed day from the batch table and the open day from the speed view", async () => {
    materialised = [DAY1];
    const answer = await daily(`${DAY2}T23:59:59.000Z`);
    expect(answer.boundary).to.equal(`${DAY2}T00:00:00.000Z`);
    expect(answer.sources).to.deep.equal({ batch: "athena", speed: "view" });
    for (const day of answer.days.filter((d) => d.dt === DAY1)) {
      expect(day.source).to.equal("batch");
      const want = batchOf(DAY1, day.channel)!;
      expect([day.impressions, day.clicks, day.conversions]).to.deep.equal([
        want.impressions,
        want.clicks,
        want.conversions,
      ]);
    }
    // The open day: exactly the on-time, first copies of day 2's impressions and clicks.
    const arrivals = replayArrivals(events);
    const seen = new Set<string>();
    const expected = new Map<string, [number, number]>();
    events.forEach((e, i) => {
      if (e.event_type !== "impression" && e.event_type !== "click") return;
      if (seen.has(e.event_id)) return;
      seen.add(e.event_id);
      const minuteEnd = Math.floor(Date.parse(e.event_time) / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      if (arrivals[i] > minuteEnd + LATENESS_MS || !e.event_time.startsWith(DAY2)) return;
      const counts = expected.get(e.channel!) ?? [0, 0];
      counts[e.event_type === "impression" ? 0 : 1] += 1;
      expected.set(e.channel!, counts);
    });
    const open = answer.days.filter((d) => d.dt === DAY2);
    expect(open.map((d) => d.source)).to.deep.equal(open.map(() => "speed"));
    expect(open.map((d) => [d.channel, d.impressions, d.clicks, d.conversions])).to.deep.equal(
      CHANNELS.filter((c) => expected.has(c)).map((c) => [c, ...expected.get(c)!, null]),
    );
    expect(open).to.have.length(3);
    // The speed view dropped late deliveries the batch layer counts: the open day is provisional.
    const day2Batch = batch.filter((r) => r.dt === DAY2 && CHANNELS.includes(r.channel));
    expect(open.reduce((n, d) => n + d.impressions + d.clicks, 0)).to.be.lessThan(
      day2Batch.reduce((n, r) => n + r.impressions + r.clicks, 0),
    );
    expect(answer.freshness.conversionsThrough).to.equal(DAY1);
  });

  it("equals the batch KPIs for both days once day 2 is materialised", async () => {
    materialised = [DAY1, DAY2];
    const answer = await daily(`2026-11-25T02:00:00.000Z`);
    expect(answer.sources).to.deep.equal({ batch: "athena", speed: "not-needed" });
    const wanted = batch.filter((r) => CHANNELS.includes(r.channel));
    expect(
      answer.days.map((d) => [
        d.dt,
        d.channel,
        d.source,
        d.impressions,
        d.clicks,
        d.conversions,
        d.revenue,
      ]),
    ).to.deep.equal(
      wanted.map((r) => [
        r.dt,
        r.channel,
        "batch",
        r.impressions,
        r.clicks,
        r.conversions,
        r.revenue,
      ]),
    );
    for (const total of answer.channels) {
      const mine = wanted.filter((r) => r.channel === total.channel);
      expect(total.impressions).to.equal(mine.reduce((n, r) => n + r.impressions, 0));
      expect(total.conversions).to.equal(mine.reduce((n, r) => n + r.conversions, 0));
      expect(total.revenue).to.be.closeTo(
        mine.reduce((n, r) => n + r.revenue, 0),
        1e-6,
      );
    }
    expect(answer.freshness).to.deep.include({
      batchThrough: DAY2,
      conversionsThrough: DAY2,
      speedThrough: null,
    });
  });

  it("answers a repeated question from the cache: one Athena query and one Glue call", async () => {
    materialised = [DAY1];
    // Later than every earlier test's clock, so their cached watermarks have expired; and a
    // fresh question (only day 1) so their cached answers do not apply.
    const now = "2026-11-25T12:00:00.000Z";
    const first = await daily(now, DAY1, DAY1);
    const second = await daily(now, DAY1, DAY1);
    expect([first.sources.batch, second.sources.batch]).to.deep.equal(["athena", "cache"]);
    expect(second.channels).to.deep.equal(first.channels);
    expect(athena.commandCalls(StartQueryExecutionCommand)).to.have.length(1);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).to.deep.include({
      WorkGroup: "serving",
      ExecutionParameters: [`'${DAY1}'`, `'${DAY1}'`, "'home-rfy'", "'pdp-similar'", "'popular'"],
    });
    expect(glue.commandCalls(GetPartitionsCommand)).to.have.length(1);
  });

  it("writes the same channel rows as the local speed view npm run kpi reads", async () => {
    const scanned = await view.client.send(new ScanCommand({ TableName: config.viewTableName }));
    const fields = [
      "pk",
      "sk",
      "channel",
      "minute",
      "window_start",
      "window_end",
      "impressions",
      "clicks",
      "ctr",
    ];
    const pick = (item: Record<string, unknown>) =>
      Object.fromEntries(fields.map((f) => [f, item[f]]));
    const deployed = (scanned.Items ?? [])
      .filter((item) => String(item.pk).startsWith("CHANNEL#"))
      .map(pick)
      .sort((a, b) => `${a.sk}${a.pk}`.localeCompare(`${b.sk}${b.pk}`));
    const local = speedViewRows(events)
      .map((r) => pick(r as unknown as Record<string, unknown>))
      .sort((a, b) => `${a.sk}${a.pk}`.localeCompare(`${b.sk}${b.pk}`));
    expect(local.length).to.be.greaterThan(100);
    expect(local).to.deep.equal(deployed);
  });

  it("lists every invalid parameter in one 400", async () => {
    const response = await handleKpiRequest(
      get({ channels: "Home,popular,popular", from: "2026-11-31", to: "2026-11-01", x: "1" }),
      config,
      deps(`${DAY2}T12:00:00.000Z`),
    );
    expect(response.statusCode).to.equal(400);
    expect(JSON.parse(response.body as string).problems).to.deep.equal([
      'unknown parameter "x"; use channels, from, to, minutes',
      'channel "Home" is not a lower-case slug like "home-rfy"',
      "channels repeats a channel",
      'from "2026-11-31" is not a date; use YYYY-MM-DD',
    ]);
  });

  it("answers 504 naming the query when Athena does not finish in time", async () => {
    materialised = [DAY1];
    athena
      .on(GetQueryExecutionCommand)
      .resolves({ QueryExecution: { Status: { State: "RUNNING" } } });
    const response = await handleKpiRequest(
      get({ channels: "email-reco", from: DAY1, to: DAY1 }),
      config,
      { ...deps(`${DAY2}T12:00:00.000Z`), athenaTimeoutMs: 50 },
    );
    expect(response.statusCode).to.equal(504);
    expect(JSON.parse(response.body as string)).to.deep.equal({
      error: "Athena query q-1 still RUNNING at the deadline",
    });
    expect(
      athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input),
    ).to.deep.equal([{ QueryExecutionId: "q-1" }]);
  });

  it("draws CTR by minute for the widget from the speed view, with the channels that ran", async () => {
    // Two minutes after the last impression of day 2: its channel ran in the last 5 minutes.
    const last = events
      .filter((e) => e.event_type === "impression" && e.event_time.startsWith(DAY2))
      .pop()!;
    const now = Math.floor(Date.parse(last.event_time) / MINUTE_MS) * MINUTE_MS + 2 * MINUTE_MS;
    const html = await handleWidget(
      {
        widgetContext: {
          timeRange: { start: now - 60 * MINUTE_MS, end: now },
          width: 600,
          height: 300,
        },
      },
      config,
      deps(new Date(now).toISOString()),
    );
    expect(html).to.match(/^<svg width="580"/);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";
    expect(html).to.contain(`${iso(now - 59 * MINUTE_MS)} to ${iso(now)} UTC`);
    expect(html).to.contain(`&#9632; ${last.channel}</td>`);
  });
});
