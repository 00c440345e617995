/** LakeRefs and operations targets as the other components would hand them over. */
import { KPIDashboard } from "../../components/kpi-dashboard";
import type { LakeRefs } from "../../components/shared/contracts";
import { MOCK_ACCOUNT_ID, ResourceRecorder } from "../mocks";

export const LAKE: LakeRefs = {
  bucketName: "reco-lake-dev",
  bucketArn: "arn:aws:s3:::reco-lake-dev",
  kmsKeyArn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`,
  glueDatabaseName: "reco_dev",
  eventsTableName: "events",
  athenaWorkgroupName: "reco-dev",
  athenaWorkgroupArn: `arn:aws:athena:us-east-1:${MOCK_ACCOUNT_ID}:workgroup/reco-dev`,
  athenaResultsBucketName: "reco-athena-results-dev",
  athenaResultsBucketArn: "arn:aws:s3:::reco-athena-results-dev",
  artifactsBucketName: "reco-artifacts-dev",
  artifactsBucketArn: "arn:aws:s3:::reco-artifacts-dev",
};

export const OPERATIONS = {
  streamName: "reco-events",
  deliveryStreamName: "reco-events-to-lake",
  functionNames: ["reco-transform", "reco-realtime"],
};

export const TOPIC_ARN = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:reco-alarms`;
export const PRINCIPAL = `arn:aws:quicksight:us-east-1:${MOCK_ACCOUNT_ID}:group/default/marketing`;

/** A prod KPIDashboard with QuickSight shared with PRINCIPAL. */
export const prodWithQuickSight = () =>
  new KPIDashboard("kpi", {
    tier: "prod",
    lake: LAKE,
    operations: OPERATIONS,
    quicksight: { enabled: true, principals: [PRINCIPAL] },
  });

/** `type name` of each child of the one component of `componentType`, sorted. */
export function childNames(rec: ResourceRecorder, componentType: string): string[] {
  const component = rec.one(componentType);
  return rec
    .childrenOf(component.urn)
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}

/** The section headings of an operations dashboard body, top to bottom. */
export const headings = (body: { widgets: { type: string; properties: any }[] }): string[] =>
  body.widgets.filter((w) => w.type === "text").map((w) => w.properties.markdown);

/** The key policy every component key starts with (components/shared/key-policy.ts). */
export const ACCOUNT_ADMINISTERS_KEY = {
  Sid: "AccountAdministersAndDelegatesToIam",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
  Action: "kms:*",
  Resource: "*",
};
