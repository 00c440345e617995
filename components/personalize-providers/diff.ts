/**
 * Which input changes replace a Personalize resource and which update it in place. Personalize
 * resources are mostly immutable, so each provider lists the few inputs an Update* call (or a
 * credentials-only change) can apply; anything else replaces.
 */
import type * as pulumi from "@pulumi/pulumi";
import { FAILED_STATUSES } from "./errors";

export interface DiffSpec<K extends string> {
  /** Inputs whose change needs a new resource. */
  readonly replaceOn: readonly K[];
  /** Inputs the provider's `update` applies to the existing resource. */
  readonly updateInPlace: readonly K[];
}

/** Keys sorted and `undefined` members dropped, so equal values compare equal whatever the order. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, inner]) => inner !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
          )
        : v,
    ) ?? "undefined"
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Compares old state with new inputs. A resource left CREATE FAILED is always replaced. When a
 * replacement keeps the physical name, the old resource must go first (names are unique).
 */
export function diffInputs<K extends string>(
  spec: DiffSpec<K>,
  olds: Partial<Record<K | "name" | "status", unknown>>,
  news: Partial<Record<K | "name", unknown>>,
): pulumi.dynamic.DiffResult {
  const changed = (key: K) => !sameValue(olds[key], news[key]);
  const replaces: string[] = spec.replaceOn.filter(changed);
  const updates = spec.updateInPlace.filter(changed);
  if (typeof olds.status === "string" && FAILED_STATUSES.includes(olds.status)) {
    replaces.push("status");
  }
  const replacing = replaces.length > 0;
  return {
    changes: replacing || updates.length > 0,
    replaces,
    deleteBeforeReplace: replacing && sameValue(olds.name, news.name),
  };
}
