/**
 * The contracts between components: what each one hands the others. Kept in one file so that a
 * platform team composing its own program sees every seam at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Tier, WorkloadProfile } from "./workload";

/** Args every component accepts, so tiers, sizing, retention and alarms behave alike. */
export interface CommonArgs {
  /** Cheap, disposable choices in dev; durable ones in prod. @default "dev" */
  readonly tier?: Tier;
  /** The workload that sizes the component's resources. @default the tier's profile */
  readonly workload?: WorkloadProfile;
  /** Days CloudWatch keeps the component's logs. @default 14 in dev, 365 in prod */
  readonly logRetentionDays?: number;
  /**
   * Protect stateful children (buckets, stream, tables, keys) from deletion: `protect` and
   * `retainOnDelete`. @default true in prod, false in dev
   */
  readonly protectData?: boolean;
  /** SNS topic the component's alarms notify. Without it alarms are created with no action. */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /**
   * The stack's `SharedKey` to encrypt with instead of a key of the component's own (the dev
   * program shares one; its policy must carry the component's service statements).
   * @default the component creates its own key
   */
  readonly sharedKmsKeyArn?: pulumi.Input<string>;
}

/** Lake layout: every producer and consumer of the lake uses these prefixes. */
export const LAKE_PREFIXES = {
  /** Parquet events, Hive-partitioned `events/dt=YYYY-MM-DD/`. */
  events: "events/",
  /** Records Firehose could not convert or the transform rejected, by error type and date. */
  failed: "failed/",
  /** What Personalize reads: the users and items catalogues and the training exports. */
  personalize: "personalize/",
  /** The training pipeline's per-run Athena exports, rebuilt from the events on every run. */
  personalizeExports: "personalize/athena/",
  /** The exports with their header unquoted, which the import jobs read; also rebuilt per run. */
  personalizeImports: "personalize/imports/",
  /** Daily KPI aggregate tables. */
  kpi: "kpi/",
} as const;

/** What DataLake gives the components that read or write the lake. */
export interface LakeRefs {
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  /** Key encrypting the lake, its catalogue and Athena results. */
  readonly kmsKeyArn: pulumi.Input<string>;
  readonly glueDatabaseName: pulumi.Input<string>;
  readonly eventsTableName: pulumi.Input<string>;
  readonly athenaWorkgroupName: pulumi.Input<string>;
  readonly athenaWorkgroupArn: pulumi.Input<string>;
  readonly athenaResultsBucketName: pulumi.Input<string>;
  readonly athenaResultsBucketArn: pulumi.Input<string>;
  /** Bucket for deployable artifacts (Flink application, exports). */
  readonly artifactsBucketName: pulumi.Input<string>;
  readonly artifactsBucketArn: pulumi.Input<string>;
}

/**
 * An SNS topic and the key it is encrypted with: whoever publishes to an encrypted topic needs
 * kms:GenerateDataKey and kms:Decrypt on that key, or every Publish fails.
 */
export interface TopicRefs {
  readonly topicArn: pulumi.Input<string>;
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** What StreamIngestion gives the stream's consumers. */
export interface StreamRefs {
  readonly streamName: pulumi.Input<string>;
  readonly streamArn: pulumi.Input<string>;
  /** Key the stream is encrypted with; consumers need kms:Decrypt on it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /**
   * Hours the stream keeps records; absent for an adopted stream, whose consumers then assume
   * Kinesis's minimum (24), so nothing that points into the stream outlives what it points at.
   */
  readonly retentionHours?: number;
}

/** Kinesis keeps records at least this long, whatever the stream's settings. */
export const MIN_STREAM_RETENTION_HOURS = 24;

/**
 * Seconds a failed-batch queue should keep its pointers (shard and sequence numbers): no longer
 * than the stream keeps the records they point at, since a pointer past that replays nothing,
 * and within SQS's 60 s to 14 days.
 */
export function failedBatchRetentionSeconds(stream: StreamRefs): number {
  const hours = stream.retentionHours ?? MIN_STREAM_RETENTION_HOURS;
  return Math.min(hours * 3600, 1_209_600);
}

/**
 * A stream mapping's record-age limit: the stream's own retention (within Lambda's 60 s to 7
 * days). A replay from TRIM_HORIZON is never aged out (every retained record is younger), while a
 * shard stuck until its records would expire sends their pointers to the failed-batch queue
 * instead of losing them silently to expiry.
 */
export function mappingRecordAgeSeconds(stream: StreamRefs): number {
  const hours = stream.retentionHours ?? MIN_STREAM_RETENTION_HOURS;
  return Math.min(hours * 3600, 604_800);
}

/**
 * What RealtimeAnalytics gives readers of its view (the recommendation API's fallback, dashboards):
 * readers query by name, are granted on the ARN, and decrypt with the key.
 */
export interface RealtimeViewRefs {
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
  /** Customer key of the table; readers need kms:Decrypt on it. @default an AWS-owned key */
  readonly kmsKeyArn?: pulumi.Input<string>;
}
