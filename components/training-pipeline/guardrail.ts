/**
 * The online guardrail's arithmetic, pure so tests pin it: which minutes of the real-time view
 * measure the solution version before and after a campaign update, and whether the CTR after
 * dropped beyond the margin.
 *
 * Attribution: impressions carry the served list's channel and recommendation_id, not the
 * solution version (GetRecommendations does not say which version answered), so the version is
 * attributed by time: the `windowMinutes` full minutes before the update was requested measure the
 * previous version, the same number of full minutes from when the campaign reported the new one
 * ACTIVE measure the new one. Minutes of the update itself, when both may answer, are left out.
 *
 * Noise: a CTR over an hour moves from minute to minute by more than coin-flip noise (time of
 * day, one busy user's bursts), so the minute is the unit: a window's CTR is a ratio of sums over
 * its minutes, its variance the delta method's over them, never below the binomial variance of its
 * impressions. The new version is rolled back only when its CTR is below the allowed floor
 * ((1 - maxCtrDrop) x the previous CTR) by more than that noise: a one-sided z-test at 5 %.
 */
import { MINUTE_MS } from "../realtime-analytics/view/keys";

export interface GuardrailThresholds {
  /** Minutes measured on each side of the update. */
  readonly windowMinutes: number;
  /** Largest relative CTR drop kept (0.1 = the new version may be at most 10% worse). */
  readonly maxCtrDrop: number;
  /** Impressions each window needs before its CTR is trusted; fewer keeps the new version. */
  readonly minImpressions: number;
  /** Channels the campaign serves (the view's channel rows); every channel when absent. */
  readonly channels?: readonly string[];
}

export const DEFAULT_GUARDRAIL: Omit<GuardrailThresholds, "channels"> = {
  windowMinutes: 60,
  maxCtrDrop: 0.1,
  minImpressions: 1000,
};
/** Minutes the Wait adds after the window so the speed layer has closed its last minute. */
export const GUARDRAIL_SETTLE_MINUTES = 5;
/** Longest window: both windows and the update must still be in the view (48 h by default). */
export const MAX_GUARDRAIL_WINDOW_MINUTES = 720;

/** One-sided 5 %: the CTR after must sit this many standard errors below the allowed floor. */
export const ROLLBACK_Z = 1.6449;

export interface Tally {
  readonly impressions: number;
  readonly clicks: number;
  /** clicks / impressions; null without impressions. */
  readonly ctr: number | null;
  /** Minutes the window spans, those without impressions included (the view has no row for them). */
  readonly minutes: number;
  /** Standard error of `ctr` over the minutes, at least the binomial one; null without impressions. */
  readonly standardError: number | null;
}

export type GuardrailVerdict = "keep" | "rollback" | "inconclusive";

export interface GuardrailResult {
  readonly verdict: GuardrailVerdict;
  readonly reason: string;
  readonly before: Tally;
  readonly after: Tally;
}

