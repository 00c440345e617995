/** LakeRefs and operations targets as the other components would hand them over. */
import type { LakeRefs } from "../../components/shared/contracts";
import { MOCK_ACCOUNT_ID } from "../mocks";

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
