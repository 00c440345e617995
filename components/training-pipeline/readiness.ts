/**
 * The data-readiness check before training. Personalize trains only on "at minimum 1000 item
 * interactions records" from "at minimum 25 unique user IDs with at least two item interactions
 * for each" (Amazon Personalize Developer Guide, "Preparing and importing data"; the same for
 * domain use cases and custom recipes). A run below that fails after the imports, hours in, with
 * a training error; counting first on Athena, over the very window the export reads, ends it
 * early with a notice instead. The query is plain SQL Trino and DuckDB both run (DuckDB with a
 * `date_format` macro standing in for Trino's), so tests evaluate the text the state machine sends.
 */
import { CATALOGUES, type CatalogueKind } from "../../events/catalogue";
import { type ExportSource, INTERACTION_EVENT_TYPES, recentEvents } from "./export-sql";

/** Personalize's documented training minimums. */
export const PERSONALIZE_MIN_INTERACTIONS = 1000;
export const PERSONALIZE_MIN_USERS = 25;
/** Interactions each of those users needs. */
export const PERSONALIZE_MIN_INTERACTIONS_PER_USER = 2;

export interface ReadinessThresholds {
  /** Interactions in the lookback window (at least Personalize's 1000). */
  readonly minInteractions: number;
  /** Users with two or more interactions in the window (at least Personalize's 25). */
  readonly minUsers: number;
}

export const DEFAULT_READINESS: ReadinessThresholds = {
  minInteractions: PERSONALIZE_MIN_INTERACTIONS,
  minUsers: PERSONALIZE_MIN_USERS,
};

/** The query's columns, in order: the state machine reads them by position. */
export const READINESS_COLUMNS = ["verdict", "reasons", "interactions", "users"] as const;

/** Problems with the thresholds (empty when valid), each naming the key, value and fix. */
export function readinessProblems(t: ReadinessThresholds): string[] {
  const problems: string[] = [];
  const check = (key: keyof ReadinessThresholds, floor: number, what: string) => {
    const v = t[key];
    if (!Number.isInteger(v) || v < floor || v > 1_000_000_000) {
      problems.push(
        `readiness.${key} is ${v}; it must be an integer from ${floor} (Personalize's minimum ${what}) to 1000000000. Fix: pass ${floor} or more, or omit it for ${floor}.`,
      );
    }
  };
  check("minInteractions", PERSONALIZE_MIN_INTERACTIONS, "interactions");
  check("minUsers", PERSONALIZE_MIN_USERS, "of users with two interactions each");
  return problems;
}

/**
 * One row: `verdict` ('ready' | 'short'), `reasons` (why short, or 'enough data'), the counts, and
 * for each catalogue the pipeline imports the rows it holds (an empty catalogue's import is
 * skipped, since Personalize rejects an import with no records).
 */
export function readinessQuery(
  source: ExportSource,
  t: ReadinessThresholds,
  catalogues: readonly CatalogueKind[],
): string {
  // Validates the identifiers (Glue names only) before any is interpolated below.
  const events = recentEvents(source);
  const types = INTERACTION_EVENT_TYPES.map((x) => `'${x}'`).join(", ");
  const window = `in the last ${source.lookbackDays} days`;
  const catalogueCounts = catalogues.map((kind) => {
    const { table, id } = CATALOGUES[kind];
    return `, CAST((SELECT count(*) FROM "${source.database}"."${table}" WHERE ${id} IS NOT NULL AND ${id} <> '') AS VARCHAR) AS ${kind}_rows`;
  });
  const reasons =
    `concat_ws('; ', ` +
    `CASE WHEN interactions < ${t.minInteractions} THEN CAST(interactions AS VARCHAR) || ' interactions ${window}; training needs at least ${t.minInteractions}' END, ` +
    `CASE WHEN users < ${t.minUsers} THEN CAST(users AS VARCHAR) || ' users with ${PERSONALIZE_MIN_INTERACTIONS_PER_USER} or more interactions ${window}; training needs at least ${t.minUsers}' END)`;
  return (
    `${events}, ` +
    `per_user AS (SELECT user_id, count(*) AS n FROM events ` +
    `WHERE event_type IN (${types}) AND item_id IS NOT NULL GROUP BY user_id), ` +
    `totals AS (SELECT coalesce(sum(n), 0) AS interactions, ` +
    `coalesce(sum(CASE WHEN n >= ${PERSONALIZE_MIN_INTERACTIONS_PER_USER} THEN 1 ELSE 0 END), 0) AS users FROM per_user), ` +
    `checked AS (SELECT interactions, users, ${reasons} AS reasons FROM totals) ` +
    `SELECT CASE WHEN reasons = '' THEN 'ready' ELSE 'short' END AS verdict, ` +
    `CASE WHEN reasons = '' THEN 'enough data' ELSE reasons END AS reasons, ` +
    `CAST(interactions AS VARCHAR) AS interactions, CAST(users AS VARCHAR) AS users` +
    catalogueCounts.join("") +
    ` FROM checked`
  );
}
