/**
 * The data temperature spectrum of the lake's events as S3 lifecycle days. Pure, so the days a
 * stack gets can be asserted for any workload without deploying anything.
 *
 * Hot data (the days dashboards and retraining read) stays in Standard; warm data moves to
 * Standard-IA; cold data to Glacier Instant Retrieval, which Athena still reads in milliseconds;
 * archived data to Deep Archive, which Athena skips (restore it to query it) and which costs about a
 * twenty-third of Standard; then it expires at the workload's retention.
 */
import type { Tier } from "../shared/workload";

/** Storage classes of the spectrum, coldest last. */
export type TransitionStorageClass = "STANDARD_IA" | "GLACIER_IR" | "GLACIER" | "DEEP_ARCHIVE";

/**
 * Days an object must stay in a class before S3 stops charging an early-deletion fee. A step is
 * only taken when the object will stay that long, so a transition never costs more than it saves.
 */
export const MIN_STORAGE_DAYS: Readonly<Record<TransitionStorageClass, number>> = {
  STANDARD_IA: 30,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

/** S3 rejects a Standard-IA transition earlier than 30 days after creation. */
export const MIN_INFREQUENT_ACCESS_DAYS = 30;

/** Lifecycle overrides of the events prefix; every field replaces the tier's derived value. */
export interface LifecycleOverrides {
  /** Days in Standard before Standard-IA. @default 30 in prod; no transition in dev */
  readonly infrequentAccessAfterDays?: number;
  /** Days before the cold class. @default 90 in prod; no transition in dev */
  readonly coldAfterDays?: number;
  /**
   * Cold class: Glacier Instant Retrieval (Athena still reads it) or Glacier Flexible Retrieval
   * (cheaper, needs a restore before a query). @default "GLACIER_IR"
   */
  readonly coldStorageClass?: "GLACIER_IR" | "GLACIER";
  /** Days before Deep Archive. @default 180 in prod; no transition in dev */
  readonly deepArchiveAfterDays?: number;
  /** Days before events expire. @default workload.retentionDays (at most 30 in dev) */
  readonly expireAfterDays?: number;
  /** Days a replaced or deleted version is kept. @default 30 in prod, 1 in dev */
  readonly noncurrentVersionExpireDays?: number;
  /** Days before an abandoned multipart upload's parts are deleted. @default 7 in prod, 1 in dev */
  readonly abortIncompleteUploadDays?: number;
}

export interface LifecycleTransition {
  readonly days: number;
  readonly storageClass: TransitionStorageClass;
}

export interface LifecyclePlan {
  readonly transitions: readonly LifecycleTransition[];
  readonly expirationDays: number;
  readonly noncurrentVersionExpireDays: number;
  readonly abortIncompleteUploadDays: number;
}

/** Dev events are synthetic and disposable: a month at most, never archived. */
export const DEV_MAX_EXPIRY_DAYS = 30;

const PROD_DEFAULTS = {
  infrequentAccessAfterDays: 30,
  coldAfterDays: 90,
  deepArchiveAfterDays: 180,
};

interface Step {
  readonly key: "infrequentAccessAfterDays" | "coldAfterDays" | "deepArchiveAfterDays";
  readonly storageClass: TransitionStorageClass;
}

function steps(overrides: LifecycleOverrides): Step[] {
  return [
    { key: "infrequentAccessAfterDays", storageClass: "STANDARD_IA" },
    { key: "coldAfterDays", storageClass: overrides.coldStorageClass ?? "GLACIER_IR" },
    { key: "deepArchiveAfterDays", storageClass: "DEEP_ARCHIVE" },
  ];
}

function expiryDays(tier: Tier, retentionDays: number, overrides: LifecycleOverrides): number {
  return (
    overrides.expireAfterDays ??
    (tier === "dev" ? Math.min(retentionDays, DEV_MAX_EXPIRY_DAYS) : retentionDays)
  );
}

const isWholeNumber = (v: number) => Number.isInteger(v) && v >= 1;

/**
 * Problems with explicit overrides, each naming the arg, the bad value and the fix. An explicit
 * transition that cannot fit is an error (a derived one is silently left out instead).
 */
export function validateLifecycle(
  tier: Tier,
  retentionDays: number,
  overrides: LifecycleOverrides = {},
): string[] {
  const problems: string[] = [];
  const numeric: (keyof LifecycleOverrides)[] = [
    "infrequentAccessAfterDays",
    "coldAfterDays",
    "deepArchiveAfterDays",
    "expireAfterDays",
    "noncurrentVersionExpireDays",
    "abortIncompleteUploadDays",
  ];
  for (const key of numeric) {
    const value = overrides[key];
    if (value !== undefined && !isWholeNumber(value as number)) {
      problems.push(`lifecycle.${key} is ${value}; it must be a whole number of days ≥ 1.`);
    }
  }
  if (problems.length > 0) return problems;

  const ia = overrides.infrequentAccessAfterDays;
  if (ia !== undefined && ia < MIN_INFREQUENT_ACCESS_DAYS) {
    problems.push(
      `lifecycle.infrequentAccessAfterDays is ${ia}; S3 requires at least ${MIN_INFREQUENT_ACCESS_DAYS} days in Standard before Standard-IA. Fix: set it to ${MIN_INFREQUENT_ACCESS_DAYS} or more.`,
    );
  }
  const expiry = expiryDays(tier, retentionDays, overrides);
  let previous: { key: string; days: number; storageClass: TransitionStorageClass } | undefined;
  for (const step of steps(overrides)) {
    const days = overrides[step.key];
    if (days === undefined) continue;
    if (previous && days < previous.days + MIN_STORAGE_DAYS[previous.storageClass]) {
      problems.push(
        `lifecycle.${step.key} is ${days}; it must be at least ${previous.days + MIN_STORAGE_DAYS[previous.storageClass]} (lifecycle.${previous.key} ${previous.days} + ${MIN_STORAGE_DAYS[previous.storageClass]} days minimum storage in ${previous.storageClass}). Fix: raise it or lower lifecycle.${previous.key}.`,
      );
    }
    const fitsBefore = days + MIN_STORAGE_DAYS[step.storageClass];
    if (fitsBefore > expiry) {
      problems.push(
        `lifecycle.${step.key} is ${days}; objects expire after ${expiry} days, before the ${MIN_STORAGE_DAYS[step.storageClass]}-day minimum storage of ${step.storageClass} (an early-deletion fee). Fix: set it to at most ${expiry - MIN_STORAGE_DAYS[step.storageClass]} or raise the expiry to ${fitsBefore}.`,
      );
    }
    previous = { key: step.key, days, storageClass: step.storageClass };
  }
  return problems;
}

/**
 * The events prefix's lifecycle. Prod takes each step of the spectrum (30 → 90 → 180 days by
 * default) only when objects will stay in it for its minimum storage duration before the next
 * step or expiry; dev keeps no archive and expires within a month.
 */
export function planEventsLifecycle(
  tier: Tier,
  retentionDays: number,
  overrides: LifecycleOverrides = {},
): LifecyclePlan {
  const expirationDays = expiryDays(tier, retentionDays, overrides);
  const transitions: LifecycleTransition[] = [];
  let earliest = MIN_INFREQUENT_ACCESS_DAYS;
  for (const step of steps(overrides)) {
    const explicit = overrides[step.key];
    const days = explicit ?? (tier === "prod" ? PROD_DEFAULTS[step.key] : undefined);
    if (days === undefined) continue;
    const derivedFits =
      days >= earliest && days + MIN_STORAGE_DAYS[step.storageClass] <= expirationDays;
    if (explicit === undefined && !derivedFits) continue;
    transitions.push({ days, storageClass: step.storageClass });
    earliest = days + MIN_STORAGE_DAYS[step.storageClass];
  }
  return {
    transitions,
    expirationDays,
    noncurrentVersionExpireDays:
      overrides.noncurrentVersionExpireDays ?? (tier === "prod" ? 30 : 1),
    abortIncompleteUploadDays: overrides.abortIncompleteUploadDays ?? (tier === "prod" ? 7 : 1),
  };
}
