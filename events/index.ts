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
