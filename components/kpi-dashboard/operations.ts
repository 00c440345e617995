/**
 * The operators' CloudWatch dashboard, built as data from the pipeline's resource names: one row
 * per stage, collector to serving, so a glance says where records stop flowing. Pure: names in,
 * dashboard body out.
 */

/** The pipeline's moving parts, as the dashboard and its alarms name them. */
export interface OperationsTargets<S = string> {
  /** Kinesis stream the producers write to. */
  readonly streamName: S;
  /** Firehose stream delivering to the lake. */
  readonly deliveryStreamName: S;
  /** Lambda functions whose errors and throttles are charted. */
  readonly functionNames: readonly S[];
  /** Managed Flink application computing real-time KPIs, when that engine runs. */
  readonly flinkApplicationName?: S;
  /** State machines (training pipeline, KPI materialisation) whose runs are charted. */
  readonly stateMachineArns?: readonly S[];
  /** Lambda sending the stream to Personalize PutEvents. */
  readonly putEventsFunctionName?: S;
  /** Personalize event tracker, for the service's own PutEvents metrics. */
  readonly eventTrackerArn?: S;
  /** Athena workgroup the KPI jobs and dashboards query. */
  readonly athenaWorkgroupName?: S;
  /** The recommendation API's function: errors, throttles, p99 and impressions not logged. */
  readonly apiFunctionName?: S;
  /** The recommendation API's p99 budget (ms), drawn on its duration chart. */
  readonly apiP99BudgetMs?: number;
  /** Alarms whose state the dashboard shows at the top (CloudWatch shows up to 100). */
  readonly alarmArns?: readonly S[];
}

type Metric = (string | Record<string, unknown>)[];

interface Widget {
  readonly type: "metric" | "text" | "alarm";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Record<string, unknown>;
}

const WIDTH = 24;
const HEIGHT = 6;

function metricWidget(
  region: string,
  title: string,
  metrics: Metric[],
  stat: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    title,
    region,
    metrics,
    stat,
    period: 300,
    view: "timeSeries",
    stacked: false,
    ...extra,
  };
}

/** One row of up to four equal widgets. */
function row(y: number, props: Record<string, unknown>[]): Widget[] {
  const width = WIDTH / props.length;
  return props.map((properties, i) => ({
    type: "metric",
    x: i * width,
    y,
    width,
    height: HEIGHT,
    properties,
  }));
}

function heading(y: number, markdown: string): Widget {
  return { type: "text", x: 0, y, width: WIDTH, height: 1, properties: { markdown } };
}

