/**
 * Personalize metric attribution: publishes per-event-type metrics to CloudWatch (and optionally
 * S3), broken down by the `metricAttribution.eventAttributionSource` each PutEvents event carries.
 * The events Lambda sets that source to the event's channel, which gives clicks and revenue per
 * channel. Metrics and output config update in place; one attribution exists per dataset group.
 */
import {
  CreateMetricAttributionCommand,
  DeleteMetricAttributionCommand,
  DescribeMetricAttributionCommand,
  ListMetricAttributionMetricsCommand,
  MetricAttribution as MetricAttributionDescription,
  MetricAttributionOutput,
  PersonalizeClient,
  UpdateMetricAttributionCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import {
  MetricDefinition,
  MetricsS3Destination,
  clicksAndRevenueMetrics,
  metricChanges,
  metricProblems,
} from "./metrics";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import { DiffSpec, sameValue } from "./diff";
import { updateFailedError } from "./errors";
import { definedOnly, present, waitUntilActive } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import {
  PersonalizeResource,
  PersonalizeTargetArgs,
  nameProblems,
  personalizeName,
} from "./resource-args";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

export interface MetricAttributionInputs extends ProviderTarget {
  readonly name: string;
  readonly datasetGroupArn: string;
  readonly metrics: MetricDefinition[];
  readonly roleArn: string;
  readonly s3Destination?: MetricsS3Destination;
}

export interface MetricAttributionOutputs extends MetricAttributionInputs {
  readonly arn: string;
  readonly status: string;
}

export const METRIC_ATTRIBUTION_DIFF: DiffSpec<keyof MetricAttributionInputs> = {
  replaceOn: ["name", "region", "datasetGroupArn"],
  updateInPlace: ["metrics", "roleArn", "s3Destination", "assumeRoleArn"],
};

function outputConfig(inputs: MetricAttributionInputs): MetricAttributionOutput {
  return { roleArn: inputs.roleArn, s3DataDestination: inputs.s3Destination };
}

async function listMetrics(
  client: PersonalizeClient,
  metricAttributionArn: string,
): Promise<MetricDefinition[]> {
  const metrics: MetricDefinition[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListMetricAttributionMetricsCommand({ metricAttributionArn, nextToken }),
    );
    for (const m of page.metrics ?? []) {
      metrics.push({
        eventType: m.eventType ?? "",
        metricName: m.metricName ?? "",
        expression: m.expression ?? "",
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return metrics;
}

export const METRIC_ATTRIBUTION_KIND: PersonalizeKind<
  MetricAttributionInputs,
  MetricAttributionOutputs,
  MetricAttributionDescription
> = {
  kind: "metric attribution",
  diff: METRIC_ATTRIBUTION_DIFF,
  tagged: false,
  asynchronous: true,
  async create(client, inputs) {
    const created = await client.send(
      new CreateMetricAttributionCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        metrics: inputs.metrics.map((m) => ({ ...m })),
        metricsOutputConfig: outputConfig(inputs),
      }),
    );
    return {
      arn: present(
        created.metricAttributionArn,
        "metricAttributionArn from CreateMetricAttribution",
      ),
    };
  },
  async describe(client, metricAttributionArn) {
    const { metricAttribution } = await client.send(
      new DescribeMetricAttributionCommand({ metricAttributionArn }),
    );
    return present(metricAttribution, `metric attribution for ${metricAttributionArn}`);
  },
  async refresh(found, props, client, id) {
    const s3 = found.metricsOutputConfig?.s3DataDestination;
    return {
      datasetGroupArn: found.datasetGroupArn ?? props.datasetGroupArn,
      metrics: await listMetrics(client, id),
      roleArn: found.metricsOutputConfig?.roleArn ?? props.roleArn,
      s3Destination: s3?.path ? definedOnly({ path: s3.path, kmsKeyArn: s3.kmsKeyArn }) : undefined,
    };
  },
  remove: (client, metricAttributionArn) =>
    client.send(new DeleteMetricAttributionCommand({ metricAttributionArn })),
  async update(id, olds, news, { client, wait, describe }) {
    const { remove, add } = metricChanges(olds.metrics, news.metrics);
    const configChanged = !sameValue(outputConfig(olds), outputConfig(news));
    const applied = () =>
      waitUntilActive(
        `Personalize metric attribution "${news.name}"`,
        describe,
        (failed) => updateFailedError("metric attribution", news.name, failed.failureReason),
        wait,
      );
    // A metric whose definition changed keeps its name: remove it first, since one call cannot
    // both remove and add the same name.
    const replacedNames = remove.filter((name) => add.some((m) => m.metricName === name));
    if (replacedNames.length > 0) {
      await client.send(
        new UpdateMetricAttributionCommand({ metricAttributionArn: id, removeMetrics: remove }),
      );
      await applied();
    }
    const removeNow = replacedNames.length > 0 ? [] : remove;
    if (removeNow.length > 0 || add.length > 0 || configChanged) {
      await client.send(
        new UpdateMetricAttributionCommand({
          metricAttributionArn: id,
          ...(removeNow.length > 0 ? { removeMetrics: removeNow } : {}),
          ...(add.length > 0 ? { addMetrics: add } : {}),
          ...(configChanged ? { metricsOutputConfig: outputConfig(news) } : {}),
        }),
      );
      await applied();
    }
    return { status: "ACTIVE" };
  },
};

export class MetricAttributionProvider extends PersonalizeResourceProvider<
  MetricAttributionInputs,
  MetricAttributionOutputs,
  MetricAttributionDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(METRIC_ATTRIBUTION_KIND, wait);
  }
}

export interface MetricAttributionArgs extends PersonalizeTargetArgs {
  /** Physical name. @default "<resource name>-<stack>" */
  readonly name?: pulumi.Input<string>;
  /** The dataset group whose events are measured. */
  readonly datasetGroupArn: pulumi.Input<string>;
  /** What to measure. @default clicksAndRevenueMetrics() */
  readonly metrics?: readonly MetricDefinition[];
  /** Role Personalize assumes to publish metrics (cloudwatch:PutMetricData, and S3 if set). */
  readonly roleArn: pulumi.Input<string>;
  /** Also write metric reports to S3. @default CloudWatch only */
  readonly s3Destination?: pulumi.Input<{
    readonly path: pulumi.Input<string>;
    readonly kmsKeyArn?: pulumi.Input<string>;
  }>;
}

const PROVIDER = sourceOnlyProvider(new MetricAttributionProvider(), __filename);

/** A Personalize metric attribution publishing clicks and revenue per channel to CloudWatch. */
export class MetricAttribution extends PersonalizeResource {
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: MetricAttributionArgs, opts?: pulumi.CustomResourceOptions) {
    const metrics = (args.metrics ?? clicksAndRevenueMetrics()).map((m) => ({ ...m }));
    throwIfProblems("Personalize metric attribution", name, [
      ...nameProblems(args.name),
      ...metricProblems(metrics),
    ]);
    super(
      PROVIDER,
      "MetricAttribution",
      name,
      { ...args, name: args.name ?? personalizeName(name) },
      {
        datasetGroupArn: args.datasetGroupArn,
        metrics,
        roleArn: args.roleArn,
        s3Destination: args.s3Destination,
      },
      ["status"],
      opts,
    );
  }
}
