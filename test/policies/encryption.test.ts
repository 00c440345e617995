import { expect } from "chai";
import { isPersonalizeDatasetGroup } from "../../policies/encryption";
import {
  describeResourcePolicy as resourcePolicy,
  messages,
  res,
  urnOf,
  violations,
  withPath,
} from "./helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";

describe("encryption policies", () => {
  resourcePolicy(
    "kinesis-stream-encrypted",
    "aws:kinesis/stream:Stream",
    { encryptionType: "KMS", kmsKeyId: KEY },
    [
      {
        path: "encryptionType",
        value: undefined,
        message:
          'encryptionType is "NONE"; it must be "KMS" with kmsKeyId set to a customer-managed key.',
      },
      {
        path: "kmsKeyId",
        value: undefined,
        message:
          'encryptionType is "KMS" but kmsKeyId is not set; set it to a customer-managed key ARN.',
      },
    ],
  );

  resourcePolicy(
    "athena-workgroup-encrypted-enforced",
    "aws:athena/workgroup:Workgroup",
    {
      configuration: {
        enforceWorkgroupConfiguration: true,
        resultConfiguration: {
          encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY },
        },
      },
    },
    [
      {
        path: "configuration.enforceWorkgroupConfiguration",
        value: false,
        message:
          "configuration.enforceWorkgroupConfiguration is false; it must be true so clients cannot override result encryption or the scan cutoff.",
      },
      {
        path: "configuration.resultConfiguration.encryptionConfiguration.encryptionOption",
        value: "SSE_S3",
        message:
          'query results are encrypted with "SSE_S3"; set configuration.resultConfiguration.encryptionConfiguration { encryptionOption: "SSE_KMS", kmsKeyArn }.',
      },
    ],
  );

  resourcePolicy("sns-topic-encrypted", "aws:sns/topic:Topic", { kmsMasterKeyId: KEY }, [
    {
      path: "kmsMasterKeyId",
      value: undefined,
      message:
        "kmsMasterKeyId is not set; SNS topics are unencrypted by default, so set a KMS key.",
    },
  ]);

  resourcePolicy("sqs-queue-encrypted", "aws:sqs/queue:Queue", { kmsMasterKeyId: KEY }, [
    {
      path: "kmsMasterKeyId",
      value: undefined,
      message:
        "kmsMasterKeyId is not set; failed records are behaviour data, so encrypt the queue with a customer-managed KMS key.",
    },
  ]);

  resourcePolicy(
    "dynamodb-table-encrypted",
    "aws:dynamodb/table:Table",
    { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } },
    [
      {
        path: "serverSideEncryption.kmsKeyArn",
        value: undefined,
        message:
          "serverSideEncryption must be { enabled: true, kmsKeyArn } with a customer-managed key.",
      },
      {
        path: "serverSideEncryption",
        value: undefined,
        message:
          "serverSideEncryption must be { enabled: true, kmsKeyArn } with a customer-managed key.",
      },
    ],
  );

  resourcePolicy(
    "cloudwatch-log-group-kms",
    "aws:cloudwatch/logGroup:LogGroup",
    { kmsKeyId: KEY },
    [
      {
        path: "kmsKeyId",
        value: undefined,
        message:
          "kmsKeyId is not set; logs can hold event payloads, so encrypt the group with a customer-managed key.",
      },
    ],
  );

  resourcePolicy("kms-key-rotation", "aws:kms/key:Key", { enableKeyRotation: true }, [
    {
      path: "enableKeyRotation",
      value: false,
      message: "enableKeyRotation is not true; turn on automatic rotation for this symmetric key.",
    },
  ]);

  it("kms-key-rotation leaves asymmetric keys alone (AWS cannot rotate them)", async () => {
    const key = res("aws:kms/key:Key", "r", {
      customerMasterKeySpec: "RSA_2048",
      keyUsage: "SIGN_VERIFY",
    });
    expect(await messages("kms-key-rotation", [key])).to.deep.equal([]);
  });

  it("sqs-queue-encrypted accepts SQS-managed SSE when the config does not require a customer key", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "policy-")), "relaxed.json");
    writeFileSync(
      file,
      JSON.stringify({
        all: "mandatory",
        "sqs-queue-encrypted": { requireCustomerManagedKey: false },
      }),
    );
    const managed = res("aws:sqs/queue:Queue", "r", { sqsManagedSseEnabled: true });
    const off = res("aws:sqs/queue:Queue", "off", { sqsManagedSseEnabled: false });
    expect(await messages("sqs-queue-encrypted", [managed], file)).to.deep.equal([]);
    expect(await messages("sqs-queue-encrypted", [off], file)).to.deep.equal([
      "sqsManagedSseEnabled is false and no kmsMasterKeyId is set; enable one of them.",
    ]);
  });

  describe("personalize-dataset-group-kms", () => {
    const dynamic = "pulumi-nodejs:dynamic:Resource";
    const group = {
      kind: "DatasetGroup",
      name: "reco",
      kmsKeyArn: KEY,
      roleArn: "arn:aws:iam::123456789012:role/p",
    };
    it("accepts a dataset group with a key and a role", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [res(dynamic, "g", group)]),
      ).to.deep.equal([]);
    });
    it("rejects a dataset group without a key", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [
          res(dynamic, "g", withPath(group, "kmsKeyArn", undefined)),
        ]),
      ).to.deep.equal([
        "kmsKeyArn is not set; the dataset group must encrypt imported interactions with a customer-managed key.",
      ]);
    });
    it("rejects a key without the role Personalize uses it with", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [
          res(dynamic, "g", withPath(group, "roleArn", undefined)),
        ]),
      ).to.deep.equal([
        "kmsKeyArn is set without roleArn; Personalize needs a role allowed to use the key.",
      ]);
    });
    it("ignores other dynamic resources", async () => {
      const solution = res(dynamic, "s", { kind: "Solution", name: "s" });
      expect(await messages("personalize-dataset-group-kms", [solution])).to.deep.equal([]);
    });
    it("recognises a dataset group by its kind input or its serialised provider", () => {
      expect(isPersonalizeDatasetGroup({ resourceKind: "personalize:DatasetGroup" })).to.equal(
        true,
      );
      expect(
        isPersonalizeDatasetGroup({
          __provider: "exports.handler = ...new CreateDatasetGroupCommand(...",
        }),
      ).to.equal(true);
      expect(isPersonalizeDatasetGroup({ __provider: "...new CreateDatasetCommand(..." })).to.equal(
        false,
      );
      expect(isPersonalizeDatasetGroup({ kind: "Dataset" })).to.equal(false);
    });
  });
});

