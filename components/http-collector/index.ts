export { HTTP_COLLECTOR_TYPE, HttpCollector } from "./http-collector";
export {
  DEFAULT_EXPECTED_EVENTS_PER_REQUEST,
  DEFAULT_REQUESTS_PER_CLIENT_PER_5_MINUTES,
  type HttpCollectorArgs,
  type ResolvedCollectorArgs,
  WAF_RATE_LIMIT,
  resolveCollectorArgs,
  validateCollectorArgs,
} from "./args";
export { collectorAlarms } from "./alarms";
export { ACCESS_LOG_FORMAT, STAGE_NAME } from "./api";
export {
  type CollectResponse,
  DEFAULT_MAX_EVENTS_PER_REQUEST,
  DEFAULT_MAX_REQUEST_BYTES,
  EVENTS_PATH,
  ORIGIN_PATTERN,
  type RecordResult,
} from "./limits";
export { DEFAULT_STAGE_THROTTLE, type StageThrottle, stageThrottle } from "./sizing";
export { RATE_WINDOW_SECONDS } from "./waf";
