/**
 * Pure validation of a Personalize schema before anything is deployed: a valid Avro record, the
 * types Personalize accepts, and each dataset type's required and reserved fields. Personalize
 * would reject most of these at CreateSchema or, worse, only at the first import job hours later.
 */
import type { PersonalizeDomain } from "./dataset-group";
import {
  AVRO_PRIMITIVES,
  AvroPrimitive,
  DATASET_TYPES,
  PersonalizeDatasetType,
} from "./schema-builders";

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Required columns per dataset type: exact type, never nullable. */
const REQUIRED: Readonly<Record<PersonalizeDatasetType, Readonly<Record<string, AvroPrimitive>>>> =
  {
    Interactions: { USER_ID: "string", ITEM_ID: "string", TIMESTAMP: "long" },
    Users: { USER_ID: "string" },
    Items: { ITEM_ID: "string" },
  };

/** Reserved columns Personalize gives a meaning to: their type is fixed, nullable allowed. */
const RESERVED: Readonly<Record<PersonalizeDatasetType, Readonly<Record<string, AvroPrimitive>>>> =
  {
    Interactions: {
      EVENT_TYPE: "string",
      EVENT_VALUE: "float",
      IMPRESSION: "string",
      RECOMMENDATION_ID: "string",
    },
    Users: {},
    Items: { CREATION_TIMESTAMP: "long" },
  };

/**
 * Personalize allows at most 5 custom metadata columns in Interactions (reserved ones excluded)
 * and 25 in Users; Users and Items need at least one besides their id.
 */
const MAX_METADATA: Readonly<Partial<Record<PersonalizeDatasetType, number>>> = {
  Interactions: 5,
  Users: 25,
};

interface ParsedType {
  readonly primitive?: string;
  readonly nullable: boolean;
}

function parseType(type: unknown): ParsedType | undefined {
  if (typeof type === "string") return { primitive: type, nullable: false };
  if (Array.isArray(type) && type.length === 2 && type.includes("null")) {
    const other = type.find((t) => t !== "null");
    return typeof other === "string" ? { primitive: other, nullable: true } : undefined;
  }
  return undefined;
}

const show = (value: unknown) => JSON.stringify(value);

