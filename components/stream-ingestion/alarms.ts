/**
 * The ingestion path's alarms as data: each threshold with the reason it is where it is.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../shared/alarms";

/**
 * One hour behind: a healthy consumer reads within seconds, so an hour means one is stuck, and it
 * still leaves at least 23 of the minimum 24 hours of retention to fix it before records expire.
 */
export const ITERATOR_AGE_THRESHOLD_MS = 60 * 60 * 1000;

/**
 * Fifteen minutes beyond the buffer interval: Firehose flushes at least once per interval, so
 * older data means S3 or transform failures are being retried and delivery is stuck.
 */
export const FRESHNESS_MARGIN_SECONDS = 15 * 60;

/** The alarms of one Firehose delivery into the lake (`rolePrefix` tells a second one apart). */
export function deliveryAlarms(args: {
  readonly deliveryStreamName: pulumi.Input<string>;
  readonly bufferingIntervalSeconds: number;
  /** The Firehose transform, when it is on. */
  readonly transformFunctionName?: pulumi.Input<string>;
  /** @default "" */
  readonly rolePrefix?: string;
}): AlarmSpec[] {
  const prefix = args.rolePrefix ?? "";
  const delivery = { DeliveryStreamName: args.deliveryStreamName };
  const transform: AlarmSpec[] =
    args.transformFunctionName === undefined
      ? []
      : [
          {
            role: `${prefix}transform-errors`,
            description:
              "The Firehose transform failed invocations: Firehose retries them, then sends whole batches to failed/.",
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: args.transformFunctionName },
            statistic: "Sum",
            // Bad records never throw (they are failed one by one), so any error is a defect or
            // a timeout, and it fails every record of the batch.
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
          },
        ];
  return [
    {
      role: `${prefix}delivery-freshness`,
      description:
        "The oldest record not yet in the lake is older than the buffer interval plus 15 minutes.",
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      dimensions: delivery,
      statistic: "Maximum",
      threshold: args.bufferingIntervalSeconds + FRESHNESS_MARGIN_SECONDS,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: `${prefix}conversion-failures`,
      description:
        "Records failed Parquet conversion and went to failed/: the events table and the producers disagree.",
      namespace: "AWS/Firehose",
      metricName: "FailedConversion.Records",
      dimensions: delivery,
      statistic: "Sum",
      // Valid events always convert (the table derives from the schema), so any failure is drift.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    ...transform,
  ];
}

/** The stream's alarms, then its delivery's. */
export function ingestionAlarms(args: {
  readonly streamName: pulumi.Input<string>;
  readonly deliveryStreamName: pulumi.Input<string>;
  readonly bufferingIntervalSeconds: number;
  /** The Firehose transform, when it is on. */
  readonly transformFunctionName?: pulumi.Input<string>;
}): AlarmSpec[] {
  const stream = { StreamName: args.streamName };
  return [
    {
      role: "iterator-age",
      description:
        "The slowest stream consumer is over an hour behind; records expire at the end of retention.",
      namespace: "AWS/Kinesis",
      metricName: "GetRecords.IteratorAgeMilliseconds",
      dimensions: stream,
      statistic: "Maximum",
      threshold: ITERATOR_AGE_THRESHOLD_MS,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "write-throttled",
      description:
        "Producers are throttled for 15 minutes in a row: the stream is undersized for the load.",
      namespace: "AWS/Kinesis",
      metricName: "WriteProvisionedThroughputExceeded",
      dimensions: stream,
      statistic: "Sum",
      // Producers retry a throttled record, so a short burst loses nothing; throttling in three
      // consecutive 5-minute periods means the backlog grows faster than retries drain it.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
    },
    ...deliveryAlarms(args),
  ];
}
