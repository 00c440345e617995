/**
 * The collector's alarms, as data (see shared/alarms.ts).
 * - Any 5XX: the collector failed a request a client will now retry (stream or queue trouble).
 * - Any function error: the handler threw instead of answering (a bug or a bad deployment).
 * - Any message in the dead-letter queue: a client sends events the schema refuses, so its
 *   integration is broken; read the queue to see which and why.
 * - p99 latency over 1 s for 15 minutes: browsers flush on page hide with little time to spare.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../shared/alarms";

export interface CollectorAlarmTargets {
  readonly apiName: pulumi.Input<string>;
  readonly stageName: pulumi.Input<string>;
  readonly functionName: pulumi.Input<string>;
  readonly queueName: pulumi.Input<string>;
}

export function collectorAlarms(t: CollectorAlarmTargets): AlarmSpec[] {
  const api = { ApiName: t.apiName, Stage: t.stageName };
  return [
    {
      role: "server-errors",
      description: "The HTTP collector answered 5XX; clients are retrying",
      namespace: "AWS/ApiGateway",
      metricName: "5XXError",
      dimensions: api,
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "function-errors",
      description: "The HTTP collector's function threw instead of answering",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: t.functionName },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "rejected-events",
      description: "Clients sent events the schema refuses; read the dead-letter queue",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: t.queueName },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "latency",
      description: "The HTTP collector's p99 latency is above 1 s",
      namespace: "AWS/ApiGateway",
      metricName: "Latency",
      dimensions: api,
      statistic: "p99",
      threshold: 1000,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
    },
  ];
}
