/**
 * Tier profiles: the defaults a stack gets from naming its tier. A stack file only overrides what
 * differs. Dev is the cheap, disposable choice; prod the durable, protected one. What a component
 * defaults by tier is the component's (read from it here); what only the program composes (which
 * engine, QuickSight, one shared key, the budget) is set here.
 */
import { DEFAULT_CAMPAIGN, DEFAULT_RECIPE } from "../components/personalize-recommender/defaults";
import { DEFAULT_ENGINE } from "../components/realtime-analytics/args";
import { DEFAULT_RETENTION_HOURS } from "../components/stream-ingestion/defaults";
import { TIER_DEFAULTS } from "../components/shared/tiers";
import type { Tier, WorkloadProfile } from "../components/shared/workload";
import { DEFAULT_RETRAIN_SCHEDULE } from "../components/training-pipeline/defaults";

export type RealtimeEngine = "flink" | "lambda" | "off";
export type StreamModeChoice = "auto" | "ON_DEMAND" | "PROVISIONED";

export interface TierProfile {
  /** Default workload when the stack does not describe its own. */
  readonly workload: WorkloadProfile;
  readonly streamMode: StreamModeChoice;
  /** Kinesis retention: 24 h is the free minimum; prod keeps a week to replay after an incident. */
  readonly kinesisRetentionHours: number;
  /** Validate records in Firehose with a transform Lambda before Parquet conversion. */
  readonly transformLambda: boolean;
  readonly logRetentionDays: number;
  readonly realtimeEngine: RealtimeEngine;
  /** An always-on campaign bills per provisioned TPS-hour, so dev serves the fallback instead. */
  readonly personalizeCampaign: boolean;
  readonly personalizeRecipe: string;
  readonly retrainSchedule: string;
  /** QuickSight needs an account subscription, which a dev account rarely has. */
  readonly quicksightEnabled: boolean;
  /**
   * One customer key shared by every component: a key bills $1 a month, so dev shares one (its
   * policy still admits only the services that use it); prod keeps a key per component so one
   * key's revocation or rotation touches one component.
   */
  readonly sharedKmsKey: boolean;
  /** Protect data stores from `pulumi destroy` and keep them when removed from the program. */
  readonly protectData: boolean;
  readonly monthlyBudgetUsd: number;
}

export const TIER_PROFILES: Readonly<Record<Tier, TierProfile>> = {
  dev: {
    ...TIER_DEFAULTS.dev,
    streamMode: "PROVISIONED",
    kinesisRetentionHours: DEFAULT_RETENTION_HOURS.dev,
    transformLambda: true,
    realtimeEngine: DEFAULT_ENGINE.dev,
    personalizeCampaign: DEFAULT_CAMPAIGN.dev,
    personalizeRecipe: DEFAULT_RECIPE,
    retrainSchedule: DEFAULT_RETRAIN_SCHEDULE.dev,
    quicksightEnabled: false,
    sharedKmsKey: true,
    monthlyBudgetUsd: 150,
  },
  prod: {
    ...TIER_DEFAULTS.prod,
    streamMode: "auto",
    kinesisRetentionHours: DEFAULT_RETENTION_HOURS.prod,
    transformLambda: true,
    realtimeEngine: DEFAULT_ENGINE.prod,
    personalizeCampaign: DEFAULT_CAMPAIGN.prod,
    personalizeRecipe: DEFAULT_RECIPE,
    retrainSchedule: DEFAULT_RETRAIN_SCHEDULE.prod,
    quicksightEnabled: true,
    sharedKmsKey: false,
    monthlyBudgetUsd: 6000,
  },
};
