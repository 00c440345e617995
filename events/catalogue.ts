/**
 * The item and user catalogues: the one definition of their columns. The lake's Glue tables
 * (components/data-lake/catalog.ts), the Personalize Items and Users schemas
 * (providers/schema-builders.ts) and the training pipeline's export SQL all derive from it, so a
 * column added here reaches every one of them or a test says which fell behind.
 */

export type CatalogueKind = "items" | "users";
export const CATALOGUE_KINDS: readonly CatalogueKind[] = ["items", "users"];

/** Hive types the catalogue CSVs use (Athena reads them with OpenCSVSerde). */
export type CatalogueHiveType = "string" | "double" | "bigint";

export interface CatalogueColumn {
  /** Lake column (Glue/Athena): lower-case, like the event fields. */
  readonly name: string;
  readonly type: CatalogueHiveType;
  readonly comment: string;
  /**
   * How Personalize receives the column: its field (the upper-cased name), and whether it is a
   * category (one-hot encoded; `a|b` holds several). `false`: kept in the lake, not imported.
   */
  readonly personalize: false | { readonly categorical: boolean };
}

export interface CatalogueDefinition {
  /** Glue table name in the lake's database. */
  readonly table: string;
  /** The id column every row has; the others may be empty. */
  readonly id: string;
  readonly description: string;
  readonly columns: readonly CatalogueColumn[];
}

export const CATALOGUES: Readonly<Record<CatalogueKind, CatalogueDefinition>> = {
  items: {
    table: "items",
    id: "item_id",
    description: "Items catalogue for Personalize (CSV, header row)",
    columns: [
      {
        name: "item_id",
        type: "string",
        comment: "Same id as item_id in the events",
        personalize: { categorical: false },
      },
      {
        name: "category",
        type: "string",
        comment: "Category path top|sub, a categorical feature (each level a category)",
        personalize: { categorical: true },
      },
      {
        name: "price",
        type: "double",
        comment: "Current list price",
        personalize: { categorical: false },
      },
      {
        name: "creation_timestamp",
        type: "bigint",
        comment: "Epoch seconds the item was listed",
        personalize: { categorical: false },
      },
    ],
  },
  users: {
    table: "users",
    id: "user_id",
    description: "Users catalogue for Personalize (CSV, header row)",
    columns: [
      {
        name: "user_id",
        type: "string",
        comment: "Same id as user_id in the events",
        personalize: { categorical: false },
      },
      {
        name: "segment",
        type: "string",
        comment: "Marketing segment, a categorical feature",
        personalize: { categorical: true },
      },
      {
        // A registration date is no feature Personalize can use (it takes no date type).
        name: "signup_date",
        type: "string",
        comment: "YYYY-MM-DD of registration",
        personalize: false,
      },
    ],
  },
};

/** Avro primitives of the Personalize schema, per Hive type (Personalize prices are floats). */
const AVRO_OF: Readonly<Record<CatalogueHiveType, "string" | "float" | "long">> = {
  string: "string",
  double: "float",
  bigint: "long",
};

/** The Glue columns of a catalogue table, in file order. */
export function catalogueGlueColumns(
  kind: CatalogueKind,
): { name: string; type: string; comment: string }[] {
  return CATALOGUES[kind].columns.map(({ name, type, comment }) => ({ name, type, comment }));
}

export interface CatalogueField {
  /** Personalize field name: the lake column upper-cased (ITEM_ID, CATEGORY, ...). */
  readonly name: string;
  /** The id is required; every other field may be empty in the CSV. */
  readonly type: "string" | "float" | "long" | readonly ["null", "string" | "float" | "long"];
  readonly categorical?: true;
  /** The lake column that fills it. */
  readonly column: string;
}

/** The Personalize fields of a catalogue, in the order the export writes them. */
export function cataloguePersonalizeFields(kind: CatalogueKind): CatalogueField[] {
  const definition = CATALOGUES[kind];
  return definition.columns.flatMap((c) => {
    if (c.personalize === false) return [];
    const avro = AVRO_OF[c.type];
    return [
      {
        name: c.name.toUpperCase(),
        type: c.name === definition.id ? avro : (["null", avro] as const),
        ...(c.personalize.categorical ? { categorical: true as const } : {}),
        column: c.name,
      },
    ];
  });
}
