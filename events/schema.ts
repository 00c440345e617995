/**
 * The behaviour-log event: the one JSON Schema, its TypeScript shape and its validator. The producer,
 * the Firehose transform, the Glue table and the generator all go through this file, so they cannot
 * drift apart.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import schemaJson from "./behaviour-event.schema.json";

/** Every event type, in funnel order (the schema's `event_type` enum; a test keeps them equal). */
export const EVENT_TYPES = ["visit", "view", "impression", "click", "cart", "buy"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DEVICES = ["web", "ios", "android"] as const;
export type Device = (typeof DEVICES)[number];

/** One behaviour-log event as the schema accepts it. */
export interface BehaviourEvent {
  /** Lower-case UUID; copies of one event_id are the same event. */
  readonly event_id: string;
  readonly event_type: EventType;
  /** ISO-8601 UTC with milliseconds and `Z`, e.g. `2026-11-26T03:22:36.123Z`. */
  readonly event_time: string;
  readonly user_id: string;
  readonly session_id: string;
  /** Required for every type except `visit`. */
  readonly item_id?: string;
  /** Required for `impression` and `click`. */
  readonly channel?: string;
  /** Required for `impression`; set on a `click` that came from a list. */
  readonly recommendation_id?: string;
  /** 1-based rank in the list; required for `impression`. */
  readonly position?: number;
  /** Unit price; required for `buy`. */
  readonly price?: number;
  /** Required for `buy`. */
  readonly quantity?: number;
  readonly device?: Device;
  readonly page?: string;
  /** Experiment that served the list (impressions, clicks from a list); set with `variant`. */
  readonly experiment?: string;
  /** The user's variant of `experiment`; set with `experiment`. */
  readonly variant?: string;
}

/** The JSON Schema (draft-07) loaded from `events/behaviour-event.schema.json`. */
export const EVENT_SCHEMA = schemaJson;

export type ValidationResult =
  | { readonly valid: true; readonly event: BehaviourEvent }
  | { readonly valid: false; readonly errors: string[] };

// allErrors so that one rejection lists every problem of the record, not just the first.
// strictRequired is off because the per-type rules (allOf/*/then) require properties declared at the top.
// Compiled on first use, not on import: the program imports this module for its types and the
// offline plan never validates an event, while compiling the schema is a noticeable part of a plan.
let compiledSchema: ValidateFunction | undefined;
function compiledValidator(): ValidateFunction {
  if (!compiledSchema) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv, ["date-time"]);
    compiledSchema = ajv.compile(EVENT_SCHEMA);
  }
  return compiledSchema;
}

/** Checks `value` against the schema; each error names the field and the rule it breaks. */
export function validateEvent(value: unknown): ValidationResult {
  const compiled = compiledValidator();
  if (compiled(value)) return { valid: true, event: value as unknown as BehaviourEvent };
  const errors = [...new Set((compiled.errors ?? []).map((e) => describeError(e, value)))].filter(
    (message) => message !== "",
  );
  return { valid: false, errors };
}

/** Thrown where a single event must be valid (the producer's `put`). */
export class InvalidEventError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(`invalid behaviour event: ${errors.join("; ")}`);
    this.name = "InvalidEventError";
  }
}

/** Returns the event typed, or throws InvalidEventError listing every problem. */
export function assertValidEvent(value: unknown): BehaviourEvent {
  const result = validateEvent(value);
  if (!result.valid) throw new InvalidEventError(result.errors);
  return result.event;
}

type PropertySchema = {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly examples?: readonly string[];
};
const PROPERTIES = EVENT_SCHEMA.properties as Record<string, PropertySchema>;

function describeError(error: ErrorObject, root: unknown): string {
  const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const got = field === "" ? root : (root as Record<string, unknown>)[field];
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const eventType = (root as Record<string, unknown>).event_type;
      // Requirements under allOf/*/then are the per-type rules: say which type asked for the field.
      return error.schemaPath.includes("/then/")
        ? `${missing} is required when event_type is ${JSON.stringify(eventType)}`
        : `${missing} is required`;
    }
    case "dependencies":
      return `${params.missingProperty} is required when ${params.property} is set`;
    case "additionalProperties":
      return `unknown field ${JSON.stringify(params.additionalProperty)}`;
    case "type":
      return field === ""
        ? `an event must be a JSON object, got ${kindOf(root)}`
        : `${field} must be ${article(String(params.type))}, got ${kindOf(got)} ${show(got)}`;
    case "enum":
      return `${field} must be one of ${(params.allowedValues as string[]).map((v) => JSON.stringify(v)).join(", ")}, got ${show(got)}`;
    case "minimum":
    case "maximum":
      return `${field} must be ${error.keyword === "minimum" ? ">=" : "<="} ${params.limit}, got ${show(got)}`;
    case "minLength":
      return `${field} must not be empty`;
    case "maxLength":
      return `${field} must be at most ${params.limit} characters, got ${String(got).length}`;
    case "pattern":
    case "format": {
      const example = PROPERTIES[field]?.examples?.[0];
      const like = example === undefined ? "" : ` like ${JSON.stringify(example)}`;
      return `${field} must be ${FORMAT_NAMES[field] ?? "well-formed"}${like}, got ${show(got)}`;
    }
    case "if":
      // The failed `then` of the same rule already produced the useful message.
      return "";
    default:
      return `${field || "event"} ${error.message ?? "is invalid"}`;
  }
}

const FORMAT_NAMES: Record<string, string> = {
  event_id: "a lower-case UUID",
  event_time: "an ISO-8601 UTC timestamp with milliseconds and Z",
  channel: "a lower-case slug (letters, digits and - _ . between them)",
  experiment: "a lower-case slug (letters, digits and - _ . between them)",
  variant: "a lower-case slug (letters, digits and - _ . between them)",
};

function article(type: string): string {
  return type === "integer" || type === "object" || type === "array" ? `an ${type}` : `a ${type}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
