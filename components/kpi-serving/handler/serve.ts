/**
 * The two answers of the KPI serving API, with their I/O: merged daily KPIs (batch watermark and
 * closed days through the cache, the open period live from the speed view) and the per-minute CTR
 * series of the speed view that the dashboard's real-time widget draws.
 */
import type { AthenaClient } from "@aws-sdk/client-athena";
import type { GlueClient } from "@aws-sdk/client-glue";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type BatchDayRow, type MergedKpis, mergeKpis, planMerge } from "./merge";
import { closedDays, latestMaterialisedDay } from "./batch";
import { cacheKey, readCache, writeCache } from "./cache";
import { channelMinutes } from "./speed";
import { MINUTE_MS, ctr, isoMinute } from "../../realtime-analytics/view";

export interface ServingConfig {
  readonly cacheTableName: string;
  /** Absent when the stack runs no speed layer: the open period then has no data. */
  readonly viewTableName?: string;
  readonly database: string;
  readonly kpiTable: string;
  readonly workgroup: string;
  /** How long a closed-days answer is reused. */
  readonly batchCacheSeconds: number;
  /** How long the watermark (latest materialised day) is reused. */
  readonly watermarkCacheSeconds: number;
}

export interface ServingDeps {
  readonly dynamo: DynamoDBDocumentClient;
  readonly athena: AthenaClient;
  readonly glue: GlueClient;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How long to wait for Athena before answering 504. @default 20 s */
  readonly athenaTimeoutMs?: number;
}

export interface DailyAnswer extends MergedKpis {
  /** Where each layer's numbers came from on this request. */
  readonly sources: {
    readonly batch: "cache" | "athena" | "not-needed";
    readonly speed: "view" | "not-needed" | "not-configured";
  };
}

export async function dailyKpis(
  request: { channels: readonly string[]; from: string; to: string },
  config: ServingConfig,
  deps: ServingDeps,
): Promise<DailyAnswer> {
  const nowMs = (deps.now ?? Date.now)();
  const cache = { client: deps.dynamo, tableName: config.cacheTableName };
  const source = {
    athena: deps.athena,
    glue: deps.glue,
    database: config.database,
    table: config.kpiTable,
    workgroup: config.workgroup,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.athenaTimeoutMs !== undefined ? { timeoutMs: deps.athenaTimeoutMs } : {}),
  };
  const watermarkKey = cacheKey("WATERMARK", { from: request.from });
  let watermark = await readCache<{ latest: string | null }>(cache, watermarkKey, nowMs);
  if (!watermark) {
    watermark = { latest: (await latestMaterialisedDay(source, request.from)) ?? null };
    await writeCache(cache, watermarkKey, watermark, config.watermarkCacheSeconds, nowMs);
  }
  const plan = planMerge(request, watermark.latest ?? undefined, nowMs);
  const channels = [...request.channels].sort();

  let batch: BatchDayRow[] = [];
  let batchSource: DailyAnswer["sources"]["batch"] = "not-needed";
  if (plan.closed) {
    const key = cacheKey("BATCH", { channels, ...plan.closed, watermark: watermark.latest });
    const cached = await readCache<BatchDayRow[]>(cache, key, nowMs);
    if (cached) {
      batch = cached;
      batchSource = "cache";
    } else {
      batch = await closedDays(source, channels, plan.closed);
      await writeCache(cache, key, batch, config.batchCacheSeconds, nowMs);
      batchSource = "athena";
    }
  }
  let speedSource: DailyAnswer["sources"]["speed"] = "not-needed";
  let speed: Awaited<ReturnType<typeof channelMinutes>> = [];
  if (plan.open) {
    if (config.viewTableName === undefined) speedSource = "not-configured";
    else {
      speed = await channelMinutes(
        deps.dynamo,
        config.viewTableName,
        channels,
        plan.open.fromMs,
        plan.open.toMs,
      );
      speedSource = "view";
    }
  }
  return {
    ...mergeKpis(request, channels, plan, batch, speed, nowMs),
    sources: { batch: batchSource, speed: speedSource },
  };
}

export interface MinuteSeries {
  readonly channels: readonly string[];
  /** Oldest first, the current (still open) minute last. */
  readonly minutes: readonly string[];
  /** Per channel, per minute: impressions, clicks and CTR (null without impressions). */
  readonly series: Readonly<
    Record<string, readonly { impressions: number; clicks: number; ctr: number | null }[]>
  >;
  readonly asOf: string;
}

/** CTR per channel per minute over the last `minutes` minutes, zero-filled where nothing ran. */
export async function minuteSeries(
  request: { channels: readonly string[]; minutes: number },
  config: ServingConfig,
  deps: ServingDeps,
): Promise<MinuteSeries> {
  const nowMs = (deps.now ?? Date.now)();
  const minutes = Array.from({ length: request.minutes }, (_, k) =>
    isoMinute(nowMs - (request.minutes - 1 - k) * MINUTE_MS),
  );
  const fromMs = Date.parse(minutes[0].replace("Z", ":00.000Z"));
  const rows =
    config.viewTableName === undefined
      ? []
      : await channelMinutes(
          deps.dynamo,
          config.viewTableName,
          request.channels,
          fromMs,
          nowMs + 1,
        );
  const series: Record<string, { impressions: number; clicks: number; ctr: number | null }[]> = {};
  for (const channel of request.channels) {
    const mine = new Map(
      rows
        .filter((r) => r.channel === channel)
        .map((r) => [isoMinute(Date.parse(r.windowStart)), r]),
    );
    series[channel] = minutes.map((m) => {
      const row = mine.get(m);
      const impressions = row?.impressions ?? 0;
      const clicks = row?.clicks ?? 0;
      return { impressions, clicks, ctr: ctr(impressions, clicks) };
    });
  }
  return { channels: request.channels, minutes, series, asOf: new Date(nowMs).toISOString() };
}
