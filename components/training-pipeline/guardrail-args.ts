/**
 * The training guardrails' knobs, shared by TrainingPipeline and PersonalizeRecommender: their
 * defaults and the pure check that reports every problem with them.
 */
import type { RealtimeViewRefs } from "../shared/contracts";
import { DEFAULT_GUARDRAIL, type GuardrailThresholds, guardrailProblems } from "./guardrail";
import { DEFAULT_READINESS, type ReadinessThresholds, readinessProblems } from "./readiness";

/** The real-time view the online guardrail reads: the one view contract (RealtimeAnalytics' `viewRefs`). */
export type GuardrailView = RealtimeViewRefs;

export interface GuardrailArgs {
  /**
   * Minimums counted on the lookback window before any import; below them the run ends with a
   * notice. Never below Personalize's own (1000 interactions, 25 users with two or more).
   * @default { minInteractions: 1000, minUsers: 25 }
   */
  readonly readiness?: Partial<ReadinessThresholds>;
  /**
   * The online guardrail after a campaign update: compares the real-time view's CTR in the
   * `windowMinutes` before the update and after it, and rolls back beyond `maxCtrDrop`. `false`
   * turns it off. @default { windowMinutes: 60, maxCtrDrop: 0.1, minImpressions: 1000 } when
   * there is a campaign and a real-time view, else off
   */
  readonly guardrail?: Partial<GuardrailThresholds> | false;
}

export interface ResolvedGuardrails {
  readonly readiness: ReadinessThresholds;
  /** Absent when the guardrail is off. */
  readonly guardrail?: GuardrailThresholds;
}

/** Defaults applied, with every problem (empty when valid). */
export function resolveGuardrails(
  args: GuardrailArgs,
  context: { readonly campaign: boolean; readonly hasView: boolean },
): { resolved: ResolvedGuardrails; problems: string[] } {
  const readiness = { ...DEFAULT_READINESS, ...args.readiness };
  const problems = readinessProblems(readiness);
  const asked = args.guardrail !== undefined && args.guardrail !== false;
  if (asked && !context.campaign) {
    problems.push(
      "guardrail is set but the stack keeps no campaign; the guardrail watches a campaign update. Fix: pass campaign: true, or drop guardrail.",
    );
  }
  if (asked && !context.hasView) {
    problems.push(
      "guardrail is set but no real-time view is given; the guardrail reads its CTR per minute. Fix: pass realtimeView (RealtimeAnalytics' viewRefs), or guardrail: false.",
    );
  }
  const on = args.guardrail !== false && context.campaign && context.hasView;
  const guardrail = on ? { ...DEFAULT_GUARDRAIL, ...(args.guardrail || {}) } : undefined;
  if (guardrail) problems.push(...guardrailProblems(guardrail));
  return { resolved: { readiness, ...(guardrail ? { guardrail } : {}) }, problems };
}
