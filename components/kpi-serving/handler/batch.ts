/**
 * The batch layer's reads: the watermark (latest materialised day) from the Glue partitions of
 * kpi_channel_daily, which costs no Athena scan, and the closed days' rows by one Athena query
 * in the serving workgroup, whose scan cutoff bounds what a request can cost.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { GetPartitionsCommand, GlueClient } from "@aws-sdk/client-glue";
import type { BatchDayRow } from "./merge";

export interface BatchSource {
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly database: string;
  /** kpi_channel_daily's Glue name. */
  readonly table: string;
  readonly workgroup: string;
  /** Between polls of a running query. @default 200 ms */
  readonly pollMs?: number;
  /** Gives up (and the request answers 504) after this long. @default 20 s */
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The latest dt partition at or after `from`, or undefined when there is none. */
export async function latestMaterialisedDay(
  source: BatchSource,
  from: string,
): Promise<string | undefined> {
  let latest: string | undefined;
  let token: string | undefined;
  do {
    const page = await source.glue.send(
      new GetPartitionsCommand({
        DatabaseName: source.database,
        TableName: source.table,
        // `from` is a validated YYYY-MM-DD: nothing else reaches the expression.
        Expression: `dt >= '${from}'`,
        ExcludeColumnSchema: true,
        NextToken: token,
      }),
    );
    for (const p of page.Partitions ?? []) {
      const dt = p.Values?.[0];
      if (dt !== undefined && (latest === undefined || dt > latest)) latest = dt;
    }
    token = page.NextToken;
  } while (token);
  return latest;
}

export class AthenaQueryError extends Error {
  constructor(
    message: string,
    readonly state: string,
  ) {
    super(message);
    this.name = "AthenaQueryError";
  }
}

/** The closed days' rows of `channels`; values are bound as literals, never SQL text. */
export async function closedDays(
  source: BatchSource,
  channels: readonly string[],
  range: { readonly from: string; readonly to: string },
): Promise<BatchDayRow[]> {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const sql =
    `SELECT dt, channel, impressions, clicks, conversions, revenue ` +
    `FROM ${quote(source.database)}.${quote(source.table)} ` +
    `WHERE dt BETWEEN ? AND ? AND channel IN (${channels.map(() => "?").join(", ")})`;
  const started = await source.athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: source.workgroup,
      QueryExecutionContext: { Catalog: "AwsDataCatalog", Database: source.database },
      // Athena binds each value as a SQL literal: a string needs its quotes. Values are validated
      // dates and slugs, which hold no quote.
      ExecutionParameters: [range.from, range.to, ...channels].map((v) => `'${v}'`),
      // Identical requests within the hour reuse the stored result instead of scanning again.
      ResultReuseConfiguration: {
        ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 },
      },
    }),
  );
  const id = started.QueryExecutionId!;
  const sleep = source.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deadline = Date.now() + (source.timeoutMs ?? 20_000);
  for (;;) {
    const { QueryExecution } = await source.athena.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = QueryExecution?.Status?.State ?? "UNKNOWN";
    if (state === "SUCCEEDED") break;
    if (state === "FAILED" || state === "CANCELLED") {
      throw new AthenaQueryError(
        `Athena query ${id} ${state}: ${QueryExecution?.Status?.StateChangeReason ?? "no reason given"}`,
        state,
      );
    }
    if (Date.now() > deadline) {
      // Nobody will read the answer: stop the scan rather than pay for it.
      try {
        await source.athena.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
      } catch {
        // Best effort: the answer is 504 whether or not the stop is accepted.
      }
      throw new AthenaQueryError(`Athena query ${id} still ${state} at the deadline`, "TIMEOUT");
    }
    await sleep(source.pollMs ?? 200);
  }
  const rows: BatchDayRow[] = [];
  let token: string | undefined;
  let header = true;
  do {
    const page = await source.athena.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }),
    );
    for (const row of page.ResultSet?.Rows ?? []) {
      // The first row of the first page is the column names.
      if (header) {
        header = false;
        continue;
      }
      const [dt, channel, impressions, clicks, conversions, revenue] = (row.Data ?? []).map(
        (d) => d.VarCharValue ?? "",
      );
      rows.push({
        dt,
        channel,
        impressions: Number(impressions),
        clicks: Number(clicks),
        conversions: Number(conversions),
        revenue: Number(revenue),
      });
    }
    token = page.NextToken;
  } while (token);
  return rows;
}
