import * as aws from "@pulumi/aws";
import {
  AlarmTopic,
  DataLake,
  RealtimeAnalytics,
  StreamIngestion,
  TIER_PROFILES,
} from "reco-analytics";

const provider = new aws.Provider("analytics", {
  region: "us-east-1",
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };
const tier = "dev";
const workload = TIER_PROFILES.dev.workload;

const alerts = new AlarmTopic("alerts", { tier }, opts);
const lake = new DataLake("lake", { tier, workload, alarmTopicArn: alerts.topicArn }, opts);
const ingestion = new StreamIngestion("ingest", { tier, workload, lake: lake.refs }, opts);
const realtime = new RealtimeAnalytics(
  "realtime",
  {
    tier,
    workload,
    alarmTopicArn: alerts.topicArn,
    stream: ingestion.refs, // StreamRefs: the stream, its key and retention
    engine: "lambda", // "flink" needs the application zip: npx reco-analytics-flink-package
    artifactsBucket: {
      name: lake.refs.artifactsBucketName,
      arn: lake.refs.artifactsBucketArn,
      kmsKeyArn: lake.refs.kmsKeyArn, // the Flink application may decrypt its code with it
    },
  },
  opts,
);
// The recommendation API's fallback reads the trending list through realtime.viewRefs. Other
// readers need dynamodb:Query on the table (and on `${tableArn}/index/by-minute`) and kms:Decrypt
// on viewKmsKeyArn.
export const viewTableName = realtime.viewTableName;
export const viewKmsKeyArn = realtime.viewKmsKeyArn;
