/**
 * CloudWatch alarms described as data, so each component states its thresholds (and why) in one
 * list that tests can assert, and every alarm gets the same actions and missing-data handling.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AlarmSpec {
  /** Role suffix of the alarm's name, e.g. `iterator-age`. */
  readonly role: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** A statistic, or a percentile such as `p99` (sent as CloudWatch's extendedStatistic). */
  readonly statistic: "Average" | "Sum" | "Maximum" | "Minimum" | "SampleCount" | `p${number}`;
  readonly threshold: number;
  readonly comparisonOperator:
    | "GreaterThanThreshold"
    | "GreaterThanOrEqualToThreshold"
    | "LessThanThreshold"
    | "LessThanOrEqualToThreshold";
  /** Seconds per evaluation period. @default 300 */
  readonly period?: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default "notBreaching" */
  readonly treatMissingData?: "breaching" | "notBreaching" | "ignore" | "missing";
}

export function createAlarms(
  name: string,
  specs: readonly AlarmSpec[],
  alarmTopicArn: pulumi.Input<string> | undefined,
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm[] {
  const actions = alarmTopicArn ? [alarmTopicArn] : [];
  return specs.map(
    (spec) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${spec.role}`,
        {
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metricName,
          dimensions: spec.dimensions,
          ...(spec.statistic.startsWith("p")
            ? { extendedStatistic: spec.statistic }
            : { statistic: spec.statistic }),
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          period: spec.period ?? 300,
          evaluationPeriods: spec.evaluationPeriods ?? 1,
          treatMissingData: spec.treatMissingData ?? "notBreaching",
          alarmActions: actions,
          okActions: actions,
        },
        { parent },
      ),
  );
}
