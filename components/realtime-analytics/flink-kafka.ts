/**
 * What the flink engine needs to read the MSK store's topic: the property group main.py turns into
 * a Kafka source (SASL/IAM over TLS), the topic and group permissions, and the network-interface
 * permissions Managed Flink uses to place the application in the store's VPC.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../shared/iam";
import { KafkaRefs, kafkaReaderStatements } from "../shared/kafka-contracts";
import application from "./flink/application.json";

export const KAFKA_PROPERTY_GROUP = application.kafka.propertyGroupId;
/** The consumer group whose offsets the job commits (checkpoints hold the truth; offsets show lag). */
export const FLINK_CONSUMER_GROUP = "reco-realtime-kpis";

export function kafkaPropertyGroup(kafka: KafkaRefs) {
  return {
    propertyGroupId: KAFKA_PROPERTY_GROUP,
    propertyMap: {
      bootstrap_servers: kafka.bootstrapServers,
      topic: kafka.topicName,
      group_id: FLINK_CONSUMER_GROUP,
    },
  };
}

export function flinkKafkaStatements(
  kafka: KafkaRefs,
  region: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): PolicyStatement[] {
  const subnetArns = pulumi.output(kafka.subnetIds).apply((ids) => ids.map((id) => `subnet/${id}`));
  return [
    ...kafkaReaderStatements(kafka, FLINK_CONSUMER_GROUP),
    {
      // Describe calls of EC2 have no resource-level permissions: "*" is the only Resource.
      Sid: "DescribeVpcForPlacement",
      Action: [
        "ec2:DescribeVpcs",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeDhcpOptions",
        "ec2:DescribeNetworkInterfaces",
      ],
      Resource: ["*"],
    },
    {
      Sid: "PlaceInStoreSubnets",
      Action: [
        "ec2:CreateNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterface",
      ],
      Resource: pulumi
        .all([subnetArns, kafka.clientSecurityGroupId, region, accountId])
        .apply(([subnets, sg, r, a]) => [
          `arn:aws:ec2:${r}:${a}:network-interface/*`,
          `arn:aws:ec2:${r}:${a}:security-group/${sg}`,
          ...subnets.map((s) => `arn:aws:ec2:${r}:${a}:${s}`),
        ]),
    },
  ];
}
