/**
 * Personalize dataset group: the container of datasets, trackers, filters and solutions. Nothing
 * about it can be updated except tags, so every other change replaces it (and, through
 * dependencies, everything inside it).
 */
import {
  CreateDatasetGroupCommand,
  DatasetGroup as DatasetGroupDescription,
  DeleteDatasetGroupCommand,
  DescribeDatasetGroupCommand,
  Domain,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import type { DiffSpec } from "./diff";
import { apiTags, present } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import {
  PersonalizeResource,
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
  tagProblems,
} from "./resource-args";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

export type PersonalizeDomain = `${Domain}`;
export const PERSONALIZE_DOMAINS: readonly PersonalizeDomain[] = ["ECOMMERCE", "VIDEO_ON_DEMAND"];

export interface DatasetGroupInputs extends ProviderTarget {
  readonly name: string;
  readonly kmsKeyArn?: string;
  readonly roleArn?: string;
  readonly domain?: PersonalizeDomain;
  readonly tags?: Record<string, string>;
}

export interface DatasetGroupOutputs extends DatasetGroupInputs {
  readonly arn: string;
  readonly status: string;
}

export const DATASET_GROUP_DIFF: DiffSpec<keyof DatasetGroupInputs> = {
  replaceOn: ["name", "region", "kmsKeyArn", "roleArn", "domain"],
  updateInPlace: ["tags", "assumeRoleArn"],
};

export const DATASET_GROUP_KIND: PersonalizeKind<
  DatasetGroupInputs,
  DatasetGroupOutputs,
  DatasetGroupDescription
> = {
  kind: "dataset group",
  diff: DATASET_GROUP_DIFF,
  tagged: true,
  asynchronous: true,
  async create(client, inputs) {
    const created = await client.send(
      new CreateDatasetGroupCommand({
        name: inputs.name,
        roleArn: inputs.roleArn,
        kmsKeyArn: inputs.kmsKeyArn,
        domain: inputs.domain,
        tags: apiTags(inputs.tags),
      }),
    );
    return { arn: present(created.datasetGroupArn, "datasetGroupArn from CreateDatasetGroup") };
  },
  async describe(client, datasetGroupArn) {
    const { datasetGroup } = await client.send(
      new DescribeDatasetGroupCommand({ datasetGroupArn }),
    );
    return present(datasetGroup, `dataset group for ${datasetGroupArn}`);
  },
  refresh: (found) => ({
    kmsKeyArn: found.kmsKeyArn,
    roleArn: found.roleArn,
    domain: found.domain,
  }),
  remove: (client, datasetGroupArn) =>
    client.send(new DeleteDatasetGroupCommand({ datasetGroupArn })),
  keepOnUpdate: ["status"],
};

export class DatasetGroupProvider extends PersonalizeResourceProvider<
  DatasetGroupInputs,
  DatasetGroupOutputs,
  DatasetGroupDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(DATASET_GROUP_KIND, wait);
  }
}

export interface DatasetGroupArgs extends PersonalizeTargetArgs {
  /** Physical name, unique in the account and region. @default "<resource name>-<stack>" */
  readonly name?: pulumi.Input<string>;
  /**
   * Customer-managed KMS key encrypting the group's data; needs `roleArn`. Prod stacks pass the
   * lake key so one key policy governs all of the platform's data.
   * @default encrypted with a key AWS owns and manages
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Role Personalize assumes to use `kmsKeyArn`; only valid together with it. @default none */
  readonly roleArn?: pulumi.Input<string>;
  /** A domain dataset group (recommenders) instead of a custom one (solutions, campaigns). @default custom */
  readonly domain?: pulumi.Input<PersonalizeDomain>;
  /** Tags on the dataset group. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Pure validation of what is known at construction time; every problem names its fix. */
export function datasetGroupProblems(args: DatasetGroupArgs): string[] {
  const problems = [...nameProblems(args.name), ...tagProblems(args.tags)];
  if (args.kmsKeyArn !== undefined && args.roleArn === undefined) {
    problems.push(
      "kmsKeyArn is set but roleArn is not; Personalize needs a role to use the key. Fix: pass " +
        "roleArn, a role that trusts personalize.amazonaws.com and may use the key.",
    );
  }
  if (args.roleArn !== undefined && args.kmsKeyArn === undefined) {
    problems.push(
      "roleArn is set but kmsKeyArn is not; Personalize only accepts a role together with a KMS key. " +
        "Fix: pass kmsKeyArn too, or drop roleArn.",
    );
  }
  if (typeof args.kmsKeyArn === "string" && !KMS_KEY_ARN.test(args.kmsKeyArn)) {
    problems.push(
      `kmsKeyArn is ${JSON.stringify(args.kmsKeyArn)}; it must be a key ARN ` +
        `(arn:aws:kms:<region>:<account>:key/<id>), not an alias. Fix: pass the key's arn output.`,
    );
  }
  if (typeof args.domain === "string" && !PERSONALIZE_DOMAINS.includes(args.domain)) {
    problems.push(
      `domain is ${JSON.stringify(args.domain)}; it must be one of ${PERSONALIZE_DOMAINS.join(", ")}. ` +
        "Fix: pass one of them, or omit domain for a custom dataset group.",
    );
  }
  return problems;
}

const PROVIDER = sourceOnlyProvider(new DatasetGroupProvider(), __filename);

/** A Personalize dataset group, waited on until ACTIVE. */
export class DatasetGroup extends PersonalizeResource {
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: DatasetGroupArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems("Personalize dataset group", name, datasetGroupProblems(args));
    super(
      PROVIDER,
      "DatasetGroup",
      name,
      { ...args, name: args.name ?? personalizeName(name) },
      { kmsKeyArn: args.kmsKeyArn, roleArn: args.roleArn, domain: args.domain, tags: args.tags },
      ["status"],
      opts,
    );
  }
}
