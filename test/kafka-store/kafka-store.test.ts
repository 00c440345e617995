/**
 * KafkaStore: the exact children, the security inputs (IAM auth, private subnets, no NAT, 9098 and
 * 443 only from inside), the topic sized from the workload, and the cluster policy's exact grant.
 * StreamIngestion with this store is tested in test/stream-ingestion/msk-store.test.ts.
 */
import { expect } from "chai";
import {
  KafkaStore,
  PARTITION_INGRESS_BYTES,
  kafkaPartitions,
  validateKafkaStoreArgs,
} from "../../components/kafka-store";
import { ComponentArgsError } from "../../components/shared/args-error";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const ACCOUNT = MOCK_ACCOUNT_ID;
const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type} ${r.name}`).sort();

describe("KafkaStore", () => {
  const rec = useMocks({ stack: "dev" });

  it("has exactly its network, cluster, topic and cluster policy, parented to it", async () => {
    new KafkaStore("store", { tier: "dev" });
    await rec.settle();
    const store = rec.one("reco:kafka-store:KafkaStore");
    expect(names(rec.childrenOf(store.urn))).to.deep.equal(
      [
        "awsx:ec2:Vpc store-vpc",
        "aws:ec2/securityGroup:SecurityGroup store-cluster-sg",
        "aws:ec2/securityGroup:SecurityGroup store-endpoint-sg",
        "aws:ec2/securityGroup:SecurityGroup store-client-sg",
        "aws:ec2/vpcEndpoint:VpcEndpoint store-s3-endpoint",
        "aws:ec2/vpcEndpoint:VpcEndpoint store-dynamodb-endpoint",
        "aws:ec2/vpcEndpoint:VpcEndpoint store-sts-endpoint",
        "aws:msk/serverlessCluster:ServerlessCluster store-cluster",
        "aws:msk/topic:Topic store-topic",
        "aws:msk/clusterPolicy:ClusterPolicy store-cluster-policy",
      ].sort(),
    );
  });

  it("builds private subnets only, without NAT, in the tier's zones", async () => {
    new KafkaStore("store", { tier: "prod", vpcCidr: "10.8.0.0/16" });
    await rec.settle();
    const vpc = rec.one("awsx:ec2:Vpc").inputs;
    expect(vpc).to.deep.include({
      cidrBlock: "10.8.0.0/16",
      numberOfAvailabilityZones: 3,
      subnetStrategy: "Auto",
      subnetSpecs: [{ type: "Private" }],
      natGateways: { strategy: "None" },
    });
  });

  it("turns IAM authentication on and admits 9098 from the VPC's range only", async () => {
    new KafkaStore("store", { tier: "dev" });
    await rec.settle();
    const cluster = rec.one("aws:msk/serverlessCluster:ServerlessCluster").inputs;
    expect(cluster.clientAuthentication).to.deep.equal({ sasl: { iam: { enabled: true } } });
    const sg = rec.one("aws:ec2/securityGroup:SecurityGroup", "cluster-sg").inputs;
    expect(cluster.vpcConfigs[0].securityGroupIds).to.have.length(1);
    expect(cluster.vpcConfigs[0].securityGroupIds[0]).to.match(/^store-cluster-sg-[0-9a-f]{7}$/);
    expect(cluster.vpcConfigs[0].subnetIds).to.have.length(2);
    expect(sg.ingress).to.deep.equal([
      {
        description: "Kafka SASL/IAM over TLS from the VPC",
        protocol: "tcp",
        fromPort: 9098,
        toPort: 9098,
        cidrBlocks: ["10.42.0.0/16"],
      },
    ]);
    expect(sg.egress).to.deep.equal([]);
    const endpoints = rec.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").map((e) => ({
      service: e.inputs.serviceName,
      type: e.inputs.vpcEndpointType,
      routes: e.inputs.routeTableIds?.length ?? 0,
      subnets: e.inputs.subnetIds?.length ?? 0,
      privateDns: e.inputs.privateDnsEnabled ?? false,
    }));
    expect(endpoints).to.deep.equal([
      {
        service: "com.amazonaws.us-east-1.s3",
        type: "Gateway",
        routes: 2,
        subnets: 0,
        privateDns: false,
      },
      {
        service: "com.amazonaws.us-east-1.dynamodb",
        type: "Gateway",
        routes: 2,
        subnets: 0,
        privateDns: false,
      },
      {
        service: "com.amazonaws.us-east-1.sts",
        type: "Interface",
        routes: 0,
        subnets: 2,
        privateDns: true,
      },
    ]);
  });

  it("sizes the topic from the workload's peak and keeps the tier's retention", async () => {
    const workload = {
      avgEventsPerSecond: 500,
      peakEventsPerSecond: 20_000,
      avgEventBytes: 1000,
      retentionDays: 30,
      queriesPerDay: 10,
    };
    // 20 MB/s in: 8 partitions by ingress at half of 5 MiB/s; 40 MB/s out over two readers: 8.
    expect(kafkaPartitions(workload)).to.equal(
      Math.ceil((20_000 * 1000) / (PARTITION_INGRESS_BYTES * 0.5)),
    );
    expect(kafkaPartitions(workload)).to.equal(8);
    new KafkaStore("store", { tier: "prod", workload });
    await rec.settle();
    const topic = rec.one("aws:msk/topic:Topic").inputs;
    expect(topic).to.deep.include({
      name: "behaviour-events",
      partitionCount: 8,
      replicationFactor: 3,
    });
    expect(JSON.parse(topic.configs)).to.deep.equal({
      "retention.ms": String(168 * 3_600_000),
      "cleanup.policy": "delete",
    });
  });

  it("lets only this account's Firehose use the cluster's private connectivity", async () => {
    new KafkaStore("store", {});
    await rec.settle();
    const { policy: text, clusterArn } = rec.one("aws:msk/clusterPolicy:ClusterPolicy").inputs;
    const policy = JSON.parse(text);
    expect(clusterArn).to.match(
      new RegExp(
        `^arn:aws:kafka:us-east-1:${ACCOUNT}:cluster/store-cluster-[0-9a-f]{7}/[0-9a-f-]+-s1$`,
      ),
    );
    expect(policy.Statement).to.deep.equal([
      {
        Sid: "FirehosePrivateConnectivity",
        Effect: "Allow",
        Principal: { Service: "firehose.amazonaws.com" },
        Action: ["kafka:CreateVpcConnection", "kafka:DescribeClusterV2"],
        Resource: clusterArn,
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });

  it("reports every bad arg at once, before any resource", async () => {
    expect(
      validateKafkaStoreArgs({
        topicName: "bad topic",
        partitions: 0,
        retentionHours: 12,
        availabilityZones: 4,
        vpcCidr: "8.8.0.0/16",
      }),
    ).to.deep.equal([
      'topicName is "bad topic"; a Kafka topic name is 1-249 characters of a-z A-Z 0-9 . _ -. Fix: omit it to use "behaviour-events".',
      "partitions is 0; MSK Serverless allows 1 to 2400 whole partitions. Fix: omit it to size them from the workload.",
      "retentionHours is 12; the topic keeps records for 24 to 8760 whole hours.",
      "availabilityZones is 4; MSK Serverless needs subnets in 2 or 3 Availability Zones.",
      'vpcCidr is "8.8.0.0/16"; it must be a private IPv4 block (10/8, 172.16/12, 192.168/16) of /16 to /24 with its host bits zero, e.g. "10.42.0.0/16".',
    ]);
    expect(() => new KafkaStore("store", { vpcCidr: "10.0.0.1/16" })).to.throw(ComponentArgsError);
    await rec.settle();
    expect(rec.ofType("reco:kafka-store:KafkaStore")).to.deep.equal([]);
  });
});
