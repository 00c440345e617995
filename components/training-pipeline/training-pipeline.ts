/**
 * TrainingPipeline: the Step Functions state machine that retrains Personalize from the lake and
 * promotes a model only through the metrics gate, with its role, logs, notification topic, export
 * workgroup, the export-header Lambda, the EventBridge Scheduler cadence and the deploy-time trigger.
 */
import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { accountContext } from "../shared/account-context";
import { createAlarms, type AlarmSpec } from "../shared/alarms";
import type { TopicRefs } from "../shared/contracts";
import { statefulOpts } from "../shared/logs";
import { createScheduledStateMachine } from "../shared/scheduled-state-machine";
import { GIB, dailyParquetBytes } from "../shared/workload";
import { ResolvedPipelineOptions, TrainingPipelineArgs, resolvePipelineOptions } from "./args";
import { buildTrainingDefinition } from "./definition";
import { EXPORT_RESULTS_PREFIX } from "./export-sql";
import { pipelineStatements } from "./iam";
import { PipelineTrigger } from "./trigger";
import { createGuardrailFunction } from "./ctr-guardrail/function";
import { createUnquoteHeaderFunction } from "./unquote-header/function";

export const TRAINING_PIPELINE_TYPE = "reco:training-pipeline:TrainingPipeline";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const TRAINING_PIPELINE_FORMER_TYPE = "reco:personalize:TrainingPipeline";

/**
 * Per-query scan cap of the export workgroup: the lookback window's Parquet with 50% headroom,
 * at least 1 GiB. A runaway query (a lost partition filter) stops at the cap instead of billing.
 */
export function exportScanCutoffBytes(
  args: Pick<TrainingPipelineArgs, "workload">,
  lookbackDays: number,
): number {
  const daily = args.workload ? dailyParquetBytes(args.workload) : 0;
  return Math.max(GIB, Math.ceil(daily * lookbackDays * 1.5));
}

/** Stable hash of what, when it changes, must retrain. */
export function configurationHash(config: Record<string, unknown>): string {
  const sorted = Object.keys(config)
    .sort()
    .map((k) => [k, config[k]]);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex");
}

export class TrainingPipeline extends pulumi.ComponentResource {
  /** The settings the pipeline was built with, defaults applied. */
  readonly settings: ResolvedPipelineOptions;
  readonly stateMachineArn: pulumi.Output<string>;
  readonly stateMachineName: pulumi.Output<string>;
  readonly topicArn: pulumi.Output<string>;
  readonly scheduleName: pulumi.Output<string>;
  readonly exportWorkgroupName: pulumi.Output<string>;
  /** The campaign the pipeline creates and updates; undefined when the stack keeps none. */
  readonly campaignArn?: pulumi.Output<string>;
  /** Execution started by the last configuration change; undefined when the trigger is off. */
  readonly deployExecutionArn?: pulumi.Output<string>;

