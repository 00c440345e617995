/**
 * PersonalizeRecommender: Amazon Personalize declared like the rest of the stack (dataset group,
 * schemas, datasets, event tracker, filter, metric attribution, solution), trained by a gated
 * pipeline, fed in real time from the behaviour-log stream, and served by an IAM-authenticated API
 * that logs every list it serves so CTR and CVR per channel are measured.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { throwIfProblems } from "../shared/args-error";
import { assumeRolePolicy, policyDocument } from "../shared/iam";
import { accountContext } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import { createRecommendationApi } from "./api/api";
import {
  type PersonalizeRecommenderArgs,
  type ResolvedRecommenderArgs,
  resolveRecommenderArgs,
} from "./args";
import { personalizeRoleStatements, recommenderKeyPolicy } from "./iam";
import {
  type TrainingMode,
  TrainingPipeline,
  configurationHash,
  trainingModesFor,
} from "../training-pipeline";
import {
  DatasetGroup,
  type PersonalizeDatasetType,
  Dataset,
  EXCLUDE_PURCHASED_EXPRESSION,
  EventTracker,
  Filter,
  MetricAttribution,
  Schema,
  Solution,
  interactionsSchema,
  itemsSchema,
  personalizeName,
  usersSchema,
} from "../personalize-providers";
import { createRealtimeEvents } from "./events/realtime-events";

export const PERSONALIZE_RECOMMENDER_TYPE = "reco:personalize-recommender:PersonalizeRecommender";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const PERSONALIZE_RECOMMENDER_FORMER_TYPE = "reco:personalize:PersonalizeRecommender";
/** The filter the API applies unless the caller asks for `filter=none`. */
export const EXCLUDE_PURCHASED_FILTER = "exclude-purchased";

