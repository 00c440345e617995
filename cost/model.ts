/**
 * The cost model: a monthly estimate for each resource of a stack, from its recorded inputs and
 * the stack's workload, priced for the stack's region. Types that AWS does not bill (IAM, bucket
 * settings, aliases) are free by name; a billable type nobody wrote an estimator for is reported
 * as unknown, never as zero.
 */
import { CostAssumptions, DEFAULT_ASSUMPTIONS } from "./assumptions";
import { roundCents } from "./bill";
import { CostContext } from "./context";
import { athenaWorkgroup, flinkApplication, glueDatabase } from "./estimators/analytics";
import { lambdaFunction, schedule, stateMachine } from "./estimators/compute";
import {
  dashboard,
  dynamodbTable,
  kmsKey,
  logGroup,
  metricAlarm,
  quicksight,
  snsTopic,
  sqsQueue,
} from "./estimators/operations";
import { campaigns, datasetGroup, eventTracker, solution } from "./estimators/personalize";
import { bucket } from "./estimators/storage";
import {
  ebsVolume,
  ecrRepository,
  provisionedConcurrency,
  secret,
  ssmParameter,
  streamConsumer,
} from "./estimators/capacity";
import { firehose, kinesisStream } from "./estimators/streaming";
import { restApi, webAcl } from "./estimators/http";
import { awsxVpc, mskServerlessCluster, vpcEndpoint } from "./estimators/network";
import { serverlessCollection, serverlessVpcEndpoint } from "./estimators/search";
import { dynamicKind } from "./estimators/util";
import type { CostBlock, CostItem, CostOptions, CostResource } from "./types";

type Estimator = (r: CostResource, ctx: CostContext) => CostItem[];

const ESTIMATORS: Readonly<Record<string, Estimator>> = {
  "aws:kinesis/stream:Stream": kinesisStream,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehose,
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketV2:BucketV2": bucket,
  "aws:glue/catalogDatabase:CatalogDatabase": glueDatabase,
  "aws:athena/workgroup:Workgroup": athenaWorkgroup,
  "aws:kinesisanalyticsv2/application:Application": flinkApplication,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:sfn/stateMachine:StateMachine": (r, ctx) => [...stateMachine(r, ctx), ...campaigns(r, ctx)],
  "aws:scheduler/schedule:Schedule": schedule,
  "aws:dynamodb/table:Table": dynamodbTable,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": dashboard,
  "aws:quicksight/dataSource:DataSource": quicksight,
  "aws:quicksight/dataSet:DataSet": quicksight,
  "aws:quicksight/dashboard:Dashboard": quicksight,
  "aws:quicksight/analysis:Analysis": quicksight,
  // QuickSight dashboards are deployed through Cloud Control; other Cloud Control types are unknown.
  "aws:cloudcontrol/resource:Resource": (r, ctx) =>
    String(r.inputs.typeName ?? "").startsWith("AWS::QuickSight::")
      ? quicksight(r, ctx)
      : [
          {
            urn: r.urn,
            type: r.type,
            monthly: null,
            basis: `unknown: no estimator for Cloud Control type ${String(r.inputs.typeName)}`,
          },
        ],
  "aws:kms/key:Key": kmsKey,
  "aws:sns/topic:Topic": snsTopic,
  "aws:sqs/queue:Queue": sqsQueue,
  "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": provisionedConcurrency,
  "aws:kinesis/streamConsumer:StreamConsumer": streamConsumer,
  "aws:ebs/volume:Volume": ebsVolume,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:ssm/parameter:Parameter": ssmParameter,
  "aws:ecr/repository:Repository": ecrRepository,
  "aws:apigateway/restApi:RestApi": restApi,
  "aws:wafv2/webAcl:WebAcl": webAcl,
  "aws:msk/serverlessCluster:ServerlessCluster": mskServerlessCluster,
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "awsx:ec2:Vpc": awsxVpc,
  "aws:opensearch/serverlessCollection:ServerlessCollection": serverlessCollection,
  "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint": serverlessVpcEndpoint,
};

/** Personalize dynamic resources by kind; the rest of Personalize bills nothing by itself. */
const DYNAMIC_ESTIMATORS: Readonly<Record<string, Estimator>> = {
  Solution: solution,
  DatasetGroup: datasetGroup,
  EventTracker: eventTracker,
};
const FREE_DYNAMIC_KINDS = new Set([
  "Schema",
  "Dataset",
  "Filter",
  "MetricAttribution",
  "PipelineTrigger",
]);