/** The windows as `latestChannelWindows` reads them: the newest minute and how many back. */
export function guardrailWindows(
  requestedAtMs: number,
  servingSinceMs: number,
  windowMinutes: number,
): { before: { now: number; minutes: number }; after: { now: number; minutes: number } } {
  // Before: the last full minute that ended before the request, and the minutes before it.
  const lastBefore = Math.floor(requestedAtMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  // After: the first minute that started once the new version served.
  const firstAfter = Math.ceil(servingSinceMs / MINUTE_MS) * MINUTE_MS;
  return {
    before: { now: lastBefore, minutes: windowMinutes },
    after: { now: firstAfter + (windowMinutes - 1) * MINUTE_MS, minutes: windowMinutes },
  };
}

/**
 * Sums a window's rows (a row per channel and minute, as the view keeps them; a row without a
 * `windowStart` is a minute of its own) over `windowMinutes` minutes.
 */
export function tally(
  rows: readonly { impressions: number; clicks: number; windowStart?: string }[],
  windowMinutes?: number,
): Tally {
  // The channels of one minute add up: the minute, not the channel-minute, is the unit.
  const byMinute = new Map<string, { impressions: number; clicks: number }>();
  rows.forEach((r, k) => {
    const key = r.windowStart ?? `row ${k}`;
    const minute = byMinute.get(key) ?? { impressions: 0, clicks: 0 };
    byMinute.set(key, {
      impressions: minute.impressions + r.impressions,
      clicks: minute.clicks + r.clicks,
    });
  });
  const units = [...byMinute.values()];
  const impressions = units.reduce((n, u) => n + u.impressions, 0);
  const clicks = units.reduce((n, u) => n + u.clicks, 0);
  const minutes = Math.max(windowMinutes ?? units.length, units.length);
  if (impressions === 0) return { impressions, clicks, ctr: null, minutes, standardError: null };
  const ctr = clicks / impressions;
  const binomial = (ctr * (1 - ctr)) / impressions;
  // Var(sum c / sum i) ~ n / (n - 1) * sum (c_k - ctr * i_k)^2 / (sum i)^2 over the n minutes;
  // a minute without impressions adds nothing to the sum but counts in n.
  const residuals = units.reduce((sum, u) => sum + (u.clicks - ctr * u.impressions) ** 2, 0);
  const overMinutes = minutes > 1 ? (minutes / (minutes - 1)) * (residuals / impressions ** 2) : 0;
  return {
    impressions,
    clicks,
    ctr,
    minutes,
    standardError: Math.sqrt(Math.max(binomial, overMinutes)),
  };
}

const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;
const describe = (t: Tally) =>
  `${t.ctr === null ? "no CTR" : `CTR ${pct(t.ctr)}`} (${t.clicks} clicks / ${t.impressions} impressions)`;

/**
 * Rolls back only on a drop beyond the margin that is also beyond the windows' noise; too little
 * traffic, or a drop the noise explains, keeps the update.
 */
export function guardrailVerdict(
  before: Tally,
  after: Tally,
  t: Pick<GuardrailThresholds, "maxCtrDrop" | "minImpressions" | "windowMinutes">,
): GuardrailResult {
  const sides = `previous version ${describe(before)}, new version ${describe(after)} over ${t.windowMinutes} minutes each`;
  if (before.impressions < t.minImpressions || after.impressions < t.minImpressions) {
    return {
      verdict: "inconclusive",
      reason: `fewer than ${t.minImpressions} impressions in a window, so the new version stays: ${sides}`,
      before,
      after,
    };
  }
  // Both have impressions here (minImpressions >= 1), so both CTRs and errors are numbers.
  const drop = before.ctr! === 0 ? 0 : 1 - after.ctr! / before.ctr!;
  // A drop equal to the margin keeps: 1 - 0.045/0.05 is 0.10000000000000009 in doubles.
  if (drop - t.maxCtrDrop <= 1e-9) {
    return {
      verdict: "keep",
      reason: `CTR ${drop > 0 ? `dropped ${pct(drop)}, within` : "did not drop beyond"} the ${pct(t.maxCtrDrop)} allowed: ${sides}`,
      before,
      after,
    };
  }
  const kept = 1 - t.maxCtrDrop;
  const floor = kept * before.ctr!;
  const error = Math.sqrt(after.standardError! ** 2 + kept ** 2 * before.standardError! ** 2);
  // No error at all (every impression clicked before, none after): the drop is certain.
  const z = error === 0 ? -Infinity : (after.ctr! - floor) / error;
  const test = `z = ${z === -Infinity ? "-inf" : z.toFixed(2)} against the allowed floor`;
  return z < -ROLLBACK_Z
    ? {
        verdict: "rollback",
        reason: `CTR dropped ${pct(drop)}, more than the ${pct(t.maxCtrDrop)} allowed and beyond the windows' noise (${test}, below -${ROLLBACK_Z.toFixed(2)}): ${sides}`,
        before,
        after,
      }
    : {
        verdict: "inconclusive",
        reason: `CTR dropped ${pct(drop)}, more than the ${pct(t.maxCtrDrop)} allowed but within the windows' noise (${test}; below -${ROLLBACK_Z.toFixed(2)} rolls back), so the new version stays: ${sides}`,
        before,
        after,
      };
}

/** Problems with the thresholds (empty when valid), each naming the key, value and fix. */
export function guardrailProblems(t: GuardrailThresholds): string[] {
  const problems: string[] = [];
  if (
    !Number.isInteger(t.windowMinutes) ||
    t.windowMinutes < 5 ||
    t.windowMinutes > MAX_GUARDRAIL_WINDOW_MINUTES
  ) {
    problems.push(
      `guardrail.windowMinutes is ${t.windowMinutes}; it must be an integer from 5 to ${MAX_GUARDRAIL_WINDOW_MINUTES} (both windows must still be in the real-time view, which keeps 48 hours by default). Fix: pass e.g. 60.`,
    );
  }
  if (!(t.maxCtrDrop > 0 && t.maxCtrDrop < 1)) {
    problems.push(
      `guardrail.maxCtrDrop is ${t.maxCtrDrop}; it must be a fraction above 0 and below 1. Fix: pass e.g. 0.1 for "roll back when CTR drops more than 10%".`,
    );
  }
  if (!Number.isInteger(t.minImpressions) || t.minImpressions < 1) {
    problems.push(
      `guardrail.minImpressions is ${t.minImpressions}; it must be a positive integer (a CTR over a handful of impressions is noise). Fix: pass e.g. 1000.`,
    );
  }
  const channels = t.channels ?? [];
  const bad = channels.filter((c) => typeof c !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(c));
  if (t.channels !== undefined && (channels.length === 0 || bad.length > 0)) {
    problems.push(
      `guardrail.channels is ${JSON.stringify(t.channels)}; it must list one or more channel slugs (lower-case letters, digits, hyphens) as the impressions carry them. Fix: pass e.g. ["home-rfy"], or omit it to measure every channel.`,
    );
  }
  return problems;
}
