/**
 * Personalize dataset: one of Interactions, Items or Users in a dataset group. Its schema can
 * move to a newer one in place (UpdateDataset); anything else replaces it.
 */
import {
  CreateDatasetCommand,
  Dataset as DatasetDescription,
  DeleteDatasetCommand,
  DescribeDatasetCommand,
  UpdateDatasetCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import type { DiffSpec } from "./diff";
import { updateFailedError } from "./errors";
import { apiTags, present, waitUntilActive } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import {
  PersonalizeResource,
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  tagProblems,
} from "./resource-args";
import { DATASET_TYPES, PersonalizeDatasetType } from "./schema-builders";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

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

export const DATASET_KIND: PersonalizeKind<DatasetInputs, DatasetOutputs, DatasetDescription> = {
  kind: "dataset",
  diff: DATASET_DIFF,
  tagged: true,
  asynchronous: true,
  async create(client, inputs) {
    const created = await client.send(
      new CreateDatasetCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        datasetType: inputs.datasetType,
        schemaArn: inputs.schemaArn,
        tags: apiTags(inputs.tags),
      }),
    );
    return { arn: present(created.datasetArn, "datasetArn from CreateDataset") };
  },
  async describe(client, datasetArn) {
    const { dataset } = await client.send(new DescribeDatasetCommand({ datasetArn }));
    return present(dataset, `dataset for ${datasetArn}`);
  },
  refresh: (found, props) => ({
    datasetGroupArn: found.datasetGroupArn ?? props.datasetGroupArn,
    datasetType: (found.datasetType as PersonalizeDatasetType | undefined) ?? props.datasetType,
    schemaArn: found.schemaArn ?? props.schemaArn,
  }),
  remove: (client, datasetArn) => client.send(new DeleteDatasetCommand({ datasetArn })),
  async update(id, olds, news, { client, wait, describe }) {
    if (olds.schemaArn !== news.schemaArn) {
      await client.send(new UpdateDatasetCommand({ datasetArn: id, schemaArn: news.schemaArn }));
      await waitUntilActive(
        `Personalize dataset "${news.name}" to use schema ${news.schemaArn}`,
        async () => {
          const latest = (await describe()).latestDatasetUpdate;
          // Until Personalize records this update, the summary still describes an older one.
          return latest?.schemaArn === news.schemaArn ? latest : { status: "UPDATE PENDING" };
        },
        (failed) => updateFailedError("dataset", news.name, failed.failureReason),
        wait,
      );
    }
    return { status: "ACTIVE" };
  },
};

export class DatasetProvider extends PersonalizeResourceProvider<
  DatasetInputs,
  DatasetOutputs,
  DatasetDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(DATASET_KIND, wait);
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

const PROVIDER = sourceOnlyProvider(new DatasetProvider(), __filename);

/** A Personalize dataset, waited on until ACTIVE. */
export class Dataset extends PersonalizeResource {
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: DatasetArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems("Personalize dataset", name, datasetProblems(args));
    super(
      PROVIDER,
      "Dataset",
      name,
      { ...args, name: args.name ?? personalizeName(name) },
      {
        datasetGroupArn: args.datasetGroupArn,
        datasetType: args.datasetType,
        schemaArn: args.schemaArn,
        tags: args.tags,
      },
      ["status"],
      opts,
    );
  }
}
