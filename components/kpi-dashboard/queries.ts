/**
 * The KPI SQL files and how both engines run them. Each file is written once in the SQL subset
 * that Athena (Trino) and DuckDB share, with three kinds of placeholder:
 *
 * - `{{events}}`: the events relation, a quoted identifier both engines accept;
 * - `{{from}}`, `{{to}}`: the dt range, rendered as positional `?` parameters that DuckDB binds
 *   in a prepared statement and Athena binds through `ExecutionParameters`, so a date never
 *   becomes SQL text on either side;
 * - `{{query:<name>}}`: another KPI file inlined as a subquery, so a definition lives in one file.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The dt range a KPI query covers, inclusive, as `YYYY-MM-DD`. */
export interface DtRange {
  readonly from: string;
  readonly to: string;
}

export type KpiParameter = keyof DtRange;

/** A KPI table's column with its Glue (Hive) type and the JSON name the local runner prints. */
export interface KpiColumn {
  readonly name: string;
  readonly type: "string" | "bigint" | "double";
  readonly comment: string;
}

export interface KpiQuery {
  /** File name without `.sql`, also the Athena named query's suffix. */
  readonly name: KpiQueryName;
  readonly description: string;
  /** Materialised table under `kpi/<name>/`, partitioned by `dt`. */
  readonly table: string;
  /** Output columns in SELECT order; `dt` is first and becomes the table's partition. */
  readonly columns: readonly KpiColumn[];
  /** Sort order of a report. */
  readonly orderBy: readonly string[];
}

export type KpiQueryName = "channel_kpis" | "funnel" | "channel_item_daily";

/**
 * SQL files other queries include (`{{query:<name>}}`) but nothing materialises: the
 * de-duplicated, attributed events the channel tables and the experiment readout aggregate.
 */
export const SQL_FRAGMENTS = ["attributed_events"] as const;
export type SqlFragmentName = (typeof SQL_FRAGMENTS)[number];
const isFragment = (name: string): name is SqlFragmentName =>
  (SQL_FRAGMENTS as readonly string[]).includes(name);

const dt: KpiColumn = { name: "dt", type: "string", comment: "UTC date, YYYY-MM-DD" };
const channel: KpiColumn = {
  name: "channel",
  type: "string",
  comment: "Recommendation placement",
};

// Counters both the channel and the channel-item tables carry, defined once so they cannot drift.
const impressions: KpiColumn = {
  name: "impressions",
  type: "bigint",
  comment: "Impression events",
};
const clicks: KpiColumn = { name: "clicks", type: "bigint", comment: "Click events" };
const conversions: KpiColumn = {
  name: "conversions",
  type: "bigint",
  comment: "Buys attributed by 24-hour last click",
};
const revenue: KpiColumn = {
  name: "revenue",
  type: "double",
  comment: "Sum of price * quantity of attributed buys",
};

export const KPI_QUERIES: Readonly<Record<KpiQueryName, KpiQuery>> = {
  channel_kpis: {
    name: "channel_kpis",
    description:
      "Recommendation KPIs per day and channel: CTR, 24-hour last-click conversions, CVR, revenue, coverage",
    table: "kpi_channel_daily",
    columns: [
      dt,
      channel,
      impressions,
      clicks,
      { name: "ctr", type: "double", comment: "clicks / impressions; null without impressions" },
      conversions,
      { name: "cvr", type: "double", comment: "conversions / clicks; null without clicks" },
      revenue,
      { name: "coverage", type: "bigint", comment: "Distinct items impressed" },
    ],
    orderBy: ["dt", "channel"],
  },
  funnel: {
    name: "funnel",
    description: "Distinct users per day with a visit, view, cart and buy",
    table: "kpi_funnel_daily",
    columns: [
      dt,
      { name: "visit", type: "bigint", comment: "Distinct users with a visit" },
      { name: "view", type: "bigint", comment: "Distinct users with a view" },
      { name: "cart", type: "bigint", comment: "Distinct users with a cart" },
      { name: "buy", type: "bigint", comment: "Distinct users with a buy" },
    ],
    orderBy: ["dt"],
  },
  channel_item_daily: {
    name: "channel_item_daily",
    description:
      "Impressions, clicks, attributed buys and revenue per day, channel and item (top items)",
    table: "kpi_channel_item_daily",
    columns: [
      dt,
      channel,
      { name: "item_id", type: "string", comment: "Item" },
      impressions,
      clicks,
      conversions,
      revenue,
    ],
    orderBy: ["dt", "channel", "item_id"],
  },
};

