/**
 * Personalize filter: an expression applied to recommendations at request time. Filters are
 * immutable; the default name carries a hash of the expression, so a changed filter is created
 * beside the old one and the API can move to it before the old one is deleted.
 */
import {
  CreateFilterCommand,
  DeleteFilterCommand,
  DescribeFilterCommand,
  Filter as FilterDescription,
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

/** Leaves out items the user has already interacted with through one of `eventTypes`. */
export function excludeInteractedItems(eventTypes: readonly string[]): string {
  return `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN (${eventTypes.map((t) => JSON.stringify(t)).join(", ")})`;
}

/** Don't recommend what the user already bought. */
export const EXCLUDE_PURCHASED_EXPRESSION = excludeInteractedItems(["buy"]);

/** Personalize's limit on a filter expression's length. */
export const FILTER_EXPRESSION_MAX_LENGTH = 2500;

export function filterExpressionProblems(expression: string): string[] {
  const problems: string[] = [];
  if (!/^\s*(INCLUDE|EXCLUDE)\s+(ItemID|Items?\.|ActionID|Actions?\.)/i.test(expression)) {
    problems.push(
      `filterExpression is ${JSON.stringify(expression)}; it must start with INCLUDE or EXCLUDE ` +
        `ItemID (or Items.<FIELD>). Fix: e.g. ${EXCLUDE_PURCHASED_EXPRESSION}`,
    );
  }
  if (expression.length > FILTER_EXPRESSION_MAX_LENGTH) {
    problems.push(
      `filterExpression is ${expression.length} characters; Personalize allows at most ` +
        `${FILTER_EXPRESSION_MAX_LENGTH}. Fix: split it into several filters.`,
    );
  }
  return problems;
}

export interface FilterInputs extends ProviderTarget {
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly filterExpression: string;
  readonly tags?: Record<string, string>;
}

export interface FilterOutputs extends FilterInputs {
  readonly arn: string;
  readonly status: string;
}

export const FILTER_DIFF: DiffSpec<keyof FilterInputs> = {
  replaceOn: ["name", "region", "datasetGroupArn", "filterExpression"],
  updateInPlace: ["tags", "assumeRoleArn"],
};

export const FILTER_KIND: PersonalizeKind<FilterInputs, FilterOutputs, FilterDescription> = {
  kind: "filter",
  diff: FILTER_DIFF,
  tagged: true,
  asynchronous: true,
  async create(client, inputs) {
    const created = await client.send(
      new CreateFilterCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        filterExpression: inputs.filterExpression,
        tags: apiTags(inputs.tags),
      }),
    );
    return { arn: present(created.filterArn, "filterArn from CreateFilter") };
  },
  async describe(client, filterArn) {
    const { filter } = await client.send(new DescribeFilterCommand({ filterArn }));
    return present(filter, `filter for ${filterArn}`);
  },
  refresh: (found, props) => ({
    datasetGroupArn: found.datasetGroupArn ?? props.datasetGroupArn,
    filterExpression: found.filterExpression ?? props.filterExpression,
  }),
  remove: (client, filterArn) => client.send(new DeleteFilterCommand({ filterArn })),
  keepOnUpdate: ["status"],
};

export class FilterProvider extends PersonalizeResourceProvider<
  FilterInputs,
  FilterOutputs,
  FilterDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(FILTER_KIND, wait);
  }
}

export interface FilterArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>-<hash of the expression>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset group whose data the expression refers to. */
  readonly datasetGroupArn: pulumi.Input<string>;
  /** The filter expression. @default EXCLUDE_PURCHASED_EXPRESSION (items the user bought) */
  readonly filterExpression?: string;
  /** Tags on the filter. @default none */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const PROVIDER = sourceOnlyProvider(new FilterProvider(), __filename);

/** A Personalize filter; pass `arn` as `filterArn` to GetRecommendations. */
export class Filter extends PersonalizeResource {
  declare readonly filterExpression: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: FilterArgs, opts?: pulumi.CustomResourceOptions) {
    const filterExpression = args.filterExpression ?? EXCLUDE_PURCHASED_EXPRESSION;
    throwIfProblems("Personalize filter", name, [
      ...nameProblems(args.name),
      ...tagProblems(args.tags),
      ...filterExpressionProblems(filterExpression),
    ]);
    super(
      PROVIDER,
      "Filter",
      name,
      { ...args, name: args.name ?? personalizeName(name, filterExpression) },
      { datasetGroupArn: args.datasetGroupArn, filterExpression, tags: args.tags },
      ["status"],
      opts,
    );
  }
}
