/**
 * The stage throttle: the whole API's ceiling, sized from the workload so that a flood (or a
 * client bug in a loop) is refused at the gateway before it bills a function or fills the stream.
 * Per-client fairness is WAF's job (see waf.ts); this is the backstop behind it.
 */
import type { Tier, WorkloadProfile } from "../shared/workload";

export interface StageThrottle {
  /** Steady requests per second across all clients. */
  readonly rateLimit: number;
  /** Requests the token bucket lets through at once. */
  readonly burstLimit: number;
}

/** API Gateway's default account quota per region: a stage limit above it means nothing. */
export const ACCOUNT_RATE_LIMIT = 10_000;
export const ACCOUNT_BURST_LIMIT = 5_000;

/**
 * Twice the peak in requests (events over events per request), so a real peak is never refused,
 * at least 10 per second so a small workload can still send, and within the account's quota.
 */
export function stageThrottle(workload: WorkloadProfile, eventsPerRequest: number): StageThrottle {
  const rateLimit = Math.min(
    ACCOUNT_RATE_LIMIT,
    Math.max(10, Math.ceil((2 * workload.peakEventsPerSecond) / eventsPerRequest)),
  );
  return { rateLimit, burstLimit: Math.min(ACCOUNT_BURST_LIMIT, 2 * rateLimit) };
}

/** Without a workload: what the tiers' own profiles size to (dev 50 and prod 3,000 peak
 * events/s at 10 events per request). */
export const DEFAULT_STAGE_THROTTLE: Readonly<Record<Tier, StageThrottle>> = {
  dev: { rateLimit: 10, burstLimit: 20 },
  prod: { rateLimit: 600, burstLimit: 1200 },
};
