/**
 * What a Kafka stream store (KafkaStore, inside StreamIngestion with `store: "msk"`) gives the
 * components that write to it or read from it, and the IAM statements each side needs: MSK's IAM
 * access control names the cluster, the topic and the consumer group as separate resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "./iam";

export interface KafkaRefs {
  readonly clusterArn: pulumi.Input<string>;
  /** `host:9098,…` of the SASL/IAM listener. */
  readonly bootstrapServers: pulumi.Input<string>;
  readonly topicName: pulumi.Input<string>;
  /** Private subnets a client inside the VPC runs in. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Security group a client attaches: egress to the brokers and the VPC endpoints only. */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  /** Hours the topic keeps records. */
  readonly retentionHours: number;
}

/**
 * `arn:…:cluster/<name>/<uuid>` → `arn:…:<kind>/<name>/<uuid>/<resource>`: MSK names topics and
 * groups under their cluster's name and UUID.
 */
export function kafkaResourceArn(
  clusterArn: pulumi.Input<string>,
  kind: "topic" | "group",
  resource: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi
    .all([clusterArn, resource])
    .apply(([arn, name]) => `${arn.replace(":cluster/", `:${kind}/`)}/${name}`);
}

/** A producer: connect, then describe and write the one topic. */
export function kafkaWriterStatements(kafka: KafkaRefs): PolicyStatement[] {
  return [
    { Sid: "ConnectToCluster", Action: ["kafka-cluster:Connect"], Resource: [kafka.clusterArn] },
    {
      Sid: "WriteEventsTopic",
      Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
      Resource: [kafkaResourceArn(kafka.clusterArn, "topic", kafka.topicName)],
    },
  ];
}

/** A consumer in group `group`: connect, read the one topic, commit its group's offsets. */
export function kafkaReaderStatements(
  kafka: KafkaRefs,
  group: pulumi.Input<string>,
): PolicyStatement[] {
  return [
    { Sid: "ConnectToCluster", Action: ["kafka-cluster:Connect"], Resource: [kafka.clusterArn] },
    {
      Sid: "ReadEventsTopic",
      Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"],
      Resource: [kafkaResourceArn(kafka.clusterArn, "topic", kafka.topicName)],
    },
    {
      Sid: "UseConsumerGroup",
      Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
      Resource: [kafkaResourceArn(kafka.clusterArn, "group", group)],
    },
  ];
}
