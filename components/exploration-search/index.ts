export { EXPLORATION_SEARCH_TYPE, ExplorationSearch } from "./exploration-search";
export {
  EVENTS_INDEX,
  MAX_RETENTION_DAYS,
  defaultCollectionName,
  resolveExplorationArgs,
  validateExplorationArgs,
} from "./args";
export type { ExplorationSearchArgs, ResolvedExplorationArgs } from "./args";
export {
  READER_COLLECTION_PERMISSIONS,
  READER_INDEX_PERMISSIONS,
  WRITER_PERMISSIONS,
  dataAccessPolicy,
  encryptionPolicy,
  networkPolicy,
  retentionPolicy,
} from "./access-policies";
export {
  BUFFERING,
  FAILED_PREFIX,
  RETRY_SECONDS,
  createExplorationDelivery,
  explorationDeliveryStatements,
} from "./delivery";
export { HTTPS_PORT, createExplorationNetwork } from "./network";
export { DASHBOARDS_OBJECTS_FILE } from "./dashboards";
