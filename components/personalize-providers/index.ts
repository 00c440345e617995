/**
 * Amazon Personalize resources as Pulumi dynamic providers (@pulumi/aws has none), with the
 * schema builders and validator the datasets are checked against before deploy. Depends only on
 * `../shared`.
 */
export type { ProviderTarget } from "./client";
export { DatasetGroup, DatasetGroupProvider } from "./dataset-group";
export type { DatasetGroupInputs, DatasetGroupOutputs } from "./dataset-group";
export { Dataset, DatasetProvider } from "./dataset";
export type { DatasetInputs } from "./dataset";
export { ResourceInitError } from "./errors";
export { EventTracker, EventTrackerProvider } from "./event-tracker";
export type { EventTrackerInputs } from "./event-tracker";
export {
  EXCLUDE_PURCHASED_EXPRESSION,
  excludeInteractedItems,
  Filter,
  filterExpressionProblems,
  FilterProvider,
} from "./filter";
export type { FilterInputs } from "./filter";
export { MetricAttribution, MetricAttributionProvider } from "./metric-attribution";
export type { MetricAttributionInputs } from "./metric-attribution";
export { clicksAndRevenueMetrics, metricChanges } from "./metrics";
export { personalizeName } from "./resource-args";
export type { PersonalizeTargetArgs } from "./resource-args";
export {
  INTERACTION_COLUMNS,
  interactionsSchema,
  itemsSchema,
  usersSchema,
} from "./schema-builders";
export type { PersonalizeDatasetType } from "./schema-builders";
export { assertValidSchema, validateSchema } from "./schema-validation";
export { Schema, SchemaProvider } from "./schema";
export type { SchemaInputs } from "./schema";
export { recipeArnFor } from "./solution-args";
export { Solution, SolutionProvider } from "./solution";
export type { SolutionInputs } from "./solution";
export { DEFAULT_WAIT, DEFAULT_WAIT_POLICY, WaitTimeoutError } from "./waiter";
export type { Clock, WaitOptions, WaitPolicy } from "./waiter";
