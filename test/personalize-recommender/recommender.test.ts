import { expect } from "chai";
import { ComponentArgsError } from "../../components/shared/args-error";
import {
  PersonalizeRecommender,
  type PersonalizeRecommenderArgs,
} from "../../components/personalize-recommender";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT_ID, type RecordedResource, ResourceRecorder, useMocks } from "../mocks";
import { LAKE, STREAM } from "./refs";

const DYNAMIC = "pulumi-nodejs:dynamic/personalize:";
const ARN = (service: string, resource: string) =>
  `arn:aws:${service}:us-east-1:${MOCK_ACCOUNT_ID}:${resource}`;

const args = (extra: Partial<PersonalizeRecommenderArgs> = {}): PersonalizeRecommenderArgs => ({
  lake: LAKE,
  stream: STREAM,
  region: "us-east-1",
  ...extra,
});

const policy = (r: RecordedResource) => JSON.parse(r.inputs.policy);
const statement = (r: RecordedResource, sid: string) =>
  policy(r).Statement.find((s: { Sid?: string }) => s.Sid === sid);

describe("PersonalizeRecommender component", () => {
  const mocks = useMocks({ stack: "dev" });

  /** Builds once per tier: the registrations are kept so each rule below is its own test. */
  async function build(extra: Partial<PersonalizeRecommenderArgs>, name = "reco") {
    mocks.reset();
    const component = new PersonalizeRecommender(name, args(extra));
    await mocks.settle();
    const recorded = new ResourceRecorder();
    recorded.resources.push(...mocks.resources);
    return { component, rec: recorded };
  }

  describe("dev tier (no campaign: the API falls back)", () => {
    let rec: ResourceRecorder;
    let component: PersonalizeRecommender;
    before(async () => {
      ({ rec, component } = await build({ tier: "dev", fallbackItems: ["pop-1", "pop-2"] }));
    });
    it("creates exactly the Personalize resources, pipeline, events path and API as its children", async () => {
      const root = rec.one("reco:personalize-recommender:PersonalizeRecommender");
      const children = rec
        .childrenOf(root.urn)
        .map((r) => `${r.type} ${r.name}`)
        .sort();
      expect(children).to.deep.equal(
        [
          "aws:cloudwatch/logGroup:LogGroup reco-api-logs",
          "aws:cloudwatch/logGroup:LogGroup reco-events-logs",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-api-errors",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-api-impressions-not-logged",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-api-p99-duration",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-api-throttles",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-events-dlq-depth",
          "aws:cloudwatch/metricAlarm:MetricAlarm reco-events-iterator-age",
          "aws:iam/role:Role reco-api-role",
          "aws:iam/role:Role reco-events-role",
          "aws:iam/role:Role reco-personalize-role",
          "aws:iam/rolePolicy:RolePolicy reco-api-policy",
          "aws:iam/rolePolicy:RolePolicy reco-events-policy",
          "aws:iam/rolePolicy:RolePolicy reco-personalize-policy",
          "aws:kms/alias:Alias reco-key-alias",
          "aws:kms/key:Key reco-key",
          "aws:lambda/eventSourceMapping:EventSourceMapping reco-events-source",
          "aws:lambda/function:Function reco-api",
          "aws:lambda/function:Function reco-events",
          "aws:lambda/functionUrl:FunctionUrl reco-api-url",
          "aws:sqs/queue:Queue reco-events-dlq",
          `${DYNAMIC}Dataset reco-interactions`,
          `${DYNAMIC}Dataset reco-items`,
          `${DYNAMIC}Dataset reco-users`,
          `${DYNAMIC}DatasetGroup reco-dataset-group`,
          `${DYNAMIC}EventTracker reco-tracker`,
          `${DYNAMIC}Filter reco-exclude-purchased`,
          `${DYNAMIC}MetricAttribution reco-metrics`,
          `${DYNAMIC}Schema reco-interactions-schema`,
          `${DYNAMIC}Schema reco-items-schema`,
          `${DYNAMIC}Schema reco-users-schema`,
          `${DYNAMIC}Solution reco-solution`,
          "reco:training-pipeline:TrainingPipeline reco-training",
        ].sort(),
      );
    });

    it("leaves the dataset group on Personalize's own key and nothing protected", async () => {
      const group = rec.one(`${DYNAMIC}DatasetGroup`);
      expect(group.inputs).to.include({ region: "us-east-1", name: "reco-dataset-group-dev" });
      expect(group.inputs.kmsKeyArn).to.equal(undefined);
      expect(group.inputs.roleArn).to.equal(undefined);
      expect(rec.resources.filter((r) => r.protect || r.retainOnDelete)).to.deep.equal([]);
      expect(rec.one("aws:kms/key:Key", "reco-key").inputs).to.include({
        enableKeyRotation: true,
        deletionWindowInDays: 7,
      });
    });

    it("gives the API no campaign and no Personalize permission, only impressions and its fallback", async () => {
      const fn = rec.one("aws:lambda/function:Function", "reco-api");
      expect(fn.inputs.environment.variables).to.include({
        CAMPAIGN_ARN: "",
        DEFAULT_FILTER: "exclude-purchased",
        STREAM_NAME: "events",
        FALLBACK_ITEMS: '["pop-1","pop-2"]',
      });
      expect(fn.inputs.environment.variables.VIEW_TABLE_NAME).to.equal(undefined);
      const statements = policy(
        rec.one("aws:iam/rolePolicy:RolePolicy", "reco-api-policy"),
      ).Statement;
      expect(statements.slice(2)).to.deep.equal([
        {
          Effect: "Allow",
          Sid: "LogImpressions",
          Action: ["kinesis:PutRecords"],
          Resource: [STREAM.streamArn],
        },
        {
          Effect: "Allow",
          Sid: "EncryptImpressions",
          Action: ["kms:GenerateDataKey"],
          Resource: [STREAM.kmsKeyArn],
        },
        {
          Effect: "Allow",
          Sid: "DecryptEnvironment",
          Action: ["kms:Decrypt"],
          Resource: [
            statement(
              rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"),
              "EncryptFailedBatches",
            ).Resource[0],
          ],
        },
      ]);
      const url = rec.one("aws:lambda/functionUrl:FunctionUrl");
      expect(url.inputs.authorizationType).to.equal("AWS_IAM");
      expect(url.inputs.functionName).to.match(/^reco-api-[0-9a-f]{7}$/);
    });

    it("consumes the stream with bisection, bounded retries, partial failures and an encrypted DLQ", async () => {
      const keyArn = statement(
        rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"),
        "EncryptFailedBatches",
      ).Resource[0];
      expect(keyArn).to.match(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
      expect(rec.one("aws:sqs/queue:Queue", "reco-events-dlq").inputs).to.deep.equal({
        kmsMasterKeyId: keyArn,
        kmsDataKeyReusePeriodSeconds: 300,
        // The stream's 168 hours: a pointer past the stream's retention replays nothing.
        messageRetentionSeconds: 604_800,
      });
      const dlqArn = statement(
        rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"),
        "ReportFailedBatches",
      ).Resource[0];
      expect(dlqArn).to.match(/^arn:aws:sqs:us-east-1:123456789012:reco-events-dlq-[0-9a-f]{7}$/);
      const mapping = rec.one("aws:lambda/eventSourceMapping:EventSourceMapping");
      expect(mapping.inputs.functionName).to.match(
        /^arn:aws:lambda:us-east-1:123456789012:function:reco-events-[0-9a-f]{7}$/,
      );
      expect({ ...mapping.inputs, functionName: "<fn>" }).to.deep.equal({
        eventSourceArn: STREAM.streamArn,
        functionName: "<fn>",
        startingPosition: "TRIM_HORIZON",
        batchSize: 250,
        maximumBatchingWindowInSeconds: 5,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 3,
        // The stream's 168 h retention: a replay is never aged out, a stuck shard is bounded.
        maximumRecordAgeInSeconds: 604_800,
        functionResponseTypes: ["ReportBatchItemFailures"],
        destinationConfig: { onFailure: { destinationArn: dlqArn } },
      });
      const depth = rec.one(
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "reco-events-dlq-depth",
      ).inputs;
      expect(depth).to.deep.include({
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        dimensions: { QueueName: dlqArn.split(":").pop() },
      });
    });

    it("alarms on the API's errors, throttles, p99 over its budget and impressions not logged", async () => {
      const fn = rec.one("aws:lambda/functionUrl:FunctionUrl").inputs.functionName;
      expect(fn).to.match(/^reco-api-[0-9a-f]{7}$/);
      const alarm = (role: string) =>
        rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `reco-api-${role}`).inputs;
      for (const role of ["errors", "throttles", "p99-duration", "impressions-not-logged"]) {
        expect(alarm(role).dimensions, role).to.deep.equal({ FunctionName: fn });
      }
      expect(alarm("errors")).to.deep.include({
        namespace: "AWS/Lambda",
        metricName: "Errors",
        statistic: "Sum",
        threshold: 0,
      });
      expect(alarm("throttles")).to.deep.include({ metricName: "Throttles", threshold: 0 });
      // Percentiles are CloudWatch extended statistics; `statistic` must then be absent.
      expect(alarm("p99-duration")).to.deep.include({
        metricName: "Duration",
        extendedStatistic: "p99",
        threshold: 1000,
        evaluationPeriods: 3,
      });
      expect(alarm("p99-duration")).not.to.have.property("statistic");
      expect(alarm("impressions-not-logged")).to.deep.include({
        namespace: "RecoAnalytics/RecommendationApi",
        metricName: "ImpressionsNotLogged",
        statistic: "Sum",
        threshold: 0,
      });
    });

    it("lets the events function read the stream and put events, and nothing else", async () => {
      const statements = policy(
        rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"),
      ).Statement;
      expect(
        statements.map((s: { Sid: string; Action: string[] }) => [s.Sid, s.Action]),
      ).to.deep.equal([
        ["WriteOwnLogs", ["logs:CreateLogStream", "logs:PutLogEvents"]],
        ["WriteTraces", ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]],
        [
          "ReadStream",
          [
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:ListShards",
            "kinesis:GetShardIterator",
            "kinesis:GetRecords",
          ],
        ],
        ["DecryptStream", ["kms:Decrypt"]],
        ["PutEvents", ["personalize:PutEvents"]],
        ["ReportFailedBatches", ["sqs:SendMessage"]],
        ["EncryptFailedBatches", ["kms:GenerateDataKey", "kms:Decrypt"]],
      ]);
      expect(
        statement(rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"), "ReadStream")
          .Resource,
      ).to.deep.equal([STREAM.streamArn]);
      expect(
        statement(rec.one("aws:iam/rolePolicy:RolePolicy", "reco-events-policy"), "PutEvents")
          .Resource,
        // PutEvents has no resource-level permissions: the tracker's ARN would never match.
      ).to.deep.equal(["*"]);
      expect(
        rec.one("aws:lambda/function:Function", "reco-events").inputs.environment.variables
          .TRACKING_ID,
      ).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // The tracking id reaches the function (output wiring); the policy names no tracker.
      const tracker = rec.one(`${DYNAMIC}EventTracker`);
      expect(rec.one("aws:lambda/function:Function", "reco-events").dependencies).to.include(
        tracker.urn,
      );
    });

    it("trains with the recipe, without a campaign, and names the campaign the pipeline would create", async () => {
      expect(rec.one(`${DYNAMIC}Solution`).inputs).to.include({
        recipe: "aws-user-personalization-v2",
        region: "us-east-1",
      });
      expect(rec.one(`${DYNAMIC}Filter`).inputs.filterExpression).to.equal(
        'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("buy")',
      );
      const definition = JSON.parse(rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition);
      expect(JSON.stringify(definition)).not.to.contain("CreateCampaign");
      expect(rec.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).to.equal(
        "rate(30 days)",
      );
      const outputs = rec.one("reco:personalize-recommender:PersonalizeRecommender").outputs!;
      expect(outputs.campaignName).to.equal("reco-campaign-dev");
      expect(Object.keys(outputs).sort()).to.deep.equal([
        "apiFunctionArn",
        "apiFunctionName",
        "apiUrl",
        "campaignName",
        "datasetGroupArn",
        "dlqUrl",
        "eventTrackerArn",
        "personalizeRoleArn",
        "putEventsFunctionName",
        "stateMachineArn",
        "trackerId",
        "trainingModes",
      ]);
      expect(outputs.datasetGroupArn).to.equal(
        ARN("personalize", "dataset-group/reco-dataset-group-dev"),
      );
      // aws-user-personalization-v2 trains FULL versions only: npm run train refuses UPDATE.
      expect(outputs.trainingModes).to.deep.equal(["FULL"]);
      expect(pulumi.Output.isInstance(component.trackerId)).to.equal(true);
      // The operations dashboard charts PutEvents per tracker: the ARN is its dimension.
      expect(outputs.eventTrackerArn).to.equal(
        ARN("personalize", "event-tracker/reco-tracker-dev"),
      );
      expect(outputs.apiUrl).to.match(/^https:\/\/[0-9a-z]+\.lambda-url\.us-east-1\.on\.aws\/$/);
      expect(outputs.dlqUrl).to.match(
        /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/reco-events-dlq-[0-9a-f]{7}$/,
      );
      expect(outputs.stateMachineArn).to.match(
        /^arn:aws:states:us-east-1:123456789012:stateMachine:reco-training-/,
      );
      expect(component).to.be.instanceOf(PersonalizeRecommender);
    });
  });

  describe("prod tier", () => {
    let rec: ResourceRecorder;
    const VIEW = {
      tableName: "view",
      tableArn: ARN("dynamodb", "table/view"),
      kmsKeyArn: ARN("kms", "key/view-key"),
    };
    before(async () => {
      ({ rec } = await build({ tier: "prod", realtimeView: VIEW }));
    });

    it("encrypts the dataset group with the recommender key and protects the stateful children", async () => {
      const personalizePolicy = rec.one("aws:iam/rolePolicy:RolePolicy", "reco-personalize-policy");
      const keyArn = statement(personalizePolicy, "UseDatasetGroupKey").Resource[0];
      const role = rec.one("aws:iam/role:Role", "reco-personalize-role");
      const group = rec.one(`${DYNAMIC}DatasetGroup`);
      expect(group.inputs.kmsKeyArn).to.equal(keyArn);
      expect(group.inputs.roleArn).to.match(
        /^arn:aws:iam::123456789012:role\/reco-personalize-role-[0-9a-f]{7}$/,
      );
      expect(group.dependencies).to.include(personalizePolicy.urn);
      expect(role.protect).to.equal(false);
      expect(
        rec.resources
          .filter((r) => r.protect && r.retainOnDelete)
          .map((r) => r.name)
          .sort(),
      ).to.deep.equal(
        [
          "reco-dataset-group",
          "reco-interactions",
          "reco-items",
          "reco-key",
          "reco-key-alias",
          "reco-users",
          // What holds data besides: the failed-batch pointers, the retrain runs Scheduler could
          // not start, the logs, the notification topic.
          "reco-events-dlq",
          "reco-training-dlq",
          "reco-api-logs",
          "reco-events-logs",
          "reco-training-guardrail-logs",
          "reco-training-logs",
          "reco-training-notifications",
          "reco-training-unquote-header-logs",
        ].sort(),
      );
      expect(rec.one("aws:kms/key:Key", "reco-key").inputs).to.include({
        deletionWindowInDays: 30,
        enableKeyRotation: true,
      });
    });

    it("scopes the Personalize role to the personalize/ prefix, the lake key via S3 and its own key", async () => {
      const role = rec.one("aws:iam/role:Role", "reco-personalize-role");
      expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "personalize.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
              ArnLike: { "aws:SourceArn": ARN("personalize", "*") },
            },
          },
        ],
      });
      const statements = policy(
        rec.one("aws:iam/rolePolicy:RolePolicy", "reco-personalize-policy"),
      ).Statement;
      const keyArn = statements[4].Resource[0];
      expect(statements).to.deep.equal([
        {
          Effect: "Allow",
          Sid: "ListPersonalizeExports",
          Action: ["s3:ListBucket"],
          Resource: ["arn:aws:s3:::lake"],
          Condition: { StringLike: { "s3:prefix": ["personalize/", "personalize/*"] } },
        },
        {
          Effect: "Allow",
          Sid: "ReadPersonalizeExports",
          Action: ["s3:GetObject"],
          Resource: ["arn:aws:s3:::lake/personalize/*"],
        },
        {
          Effect: "Allow",
          Sid: "DecryptPersonalizeExports",
          Action: ["kms:Decrypt"],
          Resource: [LAKE.kmsKeyArn],
          Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
        },
        {
          Effect: "Allow",
          Sid: "PublishAttributionMetrics",
          Action: ["cloudwatch:PutMetricData"],
          Resource: ["*"],
        },
        {
          Effect: "Allow",
          Sid: "UseDatasetGroupKey",
          Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:ListGrants"],
          Resource: [keyArn],
        },
      ]);
      const keyPolicy = JSON.parse(rec.one("aws:kms/key:Key", "reco-key").inputs.policy);
      const actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "kms:DescribeKey",
        "kms:CreateGrant",
        "kms:ListGrants",
      ];
      expect(keyPolicy.Statement).to.deep.equal([
        {
          Sid: "AccountAdministersAndDelegatesToIam",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
          Action: "kms:*",
          Resource: "*",
        },
        {
          Sid: "PersonalizeUsesDatasetGroupKeyService",
          Effect: "Allow",
          Principal: { Service: "personalize.amazonaws.com" },
          Action: actions,
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        },
        {
          Sid: "PersonalizeUsesDatasetGroupKeyRole",
          Effect: "Allow",
          Principal: { AWS: rec.one(`${DYNAMIC}DatasetGroup`).inputs.roleArn },
          Action: actions,
          Resource: "*",
        },
        {
          Sid: "CloudWatchLogsEncryptsThisComponentsLogGroups",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
          ],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": [
                `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/lambda/reco-*`,
                `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/vendedlogs/states/reco-*`,
              ],
            },
          },
        },
      ]);
      // Every function's logs and environment are encrypted with it, the export-header step's too.
      for (const fn of ["reco-events", "reco-api", "reco-training-unquote-header"]) {
        expect(rec.one("aws:cloudwatch/logGroup:LogGroup", `${fn}-logs`).inputs).to.deep.equal({
          namePrefix: `/aws/lambda/${fn}-`,
          retentionInDays: 365,
          kmsKeyId: keyArn,
        });
        expect(rec.one("aws:lambda/function:Function", fn).inputs.kmsKeyArn).to.equal(keyArn);
      }
      expect(
        rec.one("aws:cloudwatch/logGroup:LogGroup", "reco-training-logs").inputs.kmsKeyId,
      ).to.equal(keyArn);
    });

    it("points the API at the pipeline's campaign with the filter, and at the real-time view", async () => {
      const fn = rec.one("aws:lambda/function:Function", "reco-api");
      expect(fn.inputs.environment.variables).to.include({
        CAMPAIGN_ARN: ARN("personalize", "campaign/reco-campaign-dev"),
        DEFAULT_FILTER: "exclude-purchased",
        VIEW_TABLE_NAME: "view",
      });
      const apiPolicy = rec.one("aws:iam/rolePolicy:RolePolicy", "reco-api-policy");
      expect(statement(apiPolicy, "GetRecommendations").Action).to.deep.equal([
        "personalize:GetRecommendations",
      ]);
      // Authorised on the campaign alone: a filter is no resource of GetRecommendations.
      expect(statement(apiPolicy, "GetRecommendations").Resource).to.deep.equal([
        ARN("personalize", "campaign/reco-campaign-dev"),
      ]);
      const filterArn = JSON.parse(fn.inputs.environment.variables.FILTER_ARNS)[
        "exclude-purchased"
      ];
      // The filter's name carries a hash of its expression, so a new expression is a new filter.
      expect(filterArn).to.match(
        /^arn:aws:personalize:us-east-1:123456789012:filter\/reco-exclude-purchased-dev-[0-9a-f]{8}$/,
      );
      expect(JSON.parse(fn.inputs.environment.variables.FILTER_ARNS)).to.deep.equal({
        "exclude-purchased": filterArn,
      });
      expect(fn.dependencies).to.include(rec.one(`${DYNAMIC}Filter`).urn);
      expect(statement(apiPolicy, "ReadTrending")).to.deep.equal({
        Effect: "Allow",
        Sid: "ReadTrending",
        Action: ["dynamodb:Query"],
        Resource: [VIEW.tableArn],
      });
      expect(statement(apiPolicy, "DecryptView")).to.deep.equal({
        Effect: "Allow",
        Sid: "DecryptView",
        Action: ["kms:Decrypt"],
        Resource: [VIEW.kmsKeyArn],
      });
    });

    it("creates the campaign with the workload-derived minimum TPS on a daily cadence", async () => {
      const definition = rec.one("aws:sfn/stateMachine:StateMachine").inputs.definition as string;
      expect(definition).to.contain('"MinProvisionedTPS":15');
      expect(rec.one("aws:scheduler/schedule:Schedule").inputs.scheduleExpression).to.equal(
        "rate(1 day)",
      );
      expect(rec.one("aws:lambda/eventSourceMapping:EventSourceMapping").inputs).to.include({
        batchSize: 1000,
        maximumBatchingWindowInSeconds: 1,
      });
    });

    it("takes an explicit minimum TPS and can switch the campaign off", async () => {
      const explicit = (await build({ tier: "prod", minProvisionedTps: 3 })).rec;
      expect(explicit.one("aws:sfn/stateMachine:StateMachine").inputs.definition).to.contain(
        '"MinProvisionedTPS":3',
      );
      const off = (await build({ tier: "prod", campaign: false }, "off")).rec;
      const env = off.one("aws:lambda/function:Function", "off-api").inputs.environment.variables;
      expect(env.CAMPAIGN_ARN).to.equal("");
      expect(off.one("aws:sfn/stateMachine:StateMachine").inputs.definition).not.to.contain(
        "MinProvisionedTPS",
      );
    });
  });

  describe("validation", () => {
    it("reports every invalid argument at once, before any resource", async () => {
      mocks.reset();
      let message = "";
      try {
        new PersonalizeRecommender(
          "bad",
          args({
            tier: "dev",
            minProvisionedTps: 0.5,
            recipe: "arn:aws:personalize:::recipe/aws-user-personalization",
            alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
            alarmTopic: {
              topicArn: "arn:aws:sns:us-east-1:123456789012:alarms",
              kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
            },
            fallbackItems: ["a", "", "a"],
            readiness: { minInteractions: 500 },
            guardrail: { maxCtrDrop: 2 },
          }),
        );
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.equal(
        [
          'PersonalizeRecommender "bad" has 9 invalid arguments:',
          "  - readiness.minInteractions is 500; it must be an integer from 1000 (Personalize's minimum interactions) to 1000000000. Fix: pass 1000 or more, or omit it for 1000.",
          "  - guardrail is set but the stack keeps no campaign; the guardrail watches a campaign update. Fix: pass campaign: true, or drop guardrail.",
          "  - guardrail is set but no real-time view is given; the guardrail reads its CTR per minute. Fix: pass realtimeView (RealtimeAnalytics' viewRefs), or guardrail: false.",
          "  - minProvisionedTps is 0.5 but campaign is false; a minimum TPS only applies to a campaign. Fix: pass campaign: true, or drop minProvisionedTps.",
          "  - minProvisionedTps is 0.5; it must be an integer from 1 to 500 (Personalize's campaign limit). Fix: pass a whole number in that range, or omit it to derive it from the workload.",
          '  - recipe is "arn:aws:personalize:::recipe/aws-user-personalization"; it must be a Personalize recipe name such as "aws-user-personalization-v2" (not an ARN). Fix: pass the name.',
          "  - alarmTopic and alarmTopicArn are both set; they name the same topic. Fix: pass alarmTopic (the topic with its key) alone.",
          '  - fallbackItems has invalid item ids [""]; each must be 1-256 characters. Fix: remove or correct them.',
          '  - fallbackItems repeats ["a"]; a served list never shows an item twice. Fix: remove the repeats.',
        ].join("\n"),
      );
      await mocks.settle();
      // Validated before super(): not even the component registers when the args are invalid.
      expect(mocks.resources.map((r) => r.type)).to.deep.equal([]);
    });

    it("refuses an experiment arm that serves a campaign the recommender does not keep", async () => {
      mocks.reset();
      const experiment = {
        name: "campaign-vs-fallback",
        salt: "2026-12",
        variants: [
          { name: "control", weight: 95, serve: "campaign" as const },
          { name: "holdout", weight: 5, serve: "fallback" as const },
        ],
      };
      expect(
        () => new PersonalizeRecommender("bad", args({ tier: "dev", campaign: false, experiment })),
      ).to.throw(
        ComponentArgsError,
        'PersonalizeRecommender "bad" has 1 invalid argument:\n' +
          '  - experiment.variants[0] "control" serves "campaign" but campaign is false; its users would get the fallback list like a holdout\'s, so the experiment would measure nothing. Fix: pass campaign: true, or drop experiment.',
      );
      await mocks.settle();
      expect(mocks.resources.map((r) => r.type)).to.deep.equal([]);
      // With the campaign kept, the same experiment is accepted.
      expect(
        () => new PersonalizeRecommender("good", args({ tier: "dev", campaign: true, experiment })),
      ).not.to.throw();
    });
  });
});
