/**
 * What a tier means to every component: the workload it sizes for by default, how long its logs
 * are kept and whether its data is protected. Components and the program's stack profiles
 * (`stacks/tiers.ts`) both read these, so each default is set here once.
 */
import type { Tier, WorkloadProfile } from "./workload";

export interface TierDefaults {
  /** The workload a component sizes for when it is given none. */
  readonly workload: WorkloadProfile;
  readonly logRetentionDays: number;
  /** Protect data stores from `pulumi destroy` and keep them when removed from the program. */
  readonly protectData: boolean;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  dev: {
    workload: {
      avgEventsPerSecond: 5,
      peakEventsPerSecond: 50,
      avgEventBytes: 600,
      retentionDays: 30,
      queriesPerDay: 20,
    },
    logRetentionDays: 14,
    protectData: false,
  },
  prod: {
    workload: {
      avgEventsPerSecond: 500,
      peakEventsPerSecond: 3000,
      avgEventBytes: 600,
      retentionDays: 730,
      queriesPerDay: 500,
    },
    logRetentionDays: 365,
    protectData: true,
  },
};

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;
