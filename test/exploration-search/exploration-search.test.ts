/**
 * ExplorationSearch: exact children, the collection's encryption, network and data access policies
 * as documents, the retention rule, Firehose delivering from inside the VPC, and the dashboards'
 * saved objects pointing at the index Firehose writes with a time field of the event schema.
 */
import * as fs from "node:fs";
import { expect } from "chai";
import {
  DASHBOARDS_OBJECTS_FILE,
  EVENTS_INDEX,
  ExplorationSearch,
  validateExplorationArgs,
} from "../../components/exploration-search";
import type { LakeRefs, StreamRefs } from "../../components/shared/contracts";
import { EVENT_SCHEMA } from "../../events";
import { MOCK_ACCOUNT_ID, RecordedResource, useMocks } from "../mocks";

const ACCOUNT = MOCK_ACCOUNT_ID;
const STREAM: StreamRefs = {
  streamName: "events",
  streamArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/events`,
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/stream-key`,
};
const LAKE = {
  bucketArn: "arn:aws:s3:::lake",
  kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/lake-key`,
} as LakeRefs;
const READER = `arn:aws:iam::${ACCOUNT}:role/analysts`;
const names = (rs: RecordedResource[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
const T = {
  security: "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
  access: "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy",
  lifecycle: "aws:opensearch/serverlessLifecyclePolicy:ServerlessLifecyclePolicy",
  collection: "aws:opensearch/serverlessCollection:ServerlessCollection",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
};

describe("ExplorationSearch", () => {
  const rec = useMocks({ stack: "dev" });
  const build = async (args: object = {}) => {
    const c = new ExplorationSearch("explore", {
      stream: STREAM,
      lake: LAKE,
      readerRoleArns: [READER],
      ...args,
    });
    await rec.settle();
    return c;
  };

  it("has exactly its key, policies, network, collection and delivery, parented to it", async () => {
    await build();
    const parent = rec.one("reco:exploration-search:ExplorationSearch");
    expect(names(rec.childrenOf(parent.urn))).to.deep.equal(
      [
        "aws:kms/key:Key explore-key",
        "aws:kms/alias:Alias explore-key-alias",
        `${T.security} explore-encryption`,
        `${T.security} explore-network`,
        "awsx:ec2:Vpc explore-vpc",
        "aws:ec2/securityGroup:SecurityGroup explore-endpoint-sg",
        "aws:ec2/securityGroup:SecurityGroup explore-delivery-sg",
        "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint explore-aoss-endpoint",
        `${T.collection} explore-collection`,
        `${T.lifecycle} explore-retention`,
        "aws:cloudwatch/logGroup:LogGroup explore-delivery-logs",
        "aws:cloudwatch/logStream:LogStream explore-delivery-log-stream",
        "aws:iam/role:Role explore-delivery-role",
        "aws:iam/rolePolicy:RolePolicy explore-delivery-policy",
        `${T.firehose} explore-delivery`,
        `${T.access} explore-data-access`,
      ].sort(),
    );
  });

  it("is a TIMESERIES collection on the component's key, private to its VPC endpoint", async () => {
    await build();
    const collection = rec.one(T.collection).inputs;
    expect(collection).to.deep.include({
      name: "explore",
      type: "TIMESERIES",
      standbyReplicas: "DISABLED",
    });
    const encryption = JSON.parse(rec.one(T.security, "encryption").inputs.policy);
    expect(encryption).to.deep.equal({
      Rules: [{ ResourceType: "collection", Resource: ["collection/explore"] }],
      AWSOwnedKey: false,
      KmsARN: encryption.KmsARN,
    });
    expect(encryption.KmsARN).to.match(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/`));
    const network = JSON.parse(rec.one(T.security, "network").inputs.policy);
    expect(network).to.have.length(1);
    expect(network[0].AllowFromPublic).to.equal(false);
    expect(network[0].Rules.map((r: any) => r.ResourceType)).to.deep.equal([
      "collection",
      "dashboard",
    ]);
    expect(network[0].SourceVPCEs).to.have.length(1);
    expect(rec.one(T.security, "network").inputs.type).to.equal("network");
  });

  it("grants Firehose only indexing and the named readers only reading", async () => {
    await build();
    const access = JSON.parse(rec.one(T.access).inputs.policy);
    const role = rec.one(T.firehose).inputs.opensearchserverlessConfiguration.roleArn;
    expect(access).to.deep.equal([
      {
        Description: "Firehose indexes the stream's events",
        Rules: [
          {
            ResourceType: "index",
            Resource: ["index/explore/*"],
            Permission: [
              "aoss:CreateIndex",
              "aoss:UpdateIndex",
              "aoss:DescribeIndex",
              "aoss:WriteDocument",
            ],
          },
        ],
        Principal: [role],
      },
      {
        Description: "Readers search recent events and use the dashboards",
        Rules: [
          {
            ResourceType: "index",
            Resource: ["index/explore/*"],
            Permission: ["aoss:DescribeIndex", "aoss:ReadDocument"],
          },
          {
            ResourceType: "collection",
            Resource: ["collection/explore"],
            Permission: ["aoss:DescribeCollectionItems"],
          },
        ],
        Principal: [READER],
      },
    ]);
  });

  it("deletes events after the retention, 7 days by default", async () => {
    await build({ retentionDays: 3 });
    const lifecycle = rec.one(T.lifecycle).inputs;
    expect(lifecycle.type).to.equal("retention");
    expect(JSON.parse(lifecycle.policy)).to.deep.equal({
      Rules: [{ ResourceType: "index", Resource: ["index/explore/*"], MinIndexRetention: "3d" }],
    });
  });

  it("delivers from the stream inside the VPC, refused documents to the lake's failed prefix", async () => {
    await build();
    const firehose = rec.one(T.firehose).inputs;
    expect(firehose.destination).to.equal("opensearchserverless");
    expect(firehose.kinesisSourceConfiguration.kinesisStreamArn).to.equal(STREAM.streamArn);
    const cfg = firehose.opensearchserverlessConfiguration;
    expect(cfg).to.deep.include({
      indexName: EVENTS_INDEX,
      bufferingInterval: 60,
      bufferingSize: 5,
      retryDuration: 300,
      s3BackupMode: "FailedDocumentsOnly",
    });
    expect(cfg.collectionEndpoint).to.match(
      /^https:\/\/[0-9a-f]+\.us-east-1\.aoss\.amazonaws\.com$/,
    );
    expect(cfg.s3Configuration).to.deep.include({
      bucketArn: LAKE.bucketArn,
      kmsKeyArn: LAKE.kmsKeyArn,
      prefix: "failed/exploration/",
    });
    expect(cfg.vpcConfig.subnetIds).to.have.length(2);
    expect(cfg.vpcConfig.securityGroupIds[0]).to.match(/^explore-delivery-sg-[0-9a-f]{7}$/);
  });

  it("reports every bad arg at once", () => {
    expect(
      validateExplorationArgs("x", {
        stream: STREAM,
        lake: LAKE,
        retentionDays: 365,
        readerRoleArns: ["*"],
        vpcCidr: "192.168.0.0/16",
      }),
    ).to.deep.equal([
      "retentionDays is 365; the exploration tier keeps 1 to 90 whole days (older events are the lake's).",
      'collectionName is "x"; it must be 3-27 characters, a lower-case letter then lower-case letters, digits or hyphens. Fix: set collectionName, e.g. "reco-explore".',
      'readerRoleArns[0] is "*"; it must be an IAM role ARN like arn:aws:iam::123456789012:role/analysts (the data access policy names principals, never "*").',
      'vpcCidr is "192.168.0.0/16"; it must be a 10.x.y.0 block of /16 to /24, e.g. "10.43.0.0/16".',
    ]);
  });

  it("ships an index pattern over the events index, timed by a field of the event schema", () => {
    const objects = fs
      .readFileSync(DASHBOARDS_OBJECTS_FILE, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const pattern = objects.find((o) => o.type === "index-pattern");
    expect(pattern.attributes.title).to.equal(`${EVENTS_INDEX}*`);
    const timeField = pattern.attributes.timeFieldName;
    expect(Object.keys((EVENT_SCHEMA as any).properties)).to.include(timeField);
    const search = objects.find((o) => o.type === "search");
    expect(search.references).to.deep.equal([
      {
        id: pattern.id,
        name: "kibanaSavedObjectMeta.searchSourceJSON.index",
        type: "index-pattern",
      },
    ]);
    expect(search.attributes.sort).to.deep.equal([[timeField, "desc"]]);
    for (const column of search.attributes.columns) {
      expect(Object.keys((EVENT_SCHEMA as any).properties)).to.include(column);
    }
  });
});
