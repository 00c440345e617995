/**
 * TrainingPipeline: its class, args and settings, and the pure builders of its state machine and
 * exports.
 */
export {
  PERSONALIZE_METRICS,
  resolvePipelineOptions,
  TRAINING_MODES,
  trainingModesFor,
} from "./args";
export type {
  MetricsGate,
  PersonalizeMetric,
  ResolvedPipelineOptions,
  TrainingMode,
  TrainingPipelineArgs,
} from "./args";
export { DEFAULT_RETRAIN_SCHEDULE } from "./defaults";
export { buildTrainingDefinition } from "./definition";
export type { TrainingDefinitionParams } from "./definition";
export { EXPORT_COLUMNS, EXPORT_QUERIES } from "./export-sql";
export type { DatasetKind } from "./export-sql";
export { fillGateQuery, gateQueryTemplate } from "./gate";
export type { GateThresholds } from "./gate";
export { lookbackDaysFor } from "./lookback";
export {
  configurationHash,
  exportScanCutoffBytes,
  TRAINING_PIPELINE_TYPE,
  TrainingPipeline,
} from "./training-pipeline";
export { deployExecutionName, PipelineTrigger, pipelineTriggerProvider } from "./trigger";
export type { PipelineTriggerArgs } from "./trigger";
