/**
 * The calls of issue 19's stores, from the resources that configure them and each service's
 * documented needs: Firehose reading an MSK topic ("Amazon MSK as a source": the cluster's brokers,
 * the topic's data, its consumer groups), Firehose delivering to an OpenSearch Serverless
 * collection from inside a VPC ("Grant Firehose access to OpenSearch Serverless": the collection,
 * the network interfaces, the refused documents in S3), Managed Flink reading the topic from the
 * store's VPC, and producers writing the topic.
 */
import type { PlanResource } from "../../../offline/plan";
import { Call, call, objectCalls, streamReadCalls } from "./calls";
import { PlanIndex } from "./plan-index";

export const MSK_CLUSTER = "aws:msk/serverlessCluster:ServerlessCluster";
const COLLECTION = "aws:opensearch/serverlessCollection:ServerlessCollection";

const topicArn = (clusterArn: string, topic: string) =>
  `${clusterArn.replace(":cluster/", ":topic/")}/${topic}`;
const groupArn = (clusterArn: string, group: string) =>
  `${clusterArn.replace(":cluster/", ":group/")}/${group}`;

/** The network interfaces a managed service places in the VPC's subnets (Firehose, Flink). */
function placementCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  subnetIds: readonly string[],
  securityGroupIds: readonly string[],
): Call[] {
  const ec2 = (resource: string) => ix.arn("ec2", resource);
  return [
    ...[
      "DescribeVpcs",
      "DescribeSubnets",
      "DescribeSecurityGroups",
      "DescribeNetworkInterfaces",
    ].map((a) => call(principal, `ec2:${a}`, "*", origin)),
    ...subnetIds.map((s) =>
      call(principal, "ec2:CreateNetworkInterface", ec2(`subnet/${s}`), origin),
    ),
    ...securityGroupIds.map((g) =>
      call(principal, "ec2:CreateNetworkInterface", ec2(`security-group/${g}`), origin),
    ),
    ...["CreateNetworkInterface", "CreateNetworkInterfacePermission", "DeleteNetworkInterface"].map(
      (a) => call(principal, `ec2:${a}`, ec2("network-interface/eni-0123456789abcdef0"), origin),
    ),
  ];
}

/** Firehose with an MSK source: what its role does before and while it reads the topic. */
export function mskSourceCalls(delivery: PlanResource): Call[] {
  const source = delivery.inputs.mskSourceConfiguration;
  const principal = String(source.authenticationConfiguration.roleArn);
  const cluster = String(source.mskClusterArn);
  const origin = `${delivery.name}: Firehose MSK source`;
  return [
    call(principal, "kafka:GetBootstrapBrokers", "*", origin),
    ...["kafka:DescribeCluster", "kafka:DescribeClusterV2"].map((a) =>
      call(principal, a, cluster, origin),
    ),
    call(principal, "kafka-cluster:Connect", cluster, origin),
    ...["DescribeTopic", "DescribeTopicDynamicConfiguration", "ReadData"].map((a) =>
      call(principal, `kafka-cluster:${a}`, topicArn(cluster, String(source.topicName)), origin),
    ),
    call(principal, "kafka-cluster:DescribeGroup", groupArn(cluster, "firehose-0123"), origin),
  ];
}

