/**
 * What a metric attribution measures: metric definitions, the clicks-and-revenue default, their
 * validation, and the add/remove plan that turns one set into another.
 */
import type { MetricAttribute } from "@aws-sdk/client-personalize";
import { sameValue } from "./diff";

export interface MetricDefinition {
  /** The interaction event type counted, e.g. "click". */
  readonly eventType: string;
  /** The CloudWatch metric name. */
  readonly metricName: string;
  /** `SAMPLECOUNT()` or `SUM(Interactions.<COLUMN>)` / `SUM(Items.<COLUMN>)`. */
  readonly expression: string;
}

export interface MetricsS3Destination {
  /** `s3://bucket/prefix/` the metric reports are written to. */
  readonly path: string;
  /** Key encrypting the reports. */
  readonly kmsKeyArn?: string;
}

/**
 * Clicks (a count of click events) and revenue (the sum of EVENT_VALUE, which the interactions
 * mapping sets to price × quantity on buy events).
 */
export function clicksAndRevenueMetrics(
  options: { readonly clickEventType?: string; readonly buyEventType?: string } = {},
): MetricDefinition[] {
  return [
    {
      eventType: options.clickEventType ?? "click",
      metricName: "CLICKS",
      expression: "SAMPLECOUNT()",
    },
    {
      eventType: options.buyEventType ?? "buy",
      metricName: "REVENUE",
      expression: "SUM(Interactions.EVENT_VALUE)",
    },
  ];
}

/** Personalize's limit on metrics per attribution. */
export const MAX_METRICS = 10;
const EXPRESSION = /^(SAMPLECOUNT\(\)|SUM\((Interactions|Items)\.[A-Za-z_][A-Za-z0-9_]*\))$/;

export function metricProblems(metrics: readonly MetricDefinition[]): string[] {
  const problems: string[] = [];
  if (metrics.length === 0 || metrics.length > MAX_METRICS) {
    problems.push(
      `metrics has ${metrics.length} entries; it must have 1-${MAX_METRICS}. Fix: e.g. clicksAndRevenueMetrics().`,
    );
  }
  const names = new Set<string>();
  for (const m of metrics) {
    if (names.has(m.metricName)) {
      problems.push(
        `metrics has metricName ${JSON.stringify(m.metricName)} twice. Fix: give each metric its own name.`,
      );
    }
    names.add(m.metricName);
    if (!m.metricName || m.metricName.length > 256) {
      problems.push(`metrics metricName ${JSON.stringify(m.metricName)} must be 1-256 characters.`);
    }
    if (!m.eventType || m.eventType.length > 256) {
      problems.push(
        `metrics ${JSON.stringify(m.metricName)} has eventType ${JSON.stringify(m.eventType)}; it must be 1-256 characters.`,
      );
    }
    if (!EXPRESSION.test(m.expression)) {
      problems.push(
        `metrics ${JSON.stringify(m.metricName)} has expression ${JSON.stringify(m.expression)}; it must be ` +
          `SAMPLECOUNT() or SUM(Interactions.<COLUMN>) / SUM(Items.<COLUMN>). Fix: e.g. SUM(Interactions.EVENT_VALUE).`,
      );
    }
  }
  return problems;
}

/** Metrics to remove and add so `olds` becomes `news`; a changed metric is removed and re-added. */
export function metricChanges(
  olds: readonly MetricDefinition[],
  news: readonly MetricDefinition[],
): { remove: string[]; add: MetricAttribute[] } {
  const oldByName = new Map(olds.map((m) => [m.metricName, m]));
  const newByName = new Map(news.map((m) => [m.metricName, m]));
  const remove = olds
    .filter((m) => !newByName.has(m.metricName) || !sameValue(m, newByName.get(m.metricName)))
    .map((m) => m.metricName);
  const add = news.filter(
    (m) => !oldByName.has(m.metricName) || !sameValue(m, oldByName.get(m.metricName)),
  );
  return { remove, add: add.map((m) => ({ ...m })) };
}
