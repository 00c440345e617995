/**
 * Athena queries that turn the behaviour log into Personalize's bulk-import CSVs. Athena writes a
 * SELECT's result as one CSV with a header row (UNLOAD and CTAS write no header, and UNLOAD splits
 * its output over files, so neither gives every file the header Personalize needs). Athena quotes
 * every field of that CSV, the header too, while Personalize's guidelines ask for an unquoted
 * header: the state machine's Unquote<Kind>Header step (unquote-header/handler.ts) rewrites that
 * one line into a new file under IMPORT_FILES_PREFIX, checked against EXPORT_COLUMNS, and the
 * import job reads that file. Column names are the field names of the default Personalize schemas
 * (providers/schema-builders.ts); a test keeps the two in step. Interactions come from the events
 * of the lookback window; items and users from the lake's catalogue tables (events/catalogue.ts).
 */
import { CATALOGUES, type CatalogueKind, cataloguePersonalizeFields } from "../../events/catalogue";
import { LAKE_PREFIXES } from "../shared/contracts";

export interface ExportSource {
  readonly database: string;
  readonly table: string;
  /** Days of events exported, counted back from the run's date. */
  readonly lookbackDays: number;
}

/** Where the export workgroup (configuration enforced) writes every query's result CSV. */
export const EXPORT_RESULTS_PREFIX = LAKE_PREFIXES.personalizeExports;
/** Where the header step writes the files the import jobs read: `<prefix><execution>/<kind>.csv`. */
export const IMPORT_FILES_PREFIX = LAKE_PREFIXES.personalizeImports;

export type DatasetKind = "interactions" | "items" | "users";
export const DATASET_KINDS: readonly DatasetKind[] = ["interactions", "items", "users"];

/** The CSV header of each export, in column order. */
export const EXPORT_COLUMNS: Readonly<Record<DatasetKind, readonly string[]>> = {
  interactions: [
    "USER_ID",
    "ITEM_ID",
    "TIMESTAMP",
    "EVENT_TYPE",
    "EVENT_VALUE",
    "IMPRESSION",
    "RECOMMENDATION_ID",
    "CHANNEL",
    "DEVICE",
  ],
  items: cataloguePersonalizeFields("items").map((f) => f.name),
  users: cataloguePersonalizeFields("users").map((f) => f.name),
};

/** Behaviour-log event types that are interactions; `visit` has no item and `impression`s ride on clicks. */
export const INTERACTION_EVENT_TYPES = ["view", "cart", "buy", "click"] as const;

const IDENTIFIER = /^[a-z0-9_]+$/;

function quoted(identifier: string, what: string): string {
  // Glue names are lower-case letters, digits and underscores; anything else would be SQL injection.
  if (!IDENTIFIER.test(identifier)) {
    throw new Error(
      `${what} ${JSON.stringify(identifier)} is not a Glue name (lower-case letters, digits, underscore)`,
    );
  }
  return `"${identifier}"`;
}

/**
 * Events of the lookback window, de-duplicated by event_id (the log is at-least-once), with
 * partition pruning on `dt` so the scan covers only the window.
 */
export function recentEvents(source: ExportSource): string {
  if (!Number.isInteger(source.lookbackDays) || source.lookbackDays < 1) {
    throw new Error(`lookbackDays must be a positive integer, got ${source.lookbackDays}`);
  }
  const table = `${quoted(source.database, "database")}.${quoted(source.table, "table")}`;
  return (
    `WITH numbered AS (SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY event_time) AS copy ` +
    `FROM ${table} WHERE dt >= date_format(current_date - INTERVAL '${source.lookbackDays}' DAY, '%Y-%m-%d')), ` +
    `events AS (SELECT * FROM numbered WHERE copy = 1)`
  );
}

const col = (expr: string, name: string) => `${expr} AS "${name}"`;

/**
 * One row per view, cart, buy or click. A click that came from a served list carries the list
 * (IMPRESSION: its items in position order, pipe-separated) so Personalize learns from what was
 * shown and not clicked; EVENT_VALUE is the revenue of a buy.
 */
export function interactionsQuery(source: ExportSource): string {
  const types = INTERACTION_EVENT_TYPES.map((t) => `'${t}'`).join(", ");
  return (
    `${recentEvents(source)}, ` +
    `lists AS (SELECT recommendation_id, array_join(array_agg(item_id ORDER BY position), '|') AS impression ` +
    `FROM events WHERE event_type = 'impression' AND recommendation_id IS NOT NULL GROUP BY recommendation_id) ` +
    `SELECT ${[
      col("e.user_id", "USER_ID"),
      col("e.item_id", "ITEM_ID"),
      col("CAST(to_unixtime(e.event_time) AS BIGINT)", "TIMESTAMP"),
      col("e.event_type", "EVENT_TYPE"),
      col("CASE WHEN e.event_type = 'buy' THEN e.price * e.quantity END", "EVENT_VALUE"),
      col("l.impression", "IMPRESSION"),
      col("e.recommendation_id", "RECOMMENDATION_ID"),
      col("e.channel", "CHANNEL"),
      col("e.device", "DEVICE"),
    ].join(", ")} ` +
    `FROM events e LEFT JOIN lists l ON e.event_type = 'click' AND l.recommendation_id = e.recommendation_id ` +
    `WHERE e.event_type IN (${types}) AND e.item_id IS NOT NULL`
  );
}

/**
 * A catalogue as Personalize imports it: every row of the lake's catalogue table that has an id,
 * each imported column under its Personalize name. The table is the catalogue, not a log, so no
 * lookback applies (`source.table` names the events and is not read).
 */
export function catalogueQuery(
  kind: CatalogueKind,
  source: Pick<ExportSource, "database">,
): string {
  const { table, id } = CATALOGUES[kind];
  const fields = cataloguePersonalizeFields(kind);
  return (
    `SELECT ${fields.map((f) => col(quoted(f.column, "column"), f.name)).join(", ")} ` +
    `FROM ${quoted(source.database, "database")}.${quoted(table, "table")} ` +
    `WHERE ${quoted(id, "column")} IS NOT NULL AND ${quoted(id, "column")} <> ''`
  );
}

/** Items: the items catalogue (category, list price, listing time). */
export const itemsQuery = (source: ExportSource) => catalogueQuery("items", source);

/** Users: the users catalogue (segment). */
export const usersQuery = (source: ExportSource) => catalogueQuery("users", source);

export const EXPORT_QUERIES: Readonly<Record<DatasetKind, (source: ExportSource) => string>> = {
  interactions: interactionsQuery,
  items: itemsQuery,
  users: usersQuery,
};