export class PersonalizeRecommender extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults and sizing applied. */
  readonly settings: ResolvedRecommenderArgs;
  readonly datasetGroupArn: pulumi.Output<string>;
  /** Tracking id of the event tracker the real-time events go to. */
  readonly trackerId: pulumi.Output<string>;
  /** ARN of the event tracker: the dimension of Personalize's PutEvents metrics (operations). */
  readonly eventTrackerArn: pulumi.Output<string>;
  readonly stateMachineArn: pulumi.Output<string>;
  /** Training modes the solution's recipe accepts (`npm run train --mode` checks it). */
  readonly trainingModes: readonly TrainingMode[];
  /** IAM-authenticated function URL of the recommendation API. */
  readonly apiUrl: pulumi.Output<string>;
  /** ARN of the API function, for granting callers lambda:InvokeFunctionUrl. */
  readonly apiFunctionArn: pulumi.Output<string>;
  /** Name of the API function, for the operations dashboard. */
  readonly apiFunctionName: pulumi.Output<string>;
  /** The API's alarms (errors, throttles, p99, impressions not logged), for the dashboard. */
  readonly apiAlarmArns: pulumi.Output<string>[];
  readonly dlqUrl: pulumi.Output<string>;
  /** The campaign the pipeline creates on its first successful run (also when campaign is false). */
  readonly campaignName: pulumi.Output<string>;
  readonly putEventsFunctionName: pulumi.Output<string>;
  /** Role Personalize assumes to read the lake's `personalize/` prefix. */
  readonly personalizeRoleArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: PersonalizeRecommenderArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Bad args fail before the component (or anything under it) is registered.
    const { resolved: o, problems } = resolveRecommenderArgs(args);
    throwIfProblems("PersonalizeRecommender", name, problems);
    super(
      PERSONALIZE_RECOMMENDER_TYPE,
      name,
      {},
      withTypeAliases(opts, PERSONALIZE_RECOMMENDER_FORMER_TYPE),
    );
    this.settings = o;

    const parent = { parent: this };
    const alarmTopicArn = args.alarmTopic?.topicArn ?? args.alarmTopicArn;
    const stateful = { parent: this, protect: o.protectData, retainOnDelete: o.protectData };
    const target = {
      region: args.region,
      ...(args.assumeRoleArn ? { assumeRoleArn: args.assumeRoleArn } : {}),
    };
    const ctx = accountContext(this);

    const role = new aws.iam.Role(
      `${name}-personalize-role`,
      {
        description: "Assumed by Amazon Personalize to import the lake's personalize/ exports",
        assumeRolePolicy: assumeRolePolicy(
          "personalize.amazonaws.com",
          ctx.accountId,
          pulumi.interpolate`arn:${ctx.partition}:personalize:${args.region}:${ctx.accountId}:*`,
        ),
      },
      parent,
    );
    // With the stack's shared key the dataset group is not encrypted (args validation rejects it):
    // Personalize's key grant names this component's role, which the shared key cannot know.
    const keyArn = ownOrSharedKeyArn(
      args.sharedKmsKeyArn,
      () =>
        createKmsKey(
          `${name}-key`,
          {
            description: `${name}: dead-letter queue, function and pipeline logs${o.encryptDatasetGroup ? ", Personalize dataset group" : ""}`,
            policy: recommenderKeyPolicy(
              ctx,
              // Personalize may use the key only when it encrypts the dataset group (prod).
              o.encryptDatasetGroup ? role.arn : undefined,
              // The functions' groups and the training state machine's.
              [`/aws/lambda/${name}-*`, `/aws/vendedlogs/states/${name}-*`],
            ),
            deletionWindowInDays: o.tier === "prod" ? 30 : 7,
          },
          stateful,
        ).key,
    );
    const datasetGroupKeyArn = o.encryptDatasetGroup ? keyArn : undefined;
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-personalize-policy`,
      {
        role: role.id,
        policy: policyDocument(personalizeRoleStatements(args.lake, datasetGroupKeyArn)),
      },
      parent,
    );

    const datasetGroup = new DatasetGroup(
      `${name}-dataset-group`,
      {
        ...target,
        ...(datasetGroupKeyArn ? { kmsKeyArn: datasetGroupKeyArn, roleArn: role.arn } : {}),
      },
      // Personalize checks the role can use the key when the group is created.
      { ...stateful, dependsOn: [rolePolicy] },
    );
    const schemas = {
      Interactions: interactionsSchema(),
      Users: usersSchema(),
      Items: itemsSchema(),
    };
    const datasets = {} as Record<PersonalizeDatasetType, Dataset>;
    for (const datasetType of ["Interactions", "Users", "Items"] as const) {
      const role = datasetType.toLowerCase();
      const schema = new Schema(
        `${name}-${role}-schema`,
        { ...target, datasetType, schema: schemas[datasetType] },
        parent,
      );
      datasets[datasetType] = new Dataset(
        `${name}-${role}`,
        { ...target, datasetGroupArn: datasetGroup.arn, datasetType, schemaArn: schema.arn },
        stateful,
      );
    }
    // Trackers, filters and attributions need the Interactions dataset to exist first.
    const afterInteractions = { parent: this, dependsOn: [datasets.Interactions] };
    const tracker = new EventTracker(
      `${name}-tracker`,
      { ...target, datasetGroupArn: datasetGroup.arn },
      afterInteractions,
    );
    const excludePurchased = new Filter(
      `${name}-${EXCLUDE_PURCHASED_FILTER}`,
      {
        ...target,
        datasetGroupArn: datasetGroup.arn,
        filterExpression: EXCLUDE_PURCHASED_EXPRESSION,
      },
      afterInteractions,
    );
    new MetricAttribution(
      `${name}-metrics`,
      { ...target, datasetGroupArn: datasetGroup.arn, roleArn: role.arn },
      { ...afterInteractions, dependsOn: [datasets.Interactions, rolePolicy] },
    );
    const solution = new Solution(
      `${name}-solution`,
      { ...target, datasetGroupArn: datasetGroup.arn, recipe: o.recipe },
      { parent: this, dependsOn: Object.values(datasets) },
    );

    const campaignName = personalizeName(`${name}-campaign`);
    const pipeline = new TrainingPipeline(
      `${name}-training`,
      {
        tier: o.tier,
        workload: o.workload,
        logRetentionDays: o.logRetentionDays,
        protectData: o.protectData,
        logsKmsKeyArn: keyArn,
        ...(alarmTopicArn ? { alarmTopicArn } : {}),
        ...target,
        datasetGroupArn: datasetGroup.arn,
        datasets: {
          interactions: datasets.Interactions.arn,
          users: datasets.Users.arn,
          items: datasets.Items.arn,
        },
        solutionArn: solution.arn,
        recipe: o.recipe,
        campaignName,
        createCampaign: o.campaign,
        ...(o.campaign ? { minProvisionedTps: o.minProvisionedTps } : {}),
        ...(args.gate ? { gate: args.gate } : {}),
        readiness: o.guardrails.readiness,
        ...(o.guardrails.guardrail && args.realtimeView
          ? { guardrail: o.guardrails.guardrail, realtimeView: args.realtimeView }
          : {}),
        lake: args.lake,
        personalizeRoleArn: role.arn,
        ...(args.alarmTopic ? { notificationTopic: args.alarmTopic } : {}),
        retrainSchedule: o.retrainSchedule,
        // A new schema or recipe means a model trained on the old shape must be replaced.
        configurationFingerprint: configurationHash({ schemas, recipe: o.recipe }),
      },
      { parent: this, dependsOn: [rolePolicy] },
    );

    const events = createRealtimeEvents(
      `${name}-events`,
      {
        stream: args.stream,
        trackingId: tracker.trackingId,
        eventTrackerArn: tracker.arn,
        kmsKeyArn: keyArn,
        sizing: o.eventSource,
        logRetentionDays: o.logRetentionDays,
        protectData: o.protectData,
        ...(alarmTopicArn ? { alarmTopicArn } : {}),
      },
      this,
    );
    const api = createRecommendationApi(
      `${name}-api`,
      {
        stream: args.stream,
        ...(pipeline.campaignArn ? { campaignArn: pipeline.campaignArn } : {}),
        filters: { [EXCLUDE_PURCHASED_FILTER]: excludePurchased.arn },
        defaultFilter: EXCLUDE_PURCHASED_FILTER,
        ...(args.realtimeView ? { realtimeView: args.realtimeView } : {}),
        fallbackItems: o.fallbackItems,
        ...(args.experiment ? { experiment: args.experiment } : {}),
        logRetentionDays: o.logRetentionDays,
        protectData: o.protectData,
        kmsKeyArn: keyArn,
        ...(alarmTopicArn ? { alarmTopicArn } : {}),
      },
      this,
    );

    this.datasetGroupArn = datasetGroup.arn;
    this.trackerId = tracker.trackingId;
    this.eventTrackerArn = tracker.arn;
    this.stateMachineArn = pipeline.stateMachineArn;
    this.trainingModes = trainingModesFor(o.recipe);
    this.apiUrl = api.url.functionUrl;
    this.apiFunctionArn = api.function.arn;
    this.apiFunctionName = api.function.name;
    this.apiAlarmArns = api.alarms.map((a) => a.arn);
    this.dlqUrl = events.deadLetterQueue.url;
    this.campaignName = pulumi.output(campaignName);
    this.putEventsFunctionName = events.function.name;
    this.personalizeRoleArn = role.arn;
    this.registerOutputs({
      datasetGroupArn: this.datasetGroupArn,
      trackerId: this.trackerId,
      eventTrackerArn: this.eventTrackerArn,
      stateMachineArn: this.stateMachineArn,
      trainingModes: this.trainingModes,
      apiUrl: this.apiUrl,
      apiFunctionArn: this.apiFunctionArn,
      apiFunctionName: this.apiFunctionName,
      dlqUrl: this.dlqUrl,
      campaignName: this.campaignName,
      putEventsFunctionName: this.putEventsFunctionName,
      personalizeRoleArn: this.personalizeRoleArn,
    });
  }
}
