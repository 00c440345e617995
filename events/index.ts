/**
 * The behaviour-log event: schema, validation, Glue columns, generator and lake writers.
 * Runtime code (Lambda handlers, the producer) imports `events/schema` and `events/glue` directly,
 * so it never loads the generator or the DuckDB lake writer this index also exports.
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
export type { GenerateOptions, GeneratedLog } from "./generate";
export {
  DUCKDB_TYPES,
  INVALID_FILE,
  LAKE_FORMATS,
  PART_FILE,
  duckdbColumnList,
  writeLake,
} from "./lake";
export type { LakeFile, LakeFormat, LakeWriteSummary, WriteLakeOptions } from "./lake";
