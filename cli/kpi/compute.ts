/**
 * Runs the KPI SQL files, unchanged, on a local lake with DuckDB: the same files and the same
 * bound parameters as the Athena named queries and the daily materialisation.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  DtRange,
  KpiQueryName,
  bindValues,
  reportSql,
} from "../../components/kpi-dashboard/queries";
import { KpiInputError } from "./errors";
import { EVENTS_VIEW } from "./lake";

export interface ChannelKpiRow {
  readonly dt: string;
  readonly channel: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number | null;
  readonly conversions: number;
  readonly cvr: number | null;
  readonly revenue: number;
  readonly coverage: number;
}

export interface FunnelRow {
  readonly dt: string;
  readonly visit: number;
  readonly view: number;
  readonly cart: number;
  readonly buy: number;
}

/** Exactly what `--json` writes. */
export interface KpiReport {
  readonly channels: ChannelKpiRow[];
  readonly funnel: FunnelRow[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  // 2026-13-01 is an Invalid Date and 2026-02-30 rolls over to March: both are refused.
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Runs one KPI query; BIGINT and HUGEINT counts come back as JS numbers. */
export async function runKpiQuery(
  connection: DuckDBConnection,
  name: KpiQueryName,
  range: DtRange,
): Promise<Record<string, unknown>[]> {
  const query = reportSql(name, EVENTS_VIEW);
  const result = await connection.runAndReadAll(query.sql, bindValues(query, range));
  return (await result.getRowObjectsJS()).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
    ),
  );
}

/** The lake's first and last dt, the default range. */
export async function lakeRange(connection: DuckDBConnection): Promise<DtRange> {
  const result = await connection.runAndReadAll(
    `SELECT min(dt) AS "from", max(dt) AS "to" FROM "${EVENTS_VIEW}"`,
  );
  const [row] = (await result.getRowObjectsJS()) as { from: string; to: string }[];
  return { from: row.from, to: row.to };
}

/** Validates `--from`/`--to`, filling what is missing from the lake's own range. */
export function resolveRange(given: { from?: string; to?: string }, lake: DtRange): DtRange {
  const problems: string[] = [];
  for (const key of ["from", "to"] as const) {
    const value = given[key];
    if (value !== undefined && !isDate(value)) {
      problems.push(
        `--${key} ${JSON.stringify(value)} is not a date; use YYYY-MM-DD, e.g. --${key} 2026-11-26`,
      );
    }
  }
  if (problems.length > 0) throw new KpiInputError(problems.join("\n"));
  const range = { from: given.from ?? lake.from, to: given.to ?? lake.to };
  if (range.from > range.to) {
    throw new KpiInputError(
      `--from ${range.from} is after --to ${range.to}; the range is inclusive and must not be empty. ` +
        "Fix: swap them or leave one out to use the lake's own first or last day",
    );
  }
  return range;
}

export async function computeKpis(
  connection: DuckDBConnection,
  range: DtRange,
): Promise<KpiReport> {
  const [channels, funnel] = [
    await runKpiQuery(connection, "channel_kpis", range),
    await runKpiQuery(connection, "funnel", range),
  ];
  return {
    channels: channels as unknown as ChannelKpiRow[],
    funnel: funnel as unknown as FunnelRow[],
  };
}
