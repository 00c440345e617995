/**
 * KPIDashboard's children for dev and prod: the KPI tables, named queries, materialisation,
 * operations dashboard and alarm set, and QuickSight only when enabled.
 */
import { expect } from "chai";
import {
  KPIDashboard,
  KpiDashboardArgs,
  validateKpiDashboardArgs,
} from "../../components/kpi-dashboard";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import {
  ACCOUNT_ADMINISTERS_KEY,
  LAKE,
  OPERATIONS,
  PRINCIPAL,
  TOPIC_ARN,
  childNames,
  headings,
} from "./fixtures";

const QUICKSIGHT_TYPES = [
  "aws:quicksight/dataSource:DataSource",
  "aws:quicksight/dataSet:DataSet",
  "aws:cloudcontrol/resource:Resource",
];

const dev: KpiDashboardArgs = {
  tier: "dev",
  lake: LAKE,
  operations: OPERATIONS,
  alarmTopicArn: TOPIC_ARN,
};
const prod: KpiDashboardArgs = {
  ...dev,
  tier: "prod",
  quicksight: { enabled: true, principals: [PRINCIPAL] },
  operations: {
    ...OPERATIONS,
    flinkApplicationName: "reco-flink",
    stateMachineArns: [`arn:aws:states:us-east-1:${MOCK_ACCOUNT_ID}:stateMachine:reco-training`],
    putEventsFunctionName: "reco-put-events",
    eventTrackerArn: `arn:aws:personalize:us-east-1:${MOCK_ACCOUNT_ID}:event-tracker/abc`,
    apiFunctionName: "reco-api",
    apiP99BudgetMs: 1000,
    alarmArns: [
      `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:reco-api-p99-duration`,
      `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:reco-ingest-transform-errors`,
    ],
  },
};

