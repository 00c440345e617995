import * as aws from "@pulumi/aws";
import { AlarmTopic, DataLake, KPIDashboard, StreamIngestion, TIER_PROFILES } from "reco-analytics";

const provider = new aws.Provider("analytics", {
  region: "us-east-1",
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };
const tier = "dev";
const workload = TIER_PROFILES.dev.workload;

const alerts = new AlarmTopic("alerts", { tier, emails: ["oncall@example.com"] }, opts);
const lake = new DataLake("lake", { tier, workload, alarmTopicArn: alerts.topicArn }, opts);
const ingestion = new StreamIngestion("ingest", { tier, workload, lake: lake.refs }, opts);
const kpi = new KPIDashboard(
  "kpi",
  {
    tier,
    logRetentionDays: 14,
    alarmTopicArn: alerts.topicArn,
    lake: lake.refs, // DataLake: bucket, key, Glue database and events table, Athena workgroup
    operations: {
      streamName: ingestion.streamName,
      deliveryStreamName: ingestion.deliveryStreamName,
      // Optional rows and alarms: list what the stack deploys (Lambdas, Flink, state machines).
      functionNames: ingestion.transformFunctionName ? [ingestion.transformFunctionName] : [],
    },
    quicksight: {
      enabled: true,
      principals: ["arn:aws:quicksight:us-east-1:123456789012:group/default/marketing"],
    },
  },
  opts,
);
export const kpiTables = kpi.kpiTableNames;
