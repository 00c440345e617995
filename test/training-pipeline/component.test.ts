import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  TrainingPipeline,
  TrainingPipelineArgs,
  exportScanCutoffBytes,
} from "../../components/training-pipeline";
import { GIB, dailyParquetBytes } from "../../components/shared/workload";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { validateAsl } from "./simulated-aws";

const A = MOCK_ACCOUNT_ID;
const pz = (r: string) => `arn:aws:personalize:us-east-1:${A}:${r}`;
/** The mocks name a function `<name>-<7 hex>` like Pulumi's auto-naming. */
const UNQUOTE_FUNCTION_ARN = new RegExp(
  `^arn:aws:lambda:us-east-1:${A}:function:training-unquote-header-[0-9a-f]{7}$`,
);
const LAKE = {
  bucketName: "reco-lake",
  bucketArn: "arn:aws:s3:::reco-lake",
  kmsKeyArn: `arn:aws:kms:us-east-1:${A}:key/lake`,
  glueDatabaseName: "reco",
  eventsTableName: "events",
  athenaWorkgroupName: "reco",
  athenaWorkgroupArn: `arn:aws:athena:us-east-1:${A}:workgroup/reco`,
  athenaResultsBucketName: "reco-results",
  athenaResultsBucketArn: "arn:aws:s3:::reco-results",
  artifactsBucketName: "reco-artifacts",
  artifactsBucketArn: "arn:aws:s3:::reco-artifacts",
};
const PROD_WORKLOAD = {
  avgEventsPerSecond: 500,
  peakEventsPerSecond: 3000,
  avgEventBytes: 600,
  retentionDays: 730,
  queriesPerDay: 500,
};
const ARGS: TrainingPipelineArgs = {
  tier: "prod",
  datasetGroupArn: pz("dataset-group/reco"),
  datasets: { interactions: pz("dataset/reco/INTERACTIONS"), items: pz("dataset/reco/ITEMS") },
  solutionArn: pz("solution/reco-solution"),
  campaignName: "reco-campaign",
  minProvisionedTps: 4,
  lake: LAKE,
  personalizeRoleArn: `arn:aws:iam::${A}:role/personalize-reader`,
  alarmTopicArn: `arn:aws:sns:us-east-1:${A}:alarms`,
};