/** Every problem with `schema` (an object or its JSON text) for a dataset of `datasetType`. */
export function validateSchema(
  datasetType: PersonalizeDatasetType,
  schema: unknown,
  domain?: PersonalizeDomain,
): string[] {
  if (!DATASET_TYPES.includes(datasetType)) {
    return [`datasetType is ${show(datasetType)}; it must be one of ${DATASET_TYPES.join(", ")}.`];
  }
  let parsed: unknown = schema;
  if (typeof schema === "string") {
    try {
      parsed = JSON.parse(schema);
    } catch (error) {
      return [
        `${datasetType} schema is not valid JSON (${(error as Error).message}). Fix: pass the schema object or JSON.stringify it.`,
      ];
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return [
      `${datasetType} schema must be an Avro record object. Fix: build it with ${datasetType.toLowerCase()}Schema().`,
    ];
  }
  const s = parsed as Record<string, unknown>;
  const at = `${datasetType} schema`;
  const problems: string[] = [];
  if (s.type !== "record") problems.push(`${at}: type is ${show(s.type)}; it must be "record".`);
  if (typeof s.name !== "string" || !AVRO_NAME.test(s.name)) {
    problems.push(
      `${at}: name is ${show(s.name)}; it must be an Avro name (letters, digits, _; not starting with a digit), e.g. "${datasetType}".`,
    );
  }
  if (s.version !== "1.0")
    problems.push(`${at}: version is ${show(s.version)}; Personalize requires "1.0".`);
  if (!Array.isArray(s.fields) || s.fields.length === 0) {
    problems.push(`${at}: fields must be a non-empty array of { name, type }.`);
    return problems;
  }

  const seen = new Map<string, string>();
  const types = new Map<string, ParsedType>();
  s.fields.forEach((raw: unknown, index: number) => {
    const f = (raw ?? {}) as Record<string, unknown>;
    const label = typeof f.name === "string" ? f.name : `fields[${index}]`;
    if (typeof f.name !== "string" || !AVRO_NAME.test(f.name)) {
      problems.push(
        `${at}: ${label} has name ${show(f.name)}; field names must be Avro names (letters, digits, _; not starting with a digit).`,
      );
      return;
    }
    const upper = f.name.toUpperCase();
    if (seen.has(upper)) {
      problems.push(
        `${at}: field ${f.name} duplicates ${seen.get(upper)}; Personalize column names are case-insensitive. Fix: rename or drop one.`,
      );
      return;
    }
    seen.set(upper, f.name);
    const type = parseType(f.type);
    if (!type || !AVRO_PRIMITIVES.includes(type.primitive as AvroPrimitive)) {
      problems.push(
        `${at}: field ${f.name} has type ${show(f.type)}; it must be one of ${AVRO_PRIMITIVES.join(", ")}, ` +
          `or a union with "null" such as ["null", "string"].`,
      );
      return;
    }
    types.set(f.name, type);
    if (f.categorical === true && type.primitive !== "string") {
      problems.push(
        `${at}: field ${f.name} is categorical but has type ${show(type.primitive)}; only string fields can be categorical.`,
      );
    }
    if (f.textual === true) {
      if (datasetType !== "Items")
        problems.push(
          `${at}: field ${f.name} is textual; only Items datasets can have textual fields.`,
        );
      else if (type.primitive !== "string")
        problems.push(
          `${at}: field ${f.name} is textual but has type ${show(type.primitive)}; textual fields must be strings.`,
        );
      if (f.categorical === true)
        problems.push(`${at}: field ${f.name} cannot be both categorical and textual.`);
    }
  });

  const required = {
    ...REQUIRED[datasetType],
    ...(domain && datasetType === "Interactions" ? { EVENT_TYPE: "string" as const } : {}),
  };
  for (const [name, primitive] of Object.entries(required)) {
    const type = types.get(name);
    if (!seen.has(name)) {
      problems.push(
        `${at}: required field ${name} is missing${domain && name === "EVENT_TYPE" ? ` (required in the ${domain} domain)` : ""}. Fix: add { "name": "${name}", "type": "${primitive}" }.`,
      );
    } else if (type && (type.primitive !== primitive || type.nullable)) {
      problems.push(
        `${at}: field ${name} has type ${show(s.fields.find((f: any) => f?.name === name)?.type)}; it must be "${primitive}" and not nullable.`,
      );
    }
  }
  for (const [name, primitive] of Object.entries(RESERVED[datasetType])) {
    const type = types.get(name);
    if (type && type.primitive !== primitive) {
      problems.push(
        `${at}: reserved field ${name} has type ${show(type.primitive)}; it must be "${primitive}" (optionally nullable).`,
      );
    }
  }
  if (
    datasetType === "Interactions" &&
    s.fields.some((f: any) => f?.name === "EVENT_TYPE" && f?.categorical === true)
  ) {
    problems.push(
      `${at}: field EVENT_TYPE must not be categorical. Fix: remove "categorical" from it.`,
    );
  }

  const fixed = new Set([
    ...Object.keys(REQUIRED[datasetType]),
    ...Object.keys(RESERVED[datasetType]),
  ]);
  const metadata = [...seen.values()].filter((name) => !fixed.has(name));
  if (datasetType !== "Interactions" && metadata.length === 0) {
    problems.push(
      `${at}: Personalize needs at least one metadata field besides ${Object.keys(REQUIRED[datasetType])[0]}. Fix: add one (a nullable type is fine).`,
    );
  }
  const max = MAX_METADATA[datasetType];
  if (max !== undefined && metadata.length > max) {
    problems.push(
      `${at}: has ${metadata.length} metadata fields (${metadata.join(", ")}); Personalize allows at most ${max}. Fix: drop ${metadata.length - max}.`,
    );
  }
  return problems;
}

/** Throws one error listing every problem; returns the schema's canonical JSON text. */
export function assertValidSchema(
  datasetType: PersonalizeDatasetType,
  schema: unknown,
  domain?: PersonalizeDomain,
): string {
  const problems = validateSchema(datasetType, schema, domain);
  if (problems.length > 0) {
    throw new Error(`Invalid Personalize schema:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return JSON.stringify(typeof schema === "string" ? JSON.parse(schema) : schema);
}
