/**
 * KPIDashboard's args, their defaults and their validation: pure, run before any resource, every
 * problem reported at once.
 */
import type * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import type { CommonArgs, LakeRefs } from "../shared/contracts";
import type { Tier } from "../shared/workload";
import type { OperationsTargets } from "./operations";

export interface QuickSightSettings {
  /**
   * Create the QuickSight data source, datasets and dashboard. Needs a QuickSight Enterprise
   * subscription in the account, which is why dev leaves it off. @default false
   */
  readonly enabled: boolean;
  /**
   * QuickSight users or groups the dashboard is shared with, as ARNs like
   * `arn:aws:quicksight:us-east-1:123456789012:group/default/marketing`. @default []
   */
  readonly principals: readonly string[];
}

export interface KpiDashboardArgs extends CommonArgs {
  /** The lake: bucket, key, Glue database, events table and Athena workgroup. */
  readonly lake: LakeRefs;
  /** The business dashboard. @default { enabled: false, principals: [] } */
  readonly quicksight?: QuickSightSettings;
  /** What the operations dashboard and its alarms watch. */
  readonly operations: OperationsTargets<pulumi.Input<string>>;
  /**
   * Create the CloudWatch operations dashboard. It bills $3 a month; a dev stack is watched
   * through its alarms and the services' own console graphs. The alarms exist either way.
   * @default true in prod, false in dev
   */
  readonly operationsDashboard?: boolean;
  /**
   * When the daily KPI tables are recomputed, in UTC. 01:15 leaves Firehose's longest buffer
   * (15 minutes) and late producers an hour to land yesterday's events. @default "cron(15 1 * * ? *)"
   */
  readonly materialisationSchedule?: string;
  /**
   * Days before the run's date that each run recomputes (1 to 7): 2 redoes the day before
   * yesterday too, so events that arrived after its first run are counted. @default 2
   */
  readonly recomputeDays?: number;
}

export interface ResolvedKpiDashboardArgs {
  readonly tier: Tier;
  readonly logRetentionDays: number;
  /** Protect the component's key from deletion. */
  readonly protectData: boolean;
  readonly quicksight: QuickSightSettings;
  readonly operationsDashboard: boolean;
  readonly materialisationSchedule: string;
  readonly recomputeDays: number;
  /** Seconds one materialisation query may run; a day of KPIs takes seconds to minutes. */
  readonly queryTimeoutSeconds: number;
}

export const DEFAULT_MATERIALISATION_SCHEDULE = "cron(15 1 * * ? *)";
export const DEFAULT_RECOMPUTE_DAYS = 2;

const QUICKSIGHT_PRINCIPAL =
  /^arn:aws[a-z-]*:quicksight:[a-z0-9-]+:\d{12}:(user|group)\/[^/]+\/[^/]+$/;
const SCHEDULE = /^(cron|rate)\(.+\)$/;

/** Problems with the args; empty when they are valid. */
export function validateKpiDashboardArgs(args: KpiDashboardArgs): string[] {
  const problems: string[] = commonArgsProblems(args);
  if (!args.lake) problems.push("lake is missing; pass the DataLake's refs (dataLake.refs).");
  if (!args.operations) {
    problems.push(
      "operations is missing; pass at least { streamName, deliveryStreamName, functionNames } from StreamIngestion.",
    );
  } else {
    for (const key of ["streamName", "deliveryStreamName"] as const) {
      const value = args.operations[key];
      if (value === undefined || value === "") {
        problems.push(
          `operations.${key} is ${JSON.stringify(value)}; pass the name StreamIngestion outputs.`,
        );
      }
    }
    if (!Array.isArray(args.operations.functionNames)) {
      problems.push(
        "operations.functionNames must be a list of Lambda function names ([] for none).",
      );
    }
  }
  const qs = args.quicksight;
  if (qs?.enabled && qs.principals.length === 0) {
    problems.push(
      "quicksight.enabled is true but quicksight.principals is empty; a dashboard shared with nobody cannot be opened. " +
        "Fix: list QuickSight user or group ARNs, e.g. arn:aws:quicksight:us-east-1:123456789012:group/default/marketing.",
    );
  }
  (qs?.principals ?? []).forEach((principal, i) => {
    if (!QUICKSIGHT_PRINCIPAL.test(principal)) {
      problems.push(
        `quicksight.principals[${i}] is ${JSON.stringify(principal)}; it must be a QuickSight user or group ARN like ` +
          "arn:aws:quicksight:us-east-1:123456789012:group/default/marketing.",
      );
    }
  });
  if (qs && !qs.enabled && qs.principals.length > 0) {
    problems.push(
      "quicksight.principals is set but quicksight.enabled is false; nothing would be shared. Fix: enable QuickSight or remove the principals.",
    );
  }
  const schedule = args.materialisationSchedule;
  if (schedule !== undefined && !SCHEDULE.test(schedule)) {
    problems.push(
      `materialisationSchedule is ${JSON.stringify(schedule)}; use an EventBridge Scheduler expression like ${DEFAULT_MATERIALISATION_SCHEDULE} (UTC).`,
    );
  }
  const days = args.recomputeDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 7)) {
    problems.push(
      `recomputeDays is ${days}; it must be a whole number from 1 (yesterday only) to 7.`,
    );
  }
  return problems;
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveKpiDashboardArgs(
  name: string,
  args: KpiDashboardArgs,
): ResolvedKpiDashboardArgs {
  throwIfProblems("KPIDashboard", name, validateKpiDashboardArgs(args));
  const { tier, logRetentionDays, protectData } = resolveCommonArgs(args);
  return {
    tier,
    logRetentionDays,
    protectData,
    quicksight: args.quicksight ?? { enabled: false, principals: [] },
    operationsDashboard: args.operationsDashboard ?? tier === "prod",
    materialisationSchedule: args.materialisationSchedule ?? DEFAULT_MATERIALISATION_SCHEDULE,
    recomputeDays: args.recomputeDays ?? DEFAULT_RECOMPUTE_DAYS,
    queryTimeoutSeconds: 30 * 60,
  };
}
