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

export interface Tally {
  readonly impressions: number;
  readonly clicks: number;
  /** clicks / impressions; null without impressions. */
  readonly ctr: number | null;
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

export function tally(rows: readonly { impressions: number; clicks: number }[]): Tally {
  const impressions = rows.reduce((n, r) => n + r.impressions, 0);
  const clicks = rows.reduce((n, r) => n + r.clicks, 0);
  return { impressions, clicks, ctr: impressions === 0 ? null : clicks / impressions };
}

const pct = (x: number) => `${Number((x * 100).toFixed(2))}%`;
const describe = (t: Tally) =>
  `${t.ctr === null ? "no CTR" : `CTR ${pct(t.ctr)}`} (${t.clicks} clicks / ${t.impressions} impressions)`;

/** Rolls back only on a measured drop beyond the margin; too little traffic keeps the update. */
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
  // Both have impressions here (minImpressions >= 1), so both CTRs are numbers.
  const drop = before.ctr! === 0 ? 0 : 1 - after.ctr! / before.ctr!;
  // A drop equal to the margin keeps: 1 - 0.045/0.05 is 0.10000000000000009 in doubles.
  return drop - t.maxCtrDrop > 1e-9
    ? {
        verdict: "rollback",
        reason: `CTR dropped ${pct(drop)}, more than the ${pct(t.maxCtrDrop)} allowed: ${sides}`,
        before,
        after,
      }
    : {
        verdict: "keep",
        reason: `CTR ${drop > 0 ? `dropped ${pct(drop)}, within` : "did not drop beyond"} the ${pct(t.maxCtrDrop)} allowed: ${sides}`,
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