/** Firehose to an OpenSearch Serverless collection in a VPC, refused documents to the lake. */
export function searchDeliveryCalls(ix: PlanIndex, delivery: PlanResource): Call[] {
  const cfg = delivery.inputs.opensearchserverlessConfiguration;
  const principal = String(cfg.roleArn);
  const origin = `${delivery.name}: Firehose to OpenSearch Serverless`;
  const collection = ix
    .ofType(COLLECTION)
    .find((c) => ix.stateOf(c).collectionEndpoint === cfg.collectionEndpoint)!;
  const source = delivery.inputs.kinesisSourceConfiguration;
  const s3 = cfg.s3Configuration;
  const bucket = String(s3.bucketArn).slice("arn:aws:s3:::".length);
  const key = `${String(s3.prefix)}2026/12/01/part-0.gz`;
  const vpc = cfg.vpcConfig;
  // The awsx VPC whose private subnets the delivery runs in.
  const network = ix
    .ofType("awsx:ec2:Vpc")
    .map((v) => ix.stateOf(v))
    .find((state) => (state.privateSubnetIds as string[]).includes(vpc.subnetIds[0]))!;
  const vpcId = String(network.vpcId);
  const logs = cfg.cloudwatchLoggingOptions;
  return [
    ...streamReadCalls(
      ix,
      String(source.roleArn),
      origin,
      source.kinesisStreamArn,
      ix.keyOf(source.kinesisStreamArn),
      "firehose",
    ),
    call(principal, "aoss:APIAccessAll", ix.arnOf(collection), origin),
    ...placementCalls(ix, String(vpc.roleArn), origin, vpc.subnetIds, vpc.securityGroupIds),
    call(String(vpc.roleArn), "ec2:DescribeVpcAttribute", ix.arn("ec2", `vpc/${vpcId}`), origin),
    ...["GetBucketLocation", "ListBucket", "ListBucketMultipartUploads"].map((a) =>
      call(String(s3.roleArn), `s3:${a}`, String(s3.bucketArn), origin),
    ),
    ...objectCalls(ix, String(s3.roleArn), origin, bucket, key, "multipart-write"),
    call(
      principal,
      "logs:PutLogEvents",
      ix.arn("logs", `log-group:${logs.logGroupName}:log-stream:${logs.logStreamName}`),
      origin,
    ),
  ];
}

/** The cluster a Kafka client is configured with, by its SASL/IAM bootstrap servers. */
function clusterOf(ix: PlanIndex, bootstrap: string): string {
  const cluster = ix
    .ofType(MSK_CLUSTER)
    .find((c) => ix.stateOf(c).bootstrapBrokersSaslIam === bootstrap)!;
  return ix.arnOf(cluster);
}

/** Managed Flink reading the topic from the store's VPC, as main.py's Kafka source does. */
export function flinkKafkaCalls(ix: PlanIndex, app: PlanResource): Call[] {
  const config = app.inputs.applicationConfiguration;
  const group = (
    config.environmentProperties.propertyGroups as {
      propertyGroupId: string;
      propertyMap: Record<string, string>;
    }[]
  ).find((g) => g.propertyMap.bootstrap_servers);
  if (!group) return [];
  const principal = String(app.inputs.serviceExecutionRole);
  const origin = `${app.name}: Managed Flink Kafka source`;
  const kafka = group.propertyMap;
  const cluster = clusterOf(ix, kafka.bootstrap_servers);
  return [
    call(principal, "kafka-cluster:Connect", cluster, origin),
    ...["DescribeTopic", "ReadData"].map((a) =>
      call(principal, `kafka-cluster:${a}`, topicArn(cluster, kafka.topic), origin),
    ),
    ...["DescribeGroup", "AlterGroup"].map((a) =>
      call(principal, `kafka-cluster:${a}`, groupArn(cluster, kafka.group_id), origin),
    ),
    ...placementCalls(
      ix,
      principal,
      origin,
      config.vpcConfiguration.subnetIds,
      config.vpcConfiguration.securityGroupIds,
    ),
  ];
}

/** The producer role writing the topic as KafkaEventProducer does (metadata, then produce). */
export function producerKafkaCalls(ix: PlanIndex, principal: string): Call[] {
  return ix.ofType("aws:msk/topic:Topic").flatMap((topic) => {
    const cluster = String(topic.inputs.clusterArn);
    const origin = "producer: KafkaEventProducer send";
    return [
      call(principal, "kafka-cluster:Connect", cluster, origin),
      ...["DescribeTopic", "WriteData"].map((a) =>
        call(principal, `kafka-cluster:${a}`, topicArn(cluster, String(topic.inputs.name)), origin),
      ),
    ];
  });
}
