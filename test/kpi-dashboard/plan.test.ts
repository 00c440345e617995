/**
 * The offline plans of the shipped stacks carry the batch and serving layers each tier promises:
 * prod the QuickSight data source, datasets and dashboard, dev none of them; both the daily
 * materialisation schedule, the operations dashboard and the alarms to the stack's alarm topic.
 */
import { expect } from "chai";
import type { PlanResult } from "../../offline/plan";
import { DASHBOARD_ACTIONS, KPI_DASHBOARD_TYPE } from "../../components/kpi-dashboard";
import { descendantsOf, namesOf, ofType, onlyOne, shippedPlan } from "../offline/plans";
import { headings } from "./fixtures";

const QUICKSIGHT_TYPES = [
  "aws:quicksight/dataSource:DataSource",
  "aws:quicksight/dataSet:DataSet",
  "aws:quicksight/dashboard:Dashboard",
  "aws:quicksight/analysis:Analysis",
];
const CLOUD_CONTROL = "aws:cloudcontrol/resource:Resource";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const MARKETING = "arn:aws:quicksight:ap-northeast-2:123456789012:group/default/marketing-analysts";

/** The schedule, state machine and alarms both tiers have; the operations dashboard prod's only. */
function expectBatchAndOperations(plan: PlanResult, stack: string, region: string) {
  const dashboard = descendantsOf(plan, KPI_DASHBOARD_TYPE);
  const schedule = onlyOne(
    plan,
    "aws:scheduler/schedule:Schedule",
    `${stack}-kpi-materialise-daily`,
  );
  expect(dashboard).to.include(schedule);
  const inputs = schedule.inputs as any;
  expect(inputs).to.deep.include({
    scheduleExpression: "cron(15 1 * * ? *)",
    scheduleExpressionTimezone: "UTC",
    state: "ENABLED",
  });
  expect(inputs.target.arn).to.match(
    new RegExp(`^arn:aws:states:${region}:123456789012:stateMachine:${stack}-kpi-materialise-`),
  );
  expect(inputs.target.deadLetterConfig.arn).to.match(
    new RegExp(`^arn:aws:sqs:${region}:123456789012:${stack}-kpi-materialise-dlq-`),
  );
  const machine = onlyOne(plan, "aws:sfn/stateMachine:StateMachine", `${stack}-kpi-materialise`);
  expect(JSON.parse((machine.inputs as any).definition).QueryLanguage).to.equal("JSONata");

  // Dev goes without the $3 operations dashboard (the tier default); its alarms stay.
  let body: { widgets: { type: string; properties: any }[] } = { widgets: [] };
  if (stack === "dev") {
    expect(ofType(plan, "aws:cloudwatch/dashboard:Dashboard")).to.deep.equal([]);
  } else {
    const operations = onlyOne(
      plan,
      "aws:cloudwatch/dashboard:Dashboard",
      `${stack}-kpi-operations`,
    );
    expect(dashboard).to.include(operations);
    body = JSON.parse((operations.inputs as any).dashboardBody);
    for (const widget of body.widgets.filter((w) => w.type === "metric")) {
      expect(widget.properties.region).to.equal(region);
    }
  }

  const alarms = dashboard.filter((r) => r.type === ALARM);
  const topic = `arn:aws:sns:${region}:123456789012:${stack}-alerts-topic-`;
  for (const alarm of alarms) {
    const actions = (alarm.inputs as any).alarmActions as string[];
    expect(actions, alarm.name).to.have.length(1);
    expect(actions[0].startsWith(topic), `${alarm.name} → ${actions[0]}`).to.equal(true);
  }
  return { alarms: namesOf(alarms, ALARM), headings: headings(body) };
}

describe("offline plan: KPI batch layer, QuickSight and operations of the shipped stacks", function () {
  // Two real programs under Pulumi's mock runtime, shared with the realtime plan suite.
  this.timeout(120_000);

  it("prod has QuickSight shared with the stack's principals, the materialisation schedule, the operations dashboard and alarms", async () => {
    const plan = await shippedPlan("prod");
    const dashboardChildren = descendantsOf(plan, KPI_DASHBOARD_TYPE);
    const source = onlyOne(plan, "aws:quicksight/dataSource:DataSource");
    expect(dashboardChildren).to.include(source);
    expect((source.inputs as any).type).to.equal("ATHENA");
    expect(
      ofType(plan, "aws:quicksight/dataSet:DataSet")
        .map((d) => [d.name, (d.inputs as any).importMode])
        .sort(),
    ).to.deep.equal([
      ["prod-kpi-dataset-channels", "DIRECT_QUERY"],
      ["prod-kpi-dataset-funnel", "DIRECT_QUERY"],
      ["prod-kpi-dataset-items", "DIRECT_QUERY"],
    ]);
    const dashboard = onlyOne(plan, CLOUD_CONTROL, "prod-kpi-dashboard");
    expect((dashboard.inputs as any).typeName).to.equal("AWS::QuickSight::Dashboard");
    const state = JSON.parse((dashboard.inputs as any).desiredState);
    expect(state.Permissions).to.deep.equal([{ Principal: MARKETING, Actions: DASHBOARD_ACTIONS }]);
    expect(state.Definition.Sheets[0].Visuals.length).to.be.greaterThan(3);

    const { alarms, headings } = expectBatchAndOperations(plan, "prod", "ap-northeast-2");
    expect(alarms).to.deep.equal([
      "prod-kpi-materialisation-failed",
      "prod-kpi-materialisation-missed",
      "prod-kpi-put-events-5xx",
      "prod-kpi-schedule-dead-letters",
      "prod-kpi-state-machine-0-failed",
    ]);
    // Prod runs the Flink engine, so its health has a row, named by the application's name.
    expect(headings.filter((h) => h.includes("Flink"))).to.have.length(1);
    expect(headings.find((h) => h.includes("Flink"))).to.match(
      /^## Real-time KPIs: Flink `prod-realtime-flink-[0-9a-f]{7}`$/,
    );
  });

  it("dev has no QuickSight resources and no operations dashboard, and the same schedule and alarms", async () => {
    const plan = await shippedPlan("dev");
    for (const type of QUICKSIGHT_TYPES) expect(ofType(plan, type), type).to.deep.equal([]);
    expect(ofType(plan, CLOUD_CONTROL)).to.deep.equal([]);
    const { alarms, headings } = expectBatchAndOperations(plan, "dev", "us-east-1");
    expect(alarms).to.deep.equal([
      "dev-kpi-materialisation-failed",
      // The program passes the recommender's event tracker, so PutEvents server errors alarm too.
      "dev-kpi-put-events-5xx",
      "dev-kpi-schedule-dead-letters",
      "dev-kpi-state-machine-0-failed",
    ]);
    expect(headings).to.deep.equal([]);
  });
});
