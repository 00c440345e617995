/**
 * The reco-analytics program: loads the stack's settings (failing before any resource exists when
 * they are invalid), composes the five components on the stack's one AWS provider, and exports
 * what operators and other stacks need.
 */
import { AlarmTopic, alarmKeyStatement } from "./components/alarm-topic";
import { KPIDashboard } from "./components/kpi-dashboard";
import { DataLake, lakeKeyStatements, resolveLakeArgs } from "./components/data-lake";
import { HttpCollector } from "./components/http-collector";
import { ExplorationSearch } from "./components/exploration-search";
import { API_P99_BUDGET_MS, PersonalizeRecommender } from "./components/personalize-recommender";
import { RealtimeAnalytics } from "./components/realtime-analytics";
import { StreamIngestion } from "./components/stream-ingestion";
import { KpiServingApi } from "./components/kpi-serving";
import { SharedKey } from "./components/shared/shared-key";
import { createAwsProvider, deployRoleArn, loadStackSettings } from "./stacks";

const settings = loadStackSettings();
const { stack } = settings;
const provider = createAwsProvider(settings);
const opts = { providers: [provider] };
const lakeArgs = { catalogEncryption: settings.catalogEncryption };
// Dev shares one key: its policy carries exactly the service statements the components' own keys
// would (the alarm topic's, the lake's, and CloudWatch Logs for this stack's log groups).
const sharedKmsKeyArn = settings.sharedKmsKey
  ? new SharedKey(
      `${stack}-key`,
      {
        tier: settings.tier,
        logGroupPrefix: `${stack}-`,
        protectData: settings.protectData,
        serviceStatements: (ctx) => {
          const lakeSettings = resolveLakeArgs(`${stack}-lake`, {
            tier: settings.tier,
            workload: settings.workload,
            protectData: settings.protectData,
            ...lakeArgs,
          });
          return [
            alarmKeyStatement(ctx),
            ...lakeKeyStatements(ctx, lakeSettings.accessLogs, lakeSettings.personalizeAccess),
          ];
        },
      },
      opts,
    ).keyArn
  : undefined;
const common = {
  tier: settings.tier,
  workload: settings.workload,
  logRetentionDays: settings.logRetentionDays,
  protectData: settings.protectData,
  ...(sharedKmsKeyArn ? { sharedKmsKeyArn } : {}),
};

const alerts = new AlarmTopic(
  `${stack}-alerts`,
  {
    tier: settings.tier,
    emails: settings.dashboard.alarmEmails,
    ...(sharedKmsKeyArn ? { sharedKmsKeyArn } : {}),
  },
  opts,
);
const alarmTopicArn = alerts.topicArn;

const lake = new DataLake(`${stack}-lake`, { ...common, alarmTopicArn, ...lakeArgs }, opts);

const ingestion = new StreamIngestion(
  `${stack}-ingest`,
  {
    ...common,
    alarmTopicArn,
    lake: lake.refs,
    transformLambda: settings.ingestion.transformLambda,
    store: settings.ingestion.store,
    ...(settings.ingestion.existingStreamArn
      ? {
          existingStream: {
            arn: settings.ingestion.existingStreamArn,
            kmsKeyArn: settings.ingestion.existingStreamKmsKeyArn,
          },
        }
      : {
          streamMode: settings.ingestion.streamMode,
          retentionHours: settings.ingestion.retentionHours,
        }),
  },
  opts,
);

// Optional: a public endpoint exists only where a stack names the sites that send to it.
const collector = settings.collector
  ? new HttpCollector(
      `${stack}-collector`,
      {
        ...common,
        alarmTopicArn,
        stream: ingestion.refs,
        allowedOrigins: settings.collector.allowedOrigins,
        manageAccountLogRole: settings.collector.manageAccountLogRole,
        ...(settings.collector.requestsPerClientPer5Minutes !== undefined
          ? { requestsPerClientPer5Minutes: settings.collector.requestsPerClientPer5Minutes }
          : {}),
      },
      opts,
    )
  : undefined;

const realtime = new RealtimeAnalytics(
  `${stack}-realtime`,
  {
    ...common,
    alarmTopicArn,
    stream: ingestion.refs,
    ...(ingestion.kafka ? { kafka: ingestion.kafka } : {}),
    engine: settings.realtime.engine,
    artifactsBucket: {
      name: lake.artifactsBucketName,
      arn: lake.artifactsBucketArn,
      kmsKeyArn: lake.kmsKeyArn,
    },
    ...(settings.realtime.flinkArtifactS3Uri
      ? { flinkArtifactS3Uri: settings.realtime.flinkArtifactS3Uri }
      : {}),
  },
  opts,
);

// The optional exploration tier: recent events in OpenSearch Serverless, fed from the stream.
const exploration = settings.exploration.enabled
  ? new ExplorationSearch(
      `${stack}-explore`,
      {
        ...common,
        stream: ingestion.refs,
        lake: lake.refs,
        retentionDays: settings.exploration.retentionDays,
      },
      opts,
    )
  : undefined;