describe("encryption stack policies", () => {
  const stream = (encrypted: boolean) =>
    res(
      "aws:kinesis/stream:Stream",
      "events",
      encrypted ? { encryptionType: "KMS", kmsKeyId: KEY } : {},
    );
  const firehose = (inputs: Record<string, any>, dependsOn: string[] = []) =>
    res("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "delivery", inputs, {
      dependencies: dependsOn,
    });
  const source = {
    kinesisSourceConfiguration: {
      kinesisStreamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events-1",
    },
  };
  const streamUrn = urnOf("aws:kinesis/stream:Stream", "events");

  describe("firehose-encrypted", () => {
    it("accepts a Kinesis source that is KMS-encrypted", async () => {
      expect(
        await messages("firehose-encrypted", [stream(true), firehose(source, [streamUrn])]),
      ).to.deep.equal([]);
    });
    it("accepts direct PUT with server-side encryption", async () => {
      const sse = {
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY },
      };
      expect(await messages("firehose-encrypted", [firehose(sse)])).to.deep.equal([]);
    });
    it("accepts a source stream adopted from outside the stack (its owner checks it)", async () => {
      expect(await messages("firehose-encrypted", [firehose(source)])).to.deep.equal([]);
    });
    it("rejects a Kinesis source that is not encrypted", async () => {
      const found = await violations("firehose-encrypted", [
        stream(false),
        firehose(source, [streamUrn]),
      ]);
      expect(found).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: urnOf("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "delivery"),
          message:
            'FirehoseDeliveryStream "delivery" reads Stream "events", which is not KMS-encrypted; Firehose cannot add its own encryption to a Kinesis source, so the stream must set encryptionType "KMS".',
        },
      ]);
    });
    it("rejects direct PUT without server-side encryption", async () => {
      expect(await messages("firehose-encrypted", [firehose({})])).to.deep.equal([
        'FirehoseDeliveryStream "delivery" must set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.',
      ]);
    });
  });

  describe("glue-catalog-encrypted", () => {
    const db = res("aws:glue/catalogDatabase:CatalogDatabase", "db", { name: "lake" });
    const settings = {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
      },
    };
    const enc = (inputs: Record<string, any>) =>
      res(
        "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
        "catalog-encryption",
        inputs,
      );
    it("accepts an encrypted catalogue", async () => {
      expect(await messages("glue-catalog-encrypted", [db, enc(settings)])).to.deep.equal([]);
    });
    it("does not apply to stacks without Glue resources", async () => {
      expect(await messages("glue-catalog-encrypted", [stream(true)])).to.deep.equal([]);
    });
    it("rejects a database without catalogue encryption settings", async () => {
      expect(await violations("glue-catalog-encrypted", [db])).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: db.urn,
          message:
            'CatalogDatabase "db" is in a Data Catalog without encryption; add aws.glue.DataCatalogEncryptionSettings with encryptionAtRest.catalogEncryptionMode "SSE-KMS" and connectionPasswordEncryption.',
        },
      ]);
    });
    it("rejects catalogue encryption turned off", async () => {
      const off = withPath(
        settings,
        "dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode",
        "DISABLED",
      );
      expect(await messages("glue-catalog-encrypted", [db, enc(off)])).to.deep.equal([
        'Data Catalog encryptionAtRest.catalogEncryptionMode is "DISABLED"; it must be "SSE-KMS" with sseAwsKmsKeyId.',
      ]);
    });
    it("rejects plain-text connection passwords", async () => {
      const off = withPath(
        settings,
        "dataCatalogEncryptionSettings.connectionPasswordEncryption.returnConnectionPasswordEncrypted",
        false,
      );
      expect(await messages("glue-catalog-encrypted", [db, enc(off)])).to.deep.equal([
        "Data Catalog connectionPasswordEncryption.returnConnectionPasswordEncrypted must be true with awsKmsKeyId set.",
      ]);
    });
  });
});
