export * from "./args";
export { DEFAULT_RETRAIN_SCHEDULE } from "./defaults";
export { buildTrainingDefinition, TrainingDefinitionParams } from "./definition";
export {
  DATASET_KINDS,
  DatasetKind,
  EXPORT_COLUMNS,
  EXPORT_QUERIES,
  EXPORT_RESULTS_PREFIX,
  IMPORT_FILES_PREFIX,
  INTERACTION_EVENT_TYPES,
} from "./export-sql";
export { GateThresholds, fillGateQuery, gateQueryTemplate, gatedMetrics } from "./gate";
export {
  PipelineTrigger,
  PipelineTriggerArgs,
  deployExecutionName,
  pipelineTriggerProvider,
} from "./trigger";
export {
  TRAINING_PIPELINE_TYPE,
  TrainingPipeline,
  configurationHash,
  exportScanCutoffBytes,
} from "./training-pipeline";
export {
  UNQUOTE_HEADER_TIMEOUT_SECONDS,
  UnquoteHeaderFunctionArgs,
  createUnquoteHeaderFunction,
} from "./unquote-header/function";
export {
  INTERACTION_ROW_BYTES,
  MAX_IMPORT_BYTES,
  MAX_LOOKBACK_DAYS,
  MAX_TRAINING_INTERACTIONS,
  lookbackDaysFor,
} from "./lookback";
