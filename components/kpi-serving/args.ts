/**
 * KpiServingApi's args, their defaults (kept in this folder) and their validation: pure, run
 * before any resource, every problem reported at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CommonArgs, LakeRefs } from "../shared/contracts";
import type { Tier } from "../shared/workload";
import { SLUG } from "../../events/experiment";

export interface RealtimeViewRefs {
  readonly tableName: pulumi.Input<string>;
  readonly tableArn: pulumi.Input<string>;
  /** Customer key of the table; the reader needs kms:Decrypt on it. @default none */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface KpiServingApiArgs extends CommonArgs {
  /** The lake: Glue database, results bucket and key. */
  readonly lake: LakeRefs;
  /** The batch table of daily channel KPIs (KPIDashboard's `kpiTableNames.channel_kpis`). */
  readonly kpiTableName: pulumi.Input<string>;
  /** The speed view; without it the open day has no data and says so. @default none */
  readonly realtimeView?: RealtimeViewRefs;
  /**
   * Seconds a closed-days answer is served from the cache. The key carries the watermark, so a
   * new day's materialisation is seen at once; this only bounds a same-day recompute.
   * @default 3600
   */
  readonly batchCacheSeconds?: number;
  /** Seconds the latest materialised day is reused before Glue is asked again. @default 300 */
  readonly watermarkCacheSeconds?: number;
  /**
   * Bytes one query of the serving workgroup may scan: the daily KPI table is kilobytes a day,
   * so Athena's minimum (10 MB, also its minimum bill per query) covers years of it.
   * @default 10485760
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Create the marketers' real-time dashboard: CTR per channel by minute, a CloudWatch custom
   * widget drawn by this API's function from the speed view. Needs `realtimeView`. It bills $3 a
   * month, so dev leaves it off. @default true in prod when there is a speed view, else false
   */
  readonly realtimeDashboard?: boolean;
  /**
   * Channels the dashboard draws. @default [] (every channel with traffic in the last 5 minutes)
   */
  readonly dashboardChannels?: readonly string[];
}

export interface ResolvedKpiServingArgs {
  readonly tier: Tier;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  readonly batchCacheSeconds: number;
  readonly watermarkCacheSeconds: number;
  readonly bytesScannedCutoffPerQuery: number;
  readonly realtimeDashboard: boolean;
  readonly dashboardChannels: readonly string[];
}

/** Athena's lowest allowed per-query scan cutoff (and the least it bills a query). */
export const ATHENA_MIN_CUTOFF_BYTES = 10 * 1024 * 1024;

/** The defaults per tier: prod keeps logs a year and protects its key and table. */
export const KPI_SERVING_TIER_DEFAULTS: Readonly<
  Record<Tier, { logRetentionDays: number; protectData: boolean }>
> = {
  dev: { logRetentionDays: 14, protectData: false },
  prod: { logRetentionDays: 365, protectData: true },
};

const wholeIn = (value: number | undefined, min: number, max: number) =>
  value === undefined || (Number.isInteger(value) && value >= min && value <= max);

export function validateKpiServingArgs(args: KpiServingApiArgs): string[] {
  const problems: string[] = [];
  const tier = args.tier ?? "dev";
  if (tier !== "dev" && tier !== "prod") {
    problems.push(`tier is ${JSON.stringify(tier)}; it must be one of dev, prod.`);
  }
  if (!args.lake) problems.push("lake is missing; pass the DataLake's refs (dataLake.refs).");
  if (args.kpiTableName === undefined || args.kpiTableName === "") {
    problems.push(
      "kpiTableName is missing; pass KPIDashboard's kpiTableNames.channel_kpis (the daily channel KPI table).",
    );
  }
  if (!wholeIn(args.batchCacheSeconds, 60, 86_400)) {
    problems.push(
      `batchCacheSeconds is ${args.batchCacheSeconds}; it must be a whole number from 60 to 86400.`,
    );
  }
  if (!wholeIn(args.watermarkCacheSeconds, 10, 3_600)) {
    problems.push(
      `watermarkCacheSeconds is ${args.watermarkCacheSeconds}; it must be a whole number from 10 to 3600.`,
    );
  }
  if (!wholeIn(args.bytesScannedCutoffPerQuery, ATHENA_MIN_CUTOFF_BYTES, 2 ** 40)) {
    problems.push(
      `bytesScannedCutoffPerQuery is ${args.bytesScannedCutoffPerQuery}; it must be a whole number of bytes from ${ATHENA_MIN_CUTOFF_BYTES} (Athena's minimum) up.`,
    );
  }
  (args.dashboardChannels ?? []).forEach((channel, i) => {
    if (typeof channel !== "string" || !SLUG.test(channel) || channel.length > 64) {
      problems.push(
        `dashboardChannels[${i}] is ${JSON.stringify(channel)}; it must be a channel slug like "home-rfy".`,
      );
    }
  });
  if (args.realtimeDashboard === true && args.realtimeView === undefined) {
    problems.push(
      "realtimeDashboard is true but realtimeView is missing; the dashboard draws the speed view. Fix: pass RealtimeAnalytics' view, or drop realtimeDashboard.",
    );
  }
  if (
    args.logRetentionDays !== undefined &&
    !(Number.isInteger(args.logRetentionDays) && args.logRetentionDays > 0)
  ) {
    problems.push(
      `logRetentionDays is ${args.logRetentionDays}; it must be a whole number of days.`,
    );
  }
  return problems;
}

/** Defaults applied; call after validateKpiServingArgs found no problem. */
export function resolveKpiServingArgs(args: KpiServingApiArgs): ResolvedKpiServingArgs {
  const tier = args.tier ?? "dev";
  const defaults = KPI_SERVING_TIER_DEFAULTS[tier];
  return {
    tier,
    logRetentionDays: args.logRetentionDays ?? defaults.logRetentionDays,
    protectData: args.protectData ?? defaults.protectData,
    batchCacheSeconds: args.batchCacheSeconds ?? 3_600,
    watermarkCacheSeconds: args.watermarkCacheSeconds ?? 300,
    bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery ?? ATHENA_MIN_CUTOFF_BYTES,
    realtimeDashboard:
      args.realtimeDashboard ?? (tier === "prod" && args.realtimeView !== undefined),
    dashboardChannels: args.dashboardChannels ?? [],
  };
}
