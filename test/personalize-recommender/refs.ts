/** Lake and stream references as DataLake and StreamIngestion hand them over. */
import type { LakeRefs, StreamRefs } from "../../components/shared/contracts";

export const LAKE: LakeRefs = {
  bucketName: "lake",
  bucketArn: "arn:aws:s3:::lake",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/lake-key",
  glueDatabaseName: "reco",
  eventsTableName: "events",
  athenaWorkgroupName: "reco",
  athenaWorkgroupArn: "arn:aws:athena:us-east-1:123456789012:workgroup/reco",
  athenaResultsBucketName: "results",
  athenaResultsBucketArn: "arn:aws:s3:::results",
  artifactsBucketName: "artifacts",
  artifactsBucketArn: "arn:aws:s3:::artifacts",
};

export const STREAM: StreamRefs = {
  streamName: "events",
  streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/stream-key",
  retentionHours: 168,
};
