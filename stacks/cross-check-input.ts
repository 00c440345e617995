/**
 * What every cross-key check reads: the stack, its tier and profile, and the values it sets. Its own
 * file so the checks split by concern (cross-checks.ts, store-checks.ts) import it downward.
 */
import type { Tier } from "../components/shared/workload";
import type { TierProfile } from "./tiers";
import type { ParsedValue } from "./validate";

export interface CrossCheckInput {
  readonly stack: string;
  readonly tier: Tier;
  readonly profile: TierProfile;
  readonly region: string;
  /** Values the stack sets (keys without namespace, `aws:region` with it). */
  readonly values: ReadonlyMap<string, ParsedValue>;
  /** Keys whose secret value cannot be read here: they are checked when Pulumi decrypts them. */
  readonly masked: ReadonlySet<string>;
}
