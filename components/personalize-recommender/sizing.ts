/**
 * Sizes of the recommender derived from the workload profile, as pure functions, so that a stack
 * states its traffic once and nobody tunes the campaign or the event source mapping by hand.
 */
import type { Tier, WorkloadProfile } from "../shared/workload";

/**
 * Share of behaviour-log events that are impressions. Every served list is logged as one impression
 * per item, and in the session mix (visit → view → impressions → click → cart → buy) impressions
 * are about half of all events.
 */
export const IMPRESSION_SHARE = 0.5;
/** Items per served list when the caller does not ask otherwise (the API's default numResults). */
export const ITEMS_PER_LIST = 10;
/**
 * Fraction of the peak request rate provisioned as the campaign's floor. Personalize bills the
 * higher of the floor and the actual rate per hour, and its auto-scaling adds capacity above the
 * floor as traffic rises (never below it). The peak is a sustained busy minute reached through a
 * ramp, so the floor only has to carry the start of the ramp; a request throttled while capacity
 * catches up is answered by the API's fallback (`personalize-unavailable`). Provisioning the whole
 * peak would bill the busiest minute every hour of the month.
 */
export const FLOOR_SHARE_OF_PEAK = 0.1;
/** Personalize's campaign limit on minProvisionedTPS. */
export const MAX_MIN_PROVISIONED_TPS = 500;

/** GetRecommendations calls per second at the workload's peak: one call serves one logged list. */
export function peakRecommendationRequestsPerSecond(w: WorkloadProfile): number {
  return (w.peakEventsPerSecond * IMPRESSION_SHARE) / ITEMS_PER_LIST;
}

/** The campaign's minimum provisioned TPS: a tenth of the peak request rate, at least 1, at most 500. */
export function minProvisionedTpsFor(w: WorkloadProfile): number {
  const floor = Math.ceil(peakRecommendationRequestsPerSecond(w) * FLOOR_SHARE_OF_PEAK);
  return Math.min(MAX_MIN_PROVISIONED_TPS, Math.max(1, floor));
}

export interface EventSourceSizing {
  readonly batchSize: number;
  readonly maximumBatchingWindowInSeconds: number;
  readonly maximumRetryAttempts: number;
  /** Records older than this (by arrival on the stream) are skipped, not sent to Personalize. */
  readonly maximumEventAgeSeconds: number;
}

/**
 * How long records may wait to fill a batch. Prod waits 1 s so a click changes the next
 * recommendation within seconds; dev waits 5 s, for five times fewer invocations.
 */
const BATCHING_WINDOW_SECONDS: Readonly<Record<Tier, number>> = { dev: 5, prod: 1 };
/** A batch is processed with concurrent PutEvents calls; 1,000 records stay well under a minute. */
const MAX_BATCH_SIZE = 1000;
const MIN_BATCH_SIZE = 10;

/**
 * Event source mapping settings: a batch holds what the whole stream carries at its peak during one
 * batching window (an upper bound per shard, so a window rarely closes on size alone), rounded up
 * to tens, between 10 and 1,000. Retries are bounded at 3 (with bisection a poison record is
 * isolated in log2(batch) halvings) and records older than an hour are skipped by the function
 * (counted): real-time personalisation loses its value with age, and the next training reads
 * every event from the lake anyway.
 */
export function eventSourceSizing(w: WorkloadProfile, tier: Tier): EventSourceSizing {
  const window = BATCHING_WINDOW_SECONDS[tier];
  const perWindow = Math.ceil((w.peakEventsPerSecond * window) / 10) * 10;
  return {
    batchSize: Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, perWindow)),
    maximumBatchingWindowInSeconds: window,
    maximumRetryAttempts: 3,
    maximumEventAgeSeconds: 3600,
  };
}
