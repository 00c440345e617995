/**
 * The KPI serving API's load: dashboard requests, the Athena queries its cache lets through, and
 * its reads of the speed view and the cache. Its resources are the KpiServingApi component's
 * children (their URNs name the component type), so the other estimators can tell its function,
 * workgroup and cache apart from the recommendation API, the analysts' workgroup and the view.
 */
import { KPI_SERVING_API_TYPE } from "../../components/kpi-serving";
import { DAYS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostResource } from "../types";

/** A child of a KpiServingApi (its URN's type chain names the component). */
export const isServingResource = (r: CostResource) => r.urn.includes(`${KPI_SERVING_API_TYPE}$`);

export interface ServingLoad {
  readonly requestsPerMonth: number;
  /** Cache misses that run Athena: each distinct question once per cache period. */
  readonly athenaQueriesPerMonth: number;
  /** Speed-view Queries: one per channel of a request. */
  readonly viewQueriesPerMonth: number;
  readonly basis: string;
}

function batchCacheSeconds(ctx: CostContext): number {
  const fn = ctx.ofType("aws:lambda/function:Function").find(isServingResource);
  const raw = Number(fn?.inputs.environment?.variables?.BATCH_CACHE_SECONDS);
  return Number.isFinite(raw) && raw > 0 ? raw : 3600;
}

export function servingLoad(ctx: CostContext): ServingLoad {
  const a = ctx.assumptions;
  const ttl = batchCacheSeconds(ctx);
  // A workload that runs no queries (an idle stack) has no dashboard reading the API either.
  const requestsPerDay = ctx.workload.queriesPerDay > 0 ? a.kpiApiRequestsPerDay : 0;
  const missesPerDay = Math.min(
    requestsPerDay,
    requestsPerDay > 0 ? a.kpiApiDistinctQuestionsPerDay * Math.ceil(86_400 / ttl) : 0,
  );
  return {
    requestsPerMonth: Math.ceil(requestsPerDay * DAYS_PER_MONTH),
    athenaQueriesPerMonth: Math.ceil(missesPerDay * DAYS_PER_MONTH),
    viewQueriesPerMonth: Math.ceil(requestsPerDay * a.kpiApiChannelsPerRequest * DAYS_PER_MONTH),
    basis: `${requestsPerDay} KPI API requests/day${requestsPerDay === 0 ? " (the workload runs no queries)" : ""}; ${a.kpiApiDistinctQuestionsPerDay} distinct questions/day, each run on Athena once per ${ttl} s cache period`,
  };
}
