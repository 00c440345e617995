/**
 * The metrics gate as SQL. Amazon States Language cannot multiply (States.MathAdd rounds to
 * integers), so "at most N% worse than the serving version" is evaluated by a tiny Athena query
 * over literals (no table scanned; billed at Athena's 10 MB minimum). The query is plain SQL that
 * Trino and DuckDB both run, so tests evaluate the very text the state machine sends.
 */
import type { PersonalizeMetric } from "./args";

export interface GateThresholds {
  readonly minimums: Readonly<Partial<Record<PersonalizeMetric, number>>>;
  /** Largest relative drop against the serving version, e.g. 0.03. */
  readonly maxRegression: number;
}

/** Metrics the gate reads, in a stable order (the order of the query's `{}` placeholders). */
export function gatedMetrics(gate: GateThresholds): PersonalizeMetric[] {
  return (Object.keys(gate.minimums) as PersonalizeMetric[]).sort();
}

/** A SQL literal for a number, never in exponent form so both engines read it as exact. */
function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`gate threshold ${value} is not a finite number`);
  return value.toFixed(6).replace(/\.?0+$/, "") || "0";
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

/**
 * The gate query with a placeholder per value it needs at run time: for each gated metric (sorted),
 * the candidate's value and — when `withServing` — the serving version's value. Placeholders are
 * `{}` so the state machine fills them with `States.Format`; `fillGateQuery` does the same in tests.
 *
 * It returns one row: `verdict` ('pass' | 'reject') and `reasons` (why, or 'all gates met').
 */
export function gateQueryTemplate(gate: GateThresholds, withServing: boolean): string[] {
  const metrics = gatedMetrics(gate);
  const keep = 1 - gate.maxRegression;
  const checks = metrics.map((m, i) => {
    const rules = [
      `WHEN c${i} < ${sqlNumber(gate.minimums[m]!)} THEN '${m} is below the minimum ${sqlNumber(gate.minimums[m]!)}'`,
    ];
    if (withServing) {
      rules.push(
        `WHEN s${i} IS NOT NULL AND c${i} < s${i} * ${sqlNumber(keep)} THEN '${m} is more than ${percent(gate.maxRegression)} worse than the serving version'`,
      );
    }
    return `CASE ${rules.join(" ")} END`;
  });
  const columns = metrics.flatMap((_, i) => (withServing ? [`c${i}`, `s${i}`] : [`c${i}`]));
  const values = metrics.flatMap(() => (withServing ? ["CAST(", "CAST("] : ["CAST("]));
  // Pieces around each `{}`: `CAST({} AS DOUBLE)` per value, comma separated.
  const head =
    `SELECT CASE WHEN reasons = '' THEN 'pass' ELSE 'reject' END AS verdict, ` +
    `CASE WHEN reasons = '' THEN 'all gates met' ELSE reasons END AS reasons ` +
    `FROM (SELECT concat_ws('; ', ${checks.join(", ")}) AS reasons ` +
    `FROM (VALUES (`;
  const tail = `)) AS t(${columns.join(", ")}))`;
  const pieces: string[] = [];
  values.forEach((open, i) => {
    pieces.push(`${i === 0 ? head : " AS DOUBLE), "}${open}`);
  });
  pieces.push(` AS DOUBLE)${tail}`);
  return pieces;
}

/**
 * Fills the template the way `States.Format` does (numbers as their JSON text). The state machine
 * checks that every gated metric is present before it builds the query.
 */
export function fillGateQuery(pieces: readonly string[], values: readonly number[]): string {
  if (values.length !== pieces.length - 1) {
    throw new Error(`the gate query takes ${pieces.length - 1} values, got ${values.length}`);
  }
  return pieces.reduce(
    (sql, piece, i) => sql + piece + (i < values.length ? String(values[i]) : ""),
    "",
  );
}

/** JSONPaths of the values the state machine passes, in placeholder order. */
export function gateQueryArgs(gate: GateThresholds, withServing: boolean): string[] {
  return gatedMetrics(gate).flatMap((m) =>
    withServing
      ? [`$.candidate.metrics.${m}`, `$.serving.metrics.${m}`]
      : [`$.candidate.metrics.${m}`],
  );
}
