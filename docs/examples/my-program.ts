import * as aws from "@pulumi/aws";
import { DataLake, RealtimeAnalytics, StreamIngestion, type WorkloadProfile } from "reco-analytics";

// Your provider: its default tags reach every resource the components create.
const provider = new aws.Provider("analytics", {
  region: "us-east-1",
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };

// Sizing comes from the workload: shards, Firehose buffers, scan cutoffs, Lambda windows.
const workload: WorkloadProfile = {
  avgEventsPerSecond: 20,
  peakEventsPerSecond: 200,
  avgEventBytes: 600,
  retentionDays: 90,
  queriesPerDay: 50,
};

const lake = new DataLake("lake", { tier: "dev", workload }, opts);
const ingestion = new StreamIngestion("ingest", { tier: "dev", workload, lake: lake.refs }, opts);
const realtime = new RealtimeAnalytics(
  "realtime",
  { tier: "dev", workload, stream: ingestion.refs, engine: "lambda" },
  opts,
);

export const streamName = ingestion.streamName;
export const viewTable = realtime.viewTableName;
