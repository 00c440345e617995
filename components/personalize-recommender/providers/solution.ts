/**
 * Personalize solution: a recipe plus its training configuration. Training itself (solution
 * versions) belongs to the pipeline, which gates each version on its metrics. Auto-training,
 * its schedule and the events config update in place (UpdateSolution); anything else is a new
 * solution, whose default name carries a hash of that configuration.
 */
import {
  CreateSolutionCommand,
  DeleteSolutionCommand,
  DescribeSolutionCommand,
  EventsConfig,
  PersonalizeClient,
  Solution as SolutionDescription,
  SolutionConfig,
  UpdateSolutionCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { ProviderTarget, clientForState, personalizeClient } from "./client";
import {
  SolutionArgs,
  StaticSolutionConfig,
  recipeArnFor,
  solutionProblems,
  staticConfig,
} from "./solution-args";
import { DiffSpec, canonicalJson, diffInputs, sameValue } from "./diff";
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
import { personalizeName, throwIfProblems } from "./resource-args";
import { DEFAULT_WAIT, WaitOptions } from "./waiter";

export interface SolutionInputs extends ProviderTarget {
  readonly name: string;
  readonly datasetGroupArn: string;
  /** Recipe name (`aws-user-personalization-v2`) or recipe ARN. */
  readonly recipe: string;
  readonly eventType?: string;
  readonly performHPO: boolean;
  readonly solutionConfig?: StaticSolutionConfig;
  readonly performAutoTraining: boolean;
  /** `rate(N days)`; only with performAutoTraining. */
  readonly autoTrainingSchedule?: string;
  readonly eventsConfig?: EventsConfig;
  readonly tags?: Record<string, string>;
}

export interface SolutionOutputs extends SolutionInputs {
  readonly arn: string;
  readonly recipeArn: string;
  readonly status: string;
}

export const SOLUTION_DIFF: DiffSpec<keyof SolutionInputs> = {
  replaceOn: [
    "name",
    "region",
    "datasetGroupArn",
    "recipe",
    "eventType",
    "performHPO",
    "solutionConfig",
  ],
  updateInPlace: [
    "performAutoTraining",
    "autoTrainingSchedule",
    "eventsConfig",
    "tags",
    "assumeRoleArn",
  ],
};

function fullConfig(inputs: SolutionInputs): SolutionConfig | undefined {
  const config: SolutionConfig = definedOnly({
    ...(inputs.solutionConfig ?? {}),
    autoTrainingConfig:
      inputs.performAutoTraining && inputs.autoTrainingSchedule
        ? { schedulingExpression: inputs.autoTrainingSchedule }
        : undefined,
    eventsConfig: inputs.eventsConfig,
  });
  return Object.keys(config).length > 0 ? config : undefined;
}

async function describeSolution(
  client: PersonalizeClient,
  solutionArn: string,
): Promise<SolutionDescription> {
  const { solution } = await client.send(new DescribeSolutionCommand({ solutionArn }));
  return present(solution, `solution for ${solutionArn}`);
}

export class SolutionProvider implements pulumi.dynamic.ResourceProvider<
  SolutionInputs,
  SolutionOutputs
> {
  constructor(private readonly wait: WaitOptions = DEFAULT_WAIT) {}

  async create(inputs: SolutionInputs): Promise<pulumi.dynamic.CreateResult<SolutionOutputs>> {
    const client = personalizeClient(inputs);
    const recipeArn = recipeArnFor(inputs.region, inputs.recipe);
    const created = await client.send(
      new CreateSolutionCommand({
        name: inputs.name,
        datasetGroupArn: inputs.datasetGroupArn,
        recipeArn,
        eventType: inputs.eventType,
        performHPO: inputs.performHPO,
        // AutoML is deprecated and picks a recipe behind the configuration's back.
        performAutoML: false,
        performAutoTraining: inputs.performAutoTraining,
        solutionConfig: fullConfig(inputs),
        tags: apiTags(inputs.tags),
      }),
    );
    const arn = present(created.solutionArn, "solutionArn from CreateSolution");
    const view = await waitUntilActive(
      `Personalize solution "${inputs.name}"`,
      () => describeSolution(client, arn),
      // Solution has no failureReason of its own; DescribeSolution says only the status.
      () =>
        createFailedError("solution", inputs.name, arn, { ...inputs, arn, recipeArn }, undefined),
      this.wait,
    );
    return {
      id: arn,
      outs: definedOnly({ ...inputs, arn, recipeArn, status: present(view.status, "status") }),
    };
  }

  async read(
    id: string,
    props?: SolutionOutputs,
  ): Promise<pulumi.dynamic.ReadResult<SolutionOutputs>> {
    const client = clientForState(props, id);
    try {
      const found = await describeSolution(client, id);
      const tags = await readTags(client, id);
      const { autoTrainingConfig, eventsConfig, ...staticConfig } = found.solutionConfig ?? {};
      return {
        id,
        props: definedOnly({
          ...props!,
          arn: id,
          name: found.name ?? props!.name,
          datasetGroupArn: found.datasetGroupArn ?? props!.datasetGroupArn,
          // Keep the recipe as declared (name or ARN) while it still resolves to the same ARN.
          recipe:
            found.recipeArn && found.recipeArn !== recipeArnFor(props!.region, props!.recipe)
              ? found.recipeArn
              : props!.recipe,
          recipeArn: found.recipeArn ?? props!.recipeArn,
          eventType: found.eventType,
          performHPO: found.performHPO ?? props!.performHPO,
          solutionConfig: Object.keys(staticConfig).length > 0 ? staticConfig : undefined,
          performAutoTraining: found.performAutoTraining ?? props!.performAutoTraining,
          autoTrainingSchedule: autoTrainingConfig?.schedulingExpression,
          eventsConfig,
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
    olds: SolutionOutputs,
    news: SolutionInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    return diffInputs(SOLUTION_DIFF, olds, news);
  }

  async update(
    id: string,
    olds: SolutionOutputs,
    news: SolutionInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SolutionOutputs>> {
    const client = personalizeClient(news);
    const trainingChanged =
      olds.performAutoTraining !== news.performAutoTraining ||
      olds.autoTrainingSchedule !== news.autoTrainingSchedule ||
      !sameValue(olds.eventsConfig, news.eventsConfig);
    if (trainingChanged) {
      const config = fullConfig(news);
      await client.send(
        new UpdateSolutionCommand({
          solutionArn: id,
          performAutoTraining: news.performAutoTraining,
          solutionUpdateConfig: definedOnly({
            autoTrainingConfig: config?.autoTrainingConfig,
            eventsConfig: config?.eventsConfig,
          }),
        }),
      );
      await waitUntilActive(
        `Personalize solution "${news.name}" update`,
        async () => {
          const latest = (await describeSolution(client, id)).latestSolutionUpdate;
          // Until Personalize records this update, the summary still describes an older one.
          return latest && latest.performAutoTraining === news.performAutoTraining
            ? latest
            : { status: "UPDATE PENDING" };
        },
        (failed) =>
          updateFailedError(
            "solution",
            news.name,
            (failed as { failureReason?: string }).failureReason,
          ),
        this.wait,
      );
    }
    await syncTags(client, id, olds.tags, news.tags);
    return {
      outs: definedOnly({ ...news, arn: id, recipeArn: olds.recipeArn, status: olds.status }),
    };
  }

  async delete(id: string, props: SolutionOutputs): Promise<void> {
    const client = clientForState(props, id);
    await deleteAndWait(
      `Personalize solution "${props.name}"`,
      () => client.send(new DeleteSolutionCommand({ solutionArn: id })),
      () => describeSolution(client, id),
      this.wait,
      "Fix: a campaign still serves one of its versions; point the campaign at the new solution " +
        "(run the training pipeline) or delete the campaign, then run `pulumi up` again.",
    );
  }
}

const PROVIDER = new SolutionProvider();

/** A Personalize solution (recipe + configuration); the pipeline trains its versions. */
export class Solution extends pulumi.dynamic.Resource {
  declare readonly arn: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly recipeArn: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: SolutionArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems(name, "solution", solutionProblems(args));
    const solutionConfig = staticConfig(args);
    const performHPO = args.performHPO ?? false;
    const identity = canonicalJson({
      recipe: args.recipe,
      eventType: args.eventType,
      performHPO,
      solutionConfig,
    });
    super(
      PROVIDER,
      name,
      {
        name: args.name ?? personalizeName(name, identity),
        region: args.region,
        assumeRoleArn: args.assumeRoleArn,
        datasetGroupArn: args.datasetGroupArn,
        recipe: args.recipe,
        eventType: args.eventType,
        performHPO,
        solutionConfig,
        performAutoTraining: args.autoTraining !== undefined,
        autoTrainingSchedule: args.autoTraining?.schedule,
        eventsConfig: args.eventsConfig,
        tags: args.tags,
        arn: undefined,
        recipeArn: undefined,
        status: undefined,
      },
      opts,
      "personalize",
      "Solution",
    );
  }
}
