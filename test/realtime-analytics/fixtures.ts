/** Shared fixtures of the RealtimeAnalytics component suites. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { MOCK_ACCOUNT_ID, RecordedResource, ResourceRecorder } from "../mocks";
import { RealtimeAnalytics, RealtimeAnalyticsArgs } from "../../components/realtime-analytics";

export const T = {
  component: "reco:realtime-analytics:RealtimeAnalytics",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  table: "aws:dynamodb/table:Table",
  queue: "aws:sqs/queue:Queue",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  logStream: "aws:cloudwatch/logStream:LogStream",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  fn: "aws:lambda/function:Function",
  esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  app: "aws:kinesisanalyticsv2/application:Application",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

export const STREAM_ARN = `arn:aws:kinesis:us-east-1:${MOCK_ACCOUNT_ID}:stream/events`;
export const STREAM_KEY = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/stream`;
export const stream = { streamName: "events", streamArn: STREAM_ARN, kmsKeyArn: STREAM_KEY };
export const artifactsBucket = { name: "artifacts", arn: "arn:aws:s3:::artifacts" };

export const zipDir = fs.mkdtempSync(path.join(os.tmpdir(), "realtime-"));
export const zipPath = path.join(zipDir, "realtime-flink.zip");
fs.writeFileSync(zipPath, "zip bytes for the test");
export const digest = createHash("sha256")
  .update("zip bytes for the test")
  .digest("hex")
  .slice(0, 16);

export const sorted = (list: string[]) => [...list].sort();
export const byName = (list: RecordedResource[]) =>
  [...list].sort((a, b) => a.name.localeCompare(b.name));

export const statementsOf = (policy: RecordedResource) =>
  JSON.parse(policy.inputs.policy).Statement;

/** Builds the component under the mocks; children as sorted `type name` strings. */
export async function buildRealtime(rec: ResourceRecorder, args: Partial<RealtimeAnalyticsArgs>) {
  const rt = new RealtimeAnalytics("rt", { stream, ...args });
  await rec.settle();
  const component = rec.one(T.component);
  // Registration order is not creation order under the mocks; the set of children is what matters.
  const children = rec
    .childrenOf(component.urn)
    .map((c) => `${c.type} ${c.name}`)
    .sort();
  return { rt, component, children };
}
