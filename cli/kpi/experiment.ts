/**
 * The experiment readout of a local lake: the readout SQL Athena runs, on DuckDB, and its rows as
 * a person reads them (per variant the counts, per metric the estimate, the difference from the
 * control with its interval and p-value, then the sample-ratio check).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ExperimentAllocation } from "../../events/experiment";
import {
  EXPERIMENT_METRICS,
  type ExperimentMetric,
  type ExperimentReadoutRow,
  experimentReadoutSql,
} from "../../components/kpi-dashboard/experiment-queries";
import type { DtRange } from "../../components/kpi-dashboard/queries";
import { EVENTS_VIEW } from "./lake";
import { money, percent, table } from "./format";

/** Below this SRM p-value the split is treated as broken: the readout must not be trusted. */
export const SRM_ALPHA = 0.001;

export async function experimentReadout(
  connection: DuckDBConnection,
  allocation: ExperimentAllocation,
  range: DtRange,
): Promise<ExperimentReadoutRow[]> {
  const query = experimentReadoutSql(EVENTS_VIEW, allocation, range);
  const result = await connection.runAndReadAll(query.sql, [...query.values]);
  return (await result.getRowObjectsJS()).map(
    (row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
      ) as unknown as ExperimentReadoutRow,
  );
}

const METRIC_LABELS: Record<ExperimentMetric, string> = {
  ctr: "ctr",
  conversion_rate: "conversion (users)",
  revenue_per_user: "revenue per user",
};

function show(metric: ExperimentMetric, value: number | null, signed = false): string {
  if (value === null) return "n/a";
  if (metric === "revenue_per_user") return `${signed && value > 0 ? "+" : ""}${money(value)}`;
  // A difference of two rates is in percentage points, not a percentage of anything.
  return signed ? `${value > 0 ? "+" : ""}${(value * 100).toFixed(2)} pp` : percent(value);
}

const pValue = (p: number | null) => (p === null ? "" : p < 0.0001 ? "<0.0001" : p.toFixed(4));

export function experimentText(rows: readonly ExperimentReadoutRow[], range: DtRange): string {
  if (rows.length === 0) return "(no variants)";
  const first = rows[0];
  const variants = rows.filter((r) => r.metric === "ctr");
  const counts = table(
    ["variant", "allocation", "users", "impressions", "clicks", "conversions", "revenue"],
    variants.map((r) => [
      r.variant_order === 0 && r.variant !== "control" ? `${r.variant} (control)` : r.variant,
      percent(r.allocation),
      String(r.users),
      String(r.impressions),
      String(r.clicks),
      String(r.conversions),
      money(r.revenue),
    ]),
    1,
  );
  const byMetric = EXPERIMENT_METRICS.flatMap((metric) =>
    rows
      .filter((r) => r.metric === metric)
      .map((r) => [
        METRIC_LABELS[metric],
        r.variant,
        show(metric, r.value),
        `[${show(metric, r.ci_low)}, ${show(metric, r.ci_high)}]`,
        r.variant_order === 0 ? "" : show(metric, r.difference, true),
        r.variant_order === 0
          ? ""
          : `[${show(metric, r.difference_low, true)}, ${show(metric, r.difference_high, true)}]`,
        r.relative_difference === null || r.variant_order === 0
          ? ""
          : `${r.relative_difference > 0 ? "+" : ""}${(r.relative_difference * 100).toFixed(1)}%`,
        pValue(r.p_value),
      ]),
  );
  const metrics = table(
    ["metric", "variant", "value", "95% CI", "vs control", "95% CI", "relative", "p-value"],
    byMetric,
    2,
  );
  const mismatch = first.srm_p_value < SRM_ALPHA;
  return [
    `Experiment ${first.experiment}, ${range.from} to ${range.to}: users are the unit (exposed = at least one impression); 95 % intervals`,
    "",
    counts,
    "",
    metrics,
    "",
    `Sample ratio: chi-square ${first.srm_chi_square.toFixed(3)} (${first.srm_df} df), p = ${first.srm_p_value.toFixed(4)}: ` +
      (mismatch
        ? `MISMATCH (p < ${SRM_ALPHA}): users did not split as allocated; fix the assignment before reading the results`
        : `consistent with the allocation (a mismatch is p < ${SRM_ALPHA})`),
    "ctr: delta-method z-test over users; conversion: two-proportion z-test; revenue per user: Welch z (normal approximation, needs thousands of users per variant)",
    "",
  ].join("\n");
}
