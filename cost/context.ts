/**
 * What every estimator sees: the resource graph (who depends on whom), the workload's monthly
 * volumes, the prices of the stack's region and the stated assumptions.
 */
import { IMPRESSION_SHARE, ITEMS_PER_LIST } from "../components/personalize-recommender/sizing";
import { PARQUET_TO_JSON_RATIO, WorkloadProfile } from "../components/shared/workload";
import { CostAssumptions, DAYS_PER_MONTH, GB, SECONDS_PER_MONTH } from "./assumptions";
import { Bill } from "./bill";
import { PRICES, PriceTable } from "./prices";
import type { CostResource } from "./types";

export interface Volumes {
  readonly eventsPerMonth: number;
  readonly jsonGbPerMonth: number;
  readonly parquetGbPerDay: number;
  /** GetRecommendations calls: one per served list of ITEMS_PER_LIST logged impressions. */
  readonly recommendationRequestsPerMonth: number;
}

export function volumesOf(w: WorkloadProfile): Volumes {
  const eventsPerMonth = w.avgEventsPerSecond * SECONDS_PER_MONTH;
  const jsonGbPerMonth = (eventsPerMonth * w.avgEventBytes) / GB;
  return {
    eventsPerMonth,
    jsonGbPerMonth,
    parquetGbPerDay: (jsonGbPerMonth / DAYS_PER_MONTH) * PARQUET_TO_JSON_RATIO,
    recommendationRequestsPerMonth: (eventsPerMonth * IMPRESSION_SHARE) / ITEMS_PER_LIST,
  };
}

export class CostContext {
  readonly prices: PriceTable | undefined;
  readonly volumes: Volumes;
  private readonly byUrn: Map<string, CostResource>;
  private readonly dependents = new Map<string, CostResource[]>();

  constructor(
    readonly resources: readonly CostResource[],
    readonly region: string,
    readonly workload: WorkloadProfile,
    readonly assumptions: CostAssumptions,
  ) {
    this.prices = PRICES[region];
    this.volumes = volumesOf(workload);
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
      for (const dep of r.dependencies ?? []) {
        this.dependents.set(dep, [...(this.dependents.get(dep) ?? []), r]);
      }
    }
  }

  bill(): Bill {
    return new Bill(this.prices, this.region);
  }

  get(urn: string): CostResource | undefined {
    return this.byUrn.get(urn);
  }

  /** Resources of `type` that depend on `r` (a mapping on a function, a rule on a bucket). */
  dependentsOf(r: CostResource, type?: string): CostResource[] {
    return (this.dependents.get(r.urn) ?? []).filter((d) => !type || d.type === type);
  }

  /** Resources of `type` that `r` depends on. */
  dependenciesOf(r: CostResource, type?: string): CostResource[] {
    return (r.dependencies ?? [])
      .map((u) => this.byUrn.get(u))
      .filter((d): d is CostResource => d !== undefined && (!type || d.type === type));
  }

  ofType(type: string): CostResource[] {
    return this.resources.filter((r) => r.type === type);
  }
}