export const KPI_QUERY_NAMES = Object.keys(KPI_QUERIES) as KpiQueryName[];

/** A KPI query ready for an engine: SQL with `?` placeholders and what each one binds. */
export interface RenderedQuery {
  readonly sql: string;
  readonly parameters: readonly KpiParameter[];
}

/**
 * Where the SQL files are. tsc does not copy `.sql` files: a build into `bin/` must copy
 * `components/kpi-dashboard/sql/` next to the compiled file.
 */
export const SQL_DIR = path.join(__dirname, "sql");

const PLACEHOLDER = /\{\{\s*(events|from|to|query:([a-z_]+))\s*\}\}/g;

function readSql(name: KpiQueryName | SqlFragmentName): string {
  const file = path.join(SQL_DIR, `${name}.sql`);
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(
      `KPI SQL file ${file} is missing (${(error as Error).message}); ` +
        `copy components/kpi-dashboard/sql/ next to the compiled kpi-dashboard module`,
    );
  }
}

/** Drops `--` comment lines and the trailing semicolon so a query nests as a subquery. */
function body(sql: string): string {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .trim()
    .replace(/;$/, "");
}

/**
 * Double-quotes each dotted part (`db.table` → `"db"."table"`), the identifier syntax Trino and
 * DuckDB share; a quote inside a name is doubled.
 */
export function quoteRelation(relation: string): string {
  return relation
    .split(".")
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join(".");
}

/** Renders a KPI file (or a fragment) for an engine, reading from `events` (e.g. `analytics.events`). */
export function renderQuery(
  name: KpiQueryName | SqlFragmentName,
  events: string,
  seen: (KpiQueryName | SqlFragmentName)[] = [],
): RenderedQuery {
  if (!(name in KPI_QUERIES) && !isFragment(name)) {
    throw new Error(
      `unknown KPI query ${JSON.stringify(name)}; use one of ${[...KPI_QUERY_NAMES, ...SQL_FRAGMENTS].join(", ")}`,
    );
  }
  if (seen.includes(name))
    throw new Error(`KPI query ${name} includes itself via ${seen.join(" → ")}`);
  const parameters: KpiParameter[] = [];
  const sql = body(readSql(name)).replace(
    PLACEHOLDER,
    (_match, token: string, included?: string) => {
      if (token === "events") return quoteRelation(events);
      if (token === "from" || token === "to") {
        parameters.push(token);
        return "?";
      }
      const inner = renderQuery(included as KpiQueryName | SqlFragmentName, events, [
        ...seen,
        name,
      ]);
      parameters.push(...inner.parameters);
      return `\n${inner.sql}\n`;
    },
  );
  return { sql, parameters };
}

/** The report form: the query sorted as a person reads it. */
export function reportSql(name: KpiQueryName, events: string): RenderedQuery {
  const { sql, parameters } = renderQuery(name, events);
  const order = KPI_QUERIES[name].orderBy.join(", ");
  return { sql: `SELECT * FROM (\n${sql}\n) AS kpi\nORDER BY ${order}`, parameters };
}

/**
 * The materialisation form: `INSERT INTO` the KPI table, columns reordered so that the `dt`
 * partition comes last as Hive tables require.
 */
export function insertSql(name: KpiQueryName, events: string, target: string): RenderedQuery {
  const { sql, parameters } = renderQuery(name, events);
  const columns = KPI_QUERIES[name].columns;
  const ordered = [...columns.filter((c) => c.name !== "dt"), columns[0]].map((c) =>
    quoteRelation(c.name),
  );
  return {
    sql: `INSERT INTO ${quoteRelation(target)}\nSELECT ${ordered.join(", ")} FROM (\n${sql}\n) AS kpi`,
    parameters,
  };
}

/** The values to bind, in placeholder order. */
export function bindValues(query: RenderedQuery, range: DtRange): string[] {
  return query.parameters.map((p) => range[p]);
}

/**
 * The query on one line, for JSON documents (a state machine's QueryString). Safe because the
 * rendered SQL has no `--` comments and no string literal spanning lines.
 */
export function oneLine(sql: string): string {
  return sql
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}
