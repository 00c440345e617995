/**
 * The library entry: what platform teams import to compose these components in their own Pulumi
 * programs (`import { DataLake, StreamIngestion } from "reco-analytics"`). The root `index.ts` is
 * this project's own program and is not part of the library.
 */
export { DataLake } from "./components/data-lake";
export type { DataLakeArgs } from "./components/data-lake";
export { StreamIngestion } from "./components/stream-ingestion";
export type { ExistingStream, StreamIngestionArgs } from "./components/stream-ingestion";
export { PersonalizeRecommender } from "./components/personalize-recommender";
export type { PersonalizeRecommenderArgs } from "./components/personalize-recommender";
export { RealtimeAnalytics } from "./components/realtime-analytics";
export type { RealtimeAnalyticsArgs, RealtimeEngineName } from "./components/realtime-analytics";
export { AlarmTopic, KPIDashboard } from "./components/kpi-dashboard";
export { KpiServingApi } from "./components/kpi-serving";
export type { KpiServingApiArgs } from "./components/kpi-serving";
export type {
  AlarmTopicArgs,
  KpiDashboardArgs,
  OperationsTargets,
  QuickSightSettings,
} from "./components/kpi-dashboard";

export { LAKE_PREFIXES } from "./components/shared/contracts";
export type { CommonArgs, LakeRefs, StreamRefs } from "./components/shared/contracts";
export type { Tier, WorkloadProfile } from "./components/shared/workload";

/** Each component's folder in full: sizing functions, validators, defaults and sub-resources. */
export * as dataLake from "./components/data-lake";
export * as streamIngestion from "./components/stream-ingestion";
export * as personalize from "./components/personalize-recommender";
export * as realtime from "./components/realtime-analytics";
export * as kpiDashboard from "./components/kpi-dashboard";
export * as kpiServing from "./components/kpi-serving";

/** The behaviour-log event: schema, validation, Glue columns. */
export {
  EVENT_SCHEMA,
  EVENT_TYPES,
  InvalidEventError,
  assertValidEvent,
  validateEvent,
} from "./events/schema";
export type { BehaviourEvent, ValidationResult } from "./events/schema";
export { GLUE_COLUMNS, PARTITION_KEYS, eventDate } from "./events/glue";

/** What web and app servers use to send events to the stream. */
export { EventProducer } from "./components/stream-ingestion/producer";

/** Typed stack settings, for programs that want this project's config keys and tiers. */
export { TIER_PROFILES, loadStackSettings, createAwsProvider, resolveSettings } from "./stacks";
export type { StackSettings } from "./stacks";
