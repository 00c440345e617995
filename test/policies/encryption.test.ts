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
    // The project's providers register `pulumi-nodejs:dynamic/personalize:DatasetGroup`.
    const typed = "pulumi-nodejs:dynamic/personalize:DatasetGroup";
    const group = {
      name: "reco",
      kmsKeyArn: KEY,
      roleArn: "arn:aws:iam::123456789012:role/p",
    };
    it("accepts a dataset group with a key and a role", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [res(typed, "g", group)]),
      ).to.deep.equal([]);
    });
    it("rejects a dataset group without a key", async () => {
      expect(
        await violations("personalize-dataset-group-kms", [
          res(typed, "g", withPath(group, "kmsKeyArn", undefined)),
        ]),
      ).to.deep.equal([
        {
          enforcementLevel: "mandatory",
          urn: urnOf(typed, "g"),
          message:
            "kmsKeyArn is not set; the dataset group must encrypt imported interactions with a customer-managed key.",
        },
      ]);
    });
    it("rejects a key without the role Personalize uses it with", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [
          res(typed, "g", withPath(group, "roleArn", undefined)),
        ]),
      ).to.deep.equal([
        "kmsKeyArn is set without roleArn; Personalize needs a role allowed to use the key.",
      ]);
    });
    it("rejects an untyped dynamic dataset group (kind input) without a key", async () => {
      expect(
        await messages("personalize-dataset-group-kms", [
          res("pulumi-nodejs:dynamic:Resource", "g", { kind: "DatasetGroup", name: "reco" }),
        ]),
      ).to.deep.equal([
        "kmsKeyArn is not set; the dataset group must encrypt imported interactions with a customer-managed key.",
      ]);
    });
    it("ignores other dynamic resources", async () => {
      const solutions = [
        res("pulumi-nodejs:dynamic/personalize:Solution", "s", { name: "s" }),
        res("pulumi-nodejs:dynamic:Resource", "k", { kind: "Solution", name: "s" }),
      ];
      expect(await messages("personalize-dataset-group-kms", solutions)).to.deep.equal([]);
    });
    it("recognises a dataset group by its type token, its kind input or its serialised provider", () => {
      const dynamic = "pulumi-nodejs:dynamic:Resource";
      expect(isPersonalizeDatasetGroup(typed, {})).to.equal(true);
      expect(
        isPersonalizeDatasetGroup(dynamic, { resourceKind: "personalize:DatasetGroup" }),
      ).to.equal(true);
      expect(
        isPersonalizeDatasetGroup(dynamic, {
          __provider: "exports.handler = ...new CreateDatasetGroupCommand(...",
        }),
      ).to.equal(true);
      expect(
        isPersonalizeDatasetGroup(dynamic, { __provider: "...new CreateDatasetCommand(..." }),
      ).to.equal(false);
      expect(isPersonalizeDatasetGroup(dynamic, { kind: "Dataset" })).to.equal(false);
      // Only dynamic resources: an AWS resource with a `kind` input is not a dataset group.
      expect(isPersonalizeDatasetGroup("aws:s3/bucket:Bucket", { kind: "DatasetGroup" })).to.equal(
        false,
      );
    });
  });
});