/** The dashboard body (the JSON CloudWatch's PutDashboard takes) for `t` in `region`. */
export function operationsDashboardBody(
  t: OperationsTargets,
  region: string,
): { widgets: Widget[] } {
  const widgets: Widget[] = [];
  let y = 0;
  const section = (markdown: string, props: Record<string, unknown>[]) => {
    if (props.length === 0) return;
    widgets.push(heading(y, markdown));
    widgets.push(...row(y + 1, props));
    y += 1 + HEIGHT;
  };
  const stream = ["StreamName", t.streamName];
  const delivery = ["DeliveryStreamName", t.deliveryStreamName];

  const alarms = (t.alarmArns ?? []).slice(0, 100);
  if (alarms.length > 0) {
    widgets.push(heading(y, "## Alarms"), {
      type: "alarm",
      x: 0,
      y: y + 1,
      width: WIDTH,
      height: 3,
      properties: { title: "Alarm states", alarms, sortBy: "stateUpdatedTimestamp" },
    });
    y += 4;
  }

  section(`## Collect: Kinesis stream \`${t.streamName}\``, [
    metricWidget(
      region,
      "Incoming records",
      [["AWS/Kinesis", "IncomingRecords", ...stream]],
      "Sum",
    ),
    metricWidget(
      region,
      "Iterator age (ms), slowest consumer",
      [["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", ...stream]],
      "Maximum",
    ),
    metricWidget(
      region,
      "Throttled writes and reads",
      [
        ["AWS/Kinesis", "WriteProvisionedThroughputExceeded", ...stream],
        ["AWS/Kinesis", "ReadProvisionedThroughputExceeded", ...stream],
      ],
      "Sum",
    ),
  ]);

  section(`## Deliver: Firehose \`${t.deliveryStreamName}\` to the lake`, [
    metricWidget(
      region,
      "Data freshness (s)",
      [["AWS/Firehose", "DeliveryToS3.DataFreshness", ...delivery]],
      "Maximum",
    ),
    metricWidget(
      region,
      "Records delivered",
      [["AWS/Firehose", "DeliveryToS3.Records", ...delivery]],
      "Sum",
    ),
    metricWidget(
      region,
      "Failures (to failed/)",
      [
        ["AWS/Firehose", "FailedConversion.Records", ...delivery],
        [
          "AWS/Firehose",
          "ExecuteProcessing.Success",
          ...delivery,
          { stat: "Average", yAxis: "right" },
        ],
      ],
      "Sum",
    ),
  ]);

  // A function may be named twice (as a processor and as the put-events function): chart it once.
  const lambdas = [
    ...new Set([...t.functionNames, ...(t.putEventsFunctionName ? [t.putEventsFunctionName] : [])]),
  ];
  section(
    "## Process: Lambda functions",
    lambdas.length === 0
      ? []
      : [
          metricWidget(
            region,
            "Errors",
            lambdas.map((f) => ["AWS/Lambda", "Errors", "FunctionName", f]),
            "Sum",
          ),
          metricWidget(
            region,
            "Throttles",
            lambdas.map((f) => ["AWS/Lambda", "Throttles", "FunctionName", f]),
            "Sum",
          ),
          metricWidget(
            region,
            "Duration p99 (ms)",
            lambdas.map((f) => ["AWS/Lambda", "Duration", "FunctionName", f]),
            "p99",
          ),
        ],
  );

  if (t.apiFunctionName) {
    const fn = ["FunctionName", t.apiFunctionName];
    const budget = t.apiP99BudgetMs;
    section(`## Serve: recommendation API \`${t.apiFunctionName}\``, [
      metricWidget(
        region,
        "Errors and throttles",
        [
          ["AWS/Lambda", "Errors", ...fn],
          ["AWS/Lambda", "Throttles", ...fn],
        ],
        "Sum",
      ),
      metricWidget(
        region,
        "Duration p99 (ms)",
        [["AWS/Lambda", "Duration", ...fn]],
        "p99",
        budget === undefined
          ? {}
          : { annotations: { horizontal: [{ label: "p99 budget", value: budget }] } },
      ),
      metricWidget(
        region,
        "Impressions not logged",
        [["RecoAnalytics/RecommendationApi", "ImpressionsNotLogged", ...fn]],
        "Sum",
      ),
    ]);
  }

  if (t.flinkApplicationName) {
    const app = ["Application", t.flinkApplicationName];
    // Flink 2.2 removed fullRestarts and deprecates uptime/downtime: runningTime, restartingTime
    // and numRestarts are what Managed Flink 2.2 publishes in their place.
    section(`## Real-time KPIs: Flink \`${t.flinkApplicationName}\``, [
      metricWidget(
        region,
        "Running and restarting time (ms)",
        [
          ["AWS/KinesisAnalytics", "runningTime", ...app],
          ["AWS/KinesisAnalytics", "restartingTime", ...app],
        ],
        "Maximum",
      ),
      metricWidget(
        region,
        "Restarts",
        [["AWS/KinesisAnalytics", "numRestarts", ...app]],
        "Maximum",
      ),
      metricWidget(
        region,
        "Failed checkpoints",
        [["AWS/KinesisAnalytics", "numberOfFailedCheckpoints", ...app]],
        "Maximum",
      ),
    ]);
  }

  const putEvents: Record<string, unknown>[] = [];
  if (t.eventTrackerArn) {
    const tracker = ["EventTrackerArn", t.eventTrackerArn];
    putEvents.push(
      metricWidget(
        region,
        "PutEvents calls",
        [["AWS/Personalize", "PutEventsRequests", ...tracker]],
        "Sum",
      ),
      metricWidget(
        region,
        "PutEvents errors",
        [
          ["AWS/Personalize", "PutEvents4xxErrors", ...tracker],
          ["AWS/Personalize", "PutEvents5xxErrors", ...tracker],
        ],
        "Sum",
      ),
    );
  }
  if (t.putEventsFunctionName) {
    putEvents.push(
      metricWidget(
        region,
        "Events to PutEvents: stream lag (ms)",
        [["AWS/Lambda", "IteratorAge", "FunctionName", t.putEventsFunctionName]],
        "Maximum",
      ),
    );
  }
  section("## Personalize: real-time events", putEvents);

  const machines = t.stateMachineArns ?? [];
  section(
    "## Batch: Step Functions (training pipeline, KPI tables)",
    machines.length === 0
      ? []
      : [
          metricWidget(
            region,
            "Executions failed or timed out",
            machines.flatMap((arn) => [
              ["AWS/States", "ExecutionsFailed", "StateMachineArn", arn],
              ["AWS/States", "ExecutionsTimedOut", "StateMachineArn", arn],
            ]),
            "Sum",
            { period: 3600 },
          ),
          metricWidget(
            region,
            "Executions succeeded",
            machines.map((arn) => ["AWS/States", "ExecutionsSucceeded", "StateMachineArn", arn]),
            "Sum",
            { period: 3600 },
          ),
        ],
  );

  if (t.athenaWorkgroupName) {
    section(`## Query: Athena workgroup \`${t.athenaWorkgroupName}\``, [
      metricWidget(
        region,
        "Bytes scanned per day",
        [
          [
            {
              expression: `SEARCH('{AWS/Athena,QueryState,QueryType,WorkGroup} WorkGroup="${t.athenaWorkgroupName}" MetricName="ProcessedBytes"', 'Sum', 86400)`,
              id: "scanned",
            },
          ],
        ],
        "Sum",
        { period: 86400 },
      ),
    ]);
  }
  return { widgets };
}
