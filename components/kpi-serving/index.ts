export { KPI_SERVING_API_TYPE, KpiServingApi } from "./kpi-serving-api";
export {
  ATHENA_MIN_CUTOFF_BYTES,
  KPI_SERVING_TIER_DEFAULTS,
  resolveKpiServingArgs,
  validateKpiServingArgs,
} from "./args";
export type { KpiServingApiArgs, RealtimeViewRefs, ResolvedKpiServingArgs } from "./args";
export { RESULTS_PREFIX, servingStatements } from "./iam";
export { realtimeDashboardBody } from "./dashboard";
export { mergeKpis, planMerge } from "./handler/merge";
export type {
  BatchDayRow,
  ChannelKpis,
  DayKpis,
  MergePlan,
  MergedKpis,
  SpeedMinute,
} from "./handler/merge";