/** Types AWS does not bill by themselves (their usage is billed on the resources above). */
const FREE_TYPE_PATTERNS: readonly RegExp[] = [
  /^pulumi:/,
  /^aws:iam\//,
  /^aws:s3\/bucket(?!V2:|:)\w+:/,
  /^aws:s3\/accountPublicAccessBlock:/,
  /^aws:(kinesis|dynamodb)\/resourcePolicy:/,
  /^aws:secretsmanager\/secretPolicy:/,
  /^aws:ecr\/(repositoryPolicy|registryPolicy|lifecyclePolicy):/,
  /^aws:kms\/keyPolicy:/,
  /^aws:ec2\/securityGroup(Rule)?:/,
  /^aws:vpc\/securityGroup(Ingress|Egress)Rule:/,
  /^aws:kms\/alias:/,
  // A topic's partitions and a cluster's policy are billed on the cluster's line.
  /^aws:msk\/(topic|clusterPolicy):/,
  /^aws:opensearch\/serverless(SecurityPolicy|AccessPolicy|LifecyclePolicy):/,
  /^aws:glue\/(catalogTable|dataCatalogEncryptionSettings|resourcePolicy):/,
  /^aws:athena\/namedQuery:/,
  /^aws:cloudwatch\/logStream:/,
  /^aws:cloudwatch\/logResourcePolicy:/,
  /^aws:lambda\/(eventSourceMapping|functionUrl|permission|alias|functionEventInvokeConfig):/,
  /^aws:cloudwatch\/(eventTarget|logSubscriptionFilter):/,
  /^aws:sns\/(topicSubscription|topicPolicy):/,
  /^aws:sqs\/(queuePolicy|redrivePolicy|redriveAllowPolicy):/,
  /^aws:scheduler\/scheduleGroup:/,
  /^aws:quicksight\/(folder|folderMembership|groupMembership|refreshSchedule):/,
  // A REST API bills per request (on the API); its parts, the account setting and the WAF
  // association bill nothing; Cognito identity pools are free.
  /^aws:apigateway\/(resource|method|integration|deployment|stage|methodSettings|account):/,
  /^aws:wafv2\/webAclAssociation:/,
  /^aws:cognito\/(identityPool|identityPoolRoleAttachment):/,
];

export function isFree(type: string): boolean {
  const kind = dynamicKind(type);
  if (kind !== undefined) return FREE_DYNAMIC_KINDS.has(kind);
  return FREE_TYPE_PATTERNS.some((p) => p.test(type));
}

function estimatorFor(type: string): Estimator | undefined {
  const kind = dynamicKind(type);
  return kind !== undefined ? DYNAMIC_ESTIMATORS[kind] : ESTIMATORS[type];
}

/** Monthly cost of every billable resource, the priced total, and how many lines are unknown. */
export function estimateCost(
  resources: readonly CostResource[],
  options: CostOptions,
  assumptions: Partial<CostAssumptions> = {},
): CostBlock {
  const ctx = new CostContext(resources, options.region, options.workload, {
    ...DEFAULT_ASSUMPTIONS,
    ...assumptions,
  });
  const items: CostItem[] = [];
  for (const r of resources) {
    if (r.custom === false || isFree(r.type)) continue;
    const estimate = estimatorFor(r.type);
    items.push(
      ...(estimate
        ? estimate(r, ctx)
        : [
            {
              urn: r.urn,
              type: r.type,
              monthly: null,
              basis: "unknown: no estimator for this type in cost/model.ts",
            },
          ]),
    );
  }
  const priced = items.filter((i) => i.monthly !== null);
  return {
    currency: "USD",
    region: options.region,
    monthlyTotal: roundCents(priced.reduce((sum, i) => sum + (i.monthly as number), 0)),
    unpriced: items.length - priced.length,
    items,
  };
}

/** Items by monthly cost, largest first; unknown lines last. */
export function topItems(block: CostBlock, n = block.items.length): CostItem[] {
  return [...block.items].sort((a, b) => (b.monthly ?? -1) - (a.monthly ?? -1)).slice(0, n);
}
