import * as aws from "@pulumi/aws";
import {
  AlarmTopic,
  DataLake,
  PersonalizeRecommender,
  RealtimeAnalytics,
  StreamIngestion,
  TIER_PROFILES,
} from "reco-analytics";

const region = "us-east-1";
const provider = new aws.Provider("analytics", {
  region,
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };
const tier = "dev";
const workload = TIER_PROFILES.dev.workload;

const alerts = new AlarmTopic("alerts", { tier }, opts);
const lake = new DataLake("lake", { tier, workload }, opts);
const ingestion = new StreamIngestion("ingest", { tier, workload, lake: lake.refs }, opts);
const realtime = new RealtimeAnalytics(
  "realtime",
  { tier, workload, stream: ingestion.refs, engine: "lambda" },
  opts,
);
const recommender = new PersonalizeRecommender(
  "reco",
  {
    tier,
    workload, // sizes the campaign's minimum TPS and the event source mapping
    logRetentionDays: 14,
    alarmTopicArn: alerts.topicArn,
    region, // the region Personalize and the training pipeline run in: the provider's
    lake: lake.refs, // DataLake: bucket, key, Glue database/table, workgroup, Personalize's grants
    stream: ingestion.refs, // StreamIngestion: the behaviour-log stream and its key
    realtimeView: realtime.viewRefs, // the fallback's trending list
  },
  opts,
);
export const recommendationApiUrl = recommender.apiUrl;
export const trainingStateMachineArn = recommender.stateMachineArn;
