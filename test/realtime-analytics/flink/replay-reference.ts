/**
 * The speed layer's results computed a second way, by DuckDB over the replay written to a local
 * lake with the real lake writer: each event once (by event_id, judged by its first copy's
 * arrival), per channel and minute, split into what arrived within the lateness bound and what
 * did not; and the trending lists (clicks per item over 5 minutes sliding by one, top N).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Replay } from "./replay";

export interface MinuteCounts {
  readonly channel: string;
  readonly minute: string;
  readonly dt: string;
  readonly late: boolean;
  readonly impressions: number;
  readonly clicks: number;
}

export interface TrendingRank {
  readonly windowEnd: string;
  readonly itemId: string;
  readonly clicks: number;
  readonly rank: number;
}

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const result = await connection.runAndReadAll(sql);
  return (await result.getRowObjectsJS()).map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
    ),
  ) as T[];
}

/** Loads the replay clock beside the lake's `events` view. */
export async function loadArrivals(connection: DuckDBConnection, replay: Replay): Promise<void> {
  await connection.run("CREATE TABLE arrivals (event_id VARCHAR, arrival_ms BIGINT)");
  const values = replay.events.map((e, i) => `('${e.event_id}', ${replay.arrivalMs[i]})`);
  await connection.run(`INSERT INTO arrivals VALUES ${values.join(", ")}`);
}

const JUDGED = (latenessMs: number) => `
  WITH first_arrival AS (
    SELECT event_id, min(arrival_ms) AS arrival_ms FROM arrivals GROUP BY event_id
  ), unique_events AS (
    SELECT DISTINCT ON (event_id) event_id, event_type, channel, item_id, event_time, dt
    FROM events WHERE event_type IN ('impression', 'click')
  ), judged AS (
    SELECT u.*, time_bucket(INTERVAL 1 MINUTE, u.event_time) AS minute_start,
      f.arrival_ms > epoch_ms(time_bucket(INTERVAL 1 MINUTE, u.event_time)) + 60000 + ${latenessMs}
        AS late
    FROM unique_events u JOIN first_arrival f USING (event_id)
  )`;

export function minuteCounts(
  connection: DuckDBConnection,
  latenessMs: number,
): Promise<MinuteCounts[]> {
  return rows(
    connection,
    `${JUDGED(latenessMs)}
    SELECT channel, strftime(minute_start, '%Y-%m-%dT%H:%MZ') AS minute, dt, late,
      count(*) FILTER (WHERE event_type = 'impression') AS impressions,
      count(*) FILTER (WHERE event_type = 'click') AS clicks
    FROM judged GROUP BY ALL ORDER BY ALL`,
  );
}

export function trendingRanks(
  connection: DuckDBConnection,
  latenessMs: number,
  topN: number,
): Promise<TrendingRank[]> {
  return rows(
    connection,
    `${JUDGED(latenessMs)},
    windows AS (
      SELECT item_id, minute_start + to_minutes(k) AS window_end
      FROM judged, range(1, 6) AS t(k)
      WHERE NOT late AND event_type = 'click'
    ), counted AS (
      SELECT window_end, item_id, count(*) AS clicks FROM windows GROUP BY ALL
    ), ranked AS (
      SELECT *, row_number() OVER (PARTITION BY window_end ORDER BY clicks DESC, item_id) AS rank
      FROM counted
    )
    SELECT strftime(window_end, '%Y-%m-%dT%H:%MZ') AS "windowEnd", item_id AS "itemId", clicks, rank
    FROM ranked WHERE rank <= ${topN} ORDER BY ALL`,
  );
}
