/**
 * RealtimeAnalytics's Flink engine given the MSK store: placed in the store's subnets with its
 * client security group, handed the topic as the job's KafkaSource property group, and granted
 * the topic, its consumer group and the network interfaces, nothing more.
 */
import { expect } from "chai";
import type { KafkaRefs } from "../../components/shared/kafka-contracts";
import {
  FLINK_CONSUMER_GROUP,
  KAFKA_PROPERTY_GROUP,
} from "../../components/realtime-analytics/flink-kafka";
import { MOCK_ACCOUNT_ID, useMocks } from "../mocks";
import { RealtimeAnalytics } from "../../components/realtime-analytics";
import { T, artifactsBucket, buildRealtime, statementsOf, stream, zipPath } from "./fixtures";

const CLUSTER = `arn:aws:kafka:us-east-1:${MOCK_ACCOUNT_ID}:cluster/events/0f1e2d3c-s1`;
const KAFKA: KafkaRefs = {
  clusterArn: CLUSTER,
  bootstrapServers: "boot-1.events.kafka-serverless.us-east-1.amazonaws.com:9098",
  topicName: "behaviour-events",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupId: "sg-client",
  retentionHours: 24,
};

describe("RealtimeAnalytics's Flink engine on the MSK store", () => {
  const rec = useMocks({ stack: "dev" });

  it("runs in the store's subnets and reads the topic with IAM, granted exactly that", async () => {
    await buildRealtime(rec, {
      engine: "flink",
      kafka: KAFKA,
      artifactsBucket,
      flinkArtifactPath: zipPath,
    });
    const app = rec.one(T.app).inputs.applicationConfiguration;
    expect(app.vpcConfiguration).to.deep.equal({
      subnetIds: ["subnet-a", "subnet-b"],
      securityGroupIds: ["sg-client"],
    });
    const group = app.environmentProperties.propertyGroups.find(
      (g: any) => g.propertyGroupId === KAFKA_PROPERTY_GROUP,
    );
    expect(group.propertyMap).to.deep.equal({
      bootstrap_servers: KAFKA.bootstrapServers,
      topic: "behaviour-events",
      group_id: FLINK_CONSUMER_GROUP,
    });
    const grants = Object.fromEntries(
      (statementsOf(rec.one(T.rolePolicy, "rt-flink-policy")) as any[]).map((st) => [st.Sid, st]),
    );
    const base = `arn:aws:kafka:us-east-1:${MOCK_ACCOUNT_ID}`;
    expect(grants.ConnectToCluster.Resource).to.deep.equal([CLUSTER]);
    expect(grants.ReadEventsTopic.Resource).to.deep.equal([
      `${base}:topic/events/0f1e2d3c-s1/behaviour-events`,
    ]);
    expect(grants.UseConsumerGroup).to.deep.include({
      Action: ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
      Resource: [`${base}:group/events/0f1e2d3c-s1/${FLINK_CONSUMER_GROUP}`],
    });
    expect(grants.PlaceInStoreSubnets.Resource).to.deep.equal([
      `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:network-interface/*`,
      `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:security-group/sg-client`,
      `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:subnet/subnet-a`,
      `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:subnet/subnet-b`,
    ]);
  });

  // (RealtimeAnalytics still validates after super(): issue 12 moves that before it.)
  it("refuses the topic for an engine that cannot read it, before any child", async () => {
    let error: unknown;
    try {
      new RealtimeAnalytics("rt", { stream, engine: "lambda", kafka: KAFKA });
    } catch (e) {
      error = e;
    }
    expect(String((error as Error)?.message)).to.include(
      'kafka is set but engine is "lambda"; only the flink engine reads the MSK topic (from inside the store\'s VPC). Fix: set engine to "flink", or remove kafka',
    );
    await rec.settle();
    expect([...rec.ofType(T.app), ...rec.ofType(T.fn), ...rec.ofType(T.table)]).to.deep.equal([]);
  });
});
