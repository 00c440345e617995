/**
 * The MSK Serverless cluster and its topic. Serverless always encrypts in transit (TLS only) and at
 * rest (with an AWS-owned key: it accepts no customer key), and IAM is the one client
 * authentication it offers, which this component turns on explicitly.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulOpts } from "../shared/logs";
import type { AccountContext } from "../shared/key-policy";
import type { ResolvedKafkaStoreArgs } from "./args";
import type { KafkaNetwork } from "./network";

/** MSK Serverless keeps three replicas of every partition and accepts no other factor. */
export const SERVERLESS_REPLICATION_FACTOR = 3;

/** The topic's Kafka configuration: time-based retention, deletion (not compaction) of old data. */
export function topicConfigs(retentionHours: number): Record<string, string> {
  return {
    "retention.ms": String(retentionHours * 3_600_000),
    "cleanup.policy": "delete",
  };
}

export interface KafkaCluster {
  readonly cluster: aws.msk.ServerlessCluster;
  readonly topic: aws.msk.Topic;
}

export function createCluster(
  name: string,
  settings: ResolvedKafkaStoreArgs,
  network: KafkaNetwork,
  ctx: AccountContext,
  parent: pulumi.Resource,
): KafkaCluster {
  const cluster = new aws.msk.ServerlessCluster(
    `${name}-cluster`,
    {
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfigs: [
        {
          subnetIds: network.privateSubnetIds,
          securityGroupIds: [network.clusterSecurityGroup.id],
        },
      ],
    },
    statefulOpts(parent, settings.protectData),
  );
  const topic = new aws.msk.Topic(
    `${name}-topic`,
    {
      clusterArn: cluster.arn,
      name: settings.topicName,
      partitionCount: settings.partitions,
      replicationFactor: SERVERLESS_REPLICATION_FACTOR,
      configs: JSON.stringify(topicConfigs(settings.retentionHours)),
    },
    statefulOpts(parent, settings.protectData),
  );
  // Firehose reads a cluster through MSK's private connectivity, which the cluster's own policy
  // must allow for the Firehose service of this account. (GetBootstrapBrokers has no
  // resource-level permissions, so it cannot be granted on the cluster: the delivery role has it.)
  new aws.msk.ClusterPolicy(
    `${name}-cluster-policy`,
    {
      clusterArn: cluster.arn,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "FirehosePrivateConnectivity",
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: ["kafka:CreateVpcConnection", "kafka:DescribeClusterV2"],
            Resource: cluster.arn,
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
          },
        ],
      }),
    },
    { parent },
  );
  return { cluster, topic };
}
