/**
 * Personalize dataset: one of Interactions, Items or Users in a dataset group. Its schema can
 * move to a newer one in place (UpdateDataset); anything else replaces it.
 */
import {
  CreateDatasetCommand,
  Dataset as DatasetDescription,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  PersonalizeClient,
  UpdateDatasetCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { ProviderTarget, clientForState, personalizeClient } from "./client";
import { DiffSpec, diffInputs } from "./diff";
import { createFailedError, isNotFound, updateFailedError } from "./errors";
import {
  apiTags,
  definedOnly,
  deleteAndWait,
  present,
  readTags,
  syncTags,
  waitUntilActive,
} from "./lifecycle";
import {
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  tagProblems,
  throwIfProblems,
} from "./resource-args";
import { DATASET_TYPES, PersonalizeDatasetType } from "./schema-builders";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";

export interface DatasetInputs extends ProviderTarget {
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly datasetType: PersonalizeDatasetType;
  readonly schemaArn: string;
  readonly tags?: Record<string, string>;
}

export interface DatasetOutputs extends DatasetInputs {
  readonly arn: string;
  readonly status: string;
}

export const DATASET_DIFF: DiffSpec<keyof DatasetInputs> = {
  replaceOn: ["name", "region", "datasetGroupArn", "datasetType"],
  updateInPlace: ["schemaArn", "tags", "assumeRoleArn"],
};

async function describeDataset(
  client: PersonalizeClient,
  datasetArn: string,
): Promise<DatasetDescription> {
  const { dataset } = await client.send(new DescribeDatasetCommand({ datasetArn }));
  return present(dataset, `dataset for ${datasetArn}`);
}

export class DatasetProvider implements pulumi.dynamic.ResourceProvider<
  DatasetInputs,
  DatasetOutputs
> {
  constructor(private readonly wait: WaitOptions = DEFAULT_WAIT) {}

  async create(inputs: DatasetInputs): Promise<pulumi.dynamic.CreateResult<DatasetOutputs>> {
    const client = personalizeClient(inputs);
    const created = await client.send(
      new CreateDatasetCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        datasetType: inputs.datasetType,
        schemaArn: inputs.schemaArn,
        tags: apiTags(inputs.tags),
      }),
    );
    const arn = present(created.datasetArn, "datasetArn from CreateDataset");
    const view = await waitUntilActive(
      `Personalize dataset "${inputs.name}"`,
      () => describeDataset(client, arn),
      (failed) =>
        createFailedError(
          "dataset",
          inputs.name,
          arn,
          { ...inputs, arn },
          (failed as { failureReason?: string }).failureReason,
        ),
      this.wait,
    );
    return {
      id: arn,
      outs: definedOnly({ ...inputs, arn, status: present(view.status, "status") }),
    };
  }

  async read(
    id: string,
    props?: DatasetOutputs,
  ): Promise<pulumi.dynamic.ReadResult<DatasetOutputs>> {
    const client = clientForState(props, id);
    try {
      const found = await describeDataset(client, id);
      const tags = await readTags(client, id);
      return {
        id,
        props: definedOnly({
          ...props!,
          arn: id,
          name: found.name ?? props!.name,
          datasetGroupArn: found.datasetGroupArn ?? props!.datasetGroupArn,
          datasetType:
            (found.datasetType as PersonalizeDatasetType | undefined) ?? props!.datasetType,
          schemaArn: found.schemaArn ?? props!.schemaArn,
          status: found.status ?? props!.status,
          tags,
        }),
      };
    } catch (error) {
      if (isNotFound(error)) return { id: "", props: undefined };
      throw error;
    }
  }

  async diff(
    _id: string,
    olds: DatasetOutputs,
    news: DatasetInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(DATASET_DIFF, olds, news);
  }

  async update(
    id: string,
    olds: DatasetOutputs,
    news: DatasetInputs,
  ): Promise<pulumi.dynamic.UpdateResult<DatasetOutputs>> {
    const client = personalizeClient(news);
    if (olds.schemaArn !== news.schemaArn) {
      await client.send(new UpdateDatasetCommand({ datasetArn: id, schemaArn: news.schemaArn }));
      await waitUntilActive(
        `Personalize dataset "${news.name}" to use schema ${news.schemaArn}`,
        async () => {
          const latest = (await describeDataset(client, id)).latestDatasetUpdate;
          // Until Personalize records this update, the summary still describes an older one.
          return latest?.schemaArn === news.schemaArn ? latest : { status: "UPDATE PENDING" };
        },
        (failed) =>
          updateFailedError(
            "dataset",
            news.name,
            (failed as { failureReason?: string }).failureReason,
          ),
        this.wait,
      );
    }
    await syncTags(client, id, olds.tags, news.tags);
    return { outs: definedOnly({ ...news, arn: id, status: "ACTIVE" }) };
  }

  async delete(id: string, props: DatasetOutputs): Promise<void> {
    const client = clientForState(props, id);
    await deleteAndWait(
      `Personalize dataset "${props.name}"`,
      () => client.send(new DeleteDatasetCommand({ datasetArn: id })),
      () => describeDataset(client, id),
      this.wait,
    );
  }
}

export interface DatasetArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset group the dataset belongs to. */
  readonly datasetGroupArn: pulumi.Input<string>;
  /** Which dataset of the group this is; must match the schema's dataset type. */
  readonly datasetType: PersonalizeDatasetType;
  /** Schema of the dataset; a newer schema is applied in place. */
  readonly schemaArn: pulumi.Input<string>;
  /** Tags on the dataset. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export function datasetProblems(args: DatasetArgs): string[] {
  const problems = [...nameProblems(args.name), ...tagProblems(args.tags)];
  if (!DATASET_TYPES.includes(args.datasetType)) {
    problems.push(
      `datasetType is ${JSON.stringify(args.datasetType)}; it must be one of ${DATASET_TYPES.join(", ")}. ` +
        "Fix: pass the type the schema was built for.",
    );
  }
  return problems;
}

const PROVIDER = new DatasetProvider();

/** A Personalize dataset, waited on until ACTIVE. */
export class Dataset extends pulumi.dynamic.Resource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: DatasetArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems(name, "dataset", datasetProblems(args));
    super(
      PROVIDER,
      name,
      {
        name: args.name ?? personalizeName(name),
        region: args.region,
        assumeRoleArn: args.assumeRoleArn,
        datasetGroupArn: args.datasetGroupArn,
        datasetType: args.datasetType,
        schemaArn: args.schemaArn,
        tags: args.tags,
        arn: undefined,
        status: undefined,
      },
      opts,
      "personalize",
      "Dataset",
    );
  }
}
