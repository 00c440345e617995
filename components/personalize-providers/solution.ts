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
  Solution as SolutionDescription,
  SolutionConfig,
  UpdateSolutionCommand,
} from "@aws-sdk/client-personalize";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import type { ProviderTarget } from "./client";
import {
  SolutionArgs,
  StaticSolutionConfig,
  recipeArnFor,
  solutionProblems,
  staticConfig,
} from "./solution-args";
import { DiffSpec, canonicalJson, sameValue } from "./diff";
import { updateFailedError } from "./errors";
import { apiTags, definedOnly, present, waitUntilActive } from "./lifecycle";
import { PersonalizeKind, PersonalizeResourceProvider } from "./resource-provider";
import { PersonalizeResource, personalizeName } from "./resource-args";
import { DEFAULT_WAIT, type WaitOptions } from "./waiter";
import { sourceOnlyProvider } from "../shared/source-only-provider";

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

export const SOLUTION_KIND: PersonalizeKind<SolutionInputs, SolutionOutputs, SolutionDescription> =
  {
    kind: "solution",
    diff: SOLUTION_DIFF,
    tagged: true,
    asynchronous: true,
    async create(client, inputs) {
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
      return {
        arn: present(created.solutionArn, "solutionArn from CreateSolution"),
        computed: { recipeArn },
      };
    },
    async describe(client, solutionArn) {
      const { solution } = await client.send(new DescribeSolutionCommand({ solutionArn }));
      return present(solution, `solution for ${solutionArn}`);
    },
    refresh(found, props) {
      const { autoTrainingConfig, eventsConfig, ...creationConfig } = found.solutionConfig ?? {};
      return {
        datasetGroupArn: found.datasetGroupArn ?? props.datasetGroupArn,
        // Keep the recipe as declared (name or ARN) while it still resolves to the same ARN.
        recipe:
          found.recipeArn && found.recipeArn !== recipeArnFor(props.region, props.recipe)
            ? found.recipeArn
            : props.recipe,
        recipeArn: found.recipeArn ?? props.recipeArn,
        eventType: found.eventType,
        performHPO: found.performHPO ?? props.performHPO,
        solutionConfig: Object.keys(creationConfig).length > 0 ? creationConfig : undefined,
        performAutoTraining: found.performAutoTraining ?? props.performAutoTraining,
        autoTrainingSchedule: autoTrainingConfig?.schedulingExpression,
        eventsConfig,
      };
    },
    remove: (client, solutionArn) => client.send(new DeleteSolutionCommand({ solutionArn })),
    async update(id, olds, news, { client, wait, describe }) {
      const trainingChanged =
        olds.performAutoTraining !== news.performAutoTraining ||
        olds.autoTrainingSchedule !== news.autoTrainingSchedule ||
        !sameValue(olds.eventsConfig, news.eventsConfig);
      if (!trainingChanged) return {};
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
          const latest = (await describe()).latestSolutionUpdate;
          // Until Personalize records this update, the summary still describes an older one.
          return latest && latest.performAutoTraining === news.performAutoTraining
            ? latest
            : { status: "UPDATE PENDING" };
        },
        (failed) => updateFailedError("solution", news.name, failed.failureReason),
        wait,
      );
      return {};
    },
    keepOnUpdate: ["recipeArn", "status"],
    inUseFix:
      "Fix: a campaign still serves one of its versions; point the campaign at the new solution " +
      "(run the training pipeline) or delete the campaign, then run `pulumi up` again.",
  };

export class SolutionProvider extends PersonalizeResourceProvider<
  SolutionInputs,
  SolutionOutputs,
  SolutionDescription
> {
  constructor(wait: WaitOptions = DEFAULT_WAIT) {
    super(SOLUTION_KIND, wait);
  }
}

const PROVIDER = sourceOnlyProvider(new SolutionProvider(), __filename);

/** A Personalize solution (recipe + configuration); the pipeline trains its versions. */
export class Solution extends PersonalizeResource {
  declare readonly recipeArn: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: SolutionArgs, opts?: pulumi.CustomResourceOptions) {
    throwIfProblems("Personalize solution", name, solutionProblems(args));
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
      "Solution",
      name,
      { ...args, name: args.name ?? personalizeName(name, identity) },
      {
        datasetGroupArn: args.datasetGroupArn,
        recipe: args.recipe,
        eventType: args.eventType,
        performHPO,
        solutionConfig,
        performAutoTraining: args.autoTraining !== undefined,
        autoTrainingSchedule: args.autoTraining?.schedule,
        eventsConfig: args.eventsConfig,
        tags: args.tags,
      },
      ["recipeArn", "status"],
      opts,
    );
  }
}
