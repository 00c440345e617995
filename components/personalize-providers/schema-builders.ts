/**
 * Avro schemas for the Users, Items and Interactions datasets: Interactions derived from the
 * behaviour-log event fields, Users and Items from the lake's catalogue definition
 * (events/catalogue.ts). Each column says what fills it, so the lake export, the real-time
 * PutEvents mapping and the schema cannot drift apart.
 */
import { CATALOGUES, type CatalogueKind, cataloguePersonalizeFields } from "../../events/catalogue";

export type PersonalizeDatasetType = "Interactions" | "Items" | "Users";
export const DATASET_TYPES: readonly PersonalizeDatasetType[] = ["Interactions", "Items", "Users"];

/** The Avro primitives Personalize accepts in a schema. */
export type AvroPrimitive = "string" | "int" | "long" | "float" | "double" | "boolean";
export const AVRO_PRIMITIVES: readonly AvroPrimitive[] = [
  "string",
  "int",
  "long",
  "float",
  "double",
  "boolean",
];

export interface AvroField {
  readonly name: string;
  /** A primitive, or a union with "null" for a column that may be empty. */
  readonly type: AvroPrimitive | readonly ["null", AvroPrimitive];
  /** A string column holding categories (`a|b` for several); Personalize one-hot encodes it. */
  readonly categorical?: boolean;
  /** An unstructured text column (Items only), e.g. a description. */
  readonly textual?: boolean;
}

export interface AvroRecordSchema {
  readonly type: "record";
  readonly name: string;
  readonly namespace: string;
  readonly fields: readonly AvroField[];
  readonly version: "1.0";
}

/** A dataset column and the behaviour-log field (or expression over events) that fills it. */
export interface ColumnSource extends AvroField {
  readonly source: string;
}

export const SCHEMA_NAMESPACE = "com.amazonaws.personalize.schema";

/**
 * Interactions: one row per event with an item (`visit` has none and is left out). Impression
 * events are not rows of their own: they become the IMPRESSION list of the interactions that the
 * served list led to, via RECOMMENDATION_ID.
 */
export const INTERACTION_COLUMNS: readonly ColumnSource[] = [
  { name: "USER_ID", type: "string", source: "user_id" },
  { name: "ITEM_ID", type: "string", source: "item_id" },
  { name: "TIMESTAMP", type: "long", source: "event_time as Unix epoch seconds" },
  { name: "EVENT_TYPE", type: "string", source: "event_type" },
  {
    name: "EVENT_VALUE",
    type: ["null", "float"],
    source: "price * quantity on buy events, else empty",
  },
  {
    name: "IMPRESSION",
    type: ["null", "string"],
    source:
      "item_id of the impressions sharing the event's recommendation_id, by position, joined with |",
  },
  { name: "RECOMMENDATION_ID", type: ["null", "string"], source: "recommendation_id" },
  { name: "CHANNEL", type: ["null", "string"], categorical: true, source: "channel" },
  { name: "DEVICE", type: ["null", "string"], categorical: true, source: "device" },
];

/** Users and Items: the catalogue tables' imported columns (events/catalogue.ts), in file order. */
const catalogueColumns = (kind: CatalogueKind): ColumnSource[] =>
  cataloguePersonalizeFields(kind).map(({ column, ...field }) => ({
    ...field,
    source: `${CATALOGUES[kind].table}.${column} (lake catalogue)`,
  }));

/** Users: the users catalogue's segment, a category Personalize one-hot encodes. */
export const USER_COLUMNS: readonly ColumnSource[] = catalogueColumns("users");

/** Items: the items catalogue's category path, list price and listing time. */
export const ITEM_COLUMNS: readonly ColumnSource[] = catalogueColumns("items");

/** Interaction context columns that may be left out (each counts towards Personalize's limit of 5). */
export type InteractionContextColumn = "CHANNEL" | "DEVICE";

export interface SchemaBuilderOptions {
  /** Extra metadata columns to append (e.g. a catalogue's CATEGORY). @default none */
  readonly extraFields?: readonly AvroField[];
}

function record(
  name: string,
  columns: readonly AvroField[],
  extra: readonly AvroField[] = [],
): AvroRecordSchema {
  const fields = [...columns, ...extra].map(({ name: field, type, categorical, textual }) => ({
    name: field,
    type,
    ...(categorical ? { categorical } : {}),
    ...(textual ? { textual } : {}),
  }));
  return { type: "record", name, namespace: SCHEMA_NAMESPACE, fields, version: "1.0" };
}

export interface InteractionsSchemaOptions extends SchemaBuilderOptions {
  /** Context columns to keep. @default ["CHANNEL", "DEVICE"] */
  readonly context?: readonly InteractionContextColumn[];
}

export function interactionsSchema(options: InteractionsSchemaOptions = {}): AvroRecordSchema {
  const context: readonly string[] = options.context ?? ["CHANNEL", "DEVICE"];
  const columns = INTERACTION_COLUMNS.filter(
    (c) =>
      !(["CHANNEL", "DEVICE"] as readonly string[]).includes(c.name) || context.includes(c.name),
  );
  return record("Interactions", columns, options.extraFields);
}

export function usersSchema(options: SchemaBuilderOptions = {}): AvroRecordSchema {
  return record("Users", USER_COLUMNS, options.extraFields);
}

export function itemsSchema(options: SchemaBuilderOptions = {}): AvroRecordSchema {
  return record("Items", ITEM_COLUMNS, options.extraFields);
}

/** The schema builder for each dataset type. */
export const SCHEMA_BUILDERS: Readonly<
  Record<PersonalizeDatasetType, (o?: SchemaBuilderOptions) => AvroRecordSchema>
> = {
  Interactions: interactionsSchema,
  Items: itemsSchema,
  Users: usersSchema,
};
