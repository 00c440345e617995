/** Small, fixed resource lists for the cost model tests: a few resources each, wired by URN. */
import type { WorkloadProfile } from "../../components/shared/workload";
import type { CostResource } from "../../cost/types";

export const urnOf = (type: string, name: string) =>
  `urn:pulumi:test::reco-analytics::${type}::${name}`;

export function res(
  type: string,
  name: string,
  inputs: Record<string, any>,
  dependencies: readonly CostResource[] = [],
): CostResource {
  return {
    urn: urnOf(type, name),
    type,
    name,
    inputs,
    dependencies: dependencies.map((d) => d.urn),
  };
}

/** 10 events/s of 1,000 B: 26,280,000 events in a 730-hour month. */
export const WORKLOAD: WorkloadProfile = {
  avgEventsPerSecond: 10,
  peakEventsPerSecond: 100,
  avgEventBytes: 1000,
  retentionDays: 90,
  queriesPerDay: 10,
};

export const T = {
  stream: "aws:kinesis/stream:Stream",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  bucket: "aws:s3/bucket:Bucket",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  flink: "aws:kinesisanalyticsv2/application:Application",
  lambda: "aws:lambda/function:Function",
  url: "aws:lambda/functionUrl:FunctionUrl",
  esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
  table: "aws:dynamodb/table:Table",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  sfn: "aws:sfn/stateMachine:StateMachine",
  schedule: "aws:scheduler/schedule:Schedule",
} as const;

export const stream = (inputs: Record<string, any> = {}) =>
  res(T.stream, "events", { shardCount: 2, retentionPeriod: 24, ...inputs });
