/**
 * KafkaStore: Amazon MSK Serverless as the behaviour-log store — a private awsx VPC without NAT,
 * VPC endpoints for the AWS services its clients call, the cluster (IAM authentication, TLS only)
 * and the one events topic sized from the workload. StreamIngestion builds it for `store: "msk"`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { KafkaRefs } from "../shared/kafka-contracts";
import { accountContext } from "../shared/key-policy";
import { KafkaStoreArgs, ResolvedKafkaStoreArgs, resolveKafkaStoreArgs } from "./args";
import { createCluster } from "./cluster";
import { createNetwork } from "./network";

export const KAFKA_STORE_TYPE = "reco:kafka-store:KafkaStore";

export class KafkaStore extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults and sizing applied. */
  readonly settings: ResolvedKafkaStoreArgs;
  readonly clusterArn: pulumi.Output<string>;
  readonly bootstrapServers: pulumi.Output<string>;
  readonly topicName: pulumi.Output<string>;
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string[]>;
  readonly clientSecurityGroupId: pulumi.Output<string>;
  readonly refs: KafkaRefs;

  constructor(name: string, args: KafkaStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveKafkaStoreArgs(name, args);
    super(KAFKA_STORE_TYPE, name, {}, opts);
    this.settings = settings;
    const ctx = accountContext(this);
    const network = createNetwork(name, settings, ctx.region, this);
    const { cluster, topic } = createCluster(name, settings, network, ctx, this);
    this.clusterArn = cluster.arn;
    this.bootstrapServers = cluster.bootstrapBrokersSaslIam;
    this.topicName = topic.name;
    this.vpcId = network.vpcId;
    this.privateSubnetIds = network.privateSubnetIds;
    this.clientSecurityGroupId = network.clientSecurityGroup.id;
    this.refs = {
      clusterArn: this.clusterArn,
      bootstrapServers: this.bootstrapServers,
      topicName: this.topicName,
      subnetIds: this.privateSubnetIds,
      clientSecurityGroupId: this.clientSecurityGroupId,
      retentionHours: settings.retentionHours,
    };
    this.registerOutputs({
      clusterArn: this.clusterArn,
      bootstrapServers: this.bootstrapServers,
      topicName: this.topicName,
      vpcId: this.vpcId,
      partitions: settings.partitions,
    });
  }
}
