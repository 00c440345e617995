/**
 * The experiment readout's SQL, rendered for either engine like the daily KPI files (queries.ts):
 * the events relation quoted, every value a bound `?` parameter. It is a range query, not a daily
 * table: an experiment's users are counted once over its whole life, which per-day rows summed
 * would count once per day, so it is not materialised.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ExperimentAllocation } from "../../events/experiment";
import { validateAllocation } from "../../events/experiment";
import { type DtRange, SQL_DIR, type SqlFragmentName, quoteRelation, renderQuery } from "./queries";

export const EXPERIMENT_READOUT_FILE = path.join(SQL_DIR, "experiment_readout.sql");

/** The metrics each variant is compared on, in readout order. */
export const EXPERIMENT_METRICS = ["ctr", "conversion_rate", "revenue_per_user"] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];

/** One row of the readout: one variant, one metric. */
export interface ExperimentReadoutRow {
  readonly experiment: string;
  readonly variant: string;
  /** 0 for the control (the allocation's first variant). */
  readonly variant_order: number;
  /** Configured share of users. */
  readonly allocation: number;
  readonly users: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** Users with at least one attributed buy. */
  readonly converters: number;
  readonly revenue: number;
  readonly metric: ExperimentMetric;
  readonly value: number | null;
  readonly ci_low: number | null;
  readonly ci_high: number | null;
  /** Against the control; null on the control's own rows. */
  readonly difference: number | null;
  readonly difference_low: number | null;
  readonly difference_high: number | null;
  readonly relative_difference: number | null;
  readonly z: number | null;
  readonly p_value: number | null;
  readonly srm_chi_square: number;
  readonly srm_df: number;
  readonly srm_p_value: number;
}

/** A rendered query: SQL with `?` placeholders and the values to bind, in order. */
export interface BoundQuery {
  readonly sql: string;
  readonly values: readonly (string | number)[];
}

const PLACEHOLDER = /\{\{\s*(events|from|to|experiment|allocation|query:([a-z_]+))\s*\}\}/g;

/**
 * Renders the readout of `allocation`'s experiment over `range`, reading `events`. Throws naming
 * each problem when the allocation is invalid, before any SQL exists.
 */
export function experimentReadoutSql(
  events: string,
  allocation: ExperimentAllocation,
  range: DtRange,
): BoundQuery {
  const problems = validateAllocation(allocation);
  if (problems.length > 0) throw new Error(`invalid experiment: ${problems.join("; ")}`);
  const values: (string | number)[] = [];
  const body = readFileSync(EXPERIMENT_READOUT_FILE, "utf8")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .trim();
  const sql = body.replace(PLACEHOLDER, (_match, token: string, included?: string) => {
    if (included !== undefined) {
      // An included file binds only the range: its values go in at its place, in its order.
      const inner = renderQuery(included as SqlFragmentName, events);
      values.push(...inner.parameters.map((parameter) => range[parameter]));
      return `\n${inner.sql}\n`;
    }
    switch (token) {
      case "events":
        return quoteRelation(events);
      case "from":
      case "to":
        values.push(range[token as keyof DtRange]);
        return "?";
      case "experiment":
        values.push(allocation.name);
        return "CAST(? AS VARCHAR)";
      default: {
        const rows = allocation.variants.map((v, order) => {
          values.push(v.name, v.weight);
          return `(CAST(? AS VARCHAR), CAST(? AS DOUBLE), ${order})`;
        });
        return `(VALUES ${rows.join(", ")}) AS allocation (variant, weight, variant_order)`;
      }
    }
  });
  return {
    sql: `SELECT * FROM (\n${sql}\n) AS readout\nORDER BY variant_order, metric`,
    values,
  };
}
