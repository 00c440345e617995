/**
 * PersonalizeRecommender: its class, args and settings, its sizing, and the grants the lake adds
 * for Personalize. Its parts are components of their own: `../personalize-providers` and
 * `../training-pipeline`.
 */
export { API_P99_BUDGET_MS } from "./api/alarms";
export { MAX_FALLBACK_ITEMS_BYTES, resolveRecommenderArgs } from "./args";
export type { PersonalizeRecommenderArgs, ResolvedRecommenderArgs } from "./args";
export { DEFAULT_RECIPE } from "./defaults";
export {
  EXCLUDE_PURCHASED_FILTER,
  PERSONALIZE_RECOMMENDER_TYPE,
  PersonalizeRecommender,
} from "./recommender";
export {
  eventSourceSizing,
  minProvisionedTpsFor,
  peakRecommendationRequestsPerSecond,
} from "./sizing";
export type { EventSourceSizing } from "./sizing";
