/**
 * KPIDashboard: its class, args and settings, the KPI queries and the QuickSight definition.
 */
export { resolveKpiDashboardArgs, validateKpiDashboardArgs } from "./args";
export type { KpiDashboardArgs, QuickSightSettings, ResolvedKpiDashboardArgs } from "./args";
export { CALCULATED_FIELDS, dashboardDefinition, DATASETS, SHEET_ID } from "./dashboard-definition";
export { KPI_DASHBOARD_TYPE, KPIDashboard } from "./kpi-dashboard";
export type { OperationsTargets } from "./operations";
export { KPI_QUERIES, KPI_QUERY_NAMES } from "./queries";
export { DASHBOARD_ACTIONS, DATASET_TABLES } from "./quicksight";
