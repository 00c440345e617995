import * as aws from "@pulumi/aws";
import { DataLake, StreamIngestion, TIER_PROFILES } from "reco-analytics";

const provider = new aws.Provider("analytics", {
  region: "us-east-1",
  defaultTags: { tags: { environment: "dev", owner: "data-platform", "cost-center": "cc-1234" } },
});
const opts = { providers: [provider] };
const workload = TIER_PROFILES.dev.workload; // sizes the scan cutoff and the expiry

const lake = new DataLake("lake", { tier: "dev", workload, protectData: false }, opts);
// Everything that reads or writes the lake takes lake.refs (LakeRefs): bucket, key, Glue database,
// events table, workgroup, results and artifacts buckets.
new StreamIngestion("ingest", { tier: "dev", workload, lake: lake.refs }, opts);
export const athenaWorkgroup = lake.athenaWorkgroupName;
