/**
 * Experiment assignment: which variant of a named experiment a user sees. One pure function used
 * by the recommendation API (to serve and log the variant) and by the generator (to plant an
 * effect), so the log a test analyses was assigned exactly as production assigns.
 *
 * Sticky and salted: the variant is a hash of `salt:experiment:user_id` mapped onto the
 * cumulative allocation, so a user keeps the variant for the experiment's life without any stored
 * state, and a new salt (a new experiment run) reshuffles users independently of the last run.
 */
import { createHash } from "node:crypto";

/** The slug rule `channel`, `experiment` and `variant` share in the event schema. */
export const SLUG = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

export interface VariantAllocation {
  /** Lower-case slug written on every impression, e.g. `control`. */
  readonly name: string;
  /** Share of users, relative to the other variants' weights (e.g. 50 and 50, or 0.9 and 0.1). */
  readonly weight: number;
}

export interface ExperimentAllocation {
  /** Lower-case slug written on every impression, e.g. `reco-vs-popular`. */
  readonly name: string;
  /** Mixed into the hash: change it to start a fresh, independent assignment. */
  readonly salt: string;
  /** At least two; the first is the control every other variant is compared with. */
  readonly variants: readonly VariantAllocation[];
}

/** Every problem with an allocation, each naming the key, the bad value and the fix. */
export function validateAllocation(allocation: ExperimentAllocation, key = "experiment"): string[] {
  const problems: string[] = [];
  const slug = (field: string, value: unknown) => {
    if (typeof value !== "string" || !SLUG.test(value) || value.length > 64) {
      problems.push(
        `${field} must be a lower-case slug of at most 64 characters like "control", got ${JSON.stringify(value)}`,
      );
    }
  };
  slug(`${key}.name`, allocation.name);
  if (typeof allocation.salt !== "string" || allocation.salt.length === 0) {
    problems.push(
      `${key}.salt must be a non-empty string (e.g. the experiment's start date), got ${JSON.stringify(allocation.salt)}`,
    );
  }
  const variants = Array.isArray(allocation.variants) ? allocation.variants : [];
  if (variants.length < 2) {
    problems.push(
      `${key}.variants must list at least two variants (control first), got ${variants.length}`,
    );
  }
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    slug(`${key}.variants[${i}].name`, v.name);
    if (seen.has(v.name))
      problems.push(`${key}.variants[${i}].name ${JSON.stringify(v.name)} is listed twice`);
    seen.add(v.name);
    if (typeof v.weight !== "number" || !Number.isFinite(v.weight) || v.weight <= 0) {
      problems.push(
        `${key}.variants[${i}].weight must be a number > 0, got ${JSON.stringify(v.weight)}`,
      );
    }
  });
  return problems;
}

/**
 * A point in [0, 1) for the user: the first 52 bits of SHA-256, so every double in the unit
 * interval is reachable and the split has no modulo bias.
 */
export function assignmentPoint(salt: string, experiment: string, userId: string): number {
  const digest = createHash("sha256").update(`${salt}:${experiment}:${userId}`, "utf8").digest();
  const high = digest.readUInt32BE(0) * 2 ** 20;
  const low = digest.readUInt32BE(4) >>> 12;
  return (high + low) / 2 ** 52;
}

/** The user's variant: the allocation slot the user's point falls in. */
export function assignVariant(allocation: ExperimentAllocation, userId: string): string {
  const total = allocation.variants.reduce((sum, v) => sum + v.weight, 0);
  const point = assignmentPoint(allocation.salt, allocation.name, userId) * total;
  let edge = 0;
  for (const variant of allocation.variants) {
    edge += variant.weight;
    if (point < edge) return variant.name;
  }
  // Only reachable through rounding at the very top of the interval.
  return allocation.variants[allocation.variants.length - 1].name;
}
