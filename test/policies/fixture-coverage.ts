/**
 * Which fixture must trip which policies: the first insecure fixture (test/fixtures/insecure)
 * was written for the pack's first 31 policies; the second (test/fixtures/insecure-platform)
 * for every policy added since. Together they trip every policy of the pack.
 */
export const FIRST_FIXTURE_POLICIES = [
  "kinesis-stream-encrypted",
  "firehose-encrypted",
  "s3-bucket-sse-kms",
  "athena-workgroup-encrypted-enforced",
  "glue-catalog-encrypted",
  "sns-topic-encrypted",
  "sqs-queue-encrypted",
  "dynamodb-table-encrypted",
  "cloudwatch-log-group-kms",
  "kms-key-rotation",
  "personalize-dataset-group-kms",
  "s3-public-access-blocked",
  "s3-tls-only",
  "lambda-url-not-public",
  "sfn-logging-enabled",
  "iam-no-wildcards",
  "kinesis-shard-cap",
  "flink-parallelism-cap",
  "dynamodb-on-demand",
  "firehose-buffering",
  "s3-lifecycle-on-lake-buckets",
  "athena-bytes-scanned-cutoff",
  "log-retention-set",
  "lambda-memory-cap",
  "personalize-min-tps-cap",
  "monthly-budget",
  "required-tags",
  "kinesis-retention-minimum",
  "firehose-error-prefix",
  "event-source-mapping-safe",
  "prod-stateful-protected",
] as const;
