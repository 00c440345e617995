/**
 * Nothing passes unseen: a resource type the pack has not reviewed is a violation, not a silent
 * pass. A platform gate that only knows the platform's own types is blind to what a pull request
 * adds beside them (a database, an instance, a security group), so the pack keeps an allow-list of
 * reviewed types, and a stack admits more through its config, one reviewed type at a time.
 * policies/README.md argues this choice against one policy per risky type.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { dynamicKind } from "../cost/estimators/util";
import { AWSX_VPC_TYPE } from "./network";

/**
 * Types some policy of this pack reads, or that carry no data and grant nothing by themselves
 * (alarms, dashboards, named queries, aliases). Adding a type here is a review: name the policy
 * that covers it, or why it needs none.
 */
export const REVIEWED_TYPES: readonly string[] = [
  // Streaming: kinesis-*, firehose-*, flink-parallelism-cap, kms-customer-managed-key.
  "aws:kinesis/stream:Stream",
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  "aws:kinesis/resourcePolicy:ResourcePolicy",
  "aws:kinesisanalyticsv2/application:Application",
  // MSK and its network: msk-cluster-iam-tls, vpc-endpoint-private, vpc-private-only. A topic
  // lives in a cluster those check; the cluster policy admits one service pinned to the account.
  "aws:msk/serverlessCluster:ServerlessCluster",
  "aws:msk/cluster:Cluster",
  "aws:msk/topic:Topic",
  "aws:msk/clusterPolicy:ClusterPolicy",
  "aws:ec2/vpcEndpoint:VpcEndpoint",
  // OpenSearch Serverless: opensearch-serverless-private reads the security and access policies
  // and the endpoints; a collection is what they cover, a lifecycle policy only deletes old data.
  "aws:opensearch/serverlessCollection:ServerlessCollection",
  "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
  "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy",
  "aws:opensearch/serverlessLifecyclePolicy:ServerlessLifecyclePolicy",
  "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint",
  // What an awsx VPC of private subnets creates in a real preview: vpc-private-only checks the
  // subnets; a NAT gateway, an internet gateway or an Elastic IP stays unreviewed on purpose.
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  // S3: s3-* and resource-policy-* (every per-bucket setting is joined to its bucket).
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketLogging:BucketLogging",
  "aws:s3/bucketLoggingV2:BucketLoggingV2",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketAcl:BucketAcl",
  "aws:s3/bucketAclV2:BucketAclV2",
  // Objects the program uploads (code, schemas): in a bucket the s3-* policies cover.
  "aws:s3/bucketObject:BucketObject",
  "aws:s3/bucketObjectv2:BucketObjectv2",
  // Catalogue and queries: glue-catalog-encrypted, athena-*.
  "aws:glue/catalogDatabase:CatalogDatabase",
  "aws:glue/catalogTable:CatalogTable",
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
  "aws:glue/resourcePolicy:ResourcePolicy",
  "aws:athena/workgroup:Workgroup",
  "aws:athena/namedQuery:NamedQuery",
  // Identity: iam-*, role-trust-restricted (users and keys are reviewed only to be rejected).
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "aws:iam/group:Group",
  "aws:iam/groupPolicy:GroupPolicy",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  "aws:iam/policyAttachment:PolicyAttachment",
  "aws:iam/user:User",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aws:iam/accessKey:AccessKey",
  "aws:iam/userLoginProfile:UserLoginProfile",
  // Compute: lambda-*, event-source-mapping-safe, sfn-logging-enabled, personalize-min-tps-cap.
  "aws:lambda/function:Function",
  "aws:lambda/permission:Permission",
  "aws:lambda/functionUrl:FunctionUrl",
  "aws:lambda/eventSourceMapping:EventSourceMapping",
  "aws:lambda/alias:Alias",
  // Async invocation retries and destinations: grants nothing, stores nothing.
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  "aws:sfn/stateMachine:StateMachine",
  "aws:scheduler/schedule:Schedule",
  "aws:scheduler/scheduleGroup:ScheduleGroup",
  // Stores and messaging: dynamodb-*, sqs-*, sns-*, resource-policy-*.
  "aws:dynamodb/table:Table",
  "aws:dynamodb/resourcePolicy:ResourcePolicy",
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sqs/redrivePolicy:RedrivePolicy",
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
  "aws:sns/topic:Topic",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:sns/topicSubscription:TopicSubscription",
  // Keys: kms-key-rotation, resource-policy-*; aliases name keys and grant nothing.
  "aws:kms/key:Key",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:kms/alias:Alias",
  // Observability: cloudwatch-log-group-kms, log-retention-set; alarms and dashboards hold no data.
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/logStream:LogStream",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:cloudwatch/dashboard:Dashboard",
  // QuickSight reads the catalogue through Athena; its users are billed by monthly-budget.
  "aws:quicksight/dataSource:DataSource",
  "aws:quicksight/dataSet:DataSet",
  "aws:quicksight/dashboard:Dashboard",
  "aws:quicksight/analysis:Analysis",
  // Secrets and parameters: kms-customer-managed-key, ssm-secure-parameters, resource-policy-*.
  "aws:secretsmanager/secret:Secret",
  "aws:secretsmanager/secretPolicy:SecretPolicy",
  "aws:ssm/parameter:Parameter",
  // HTTP front doors: apigateway-* (methods authorised, stages logged and throttled); WAF
  // associations and deployments grant nothing; the account setting names a logging role,
  // which iam-* and role-trust-restricted check.
  "aws:apigateway/restApi:RestApi",
  "aws:apigateway/resource:Resource",
  "aws:apigateway/method:Method",
  "aws:apigateway/integration:Integration",
  "aws:apigateway/deployment:Deployment",
  "aws:apigateway/stage:Stage",
  "aws:apigateway/methodSettings:MethodSettings",
  "aws:apigateway/account:Account",
  "aws:wafv2/webAcl:WebAcl",
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  // Guest identities: a pool only hands out its roles' credentials, which role-trust-restricted
  // pins to the pool (aud) and iam-* keep narrow.
  "aws:cognito/identityPool:IdentityPool",
  "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment",
  // Capacity bought ahead of use: monthly-budget prices it; it grants and stores nothing.
  "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
  "aws:kinesis/streamConsumer:StreamConsumer",
  // Common additions with their own policies (common-exposure.ts).
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:ec2/securityGroupRule:SecurityGroupRule",
  "aws:ebs/volume:Volume",
  "aws:rds/instance:Instance",
  "aws:ecr/repository:Repository",
  "aws:ecr/repositoryPolicy:RepositoryPolicy",
];

