/**
 * The Glue/Athena table columns, derived from the event schema so the catalogue can never disagree
 * with what the producer and the Firehose transform accept.
 */
import { EVENT_SCHEMA } from "./schema";

export interface GlueColumn {
  readonly name: string;
  /** Hive type as Glue and Athena spell it. */
  readonly type: string;
  readonly comment: string;
}

type PropertySchema = {
  readonly type: string;
  readonly format?: string;
  readonly description: string;
};

/** JSON Schema type (and format) → Hive type. */
function hiveType(name: string, property: PropertySchema): string {
  if (property.type === "string") return property.format === "date-time" ? "timestamp" : "string";
  // Glue int is 32-bit: the schema caps integers at 2^31-1 so the narrower type is safe and smaller.
  if (property.type === "integer") return "int";
  if (property.type === "number") return "double";
  throw new Error(
    `events schema: property ${name} has type ${JSON.stringify(property.type)}; ` +
      `add its Hive type to events/glue.ts`,
  );
}

/** Table columns in schema order. The `dt` partition is not a column: see PARTITION_KEYS. */
export const GLUE_COLUMNS: readonly GlueColumn[] = Object.entries(
  EVENT_SCHEMA.properties as Record<string, PropertySchema>,
).map(([name, property]) => ({
  name,
  type: hiveType(name, property),
  comment: property.description,
}));

/** Hive-style partition of the lake: `dt=YYYY-MM-DD/`, the UTC date of event_time. */
export const PARTITION_KEYS: readonly GlueColumn[] = [
  { name: "dt", type: "string", comment: "UTC date of event_time, YYYY-MM-DD" },
];

/**
 * The UTC date ("YYYY-MM-DD") of an event's event_time: its `dt` partition. Parses rather than
 * slicing so that a timestamp with an offset still lands on its UTC day.
 */
export function eventDate(event: { readonly event_time: string }): string {
  const millis = Date.parse(event.event_time);
  if (Number.isNaN(millis)) {
    throw new Error(
      `event_time ${JSON.stringify(event.event_time)} is not a timestamp; ` +
        `use ISO-8601 UTC like "2026-11-26T03:22:36.123Z"`,
    );
  }
  return new Date(millis).toISOString().slice(0, 10);
}