  constructor(name: string, args: TrainingPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    // Bad args fail before the component (or anything under it) is registered.
    const o = resolvePipelineOptions(name, args);
    super(TRAINING_PIPELINE_TYPE, name, {}, withTypeAliases(opts, TRAINING_PIPELINE_FORMER_TYPE));
    this.settings = o;
    const parent = { parent: this };
    const ctx = accountContext(this);
    const region = args.region ? pulumi.output(args.region) : ctx.region;
    const arnPrefix = (service: string) =>
      pulumi.interpolate`arn:${ctx.partition}:${service}:${region}:${ctx.accountId}`;
    const campaignArn = o.createCampaign
      ? pulumi.interpolate`${arnPrefix("personalize")}:campaign/${args.campaignName}`
      : undefined;

    const topic: TopicRefs = args.notificationTopic ?? {
      topicArn: new aws.sns.Topic(
        `${name}-notifications`,
        { kmsMasterKeyId: args.lake.kmsKeyArn },
        statefulOpts(this, o.protectData),
      ).arn,
      kmsKeyArn: args.lake.kmsKeyArn,
    };
    const topicArn = pulumi.output(topic.topicArn);

    const workgroup = new aws.athena.Workgroup(
      `${name}-export`,
      {
        description: "Personalize training exports and metrics-gate queries",
        forceDestroy: true,
        configuration: {
          // Enforced, so no client can override result encryption or the scan cutoff. Results land
          // under personalize/athena/<query id>.csv and the state machine reads each location back
          // from the query's own result, so imports still find their files.
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: exportScanCutoffBytes(args, o.lookbackDays),
          resultConfiguration: {
            outputLocation: pulumi.interpolate`s3://${args.lake.bucketName}/${EXPORT_RESULTS_PREFIX}`,
            encryptionConfiguration: {
              encryptionOption: "SSE_KMS",
              kmsKeyArn: args.lake.kmsKeyArn,
            },
          },
        },
      },
      parent,
    );

    const unquoteHeader = createUnquoteHeaderFunction(
      `${name}-unquote-header`,
      {
        lake: args.lake,
        logRetentionDays: o.logRetentionDays,
        protectData: o.protectData,
        ...(args.logsKmsKeyArn !== undefined ? { kmsKeyArn: args.logsKmsKeyArn } : {}),
      },
      this,
    );
    const guardrailFunction =
      o.guardrail && args.realtimeView
        ? createGuardrailFunction(
            `${name}-guardrail`,
            {
              view: args.realtimeView,
              logRetentionDays: o.logRetentionDays,
              protectData: o.protectData,
              ...(args.logsKmsKeyArn !== undefined ? { kmsKeyArn: args.logsKmsKeyArn } : {}),
            },
            this,
          )
        : undefined;
    const datasetArns = [
      args.datasets.interactions,
      args.datasets.items,
      args.datasets.users,
    ].filter((d): d is pulumi.Input<string> => d !== undefined);
    const statements = pipelineStatements({
      personalizeArnPrefix: arnPrefix("personalize"),
      glueArnPrefix: arnPrefix("glue"),
      athenaArnPrefix: arnPrefix("athena"),
      datasetArns,
      solutionArn: args.solutionArn,
      campaignArn,
      personalizeRoleArn: args.personalizeRoleArn,
      workgroupArn: workgroup.arn,
      lake: args.lake,
      topic,
      unquoteHeaderFunctionArn: unquoteHeader.function.arn,
      ...(guardrailFunction ? { guardrailFunctionArn: guardrailFunction.function.arn } : {}),
    });

    const definition = pulumi
      .all({
        interactions: args.datasets.interactions,
        items: args.datasets.items ?? "",
        users: args.datasets.users ?? "",
        solutionArn: args.solutionArn,
        campaignArn: campaignArn ?? "",
        campaignName: args.campaignName,
        bucketName: args.lake.bucketName,
        kmsKeyArn: args.lake.kmsKeyArn,
        database: args.lake.glueDatabaseName,
        eventsTable: args.lake.eventsTableName,
        workgroup: workgroup.name,
        personalizeRoleArn: args.personalizeRoleArn,
        unquoteHeaderFunctionArn: unquoteHeader.function.arn,
        guardrailFunctionArn: guardrailFunction?.function.arn ?? "",
        topicArn,
      })
      .apply((v) =>
        JSON.stringify(
          buildTrainingDefinition({
            datasets: {
              interactions: v.interactions,
              ...(v.items ? { items: v.items } : {}),
              ...(v.users ? { users: v.users } : {}),
            },
            solutionArn: v.solutionArn,
            campaign: o.createCampaign
              ? { arn: v.campaignArn, name: v.campaignName, minProvisionedTps: o.minProvisionedTps }
              : undefined,
            gate: { minimums: o.minimums, maxRegression: o.maxRegression },
            readiness: o.readiness,
            ...(o.guardrail && v.guardrailFunctionArn
              ? { guardrail: { ...o.guardrail, functionArn: v.guardrailFunctionArn } }
              : {}),
            defaultTrainingMode: o.scheduledTrainingMode,
            trainingModes: o.trainingModes,
            lake: {
              bucketName: v.bucketName,
              kmsKeyArn: v.kmsKeyArn,
              database: v.database,
              eventsTable: v.eventsTable,
              lookbackDays: o.lookbackDays,
            },
            workgroup: v.workgroup,
            personalizeRoleArn: v.personalizeRoleArn,
            unquoteHeaderFunctionArn: v.unquoteHeaderFunctionArn,
            topicArn: v.topicArn,
            timeoutSeconds: o.timeoutHours * 3600,
          }),
        ),
      );

    const {
      stateMachine: machine,
      policy,
      schedule,
      deadLetterQueue,
    } = createScheduledStateMachine(
      name,
      {
        roleDescription: `Runs the ${name} Personalize training state machine`,
        accountId: ctx.accountId,
        statements,
        definition,
        logLevel: "ALL",
        logRetentionDays: o.logRetentionDays,
        logsKmsKeyArn: args.logsKmsKeyArn,
        protectData: o.protectData,
        schedule: {
          name: `${name}-retrain`,
          description: `Retrains Personalize on ${o.retrainSchedule}`,
          expression: o.retrainSchedule,
          // Training takes hours; an hour of slack lets Scheduler spread load at no cost to freshness.
          flexibleTimeWindow: { mode: "FLEXIBLE", maximumWindowInMinutes: 60 },
          input: JSON.stringify({ trainingMode: o.scheduledTrainingMode, trigger: "schedule" }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
          role: {
            prefix: `${name}-schedule`,
            description: `Lets EventBridge Scheduler start ${name}`,
          },
          startSid: "StartTraining",
          // A run Scheduler could not start (role or machine broken, retries spent) is kept and
          // alarmed on, not dropped: otherwise the model silently stops being retrained.
          deadLetter: { kmsKeyArn: args.lake.kmsKeyArn },
        },
      },
      this,
    );
    const alarms: AlarmSpec[] = [
      ...(["ExecutionsFailed", "ExecutionsTimedOut"] as const).map((metricName): AlarmSpec => ({
        role: metricName === "ExecutionsFailed" ? "failed" : "timed-out",
        description: `A ${name} training run ${metricName === "ExecutionsFailed" ? "failed, was rejected by the metrics gate or rolled back by the online guardrail" : "hit its timeout"}; read the run's notification`,
        namespace: "AWS/States",
        metricName,
        dimensions: { StateMachineArn: machine.arn },
        statistic: "Sum",
        // One failed run is worth a look: runs are daily at most.
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      })),
      {
        role: "schedule-dead-letters",
        description: `EventBridge Scheduler could not start ${name}; the undelivered run waits in the dead-letter queue (replay it, or start a training by hand)`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: deadLetterQueue.name },
        statistic: "Maximum",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      },
    ];
    createAlarms(name, alarms, args.alarmTopicArn, this);

    if (o.triggerOnDeploy) {
      const hash = pulumi
        .all([
          args.datasets.interactions,
          args.datasets.items ?? "",
          args.datasets.users ?? "",
          args.solutionArn,
          args.configurationFingerprint ?? "",
        ])
        .apply(([interactions, items, users, solution, fingerprint]) =>
          configurationHash({ interactions, items, users, solution, fingerprint }),
        );
      const trigger = new PipelineTrigger(
        `${name}-deploy-trigger`,
        {
          stateMachineArn: machine.arn,
          configurationHash: hash,
          input: JSON.stringify({ trainingMode: "FULL", trigger: "deploy" }),
          ...(args.assumeRoleArn ? { assumeRoleArn: args.assumeRoleArn } : {}),
        },
        { parent: this, dependsOn: [machine, policy] },
      );
      this.deployExecutionArn = trigger.executionArn;
    }

    this.stateMachineArn = machine.arn;
    this.stateMachineName = machine.name;
    this.topicArn = topicArn;
    this.scheduleName = schedule.name;
    this.exportWorkgroupName = workgroup.name;
    this.campaignArn = campaignArn;
    this.registerOutputs({
      stateMachineArn: this.stateMachineArn,
      stateMachineName: this.stateMachineName,
      topicArn: this.topicArn,
      scheduleName: this.scheduleName,
      exportWorkgroupName: this.exportWorkgroupName,
      campaignArn: this.campaignArn,
      deployExecutionArn: this.deployExecutionArn,
    });
  }
}
