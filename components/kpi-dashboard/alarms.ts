/**
 * KPIDashboard's alarms as data: the batch layer's failures, which no other component watches.
 * The stream, delivery, real-time and put-events alarms live with their components.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../shared/alarms";
import type { Tier } from "../shared/workload";

export interface KpiAlarmTargets {
  readonly tier: Tier;
  readonly materialisationStateMachineArn: pulumi.Input<string>;
  readonly scheduleDeadLetterQueueName: pulumi.Input<string>;
  /** Other state machines (the training pipeline) whose failed runs page someone. */
  readonly stateMachineArns: readonly pulumi.Input<string>[];
  readonly eventTrackerArn?: pulumi.Input<string>;
}

export function kpiDashboardAlarms(t: KpiAlarmTargets): AlarmSpec[] {
  const failed = (role: string, arn: pulumi.Input<string>, what: string): AlarmSpec => ({
    role,
    description: `${what} failed or timed out; see the execution's failed state in the Step Functions console.`,
    namespace: "AWS/States",
    metricName: "ExecutionsFailed",
    dimensions: { StateMachineArn: arn },
    statistic: "Sum",
    // Every run matters: one failed run is a day of KPIs or a model version missing.
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
  });
  const specs: AlarmSpec[] = [
    failed(
      "materialisation-failed",
      t.materialisationStateMachineArn,
      "The daily KPI materialisation",
    ),
    {
      role: "schedule-dead-letters",
      description:
        "EventBridge Scheduler could not start the KPI materialisation; the undelivered run waits in the dead-letter queue.",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: t.scheduleDeadLetterQueueName },
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    ...t.stateMachineArns.map((arn, i) =>
      failed(`state-machine-${i}-failed`, arn, `State machine ${i + 1} of the pipeline`),
    ),
  ];
  if (t.tier === "prod") {
    specs.push({
      role: "materialisation-missed",
      description:
        "No KPI materialisation succeeded in the last day: dashboards show stale numbers (schedule disabled, or every run failed).",
      namespace: "AWS/States",
      metricName: "ExecutionsSucceeded",
      dimensions: { StateMachineArn: t.materialisationStateMachineArn },
      statistic: "Sum",
      threshold: 1,
      comparisonOperator: "LessThanThreshold",
      // One run a day: a day-long period always holds one success when all is well. Dev stacks
      // come and go, so only prod treats silence as a failure.
      period: 86_400,
      treatMissingData: "breaching",
    });
  }
  if (t.eventTrackerArn) {
    specs.push({
      role: "put-events-5xx",
      description:
        "Personalize PutEvents has returned server errors for 15 minutes: real-time recommendations are not learning from new events.",
      namespace: "AWS/Personalize",
      metricName: "PutEvents5xxErrors",
      dimensions: { EventTrackerArn: t.eventTrackerArn },
      statistic: "Sum",
      // The put-events function retries, so a single 5xx loses nothing; three periods in a row
      // mean the service is failing, not blipping.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      evaluationPeriods: 3,
    });
  }
  return specs;
}
