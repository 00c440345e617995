import {
  CreateDatasetCommand,
  CreateSchemaCommand,
  DeleteDatasetCommand,
  DeleteSchemaCommand,
  DescribeDatasetCommand,
  DescribeSchemaCommand,
  ListTagsForResourceCommand,
  UpdateDatasetCommand,
} from "@aws-sdk/client-personalize";
import { expect } from "chai";
import {
  DatasetInputs,
  DatasetProvider,
  SchemaInputs,
  SchemaProvider,
  interactionsSchema,
} from "../../components/personalize-providers";
import { canonicalJson } from "../../components/personalize-providers/diff";
import { arnOf, fakeClock, inUse, inputOf, notFound, usePersonalizeMock, REGION } from "./helpers";

const SCHEMA_ARN = arnOf("schema/interactions-prod-1a2b3c4d");
const SCHEMA_TEXT = canonicalJson(interactionsSchema());
const SCHEMA: SchemaInputs = {
  name: "interactions-prod-1a2b3c4d",
  region: REGION,
  schema: SCHEMA_TEXT,
  datasetType: "Interactions",
};

describe("SchemaProvider", () => {
  const pz = usePersonalizeMock();
  const provider = () => new SchemaProvider(fakeClock().wait);

  it("creates the schema in one call: schemas have no status to wait on", async () => {
    pz.on(CreateSchemaCommand).resolves({ schemaArn: SCHEMA_ARN });
    const result = await provider().create(SCHEMA);
    expect(inputOf(pz.commandCalls(CreateSchemaCommand))).to.deep.equal({
      name: SCHEMA.name,
      schema: SCHEMA_TEXT,
      domain: undefined,
    });
    expect(pz.calls()).to.have.length(1);
    expect(result).to.deep.equal({ id: SCHEMA_ARN, outs: { ...SCHEMA, arn: SCHEMA_ARN } });
  });

  it("reads the schema back in canonical form, so Personalize's formatting is no drift", async () => {
    pz.on(DescribeSchemaCommand).resolves({
      schema: {
        name: SCHEMA.name,
        schemaArn: SCHEMA_ARN,
        schema: JSON.stringify(interactionsSchema(), null, 2),
      },
    });
    const result = await provider().read(SCHEMA_ARN, { ...SCHEMA, arn: SCHEMA_ARN });
    expect(result).to.deep.equal({ id: SCHEMA_ARN, props: { ...SCHEMA, arn: SCHEMA_ARN } });
    expect(await provider().diff(SCHEMA_ARN, result.props!, SCHEMA)).to.deep.equal({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("replaces on a new schema under a new name, so the old one is deleted last", async () => {
    const news = {
      ...SCHEMA,
      name: "interactions-prod-99999999",
      schema: canonicalJson(interactionsSchema({ context: [] })),
    };
    expect(await provider().diff(SCHEMA_ARN, { ...SCHEMA, arn: SCHEMA_ARN }, news)).to.deep.equal({
      changes: true,
      replaces: ["name", "schema"],
      deleteBeforeReplace: false,
    });
  });

  it("updates only provider-side inputs, without calling Personalize", async () => {
    const result = await provider().update(
      SCHEMA_ARN,
      { ...SCHEMA, arn: SCHEMA_ARN },
      { ...SCHEMA, assumeRoleArn: "arn:aws:iam::1:role/r" },
    );
    expect(pz.calls()).to.have.length(0);
    expect(result.outs).to.deep.equal({
      ...SCHEMA,
      assumeRoleArn: "arn:aws:iam::1:role/r",
      arn: SCHEMA_ARN,
    });
  });

  it("deletes, retrying while a dataset being deleted still uses it, and ignores a missing schema", async () => {
    pz.on(DeleteSchemaCommand).rejectsOnce(inUse("Schema is in use by a dataset")).resolves({});
    pz.on(DescribeSchemaCommand).rejects(notFound());
    await provider().delete(SCHEMA_ARN, { ...SCHEMA, arn: SCHEMA_ARN });
    expect(pz.commandCalls(DeleteSchemaCommand)).to.have.length(2);
    pz.reset();
    pz.on(DeleteSchemaCommand).rejects(notFound());
    await provider().delete(SCHEMA_ARN, { ...SCHEMA, arn: SCHEMA_ARN });
    expect(pz.commandCalls(DescribeSchemaCommand)).to.have.length(0);
  });
});

const GROUP_ARN = arnOf("dataset-group/reco-prod");
const DATASET_ARN = arnOf("dataset/reco-prod/INTERACTIONS");
const DATASET: DatasetInputs = {
  name: "interactions-prod",
  region: REGION,
  datasetGroupArn: GROUP_ARN,
  datasetType: "Interactions",
  schemaArn: SCHEMA_ARN,
};
const DATASET_STATE = { ...DATASET, arn: DATASET_ARN, status: "ACTIVE" };

describe("DatasetProvider", () => {
  const pz = usePersonalizeMock();

  it("creates the dataset and waits for ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    pz.on(CreateDatasetCommand).resolves({ datasetArn: DATASET_ARN });
    pz.on(DescribeDatasetCommand)
      .resolvesOnce({ dataset: { status: "CREATE PENDING" } })
      .resolvesOnce({ dataset: { status: "CREATE IN_PROGRESS" } })
      .resolves({ dataset: { status: "ACTIVE" } });
    const result = await new DatasetProvider(wait).create(DATASET);
    expect(inputOf(pz.commandCalls(CreateDatasetCommand))).to.deep.equal({
      name: "interactions-prod",
      datasetGroupArn: GROUP_ARN,
      datasetType: "Interactions",
      schemaArn: SCHEMA_ARN,
      tags: undefined,
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result).to.deep.equal({ id: DATASET_ARN, outs: DATASET_STATE });
  });

  it("reports CREATE FAILED with the fix", async () => {
    pz.on(CreateDatasetCommand).resolves({ datasetArn: DATASET_ARN });
    pz.on(DescribeDatasetCommand).resolves({ dataset: { status: "CREATE FAILED" } });
    const error = await new DatasetProvider(fakeClock().wait)
      .create(DATASET)
      .catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize dataset "interactions-prod" is CREATE FAILED: Personalize gave no failure reason. ' +
        "Fix: correct the cause above. Then run `pulumi up` again: the failed dataset stays in the stack's state and is replaced.",
    );
  });

  it("reads the dataset's current schema and tags", async () => {
    pz.on(DescribeDatasetCommand).resolves({
      dataset: {
        name: "interactions-prod",
        datasetGroupArn: GROUP_ARN,
        datasetType: "Interactions",
        schemaArn: `${SCHEMA_ARN}-v2`,
        status: "ACTIVE",
      },
    });
    pz.on(ListTagsForResourceCommand).resolves({ tags: [] });
    expect(await new DatasetProvider().read(DATASET_ARN, DATASET_STATE)).to.deep.equal({
      id: DATASET_ARN,
      props: { ...DATASET_STATE, schemaArn: `${SCHEMA_ARN}-v2` },
    });
  });

  it("moves to a new schema in place but replaces on a new dataset type", async () => {
    const provider = new DatasetProvider();
    expect(
      await provider.diff(DATASET_ARN, DATASET_STATE, {
        ...DATASET,
        schemaArn: `${SCHEMA_ARN}-v2`,
      }),
    ).to.deep.equal({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
    expect(
      await provider.diff(DATASET_ARN, DATASET_STATE, { ...DATASET, datasetType: "Users" }),
    ).to.deep.equal({
      changes: true,
      replaces: ["datasetType"],
      deleteBeforeReplace: true,
    });
  });

  it("updates the schema with UpdateDataset and waits until that update is ACTIVE", async () => {
    const { wait, sleeps } = fakeClock();
    const v2 = `${SCHEMA_ARN}-v2`;
    pz.on(UpdateDatasetCommand).resolves({ datasetArn: DATASET_ARN });
    pz.on(DescribeDatasetCommand)
      .resolvesOnce({
        dataset: { latestDatasetUpdate: { schemaArn: SCHEMA_ARN, status: "ACTIVE" } },
      })
      .resolvesOnce({ dataset: { latestDatasetUpdate: { schemaArn: v2, status: "IN_PROGRESS" } } })
      .resolves({ dataset: { latestDatasetUpdate: { schemaArn: v2, status: "ACTIVE" } } });
    const result = await new DatasetProvider(wait).update(DATASET_ARN, DATASET_STATE, {
      ...DATASET,
      schemaArn: v2,
    });
    expect(inputOf(pz.commandCalls(UpdateDatasetCommand))).to.deep.equal({
      datasetArn: DATASET_ARN,
      schemaArn: v2,
    });
    expect(sleeps).to.deep.equal([10, 20]);
    expect(result.outs).to.deep.equal({ ...DATASET_STATE, schemaArn: v2 });
  });

  it("reports a failed schema update with its reason", async () => {
    const v2 = `${SCHEMA_ARN}-v2`;
    pz.on(UpdateDatasetCommand).resolves({});
    pz.on(DescribeDatasetCommand).resolves({
      dataset: {
        latestDatasetUpdate: {
          schemaArn: v2,
          status: "CREATE FAILED",
          failureReason: "New schema drops column CHANNEL",
        },
      },
    });
    const error = await new DatasetProvider(fakeClock().wait)
      .update(DATASET_ARN, DATASET_STATE, { ...DATASET, schemaArn: v2 })
      .catch((e: Error) => e);
    expect((error as Error).message).to.equal(
      'Personalize dataset "interactions-prod" update failed: New schema drops column CHANNEL. ' +
        "Fix: correct the schema or the expression named above (validateSchema checks schemas before deploy). Then run `pulumi up` again.",
    );
  });

  it("deletes and waits, and a missing dataset is already deleted", async () => {
    const { wait } = fakeClock();
    pz.on(DeleteDatasetCommand).resolves({});
    pz.on(DescribeDatasetCommand)
      .resolvesOnce({ dataset: { status: "DELETE PENDING" } })
      .rejects(notFound());
    await new DatasetProvider(wait).delete(DATASET_ARN, DATASET_STATE);
    expect(pz.commandCalls(DescribeDatasetCommand)).to.have.length(2);
    pz.reset();
    pz.on(DeleteDatasetCommand).rejects(notFound());
    await new DatasetProvider(wait).delete(DATASET_ARN, DATASET_STATE);
    expect(pz.calls()).to.have.length(1);
  });
});