describe("TrainingPipeline component", () => {
  const rec = useMocks({ stack: "prod" });
  const policyOf = (suffix: string) =>
    JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", suffix).inputs.policy);

  it("creates exactly its children, all parented to the component", async () => {
    const pipeline = new TrainingPipeline("training", ARGS);
    await rec.settle();
    const component = rec.one("reco:training-pipeline:TrainingPipeline");
    expect(
      rec
        .childrenOf(component.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort(),
    ).to.deep.equal([
      "aws:athena/workgroup:Workgroup training-export",
      "aws:cloudwatch/logGroup:LogGroup training-logs",
      "aws:cloudwatch/logGroup:LogGroup training-unquote-header-logs",
      "aws:cloudwatch/metricAlarm:MetricAlarm training-failed",
      "aws:cloudwatch/metricAlarm:MetricAlarm training-schedule-dead-letters",
      "aws:cloudwatch/metricAlarm:MetricAlarm training-timed-out",
      "aws:iam/role:Role training-role",
      "aws:iam/role:Role training-schedule-role",
      "aws:iam/role:Role training-unquote-header-role",
      "aws:iam/rolePolicy:RolePolicy training-policy",
      "aws:iam/rolePolicy:RolePolicy training-schedule-policy",
      "aws:iam/rolePolicy:RolePolicy training-unquote-header-policy",
      "aws:lambda/function:Function training-unquote-header",
      "aws:scheduler/schedule:Schedule training-retrain",
      "aws:sfn/stateMachine:StateMachine training",
      "aws:sns/topic:Topic training-notifications",
      "aws:sqs/queue:Queue training-dlq",
      "pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger training-deploy-trigger",
    ]);
    expect(await new Promise((r) => pipeline.campaignArn!.apply(r))).to.equal(
      pz("campaign/reco-campaign"),
    );
  });

  it("logs every execution with its data, traces with X-Ray, and ships a valid definition", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const sm = rec.one("aws:sfn/stateMachine:StateMachine", "training");
    const logs = rec.one("aws:cloudwatch/logGroup:LogGroup", "training-logs");
    expect(sm.inputs.type).to.equal("STANDARD");
    expect(sm.inputs.loggingConfiguration).to.deep.equal({
      level: "ALL",
      includeExecutionData: true,
      logDestination: `arn:aws:logs:us-east-1:${A}:log-group:/aws/vendedlogs/states/training:*`,
    });
    expect(sm.inputs.tracingConfiguration).to.deep.equal({ enabled: true });
    expect(logs.inputs.retentionInDays).to.equal(365);
    const definition = JSON.parse(sm.inputs.definition);
    expect(validateAsl(definition)).to.deep.equal([]);
    expect(definition.States.UpdateCampaign.Parameters).to.deep.include({
      CampaignArn: pz("campaign/reco-campaign"),
      MinProvisionedTPS: 4,
    });
    // A catalogue's branch first checks the readiness count of its rows (empty: import skipped).
    expect(definition.States.RefreshDatasets.Branches.map((b: any) => b.StartAt)).to.deep.equal([
      "ExportInteractions",
      "CheckItemsCatalogue",
    ]);
  });

  it("grants the state machine least privilege, statement by statement", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const statements = policyOf("training-policy").Statement;
    const bySid = Object.fromEntries(statements.map((s: any) => [s.Sid, s]));
    expect(statements.map((s: any) => s.Sid)).to.deep.equal([
      "ImportDatasets",
      "WatchImports",
      "Train",
      "ReadSolutionVersions",
      "DeployCampaign",
      "PassPersonalizeRole",
      "RunExportQueries",
      "ReadTheCatalogue",
      "ReadCatalog",
      "ListLake",
      "ReadEvents",
      "WriteExports",
      "UseLakeKey",
      "UnquoteExportHeaders",
      "Notify",
      "EncryptNotifications",
      "DeliverExecutionLogs",
      "WriteTraces",
    ]);
    // The only function it may invoke is the export-header step, unqualified as the task names it.
    expect(bySid.UnquoteExportHeaders.Action).to.deep.equal(["lambda:InvokeFunction"]);
    expect(bySid.UnquoteExportHeaders.Resource).to.have.length(1);
    expect(bySid.UnquoteExportHeaders.Resource[0]).to.match(UNQUOTE_FUNCTION_ARN);
    expect(bySid.ImportDatasets.Resource).to.deep.equal([
      pz("dataset/reco/INTERACTIONS"),
      pz("dataset/reco/ITEMS"),
      pz("dataset-import-job/*"),
    ]);
    expect(bySid.DeployCampaign.Resource).to.deep.equal([
      pz("campaign/reco-campaign"),
      pz("solution/reco-solution/*"),
    ]);
    expect(bySid.PassPersonalizeRole).to.deep.equal({
      Effect: "Allow",
      Sid: "PassPersonalizeRole",
      Action: ["iam:PassRole"],
      Resource: [`arn:aws:iam::${A}:role/personalize-reader`],
      Condition: { StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } },
    });
    expect(bySid.RunExportQueries.Resource[0]).to.match(
      new RegExp(`^arn:aws:athena:us-east-1:${A}:workgroup/training-export-[0-9a-f]{7}$`),
    );
    expect(bySid.ReadCatalog.Resource).to.deep.equal([
      `arn:aws:glue:us-east-1:${A}:catalog`,
      `arn:aws:glue:us-east-1:${A}:database/reco`,
      `arn:aws:glue:us-east-1:${A}:table/reco/events`,
      `arn:aws:glue:us-east-1:${A}:table/reco/items`,
      `arn:aws:glue:us-east-1:${A}:table/reco/users`,
    ]);
    expect(bySid.ReadEvents.Resource).to.deep.equal(["arn:aws:s3:::reco-lake/events/*"]);
    expect(bySid.WriteExports.Resource).to.deep.equal(["arn:aws:s3:::reco-lake/personalize/*"]);
    expect(bySid.UseLakeKey.Resource).to.deep.equal([LAKE.kmsKeyArn]);
    const wildcard = statements.filter((s: any) => s.Resource.includes("*")).map((s: any) => s.Sid);
    expect(wildcard).to.deep.equal(["DeliverExecutionLogs", "WriteTraces"]);
    const trust = JSON.parse(rec.one("aws:iam/role:Role", "training-role").inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal).to.deep.equal({ Service: "states.amazonaws.com" });
    expect(trust.Statement[0].Condition).to.deep.equal({
      StringEquals: { "aws:SourceAccount": A },
    });
  });

  it("unquotes export headers with a function that may only read Athena's results and write the import files", async () => {
    const logsKey = `arn:aws:kms:us-east-1:${A}:key/recommender`;
    new TrainingPipeline("training", { ...ARGS, logsKmsKeyArn: logsKey });
    await rec.settle();
    const fn = rec.one("aws:lambda/function:Function", "training-unquote-header");
    expect(fn.inputs).to.deep.include({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memorySize: 256,
      timeout: 900,
      tracingConfig: { mode: "Active" },
      environment: { variables: { KMS_KEY_ARN: LAKE.kmsKeyArn } },
      kmsKeyArn: logsKey,
    });
    expect(
      rec.one("aws:cloudwatch/logGroup:LogGroup", "training-unquote-header-logs").inputs,
    ).to.deep.equal({
      namePrefix: "/aws/lambda/training-unquote-header-",
      retentionInDays: 365,
      kmsKeyId: logsKey,
    });
    const statements = policyOf("training-unquote-header-policy").Statement;
    expect(statements.slice(2)).to.deep.equal([
      {
        Effect: "Allow",
        Sid: "ReadExports",
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::reco-lake/personalize/athena/*"],
      },
      {
        Effect: "Allow",
        Sid: "WriteImportFiles",
        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
        Resource: ["arn:aws:s3:::reco-lake/personalize/imports/*"],
      },
      {
        Effect: "Allow",
        Sid: "UseLakeKey",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [LAKE.kmsKeyArn],
      },
      { Effect: "Allow", Sid: "DecryptEnvironment", Action: ["kms:Decrypt"], Resource: [logsKey] },
    ]);
    expect(statements.slice(0, 2).map((s: any) => s.Sid)).to.deep.equal([
      "WriteOwnLogs",
      "WriteTraces",
    ]);
    const definition = JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
    const branch = definition.States.RefreshDatasets.Branches[0].States;
    expect(branch.ExportInteractions.Next).to.equal("UnquoteInteractionsHeader");
    const invoked = policyOf("training-policy").Statement.find(
      (s: any) => s.Sid === "UnquoteExportHeaders",
    ).Resource;
    expect(invoked[0]).to.match(UNQUOTE_FUNCTION_ARN);
    expect(branch.UnquoteInteractionsHeader.Parameters.FunctionName).to.equal(invoked[0]);
    expect(branch.ImportInteractions.Parameters.DataSource).to.deep.equal({
      "DataLocation.$": "$.importFile.location",
    });
  });

  it("without a logs key, the function keeps AWS-owned keys and needs no key grant for them", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const fn = rec.one("aws:lambda/function:Function", "training-unquote-header");
    expect(fn.inputs.kmsKeyArn).to.equal(undefined);
    expect(
      policyOf("training-unquote-header-policy").Statement.map((s: any) => s.Sid),
    ).to.deep.equal([
      "WriteOwnLogs",
      "WriteTraces",
      "ReadExports",
      "WriteImportFiles",
      "UseLakeKey",
    ]);
  });

  it("retrains on the tier cadence through a schedule whose role may only start this state machine and dead-letter a run it could not start", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const schedule = rec.one("aws:scheduler/schedule:Schedule", "training-retrain");
    expect(schedule.inputs.scheduleExpression).to.equal("rate(1 day)");
    expect(schedule.inputs.flexibleTimeWindow).to.deep.equal({
      mode: "FLEXIBLE",
      maximumWindowInMinutes: 60,
    });
    expect(schedule.inputs.target.arn).to.match(
      new RegExp(`^arn:aws:states:us-east-1:${A}:stateMachine:training-[0-9a-f]{7}$`),
    );
    expect(schedule.inputs.target.roleArn).to.match(
      new RegExp(`^arn:aws:iam::${A}:role/training-schedule-role-[0-9a-f]{7}$`),
    );
    expect(JSON.parse(schedule.inputs.target.input)).to.deep.equal({
      trainingMode: "FULL",
      trigger: "schedule",
    });
    const dlq = rec.one("aws:sqs/queue:Queue", "training-dlq");
    expect(dlq.inputs).to.include({
      kmsMasterKeyId: LAKE.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionSeconds: 1_209_600,
    });
    const dlqArn = new RegExp(`^arn:aws:sqs:us-east-1:${A}:training-dlq-[0-9a-f]{7}$`);
    expect(schedule.inputs.target.deadLetterConfig.arn).to.match(dlqArn);
    expect(policyOf("training-schedule-policy").Statement).to.deep.equal([
      {
        Effect: "Allow",
        Sid: "StartTraining",
        Action: ["states:StartExecution"],
        Resource: [schedule.inputs.target.arn],
      },
      {
        Effect: "Allow",
        Sid: "DeadLetterUndeliveredRuns",
        Action: ["sqs:SendMessage"],
        Resource: [schedule.inputs.target.deadLetterConfig.arn],
      },
      {
        Effect: "Allow",
        Sid: "EncryptDeadLetters",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [LAKE.kmsKeyArn],
      },
    ]);
    const alarm = rec.one(
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "training-schedule-dead-letters",
    );
    expect(alarm.inputs).to.deep.include({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      alarmActions: [ARGS.alarmTopicArn],
    });
    expect(alarm.inputs.dimensions.QueueName).to.match(/^training-dlq-[0-9a-f]{7}$/);
    const trust = JSON.parse(
      rec.one("aws:iam/role:Role", "training-schedule-role").inputs.assumeRolePolicy,
    );
    expect(trust.Statement[0].Principal).to.deep.equal({ Service: "scheduler.amazonaws.com" });
  });

  it("encrypts its notification topic and export results with the lake key and caps the export scan", async () => {
    new TrainingPipeline("training", {
      ...ARGS,
      workload: PROD_WORKLOAD,
    });
    await rec.settle();
    expect(rec.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId).to.equal(LAKE.kmsKeyArn);
    const wg = rec.one("aws:athena/workgroup:Workgroup").inputs.configuration;
    expect(wg.resultConfiguration).to.deep.equal({
      outputLocation: "s3://reco-lake/personalize/athena/",
      encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: LAKE.kmsKeyArn },
    });
    // The lookback window's Parquet with 50% headroom: 23 days at 500 events/s, the longest
    // window whose import fits Personalize's 100 GB limit.
    expect(wg.bytesScannedCutoffPerQuery).to.equal(
      Math.ceil(dailyParquetBytes(PROD_WORKLOAD) * 23 * 1.5),
    );
    expect(wg.bytesScannedCutoffPerQuery).to.be.greaterThan(140 * GIB);
    expect(exportScanCutoffBytes({}, 90)).to.equal(GIB);
  });

  it("starts a FULL run on deploy keyed by a hash of the datasets and solution", async () => {
    new TrainingPipeline("training", ARGS);
    await rec.settle();
    const trigger = rec.one(
      "pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger",
      "training-deploy-trigger",
    );
    expect(JSON.parse(trigger.inputs.input)).to.deep.equal({
      trainingMode: "FULL",
      trigger: "deploy",
    });
    expect(trigger.inputs.configurationHash).to.match(/^[0-9a-f]{64}$/);
    rec.reset();
    new TrainingPipeline("training", { ...ARGS, configurationFingerprint: "recipe=v2" });
    await rec.settle();
    const changed = rec.one(
      "pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger",
      "training-deploy-trigger",
    );
    expect(changed.inputs.configurationHash).to.not.equal(trigger.inputs.configurationHash);
  });

  it("dev: no campaign permissions or states, a weekly cadence, and an adopted topic", async () => {
    const topic = `arn:aws:sns:us-east-1:${A}:shared`;
    const topicKey = `arn:aws:kms:us-east-1:${A}:key/shared-topic-key`;
    const pipeline = new TrainingPipeline("training", {
      ...ARGS,
      tier: "dev",
      notificationTopic: { topicArn: topic, kmsKeyArn: topicKey },
      triggerOnDeploy: false,
    });
    await rec.settle();
    expect(rec.ofType("aws:sns/topic:Topic")).to.deep.equal([]);
    expect(rec.ofType("pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger")).to.deep.equal([]);
    expect(pipeline.campaignArn).to.equal(undefined);
    const sids = policyOf("training-policy").Statement.map((s: any) => s.Sid);
    expect(sids).to.not.include("DeployCampaign");
    expect(
      policyOf("training-policy").Statement.find((s: any) => s.Sid === "Notify").Resource,
    ).to.deep.equal([topic]);
    // Publishing to an encrypted topic needs its key: without this every notification fails.
    expect(
      policyOf("training-policy").Statement.find((s: any) => s.Sid === "EncryptNotifications"),
    ).to.deep.equal({
      Effect: "Allow",
      Sid: "EncryptNotifications",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [topicKey],
    });
    expect(rec.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).to.equal(
      "rate(30 days)",
    );
    const definition = JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
    expect(Object.keys(definition.States)).to.not.include("CreateCampaign");
    expect(
      rec.one("aws:cloudwatch/logGroup:LogGroup", "training-logs").inputs.retentionInDays,
    ).to.equal(14);
  });

  it("rejects invalid args before creating anything, listing every problem with its fix", async () => {
    expect(
      () =>
        new TrainingPipeline("training", {
          ...ARGS,
          minProvisionedTps: 0,
          retrainSchedule: "daily",
          gate: { minimums: { precision_at_11: 0.1 } as any, maxRegression: 1.5 },
        }),
    ).to.throw(
      'TrainingPipeline "training" has 4 invalid arguments:\n' +
        "  - minProvisionedTps is 0; it must be an integer from 1 to 500 (Personalize's campaign limit). Fix: pass minProvisionedTps within that range.\n" +
        '  - gate.maxRegression is 1.5; it must be a fraction from 0 (no drop allowed) to below 1. Fix: pass e.g. 0.03 for "at most 3% worse".\n' +
        '  - gate.minimums has unknown metric "precision_at_11"; allowed: coverage, mean_reciprocal_rank_at_25, normalized_discounted_cumulative_gain_at_5, normalized_discounted_cumulative_gain_at_10, normalized_discounted_cumulative_gain_at_25, precision_at_5, precision_at_10, precision_at_25. Fix: use one of those names.\n' +
        '  - retrainSchedule is "daily"; it must be rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss). Fix: pass an EventBridge Scheduler expression such as "rate(1 day)" or "cron(0 3 * * ? *)".',
    );
    await rec.settle();
    expect(rec.ofType("aws:sfn/stateMachine:StateMachine")).to.deep.equal([]);
    // A RunError to the Pulumi CLI (it tests RunError.isInstance): the problems without a stack trace.
    let thrown: unknown;
    try {
      new TrainingPipeline("training", { ...ARGS, minProvisionedTps: 0 });
    } catch (error) {
      thrown = error;
    }
    expect(pulumi.RunError.isInstance(thrown)).to.equal(true);
  });

  it("rejects scheduled UPDATE runs for a recipe whose solutions take only FULL", async () => {
    expect(
      () =>
        new TrainingPipeline("training", {
          ...ARGS,
          recipe: "aws-user-personalization-v2",
          scheduledTrainingMode: "UPDATE",
        }),
    ).to.throw(
      'TrainingPipeline "training" has 1 invalid argument:\n' +
        '  - scheduledTrainingMode is "UPDATE" but recipe "aws-user-personalization-v2" trains only FULL solution versions (UPDATE needs aws-user-personalization or aws-hrnn-coldstart). Fix: pass "FULL", or train with one of those recipes.',
    );
    new TrainingPipeline("training", {
      ...ARGS,
      recipe: "arn:aws:personalize:::recipe/aws-user-personalization",
      scheduledTrainingMode: "UPDATE",
    });
    await rec.settle();
    const definition = JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
    expect(definition.States.ResolveTrainingMode.Choices[1].Or).to.deep.equal([
      { Variable: "$.trainingMode", StringEquals: "FULL" },
      { Variable: "$.trainingMode", StringEquals: "UPDATE" },
    ]);
  });
});
