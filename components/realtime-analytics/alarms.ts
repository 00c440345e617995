/**
 * What pages someone about the speed layer, per engine, with the reason for each threshold.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../shared/alarms";

const FLINK = "AWS/KinesisAnalytics";

export function flinkAlarmSpecs(applicationName: pulumi.Input<string>): AlarmSpec[] {
  const dimensions = { Application: applicationName };
  return [
    {
      // Flink 2.2 deprecates `downtime`; time spent restarting is the job not producing windows.
      role: "downtime",
      description: "The Flink job is restarting: the real-time view stops updating.",
      namespace: FLINK,
      metricName: "restartingTime",
      dimensions,
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 60,
      // Two minutes: one restart from a checkpoint takes well under that.
      evaluationPeriods: 2,
      // No data means the application is not running at all: that is downtime too.
      treatMissingData: "breaching",
    },
    {
      role: "checkpoint-failures",
      description:
        "Flink checkpoints fail: a restart would replay more than one window and snapshots go stale.",
      namespace: FLINK,
      metricName: "numberOfFailedCheckpoints",
      dimensions,
      statistic: "Maximum",
      // Any failed checkpoint: with a 60 s interval two in a row already double the replay.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
    },
    {
      // busyTimeMsPerSecond and backPressuredTimeMsPerSecond are per task (names known only at run
      // time); a saturated TaskManager is what back-pressures the source, and it shows here.
      role: "busy",
      description:
        "Flink TaskManagers are saturated: the source is back-pressured and the view falls behind.",
      namespace: FLINK,
      metricName: "containerCPUUtilization",
      dimensions,
      statistic: "Maximum",
      // Autoscaling adds KPUs at 75% after 15 minutes; 85% for 15 minutes means it did not keep up.
      threshold: 85,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
      evaluationPeriods: 3,
    },
  ];
}

export function lambdaAlarmSpecs(
  functionName: pulumi.Input<string>,
  failedQueueName: pulumi.Input<string>,
): AlarmSpec[] {
  return [
    {
      role: "errors",
      description: "The real-time aggregator fails: each error delays and retries a window.",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: functionName },
      statistic: "Sum",
      // Bad records never throw (they are skipped and metered), so any error is DynamoDB or IAM.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
    },
    {
      role: "iterator-age",
      description:
        "The real-time aggregator lags the stream: the view is more than two windows stale.",
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: functionName },
      statistic: "Maximum",
      // A healthy tumbling-window consumer is at most one window (60 s) behind; two means falling behind.
      threshold: 120_000,
      comparisonOperator: "GreaterThanThreshold",
      period: 60,
      evaluationPeriods: 5,
    },
    {
      role: "failed-batches",
      description: "A window was given up after its retries; its counts are missing from the view.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: failedQueueName },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      period: 300,
    },
  ];
}
