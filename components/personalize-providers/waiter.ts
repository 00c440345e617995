/**
 * Waiting on Personalize's asynchronous statuses with bounded exponential backoff and a deadline.
 * Time is injected (`Clock`) so tests walk through PENDING → IN_PROGRESS → ACTIVE without sleeping.
 */

export interface WaitPolicy {
  /** First pause between two polls. */
  readonly initialDelayMs: number;
  /** Longest pause between two polls: backoff stops growing here. */
  readonly maxDelayMs: number;
  /** Growth of the pause after each poll. */
  readonly multiplier: number;
  /** Give up after this long; the error says how to pick the resource up again. */
  readonly timeoutMs: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface WaitOptions {
  readonly policy: WaitPolicy;
  readonly clock: Clock;
}

/**
 * Personalize control-plane resources turn ACTIVE in seconds to a few minutes (a KMS-encrypted
 * dataset group is the slowest). Polls start at 2 s and level off at 30 s, which keeps the calls a
 * deploy makes far below the Describe* rate limits; 30 minutes is ample and still fails a stuck
 * deploy within one coffee.
 */
export const DEFAULT_WAIT_POLICY: WaitPolicy = {
  initialDelayMs: 2_000,
  maxDelayMs: 30_000,
  multiplier: 2,
  timeoutMs: 30 * 60_000,
};

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const DEFAULT_WAIT: WaitOptions = { policy: DEFAULT_WAIT_POLICY, clock: SYSTEM_CLOCK };

/** One poll's answer: finished with a value, or still going with the status to report. */
export type Poll<T> =
  { readonly done: true; readonly value: T } | { readonly done: false; readonly status: string };

export class WaitTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly lastStatus: string,
    readonly waitedMs: number,
  ) {
    super(
      `Timed out after ${Math.round(waitedMs / 1000)} s waiting for ${what} (last status ` +
        `"${lastStatus}"). Personalize may still finish it: run \`pulumi refresh\` to record its ` +
        `current state, then \`pulumi up\` again.`,
    );
    this.name = "WaitTimeoutError";
  }
}

/** The pauses the policy allows, in order, before the deadline cuts them off. */
export function backoffDelays(policy: WaitPolicy, count: number): number[] {
  const delays: number[] = [];
  let delay = policy.initialDelayMs;
  for (let i = 0; i < count; i++) {
    delays.push(delay);
    delay = Math.min(delay * policy.multiplier, policy.maxDelayMs);
  }
  return delays;
}

/**
 * Polls until `poll` says done, sleeping with capped exponential backoff, and throws a
 * `WaitTimeoutError` once the deadline passes. `poll` throws to stop early (e.g. CREATE FAILED).
 */
export async function waitFor<T>(
  what: string,
  poll: () => Promise<Poll<T>>,
  { policy, clock }: WaitOptions,
): Promise<T> {
  const start = clock.now();
  const deadline = start + policy.timeoutMs;
  let delay = policy.initialDelayMs;
  for (;;) {
    const result = await poll();
    if (result.done) return result.value;
    const now = clock.now();
    if (now >= deadline) throw new WaitTimeoutError(what, result.status, now - start);
    await clock.sleep(Math.min(delay, deadline - now));
    delay = Math.min(delay * policy.multiplier, policy.maxDelayMs);
  }
}
