/**
 * An independent computation of the experiment readout: loops over users for the counts and the
 * textbook formulas for the statistics (per-user variances by two-pass sums, the delta method
 * written out, the normal tail by the complementary error function's continued fraction), so
 * the SQL's window functions, VAR_SAMP and polynomial tail approximation are checked against
 * code that shares none of them.
 */
import { BehaviourEvent } from "../../events";
import type { ExperimentAllocation } from "../../events/experiment";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReferenceVariant {
  readonly variant: string;
  readonly users: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly converters: number;
  readonly revenue: number;
  readonly ctr: { value: number; variance: number };
  readonly conversion_rate: { value: number; variance: number };
  readonly revenue_per_user: { value: number; variance: number };
}

/** erfc(x) for x >= 0 by Lentz's continued fraction (x large) or the Maclaurin series of erf. */
export function erfc(x: number): number {
  if (x < 2) {
    let sum = 0;
    let term = x;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-x * x) / (n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated bottom-up.
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Two-sided p-value of a standard normal deviate. */
export const twoSided = (z: number) => erfc(Math.abs(z) / Math.SQRT2);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function covariance(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  return xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i] - my), 0) / (xs.length - 1);
}

export function referenceReadout(
  log: readonly BehaviourEvent[],
  allocation: ExperimentAllocation,
): ReferenceVariant[] {
  const unique = new Map<string, BehaviourEvent>();
  for (const e of log) if (!unique.has(e.event_id)) unique.set(e.event_id, e);
  const events = [...unique.values()];
  const clicks = events.filter((e) => e.event_type === "click" && e.channel !== undefined);
  type User = { impressions: number; clicks: number; conversions: number; revenue: number };
  const users = new Map<string, User>();
  const at = (variant: string, user: string) => {
    const key = `${variant}|${user}`;
    if (!users.has(key)) users.set(key, { impressions: 0, clicks: 0, conversions: 0, revenue: 0 });
    return users.get(key)!;
  };
  for (const e of events) {
    if (e.event_type === "impression" && e.experiment === allocation.name) {
      at(e.variant!, e.user_id).impressions++;
    } else if (e.event_type === "click" && e.experiment === allocation.name) {
      at(e.variant!, e.user_id).clicks++;
    } else if (e.event_type === "buy") {
      const buyAt = Date.parse(e.event_time);
      let best: BehaviourEvent | undefined;
      for (const c of clicks) {
        const clickAt = Date.parse(c.event_time);
        if (c.user_id !== e.user_id || c.item_id !== e.item_id) continue;
        if (clickAt > buyAt || buyAt - clickAt > DAY_MS) continue;
        const bestAt = best ? Date.parse(best.event_time) : -Infinity;
        if (clickAt > bestAt || (clickAt === bestAt && c.event_id > best!.event_id)) best = c;
      }
      if (best && best.experiment === allocation.name) {
        const u = at(best.variant!, e.user_id);
        u.conversions++;
        u.revenue += e.price! * e.quantity!;
      }
    }
  }
  return allocation.variants.map(({ name }) => {
    const exposed = [...users.entries()]
      .filter(([key, u]) => key.startsWith(`${name}|`) && u.impressions > 0)
      .map(([, u]) => u);
    const n = exposed.length;
    const imp = exposed.map((u) => u.impressions);
    const clk = exposed.map((u) => u.clicks);
    const rev = exposed.map((u) => u.revenue);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const ctr = sum(clk) / sum(imp);
    const converters = exposed.filter((u) => u.conversions > 0).length;
    const rate = converters / n;
    // Delta method for the ratio of means: Var(x - R y) / (n * mean(y)^2).
    const residuals = exposed.map((u) => u.clicks - ctr * u.impressions);
    return {
      variant: name,
      users: n,
      impressions: sum(imp),
      clicks: sum(clk),
      conversions: sum(exposed.map((u) => u.conversions)),
      converters,
      revenue: sum(rev),
      ctr: { value: ctr, variance: covariance(residuals, residuals) / (n * mean(imp) ** 2) },
      conversion_rate: { value: rate, variance: (rate * (1 - rate)) / n },
      revenue_per_user: { value: mean(rev), variance: covariance(rev, rev) / n },
    };
  });
}
