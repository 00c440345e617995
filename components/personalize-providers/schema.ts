/**
 * Personalize schema: immutable, so any change is a new schema. Its default name carries a hash
 * of the schema, so a changed schema is created under a new name, the dataset moves to it with
 * UpdateDataset, and only then is the old one deleted.
 */
import {
  CreateSchemaCommand,
  DatasetSchema,
  DeleteSchemaCommand,
  DescribeSchemaCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import type { PersonalizeDomain } from "./dataset-group";
import { DiffSpec, canonicalJson } from "./diff";
import { present } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import {
  PersonalizeResource,
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
} from "./resource-args";
import type { AvroRecordSchema, PersonalizeDatasetType } from "./schema-builders";
import { validateSchema } from "./schema-validation";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

export interface SchemaInputs extends ProviderTarget {
  readonly name: string;
  /** The Avro schema as canonical JSON (sorted keys), so formatting never causes a diff. */
  readonly schema: string;
  /** The dataset type the schema was validated for; Personalize itself does not record it. */
  readonly datasetType: PersonalizeDatasetType;
  readonly domain?: PersonalizeDomain;
}

export interface SchemaOutputs extends SchemaInputs {
  readonly arn: string;
}

export const SCHEMA_DIFF: DiffSpec<keyof SchemaInputs> = {
  replaceOn: ["name", "region", "schema", "domain"],
  updateInPlace: ["datasetType", "assumeRoleArn"],
};

export const SCHEMA_KIND: PersonalizeKind<SchemaInputs, SchemaOutputs, DatasetSchema> = {
  kind: "schema",
  diff: SCHEMA_DIFF,
  tagged: false,
  // CreateSchema is synchronous: a schema has no status to wait on.
  asynchronous: false,
  async create(client, inputs) {
    const created = await client.send(
      new CreateSchemaCommand({ name: inputs.name, schema: inputs.schema, domain: inputs.domain }),
    );
    return { arn: present(created.schemaArn, "schemaArn from CreateSchema") };
  },
  async describe(client, schemaArn) {
    const { schema } = await client.send(new DescribeSchemaCommand({ schemaArn }));
    return present(schema, `schema for ${schemaArn}`);
  },
  refresh: (found, props) => ({
    schema: found.schema ? canonicalJson(JSON.parse(found.schema)) : props.schema,
    domain: found.domain,
  }),
  remove: (client, schemaArn) => client.send(new DeleteSchemaCommand({ schemaArn })),
  // Only provider-side inputs change in place (credentials, the validation's dataset type).
};

export class SchemaProvider extends PersonalizeResourceProvider<
  SchemaInputs,
  SchemaOutputs,
  DatasetSchema
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(SCHEMA_KIND, wait);
  }
}

export interface SchemaArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>-<hash of the schema>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset type the schema is for; it decides the required fields checked before deploy. */
  readonly datasetType: PersonalizeDatasetType;
  /** The Avro record, e.g. `interactionsSchema()`, or its JSON text. */
  readonly schema: AvroRecordSchema | string;
  /** Domain of the dataset group the schema is used in. @default custom (no domain) */
  readonly domain?: PersonalizeDomain;
}

const PROVIDER = sourceOnlyProvider(new SchemaProvider(), __filename);

/** A Personalize schema, validated against its dataset type's rules before deploy. */
export class Schema extends PersonalizeResource {
  constructor(name: string, args: SchemaArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = [
      ...nameProblems(args.name),
      ...validateSchema(args.datasetType, args.schema, args.domain),
    ];
    throwIfProblems("Personalize schema", name, problems);
    const schema = canonicalJson(
      typeof args.schema === "string" ? JSON.parse(args.schema) : args.schema,
    );
    super(
      PROVIDER,
      "Schema",
      name,
      { ...args, name: args.name ?? personalizeName(name, `${args.domain ?? ""}${schema}`) },
      { schema, datasetType: args.datasetType, domain: args.domain },
      [],
      opts,
    );
  }
}
