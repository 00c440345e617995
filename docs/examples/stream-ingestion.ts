import * as aws from "@pulumi/aws";
import { AlarmTopic, DataLake, StreamIngestion, TIER_PROFILES } from "reco-analytics";

const provider = new aws.Provider("analytics", {
  region: "us-east-1",
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };
const tier = "dev";
const workload = TIER_PROFILES.dev.workload;

const alarms = new AlarmTopic("alarms", { tier, emails: ["oncall@example.com"] }, opts);
const lake = new DataLake("lake", { tier, workload }, opts);
const ingestion = new StreamIngestion(
  "ingest",
  {
    tier,
    workload, // sizes shards, capacity mode and Firehose buffers
    logRetentionDays: 14,
    alarmTopicArn: alarms.topicArn,
    lake: lake.refs, // LakeRefs: bucket, key, Glue database and events table
  },
  opts,
);
export const streamName = ingestion.streamName;
export const producerRoleArn = ingestion.producerRoleArn;
// Consumers (Personalize events, real-time KPIs) take ingestion.refs (StreamRefs).
