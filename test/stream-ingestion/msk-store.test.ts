/**
 * StreamIngestion's MSK store: the KafkaStore child, the second Firehose reading the topic
 * privately into the same lake path, the roles' exact grants, and the Kafka settings refused
 * without the MSK store. KafkaStore itself is tested in test/kafka-store/.
 */
import { expect } from "chai";
import type { LakeRefs } from "../../components/shared/contracts";
import { StreamIngestion, eventsPrefix } from "../../components/stream-ingestion";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const ACCOUNT = MOCK_ACCOUNT_ID;
const LAKE: LakeRefs = {
  bucketName: "lake",
  bucketArn: "arn:aws:s3:::lake",
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/lake-key-id`,
  glueDatabaseName: "lake_dev",
  eventsTableName: "events",
  athenaWorkgroupName: "wg",
  athenaWorkgroupArn: `arn:aws:athena:us-east-1:${ACCOUNT}:workgroup/wg`,
  athenaResultsBucketName: "results",
  athenaResultsBucketArn: "arn:aws:s3:::results",
  artifactsBucketName: "artifacts",
  artifactsBucketArn: "arn:aws:s3:::artifacts",
};
const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type} ${r.name}`).sort();

describe("StreamIngestion with the MSK store", () => {
  const rec = useMocks({ stack: "dev" });
  const statements = (policy: string) =>
    Object.fromEntries(
      (
        JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", policy).inputs.policy)
          .Statement as any[]
      ).map((s) => [s.Sid, s]),
    );

  it("adds the store and a second Firehose reading the topic privately into the same lake path", async () => {
    const ingestion = new StreamIngestion("ingest", { lake: LAKE, store: "msk" });
    await rec.settle();
    expect(ingestion.settings.store).to.equal("msk");
    const parent = rec.one("reco:stream-ingestion:StreamIngestion");
    expect(names(rec.childrenOf(parent.urn))).to.include.members([
      "reco:kafka-store:KafkaStore ingest-kafka",
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream ingest-msk-delivery",
      "aws:iam/role:Role ingest-msk-delivery-role",
    ]);
    const clusterArn = rec.one("aws:msk/clusterPolicy:ClusterPolicy").inputs.clusterArn;
    const msk = rec.one(
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "msk-delivery",
    );
    const role = msk.inputs.extendedS3Configuration.roleArn;
    expect(role).to.match(/:role\/ingest-msk-delivery-role-[0-9a-f]{7}$/);
    expect(msk.inputs.mskSourceConfiguration).to.deep.equal({
      mskClusterArn: clusterArn,
      topicName: "behaviour-events",
      authenticationConfiguration: { connectivity: "PRIVATE", roleArn: role },
    });
    expect(msk.inputs.kinesisSourceConfiguration).to.equal(undefined);
    expect(msk.inputs.extendedS3Configuration.prefix).to.equal(eventsPrefix(true));
    const topicArn = clusterArn.replace(":cluster/", ":topic/") + "/behaviour-events";
    const groupArn = clusterArn.replace(":cluster/", ":group/") + "/*";
    const grants = statements("ingest-msk-delivery-policy");
    expect(grants.LocateCluster.Resource).to.deep.equal([clusterArn]);
    expect(grants.FindBrokers).to.deep.equal({
      Sid: "FindBrokers",
      Effect: "Allow",
      Action: ["kafka:GetBootstrapBrokers"],
      Resource: ["*"],
    });
    expect(grants.ReadEventsTopic).to.deep.equal({
      Sid: "ReadEventsTopic",
      Effect: "Allow",
      Action: [
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:DescribeTopicDynamicConfiguration",
        "kafka-cluster:ReadData",
      ],
      Resource: [topicArn],
    });
    expect(grants.DescribeFirehoseGroups.Resource).to.deep.equal([groupArn]);
    expect(grants.ReadStream).to.equal(undefined);
    const producer = statements("ingest-producer-policy");
    expect(producer.WriteEventsTopic).to.deep.equal({
      Sid: "WriteEventsTopic",
      Effect: "Allow",
      Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
      Resource: [topicArn],
    });
    expect(producer.ConnectToCluster.Resource).to.deep.equal([clusterArn]);
  });

  it("alarms on the topic's delivery as on the stream's: freshness, conversion failures, transform errors", async () => {
    const ingestion = new StreamIngestion("ingest", { lake: LAKE, store: "msk" });
    await rec.settle();
    const alarm = (role: string) =>
      rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `ingest-${role}`).inputs;
    const mskDelivery = /^ingest-msk-delivery-[0-9a-f]{7}$/;
    const freshness = alarm("msk-delivery-freshness");
    expect(freshness).to.deep.include({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      statistic: "Maximum",
      threshold: ingestion.settings.buffering.intervalSeconds + 15 * 60,
    });
    expect(freshness.dimensions.DeliveryStreamName).to.match(mskDelivery);
    const conversion = alarm("msk-conversion-failures");
    expect(conversion).to.deep.include({
      metricName: "FailedConversion.Records",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(conversion.dimensions.DeliveryStreamName).to.match(mskDelivery);
    const transform = alarm("msk-transform-errors");
    expect(transform).to.deep.include({ namespace: "AWS/Lambda", metricName: "Errors" });
    expect(transform.dimensions.FunctionName).to.match(/^ingest-msk-transform-[0-9a-f]{7}$/);
    // The stream's own delivery keeps its alarms, under their former names.
    expect(alarm("delivery-freshness").dimensions.DeliveryStreamName).to.match(
      /^ingest-delivery-[0-9a-f]{7}$/,
    );
  });

  it("refuses Kafka settings without the MSK store, and bad ones, naming kafka.<key>", async () => {
    expect(
      () =>
        new StreamIngestion("ingest", {
          lake: LAKE,
          kafka: { partitions: 0 },
        }),
    ).to.throw(
      'StreamIngestion "ingest" has 2 invalid arguments:\n  - kafka is set but store is "kinesis"; the Kafka settings apply to the MSK store only. Fix: set store to "msk", or remove kafka.\n  - kafka.partitions is 0; MSK Serverless allows 1 to 2400 whole partitions. Fix: omit it to size them from the workload.',
    );
    expect(
      () => new StreamIngestion("ingest", { lake: LAKE, store: "redpanda" as never }),
    ).to.throw('store is "redpanda"; it must be one of kinesis, msk.');
  });
});
