/**
 * What the API serves when Personalize cannot: items trending in the real-time view (clicks over
 * the last minutes), topped up from the configured popular list, never repeating an item.
 *
 * Documented fallback order:
 * 1. trending items read from the real-time view, when the deployment gives one;
 * 2. the configured `fallbackItems` list (e.g. best sellers an analyst exports from the KPI tables);
 * 3. an empty list — the response still says `source: "fallback"` and why.
 * The Personalize filter (e.g. exclude purchased items) cannot apply to these lists.
 */

/** Why the fallback was served, as returned in the response's `reason`. */
export type FallbackReason =
  /** The stack deploys no campaign (the dev tier's default): the fallback is the design. */
  | "campaign-not-configured"
  /** A campaign is configured but does not exist yet: the training pipeline has not created it. */
  | "campaign-not-found"
  /** Personalize throttled the call or failed on its side; the next request tries it again. */
  | "personalize-unavailable"
  /** The user's experiment variant is the holdout: the fallback list is what is being compared. */
  | "experiment-holdout";

export type FallbackFrom = "realtime-trending" | "configured-list" | "none";

export interface FallbackList {
  readonly itemIds: readonly string[];
  /** Where the first items came from. */
  readonly from: FallbackFrom;
}

export interface FallbackSources {
  /** Reads the top trending item ids from the real-time view; absent when no view is configured. */
  readonly trending?: (limit: number) => Promise<readonly string[]>;
  readonly configured: readonly string[];
  readonly log?: (entry: Record<string, unknown>) => void;
}

export async function fallbackList(limit: number, sources: FallbackSources): Promise<FallbackList> {
  let trending: readonly string[] = [];
  if (sources.trending) {
    try {
      trending = await sources.trending(limit);
    } catch (error) {
      // The view is a best-effort speed layer: a failed read degrades to the configured list.
      (sources.log ?? ((e) => console.log(JSON.stringify(e))))({
        level: "WARN",
        message: "trending read failed; serving the configured list",
        error: (error as Error).name,
        detail: (error as Error).message,
      });
    }
  }
  const itemIds: string[] = [];
  for (const id of [...trending, ...sources.configured]) {
    if (itemIds.length === limit) break;
    if (!itemIds.includes(id)) itemIds.push(id);
  }
  const from: FallbackFrom =
    trending.length > 0 ? "realtime-trending" : itemIds.length > 0 ? "configured-list" : "none";
  return { itemIds, from };
}
