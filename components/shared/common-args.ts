/**
 * The args every component shares (`CommonArgs`): one validator and one resolver, so a tier, a
 * workload, a log retention and data protection mean the same in every component.
 */
import type { CommonArgs } from "./contracts";
import { LOG_RETENTION_DAYS, TIER_DEFAULTS } from "./tiers";
import { TIERS, type Tier, type WorkloadProfile } from "./workload";

/** `CommonArgs` with the tier's defaults applied. */
export interface ResolvedCommonArgs {
  readonly tier: Tier;
  readonly workload: WorkloadProfile;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
}

const isTier = (tier: unknown): tier is Tier => TIERS.includes(tier as Tier);

/** Problems with the common args; empty when they are valid. */
export function commonArgsProblems(args: CommonArgs): string[] {
  const problems: string[] = [];
  if (args.tier !== undefined && !isTier(args.tier)) {
    problems.push(
      `tier is ${JSON.stringify(args.tier)}; allowed: ${TIERS.join(", ")}. Fix: pass one of those.`,
    );
  }
  const days = args.logRetentionDays;
  if (days !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(days)) {
    problems.push(
      `logRetentionDays is ${days}; CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(", ")} days. Fix: pass one of those.`,
    );
  }
  return problems;
}

/**
 * The common args with defaults applied. An unknown tier (which `commonArgsProblems` reports)
 * resolves with dev's defaults, so a component can still collect every other problem.
 */
export function resolveCommonArgs(args: CommonArgs): ResolvedCommonArgs {
  const tier: Tier = args.tier ?? "dev";
  const defaults = TIER_DEFAULTS[isTier(tier) ? tier : "dev"];
  return {
    tier,
    workload: args.workload ?? defaults.workload,
    logRetentionDays: args.logRetentionDays ?? defaults.logRetentionDays,
    protectData: args.protectData ?? defaults.protectData,
  };
}
