/**
 * DataLake's args, their resolved defaults and their validation: pure, run before any resource.
 */
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import type { CommonArgs } from "../shared/contracts";
import type { Tier, WorkloadProfile } from "../shared/workload";
import {
  LifecycleOverrides,
  LifecyclePlan,
  planEventsLifecycle,
  validateLifecycle,
} from "./lifecycle";
import { ATHENA_MIN_CUTOFF_BYTES, athenaScanCutoffBytes } from "./sizing";

export interface DataLakeArgs extends CommonArgs {
  /** Lifecycle of the events prefix (the temperature spectrum). @default derived from tier and workload */
  readonly lifecycle?: LifecycleOverrides;
  /** Most bytes one Athena query may scan. @default athenaScanCutoffBytes(tier, workload) */
  readonly athenaScanCutoffBytes?: number;
  /** Server access logs of every bucket into a dedicated bucket. @default true in prod, false in dev */
  readonly accessLogs?: boolean;
  /**
   * Encrypt the region's Glue Data Catalog with the lake key. The setting is one per account and
   * region: a second stack sharing the account must pass false. @default true
   */
  readonly catalogEncryption?: boolean;
  /** Days Athena query results are kept. @default 30 in prod, 7 in dev */
  readonly athenaResultsExpireDays?: number;
  /**
   * Let Amazon Personalize (this account's only) list and read the `personalize/` prefix and
   * decrypt it, which its dataset import jobs need besides their role. @default true
   */
  readonly personalizeAccess?: boolean;
}

/** Every value the component uses, defaults applied. */
export interface ResolvedLakeArgs {
  readonly tier: Tier;
  readonly workload: WorkloadProfile;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  readonly accessLogs: boolean;
  readonly catalogEncryption: boolean;
  readonly eventsLifecycle: LifecyclePlan;
  readonly athenaScanCutoffBytes: number;
  readonly athenaResultsExpireDays: number;
  readonly personalizeAccess: boolean;
}

/** Problems with the args; empty when they are valid. */
export function validateDataLakeArgs(args: DataLakeArgs, workload: WorkloadProfile): string[] {
  const problems: string[] = commonArgsProblems(args);
  const tier = args.tier ?? "dev";
  if (!Number.isInteger(workload.retentionDays) || workload.retentionDays < 1) {
    problems.push(
      `workload.retentionDays is ${workload.retentionDays}; it must be a whole number of days ≥ 1.`,
    );
  } else {
    problems.push(...validateLifecycle(tier, workload.retentionDays, args.lifecycle));
  }
  const cutoff = args.athenaScanCutoffBytes;
  if (cutoff !== undefined && (!Number.isInteger(cutoff) || cutoff < ATHENA_MIN_CUTOFF_BYTES)) {
    problems.push(
      `athenaScanCutoffBytes is ${cutoff}; Athena accepts whole numbers of bytes from ${ATHENA_MIN_CUTOFF_BYTES} (10 MB). Fix: omit it to derive it from the workload, or raise it.`,
    );
  }
  const resultsDays = args.athenaResultsExpireDays;
  if (resultsDays !== undefined && (!Number.isInteger(resultsDays) || resultsDays < 1)) {
    problems.push(
      `athenaResultsExpireDays is ${resultsDays}; it must be a whole number of days ≥ 1.`,
    );
  }
  return problems;
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveLakeArgs(name: string, args: DataLakeArgs): ResolvedLakeArgs {
  const { tier, workload, logRetentionDays, protectData } = resolveCommonArgs(args);
  throwIfProblems("DataLake", name, validateDataLakeArgs(args, workload));
  const prod = tier === "prod";
  return {
    tier,
    workload,
    logRetentionDays,
    protectData,
    accessLogs: args.accessLogs ?? prod,
    catalogEncryption: args.catalogEncryption ?? true,
    eventsLifecycle: planEventsLifecycle(tier, workload.retentionDays, args.lifecycle),
    athenaScanCutoffBytes: args.athenaScanCutoffBytes ?? athenaScanCutoffBytes(tier, workload),
    athenaResultsExpireDays: args.athenaResultsExpireDays ?? (prod ? 30 : 7),
    personalizeAccess: args.personalizeAccess ?? true,
  };
}
