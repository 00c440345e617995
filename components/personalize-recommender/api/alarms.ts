/**
 * What pages someone about the recommendation API, with the reason for each threshold.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AlarmSpec } from "../../shared/alarms";
import { API_METRICS_NAMESPACE } from "./impressions";

/**
 * The API's latency budget (p99 of the function's duration): Personalize's GetRecommendations
 * answers in tens of milliseconds, the fallback's view read in a few, and impression logging
 * gives up after IMPRESSION_LOG_BUDGET_MS (150 ms) whatever the stream does. Past a second, the
 * page renders without the recommendations, so a slower answer is as good as none.
 */
export const API_P99_BUDGET_MS = 1_000;

export function apiAlarms(functionName: pulumi.Input<string>): AlarmSpec[] {
  const fn = { FunctionName: functionName };
  return [
    {
      role: "errors",
      description:
        "The recommendation API failed invocations: callers got no answer (expected failures answer 4xx/502 or the fallback).",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: fn,
      statistic: "Sum",
      // Every expected failure is answered, so an invocation error is a crash or a timeout.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "throttles",
      description:
        "The recommendation API was throttled: requests were refused at the concurrency limit.",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: fn,
      statistic: "Sum",
      // A throttled request is a page without recommendations: any is worth a look.
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
    {
      role: "p99-duration",
      description: `The recommendation API's p99 duration is over its ${API_P99_BUDGET_MS} ms budget.`,
      namespace: "AWS/Lambda",
      metricName: "Duration",
      dimensions: fn,
      statistic: "p99",
      threshold: API_P99_BUDGET_MS,
      comparisonOperator: "GreaterThanThreshold",
      // Fifteen minutes: a burst of cold starts moves one 5-minute p99, not three in a row.
      evaluationPeriods: 3,
    },
    {
      role: "impressions-not-logged",
      description:
        "Served lists were not logged as impressions: the stream refused or timed out, so CTR is understated.",
      namespace: API_METRICS_NAMESPACE,
      metricName: "ImpressionsNotLogged",
      dimensions: fn,
      statistic: "Sum",
      // An impression not logged is gone (the API does not keep personal data to replay it).
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    },
  ];
}