/**
 * Component resources of other packages that the pack reviews as a whole (their children are
 * checked too): awsx's Vpc by vpc-private-only.
 */
export const REVIEWED_COMPONENT_TYPES: readonly string[] = [AWSX_VPC_TYPE];

/** Cloud Control creates any CloudFormation type; only these type names are reviewed. */
const REVIEWED_CLOUD_CONTROL = /^AWS::QuickSight::/;
/** Personalize dynamic resources: personalize-* policies and the cost model know each kind. */
const REVIEWED_DYNAMIC_KINDS = [
  "Schema",
  "DatasetGroup",
  "Dataset",
  "EventTracker",
  "Filter",
  "MetricAttribution",
  "Solution",
  "PipelineTrigger",
];

export const knownResourceTypes: ResourceValidationPolicy = {
  name: "known-resource-types",
  description:
    "Checks whether every resource is of a type the pack has reviewed (or the stack's config admits), so nothing a pull request adds passes unseen.",
  configSchema: {
    properties: {
      additionalTypes: {
        type: "array",
        items: { type: "string", minLength: 3 },
        default: [],
        description:
          "Further type tokens this stack admits after review (e.g. aws:rds/cluster:Cluster).",
      },
      componentPackages: {
        type: "array",
        items: { type: "string", pattern: "^[a-z0-9-]+$" },
        default: ["reco"],
        description:
          "Packages of the stack's own component resources, which create nothing themselves (their children are checked).",
      },
    },
  },
  validateResource: (args, report) => {
    const { additionalTypes, componentPackages } = args.getConfig<{
      additionalTypes: string[];
      componentPackages: string[];
    }>();
    const pkg = args.type.split(":")[0];
    // The stack and provider resources create nothing in the account.
    if (pkg === "pulumi") return;
    if (componentPackages.includes(pkg)) return;
    if (REVIEWED_TYPES.includes(args.type) || additionalTypes.includes(args.type)) return;
    if (REVIEWED_COMPONENT_TYPES.includes(args.type)) return;
    const kind = dynamicKind(args.type);
    if (
      kind !== undefined &&
      REVIEWED_DYNAMIC_KINDS.includes(kind) &&
      args.type.includes("personalize")
    )
      return;
    if (args.type === "aws:cloudcontrol/resource:Resource") {
      const typeName = String(args.props.typeName);
      if (REVIEWED_CLOUD_CONTROL.test(typeName) || additionalTypes.includes(typeName)) return;
      report(
        `Cloud Control type ${JSON.stringify(typeName)} is not one this pack reviews, so no policy checks its exposure, encryption or size; review it and add "${typeName}" to known-resource-types.additionalTypes in the stack's policy pack config, or write a policy for it.`,
      );
      return;
    }
    report(
      `type ${args.type} is not one this pack reviews, so no policy checks its exposure, encryption or size; review it and add it to known-resource-types.additionalTypes in the stack's policy pack config, or write a policy for it in policies/.`,
    );
  },
};
