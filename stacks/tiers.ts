/**
 * Tier profiles: the defaults a stack gets from naming its tier. A stack file only overrides what
 * differs. Dev is the cheap, disposable choice; prod the durable, protected one.
 */
import type { Tier, WorkloadProfile } from "../components/shared/workload";

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
    workload: {
      avgEventsPerSecond: 5,
      peakEventsPerSecond: 50,
      avgEventBytes: 600,
      retentionDays: 30,
      queriesPerDay: 20,
    },
    streamMode: "PROVISIONED",
    kinesisRetentionHours: 24,
    transformLambda: true,
    logRetentionDays: 14,
    realtimeEngine: "lambda",
    personalizeCampaign: false,
    personalizeRecipe: "aws-user-personalization-v2",
    // Monthly: each training run bills ~2 instance-hours; a dev stack retrains on demand (npm run train).
    retrainSchedule: "rate(30 days)",
    quicksightEnabled: false,
    sharedKmsKey: true,
    protectData: false,
    monthlyBudgetUsd: 150,
  },
  prod: {
    workload: {
      avgEventsPerSecond: 500,
      peakEventsPerSecond: 3000,
      avgEventBytes: 600,
      retentionDays: 730,
      queriesPerDay: 500,
    },
    streamMode: "auto",
    kinesisRetentionHours: 168,
    transformLambda: true,
    logRetentionDays: 365,
    realtimeEngine: "flink",
    personalizeCampaign: true,
    personalizeRecipe: "aws-user-personalization-v2",
    retrainSchedule: "rate(1 day)",
    quicksightEnabled: true,
    sharedKmsKey: false,
    protectData: true,
    monthlyBudgetUsd: 6000,
  },
};
