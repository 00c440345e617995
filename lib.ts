/**
 * The library entry: what platform teams import to compose these components in their own Pulumi
 * programs (`import { DataLake, StreamIngestion } from "reco-analytics"`). The root `index.ts` is
 * this project's own program and is not part of the library.
 */
export { DataLake } from "./components/data-lake";
export type { DataLakeArgs, ResolvedLakeArgs } from "./components/data-lake";
export { StreamIngestion } from "./components/stream-ingestion";
export type {
  ExistingStream,
  ResolvedIngestionArgs,
  StreamIngestionArgs,
} from "./components/stream-ingestion";
export { PersonalizeRecommender } from "./components/personalize-recommender";
export type {
  PersonalizeRecommenderArgs,
  ResolvedRecommenderArgs,
} from "./components/personalize-recommender";
export { TrainingPipeline } from "./components/training-pipeline";
export type {
  MetricsGate,
  ResolvedPipelineOptions,
  TrainingPipelineArgs,
} from "./components/training-pipeline";
export { KafkaStore } from "./components/kafka-store";
export type { KafkaStoreArgs } from "./components/kafka-store";
export { ExplorationSearch } from "./components/exploration-search";
export type { ExplorationSearchArgs } from "./components/exploration-search";
export { KpiServingApi } from "./components/kpi-serving";
export type { KpiServingApiArgs } from "./components/kpi-serving";
export { HttpCollector } from "./components/http-collector";
export type { HttpCollectorArgs } from "./components/http-collector";
export { RealtimeAnalytics } from "./components/realtime-analytics";
export type {
  RealtimeAnalyticsArgs,
  RealtimeEngineName,
  ResolvedArgs as ResolvedRealtimeArgs,
} from "./components/realtime-analytics";
export { AlarmTopic } from "./components/alarm-topic";
export type { AlarmTopicArgs } from "./components/alarm-topic";
export { KPIDashboard } from "./components/kpi-dashboard";
export type {
  KpiDashboardArgs,
  OperationsTargets,
  QuickSightSettings,
  ResolvedKpiDashboardArgs,
} from "./components/kpi-dashboard";
export { SharedKey } from "./components/shared/shared-key";

/** The contracts between components and the args they share. */
export { LAKE_PREFIXES } from "./components/shared/contracts";
export type {
  CommonArgs,
  LakeRefs,
  RealtimeViewRefs,
  StreamRefs,
  TopicRefs,
} from "./components/shared/contracts";
export type { KafkaRefs } from "./components/shared/kafka-contracts";
export { ComponentArgsError } from "./components/shared/args-error";
export { TIER_DEFAULTS } from "./components/shared/tiers";
export type { TierDefaults } from "./components/shared/tiers";
export type { Tier, WorkloadProfile } from "./components/shared/workload";

/** Each component's public surface in full: sizing functions, validators and defaults. */
export * as dataLake from "./components/data-lake";
export * as streamIngestion from "./components/stream-ingestion";
export * as personalize from "./components/personalize-recommender";
export * as personalizeProviders from "./components/personalize-providers";
export * as trainingPipeline from "./components/training-pipeline";
export * as realtime from "./components/realtime-analytics";
export * as alarmTopic from "./components/alarm-topic";
export * as kpiDashboard from "./components/kpi-dashboard";
export * as kafkaStore from "./components/kafka-store";
export * as explorationSearch from "./components/exploration-search";
export * as httpCollector from "./components/http-collector";
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

/** What web and app servers use to send events to the stream (Kinesis) or the topic (MSK). */
export {
  EventProducer,
  KafkaEventProducer,
  createEventSink,
} from "./components/stream-ingestion/producer";
export type {
  EventSink,
  EventSinkOptions,
  KafkaEventProducerOptions,
} from "./components/stream-ingestion/producer";

/** Typed stack settings, for programs that want this project's config keys and tiers. */
export { TIER_PROFILES, loadStackSettings, createAwsProvider, resolveSettings } from "./stacks";
export type { StackSettings } from "./stacks";
