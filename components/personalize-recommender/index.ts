/**
 * PersonalizeRecommender and its parts: the component, its args and sizing, the IAM grants the
 * lake must add for Personalize, the Personalize resources (providers/) and the training pipeline
 * (pipeline/).
 */
export {
  EXCLUDE_PURCHASED_FILTER,
  PERSONALIZE_RECOMMENDER_TYPE,
  PersonalizeRecommender,
} from "./recommender";
export { MAX_FALLBACK_ITEMS_BYTES, resolveRecommenderArgs } from "./args";
export { DEFAULT_RECIPE } from "./defaults";
export type { PersonalizeRecommenderArgs, ResolvedRecommenderArgs } from "./args";
export {
  FLOOR_SHARE_OF_PEAK,
  IMPRESSION_SHARE,
  ITEMS_PER_LIST,
  eventSourceSizing,
  minProvisionedTpsFor,
  peakRecommendationRequestsPerSecond,
} from "./sizing";
export type { EventSourceSizing } from "./sizing";
export {
  lakeBucketPolicyStatements,
  lakeKeyPolicyStatement,
  personalizeRoleStatements,
  recommenderKeyPolicy,
} from "./iam";
export { realtimeEventsAlarms } from "./events/realtime-events";
export { API_P99_BUDGET_MS, apiAlarms } from "./api/alarms";
export * as providers from "../personalize-providers";
export * as pipeline from "../training-pipeline";