describe("KPIDashboard", () => {
  const rec = useMocks({ stack: "dev" });

  it("has exactly the batch, operations and alarm children in dev, and no QuickSight", async () => {
    new KPIDashboard("kpi", dev);
    await rec.settle();
    expect(childNames(rec, "reco:kpi-dashboard:KPIDashboard")).to.deep.equal([
      "aws:athena/namedQuery:NamedQuery kpi-channel-item-daily",
      "aws:athena/namedQuery:NamedQuery kpi-channel-kpis",
      "aws:athena/namedQuery:NamedQuery kpi-funnel",
      "aws:cloudwatch/logGroup:LogGroup kpi-materialise-logs",
      "aws:cloudwatch/metricAlarm:MetricAlarm kpi-materialisation-failed",
      "aws:cloudwatch/metricAlarm:MetricAlarm kpi-schedule-dead-letters",
      "aws:glue/catalogTable:CatalogTable kpi-kpi-channel-daily",
      "aws:glue/catalogTable:CatalogTable kpi-kpi-channel-item-daily",
      "aws:glue/catalogTable:CatalogTable kpi-kpi-funnel-daily",
      "aws:iam/role:Role kpi-materialise-role",
      "aws:iam/role:Role kpi-schedule-role",
      "aws:iam/rolePolicy:RolePolicy kpi-materialise-policy",
      "aws:iam/rolePolicy:RolePolicy kpi-schedule-policy",
      "aws:kms/alias:Alias kpi-key-alias",
      "aws:kms/key:Key kpi-key",
      "aws:scheduler/schedule:Schedule kpi-materialise-daily",
      "aws:sfn/stateMachine:StateMachine kpi-materialise",
      "aws:sqs/queue:Queue kpi-materialise-dlq",
    ]);
    for (const type of QUICKSIGHT_TYPES) expect(rec.ofType(type), type).to.have.length(0);
    // The operations dashboard bills $3 a month: dev goes without it and exports no name.
    expect(rec.one("reco:kpi-dashboard:KPIDashboard").outputs).not.to.have.property(
      "operationsDashboardName",
    );
  });

  it("creates the operations dashboard in dev when asked, and in prod by default", async () => {
    new KPIDashboard("dev-kpi", { ...dev, operationsDashboard: true });
    new KPIDashboard("prod-kpi", prod);
    new KPIDashboard("quiet-kpi", { ...prod, operationsDashboard: false });
    await rec.settle();
    expect(
      rec
        .ofType("aws:cloudwatch/dashboard:Dashboard")
        .map((d) => d.name)
        .sort(),
    ).to.deep.equal(["dev-kpi-operations", "prod-kpi-operations"]);
  });

  it("adds QuickSight and the prod-only alarms in prod", async () => {
    new KPIDashboard("kpi", prod);
    await rec.settle();
    expect(rec.ofType("aws:quicksight/dataSource:DataSource")).to.have.length(1);
    expect(
      rec
        .ofType("aws:quicksight/dataSet:DataSet")
        .map((d) => d.name)
        .sort(),
    ).to.deep.equal(["kpi-dataset-channels", "kpi-dataset-funnel", "kpi-dataset-items"]);
    expect(rec.one("aws:cloudcontrol/resource:Resource").inputs.typeName).to.equal(
      "AWS::QuickSight::Dashboard",
    );
    expect(
      rec
        .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .map((a) => a.name)
        .sort(),
    ).to.deep.equal([
      "kpi-materialisation-failed",
      "kpi-materialisation-missed",
      "kpi-put-events-5xx",
      "kpi-schedule-dead-letters",
      "kpi-state-machine-0-failed",
    ]);
  });

  it("sends every alarm to the alarm topic with its threshold", async () => {
    new KPIDashboard("kpi", prod);
    await rec.settle();
    const alarms = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    for (const alarm of alarms) {
      expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([TOPIC_ARN]);
      expect(alarm.inputs.okActions, alarm.name).to.deep.equal([TOPIC_ARN]);
    }
    const missed = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "materialisation-missed");
    expect(missed.inputs).to.include({
      namespace: "AWS/States",
      metricName: "ExecutionsSucceeded",
      statistic: "Sum",
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      period: 86400,
      treatMissingData: "breaching",
    });
    const machine = rec.one("aws:sfn/stateMachine:StateMachine");
    expect(missed.inputs.dimensions.StateMachineArn).to.match(
      /^arn:aws:states:us-east-1:123456789012:stateMachine:kpi-materialise-/,
    );
    const key = rec.one("aws:kms/key:Key", "kpi-key");
    expect([key.protect, key.retainOnDelete, key.inputs.deletionWindowInDays]).to.deep.equal([
      true,
      true,
      30,
    ]);
    const failed = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", "state-machine-0-failed");
    expect(failed.inputs.dimensions).to.deep.equal({
      StateMachineArn: prod.operations.stateMachineArns![0],
    });
    expect(machine.inputs.loggingConfiguration).to.deep.include({
      includeExecutionData: true,
      level: "ERROR",
    });
  });

  it("types the KPI tables from the SQL's columns, Parquet under kpi/, partitioned by dt", async () => {
    new KPIDashboard("kpi", dev);
    await rec.settle();
    const table = rec.one("aws:glue/catalogTable:CatalogTable", "kpi-channel-daily");
    expect(table.inputs.name).to.equal("kpi_channel_daily");
    expect(table.inputs.databaseName).to.equal("reco_dev");
    expect(table.inputs.partitionKeys).to.deep.equal([
      { name: "dt", type: "string", comment: "UTC date, YYYY-MM-DD" },
    ]);
    expect(table.inputs.storageDescriptor.location).to.equal(
      "s3://reco-lake-dev/kpi/kpi_channel_daily/",
    );
    expect(table.inputs.storageDescriptor.serDeInfo.serializationLibrary).to.equal(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
    expect(
      table.inputs.storageDescriptor.columns.map(
        (c: { name: string; type: string }) => `${c.name}:${c.type}`,
      ),
    ).to.deep.equal([
      "channel:string",
      "impressions:bigint",
      "clicks:bigint",
      "ctr:double",
      "conversions:bigint",
      "cvr:double",
      "revenue:double",
      "coverage:bigint",
    ]);
  });

  it("saves each KPI query in the lake's workgroup over the Glue events table", async () => {
    new KPIDashboard("kpi", dev);
    await rec.settle();
    const query = rec.one("aws:athena/namedQuery:NamedQuery", "kpi-funnel");
    expect(query.inputs).to.include({
      database: "reco_dev",
      workgroup: "reco-dev",
      name: "reco funnel",
    });
    expect(query.inputs.description).to.equal(
      "Distinct users per day with a visit, view, cart and buy. Bind, in order: from, to",
    );
    expect(query.inputs.query).to.contain('FROM "reco_dev"."events"\nWHERE dt BETWEEN ? AND ?');
  });

  it("runs the materialisation daily from the scheduler, dead-lettering what it cannot start", async () => {
    new KPIDashboard("kpi", dev);
    await rec.settle();
    const schedule = rec.one("aws:scheduler/schedule:Schedule");
    expect(schedule.inputs).to.deep.include({
      scheduleExpression: "cron(15 1 * * ? *)",
      scheduleExpressionTimezone: "UTC",
      flexibleTimeWindow: { mode: "OFF" },
    });
    expect(JSON.parse(schedule.inputs.target.input)).to.deep.equal({
      scheduledTime: "<aws.scheduler.scheduled-time>",
    });
    expect(schedule.inputs.target.deadLetterConfig.arn).to.match(
      /^arn:aws:sqs:us-east-1:123456789012:kpi-materialise-dlq-/,
    );
    const policy = JSON.parse(
      rec.one("aws:iam/rolePolicy:RolePolicy", "kpi-schedule-policy").inputs.policy,
    );
    expect(policy.Statement.map((s: { Action: string[] }) => s.Action)).to.deep.equal([
      ["states:StartExecution"],
      ["sqs:SendMessage"],
      ["kms:GenerateDataKey", "kms:Decrypt"],
    ]);
    expect(
      JSON.parse(rec.one("aws:iam/role:Role", "kpi-schedule-role").inputs.assumeRolePolicy)
        .Statement[0],
    ).to.deep.equal({
      Effect: "Allow",
      Principal: { Service: "scheduler.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
    });
    const key = rec.one("aws:kms/key:Key", "kpi-key");
    expect([
      key.protect,
      key.inputs.enableKeyRotation,
      key.inputs.deletionWindowInDays,
    ]).to.deep.equal([false, true, 7]);
    // The key encrypts the execution logs: CloudWatch Logs may use it for this account's groups.
    const keyStatements = JSON.parse(key.inputs.policy).Statement;
    expect(keyStatements[0]).to.deep.equal(ACCOUNT_ADMINISTERS_KEY);
    expect(keyStatements.slice(1).map((s: { Principal: unknown }) => s.Principal)).to.deep.equal([
      { Service: "logs.us-east-1.amazonaws.com" },
    ]);
    const queue = rec.one("aws:sqs/queue:Queue");
    expect(queue.inputs.kmsMasterKeyId).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
    expect(rec.one("aws:cloudwatch/logGroup:LogGroup").inputs.kmsKeyId).to.equal(
      queue.inputs.kmsMasterKeyId,
    );
    expect(policy.Statement[2]).to.deep.equal({
      Sid: "EncryptDeadLetters",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [queue.inputs.kmsMasterKeyId],
    });
  });

  it("lets the materialisation read events and rewrite kpi/ only, with '*' only where AWS allows nothing else", async () => {
    new KPIDashboard("kpi", dev);
    await rec.settle();
    const statements = JSON.parse(
      rec.one("aws:iam/rolePolicy:RolePolicy", "kpi-materialise-policy").inputs.policy,
    ).Statement;
    const bySid = Object.fromEntries(statements.map((s: { Sid: string }) => [s.Sid, s]));
    expect(bySid.ReadEvents.Resource).to.deep.equal(["arn:aws:s3:::reco-lake-dev/events/*"]);
    expect(bySid.RewriteKpiTables.Resource).to.deep.equal(["arn:aws:s3:::reco-lake-dev/kpi/*"]);
    expect(bySid.RewriteKpiTables.Action).to.include("s3:DeleteObject");
    expect(bySid.RunQueriesInTheLakeWorkgroup.Resource).to.deep.equal([LAKE.athenaWorkgroupArn]);
    expect(bySid.ReadEventsWriteKpiPartitions.Resource).to.deep.equal([
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:catalog`,
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:database/reco_dev`,
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:table/reco_dev/events`,
      `arn:aws:glue:us-east-1:${MOCK_ACCOUNT_ID}:table/reco_dev/kpi_*`,
    ]);
    const wildcards = statements
      .filter((s: { Resource: string[] }) => s.Resource.includes("*"))
      .map((s: { Sid: string }) => s.Sid);
    expect(wildcards).to.deep.equal(["DeliverExecutionLogs", "WriteTraces"]);
    const actions = statements.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions.filter((a: string) => a.includes("*"))).to.deep.equal([]);
  });

  it("charts every stage of the pipeline on the operations dashboard", async () => {
    new KPIDashboard("kpi", prod);
    await rec.settle();
    const body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    expect(headings(body)).to.deep.equal([
      "## Alarms",
      "## Collect: Kinesis stream `reco-events`",
      "## Deliver: Firehose `reco-events-to-lake` to the lake",
      "## Process: Lambda functions",
      "## Serve: recommendation API `reco-api`",
      "## Real-time KPIs: Flink `reco-flink`",
      "## Personalize: real-time events",
      "## Batch: Step Functions (training pipeline, KPI tables)",
      "## Query: Athena workgroup `reco-dev`",
    ]);
    const metrics = body.widgets
      .filter((w: { type: string }) => w.type === "metric")
      .flatMap((w: any) => w.properties.metrics)
      .filter((m: unknown[]) => typeof m[0] === "string")
      .map((m: string[]) => `${m[0]} ${m[1]} ${m[3]}`);
    expect(metrics).to.include.members([
      "AWS/Kinesis IncomingRecords reco-events",
      "AWS/Kinesis GetRecords.IteratorAgeMilliseconds reco-events",
      "AWS/Firehose DeliveryToS3.DataFreshness reco-events-to-lake",
      "AWS/Firehose FailedConversion.Records reco-events-to-lake",
      "AWS/Lambda Errors reco-transform",
      "AWS/Lambda Errors reco-realtime",
      "AWS/Lambda Errors reco-put-events",
      "AWS/KinesisAnalytics runningTime reco-flink",
      "AWS/KinesisAnalytics restartingTime reco-flink",
      "AWS/KinesisAnalytics numRestarts reco-flink",
      "AWS/KinesisAnalytics numberOfFailedCheckpoints reco-flink",
      `AWS/Personalize PutEvents5xxErrors ${prod.operations.eventTrackerArn}`,
      `AWS/States ExecutionsFailed ${prod.operations.stateMachineArns![0]}`,
      "AWS/Lambda Errors reco-api",
      "AWS/Lambda Throttles reco-api",
      "AWS/Lambda Duration reco-api",
      "RecoAnalytics/RecommendationApi ImpressionsNotLogged reco-api",
    ]);
    const alarmWidget = body.widgets.find((w: { type: string }) => w.type === "alarm");
    expect(alarmWidget.properties.alarms).to.deep.equal(prod.operations.alarmArns);
    const duration = body.widgets.find(
      (w: any) => w.properties.title === "Duration p99 (ms)" && w.properties.annotations,
    );
    expect(duration.properties).to.deep.include({
      stat: "p99",
      annotations: { horizontal: [{ label: "p99 budget", value: 1000 }] },
    });
    // Flink 2.2 removed fullRestarts and deprecates uptime and downtime.
    for (const gone of ["fullRestarts", "uptime", "downtime"]) {
      expect(
        metrics.filter((m: string) => m.split(" ")[1] === gone),
        gone,
      ).to.deep.equal([]);
    }
    for (const widget of body.widgets.filter((w: { type: string }) => w.type === "metric")) {
      expect(widget.properties.region).to.equal("us-east-1");
      expect(widget.x + widget.width).to.be.at.most(24);
    }
  });

  it("leaves out the Flink and Personalize rows when those parts are not deployed", async () => {
    new KPIDashboard("kpi", { ...dev, operationsDashboard: true });
    await rec.settle();
    const body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    expect(headings(body)).to.deep.equal([
      "## Collect: Kinesis stream `reco-events`",
      "## Deliver: Firehose `reco-events-to-lake` to the lake",
      "## Process: Lambda functions",
      "## Batch: Step Functions (training pipeline, KPI tables)",
      "## Query: Athena workgroup `reco-dev`",
    ]);
  });

  it("rejects every bad argument at once, before creating anything", () => {
    const bad = {
      ...dev,
      tier: "staging",
      quicksight: { enabled: true, principals: ["marketing"] },
      materialisationSchedule: "daily",
      recomputeDays: 0,
      operations: { ...OPERATIONS, streamName: "" },
    } as unknown as KpiDashboardArgs;
    expect(validateKpiDashboardArgs(bad)).to.deep.equal([
      'tier is "staging"; allowed: dev, prod. Fix: pass one of those.',
      'operations.streamName is ""; pass the name StreamIngestion outputs.',
      'quicksight.principals[0] is "marketing"; it must be a QuickSight user or group ARN like arn:aws:quicksight:us-east-1:123456789012:group/default/marketing.',
      'materialisationSchedule is "daily"; use an EventBridge Scheduler expression like cron(15 1 * * ? *) (UTC).',
      "recomputeDays is 0; it must be a whole number from 1 (yesterday only) to 7.",
    ]);
    expect(
      validateKpiDashboardArgs({ ...dev, quicksight: { enabled: true, principals: [] } }),
    ).to.deep.equal([
      "quicksight.enabled is true but quicksight.principals is empty; a dashboard shared with nobody cannot be opened. " +
        "Fix: list QuickSight user or group ARNs, e.g. arn:aws:quicksight:us-east-1:123456789012:group/default/marketing.",
    ]);
    expect(() => new KPIDashboard("kpi", bad)).to.throw(
      /^KPIDashboard "kpi" has 5 invalid arguments:\n  - tier is "staging"/,
    );
    expect(rec.resources).to.have.length(0);
  });
});
