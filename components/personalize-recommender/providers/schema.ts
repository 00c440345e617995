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
  PersonalizeClient,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { ProviderTarget, clientForState, personalizeClient } from "./client";
import type { PersonalizeDomain } from "./dataset-group";
import { DiffSpec, canonicalJson, diffInputs } from "./diff";
import { isNotFound } from "./errors";
import { definedOnly, deleteAndWait, present } from "./lifecycle";
import {
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  throwIfProblems,
} from "./resource-args";
import type { AvroRecordSchema, PersonalizeDatasetType } from "./schema-builders";
import { validateSchema } from "./schema-validation";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";

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

async function describeSchema(
  client: PersonalizeClient,
  schemaArn: string,
): Promise<DatasetSchema> {
  const { schema } = await client.send(new DescribeSchemaCommand({ schemaArn }));
  return present(schema, `schema for ${schemaArn}`);
}

export class SchemaProvider implements pulumi.dynamic.ResourceProvider<
  SchemaInputs,
  SchemaOutputs
> {
  constructor(private readonly wait: WaitOptions = DEFAULT_WAIT) {}

  async create(inputs: SchemaInputs): Promise<pulumi.dynamic.CreateResult<SchemaOutputs>> {
    // CreateSchema is synchronous: a schema has no status to wait on.
    const created = await personalizeClient(inputs).send(
      new CreateSchemaCommand({ name: inputs.name, schema: inputs.schema, domain: inputs.domain }),
    );
    const arn = present(created.schemaArn, "schemaArn from CreateSchema");
    return { id: arn, outs: definedOnly({ ...inputs, arn }) };
  }

  async read(id: string, props?: SchemaOutputs): Promise<pulumi.dynamic.ReadResult<SchemaOutputs>> {
    const client = clientForState(props, id);
    try {
      const found = await describeSchema(client, id);
      return {
        id,
        props: definedOnly({
          ...props!,
          arn: id,
          name: found.name ?? props!.name,
          schema: found.schema ? canonicalJson(JSON.parse(found.schema)) : props!.schema,
          domain: found.domain,
        }),
      };
    } catch (error) {
      if (isNotFound(error)) return { id: "", props: undefined };
      throw error;
    }
  }

  async diff(
    _id: string,
    olds: SchemaOutputs,
    news: SchemaInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(SCHEMA_DIFF, olds, news);
  }

  async update(
    id: string,
    _olds: SchemaOutputs,
    news: SchemaInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SchemaOutputs>> {
    // Only provider-side inputs change in place (credentials, the validation's dataset type).
    return { outs: definedOnly({ ...news, arn: id }) };
  }

  async delete(id: string, props: SchemaOutputs): Promise<void> {
    const client = clientForState(props, id);
    await deleteAndWait(
      `Personalize schema "${props.name}"`,
      () => client.send(new DeleteSchemaCommand({ schemaArn: id })),
      () => describeSchema(client, id),
      this.wait,
    );
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

const PROVIDER = new SchemaProvider();

/** A Personalize schema, validated against its dataset type's rules before deploy. */
export class Schema extends pulumi.dynamic.Resource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: SchemaArgs, opts?: pulumi.CustomResourceOptions) {
    const problems = [
      ...nameProblems(args.name),
      ...validateSchema(args.datasetType, args.schema, args.domain),
    ];
    throwIfProblems(name, "schema", problems);
    const schema = canonicalJson(
      typeof args.schema === "string" ? JSON.parse(args.schema) : args.schema,
    );
    super(
      PROVIDER,
      name,
      {
        name: args.name ?? personalizeName(name, `${args.domain ?? ""}${schema}`),
        region: args.region,
        assumeRoleArn: args.assumeRoleArn,
        schema,
        datasetType: args.datasetType,
        domain: args.domain,
        arn: undefined,
      },
      opts,
      "personalize",
      "Schema",
    );
  }
}