const recommender = new PersonalizeRecommender(
  `${stack}-reco`,
  {
    ...common,
    alarmTopic: { topicArn: alarmTopicArn, kmsKeyArn: alerts.kmsKeyArn },
    lake: lake.refs,
    stream: ingestion.refs,
    region: settings.aws.region,
    ...(settings.aws.assumeRoleArn ? { assumeRoleArn: deployRoleArn(settings) } : {}),
    recipe: settings.personalize.recipe,
    campaign: settings.personalize.campaign,
    retrainSchedule: settings.personalize.retrainSchedule,
    ...(settings.personalize.experiment ? { experiment: settings.personalize.experiment } : {}),
    ...(realtime.engine !== "off" ? { realtimeView: realtime.viewRefs } : {}),
  },
  opts,
);

const dashboard = new KPIDashboard(
  `${stack}-kpi`,
  {
    ...common,
    alarmTopicArn,
    lake: lake.refs,
    quicksight: {
      enabled: settings.dashboard.quicksightEnabled,
      principals: settings.dashboard.quicksightPrincipals,
    },
    operations: {
      streamName: ingestion.streamName,
      deliveryStreamName: ingestion.deliveryStreamName,
      functionNames: [
        ...(ingestion.transformFunctionName ? [ingestion.transformFunctionName] : []),
        ...(realtime.lambdaFunction ? [realtime.lambdaFunction.name] : []),
      ],
      ...(realtime.flinkApplication
        ? { flinkApplicationName: realtime.flinkApplication.name }
        : {}),
      stateMachineArns: [recommender.stateMachineArn],
      putEventsFunctionName: recommender.putEventsFunctionName,
      eventTrackerArn: recommender.eventTrackerArn,
      athenaWorkgroupName: lake.athenaWorkgroupName,
      apiFunctionName: recommender.apiFunctionName,
      apiP99BudgetMs: API_P99_BUDGET_MS,
      alarmArns: [
        ...ingestion.alarmArns,
        ...recommender.apiAlarmArns,
        ...(collector?.alarmArns ?? []),
      ],
    },
  },
  opts,
);

// The serving layer: closed days from the batch KPI table, today from the speed view.
const kpiApi = new KpiServingApi(
  `${stack}-kpi-serving`,
  {
    ...common,
    lake: lake.refs,
    kpiTableName: dashboard.kpiTableNames.apply((tables) => tables.channel_kpis),
    ...(realtime.engine !== "off"
      ? {
          realtimeView: {
            tableName: realtime.viewTableName,
            tableArn: realtime.viewTableArn,
            kmsKeyArn: realtime.viewKmsKeyArn,
          },
        }
      : {}),
  },
  opts,
);

export const tier = settings.tier;
export const region = settings.aws.region;
export const streamName = ingestion.streamName;
export const streamArn = ingestion.streamArn;
export const producerRoleArn = ingestion.producerRoleArn;
export const deliveryStreamName = ingestion.deliveryStreamName;
export const lakeBucket = lake.bucketName;
export const athenaResultsBucket = lake.athenaResultsBucketName;
export const glueDatabase = lake.glueDatabaseName;
export const eventsTable = lake.eventsTableName;
export const athenaWorkgroup = lake.athenaWorkgroupName;
export const realtimeEngine = realtime.engine;
export const realtimeViewTable = realtime.viewTableName;
export const datasetGroupArn = recommender.datasetGroupArn;
export const trainingStateMachineArn = recommender.stateMachineArn;
/** What `npm run train --mode` may ask for: the modes the solution's recipe accepts. */
export const trainingModes = recommender.trainingModes;
export const campaignName = recommender.campaignName;
export const recommendationApiUrl = recommender.apiUrl;
/** Grant callers lambda:InvokeFunctionUrl on this ARN: the API's URL is IAM-authenticated. */
export const recommendationApiFunctionArn = recommender.apiFunctionArn;
export const realtimeEventsDlqUrl = recommender.dlqUrl;
export const kpiMaterialisationStateMachineArn = dashboard.materialisationStateMachineArn;
export const kpiApiUrl = kpiApi.url;
/** Grant callers lambda:InvokeFunctionUrl on this ARN: the KPI API's URL is IAM-authenticated. */
export const kpiApiFunctionArn = kpiApi.functionArn;
export const alarmTopic = alarmTopicArn;
// Only a stack with QuickSight has a dashboard id: exporting undefined would make Pulumi warn on
// every run of the others that the output will not show.
if (dashboard.quicksightDashboardId) {
  module.exports.quicksightDashboardId = dashboard.quicksightDashboardId;
}
if (kpiApi.dashboardName) {
  module.exports.realtimeDashboard = kpiApi.dashboardName;
}
if (collector) {
  /** Where browsers and apps POST events, and what their guest credentials come from. */
  module.exports.collectorEndpoint = collector.endpoint;
  module.exports.collectorIdentityPoolId = collector.identityPoolId;
  module.exports.collectorGuestRoleArn = collector.guestRoleArn;
  module.exports.collectorDeadLetterQueueUrl = collector.deadLetterQueueUrl;
}
if (exploration) {
  module.exports.explorationCollectionEndpoint = exploration.collectionEndpoint;
  module.exports.explorationDashboardEndpoint = exploration.dashboardEndpoint;
}
if (ingestion.kafka) {
  module.exports.kafkaBootstrapServers = ingestion.kafka.bootstrapServers;
  module.exports.kafkaTopic = ingestion.kafka.topicName;
}
if (dashboard.operationsDashboardName) {
  module.exports.operationsDashboard = dashboard.operationsDashboardName;
}
