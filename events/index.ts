/**
 * The behaviour-log event's light API: schema, validation, Glue columns and the generator, none of
 * which loads a native module. The DuckDB lake writer lives apart at `events/lake` on purpose:
 * re-exported here, every Lambda bundle and web server importing this index would pull in DuckDB's
 * native bindings (a test bundles every handler and asserts they hold no DuckDB).
 */
export {
  EVENT_TYPES,
  DEVICES,
  EVENT_SCHEMA,
  InvalidEventError,
  assertValidEvent,
  validateEvent,
} from "./schema";
export type { BehaviourEvent, Device, EventType, ValidationResult } from "./schema";
export { GLUE_COLUMNS, PARTITION_KEYS, eventDate } from "./glue";
export type { GlueColumn } from "./glue";
export { CHANNELS, DEFAULT_START, generateEvents, validateGenerateOptions } from "./generate";
export type { GenerateOptions, GeneratedLog, PlantedExperiment } from "./generate";
export { SLUG, assignVariant, assignmentPoint, validateAllocation } from "./experiment";
export type { ExperimentAllocation, VariantAllocation } from "./experiment";
