import { expect } from "chai";
import { messages, res } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const SUFFIX =
  "; its key policy cannot be narrowed or disabled and its use cannot be told apart per workload, so name a customer-managed key (aws.kms.Key) instead.";

/** Per type: a compliant resource, and the same resource on an AWS-managed or AWS-owned key. */
const CASES: {
  type: string;
  ok: Record<string, unknown>;
  bad: Record<string, unknown>;
  is: string;
}[] = [
  {
    type: "aws:kinesis/stream:Stream",
    ok: { encryptionType: "KMS", kmsKeyId: KEY },
    bad: { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" },
    is: 'kmsKeyId is "alias/aws/kinesis", an AWS-managed key',
  },
  {
    type: "aws:sqs/queue:Queue",
    ok: { kmsMasterKeyId: KEY },
    bad: { kmsMasterKeyId: "alias/aws/sqs" },
    is: 'kmsMasterKeyId is "alias/aws/sqs", an AWS-managed key',
  },
  {
    type: "aws:sns/topic:Topic",
    ok: { kmsMasterKeyId: KEY },
    bad: { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:alias/aws/sns" },
    is: 'kmsMasterKeyId is "arn:aws:kms:us-east-1:123456789012:alias/aws/sns", an AWS-managed key',
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    ok: { kmsKeyId: KEY },
    bad: { kmsKeyId: "alias/aws/logs" },
    is: 'kmsKeyId is "alias/aws/logs", an AWS-managed key',
  },
  {
    type: "aws:dynamodb/table:Table",
    ok: { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } },
    bad: { serverSideEncryption: { enabled: true } },
    is: "serverSideEncryption is enabled with no kmsKeyArn, which uses the AWS-managed aws/dynamodb key",
  },
  {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ok: {
      bucket: "b",
      rules: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } },
      ],
    },
    bad: {
      bucket: "b",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
    },
    is: 'rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId is not set with sseAlgorithm "aws:kms", so objects use the AWS-managed aws/s3 key',
  },
  {
    type: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    ok: { serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY } },
    bad: { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } },
    is: 'serverSideEncryption.keyType is "AWS_OWNED_CMK", an AWS-owned key',
  },
  {
    type: "aws:athena/workgroup:Workgroup",
    ok: { configuration: { resultConfiguration: { encryptionConfiguration: { kmsKeyArn: KEY } } } },
    bad: {
      configuration: {
        resultConfiguration: { encryptionConfiguration: { kmsKeyArn: "alias/aws/athena" } },
      },
    },
    is: 'configuration.resultConfiguration.encryptionConfiguration.kmsKeyArn is "alias/aws/athena", an AWS-managed key',
  },
  {
    type: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
    ok: {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
      },
    },
    bad: {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS" },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: KEY },
      },
    },
    is: "encryptionAtRest.sseAwsKmsKeyId is not set, so the catalogue uses the AWS-managed aws/glue key",
  },
  {
    type: "aws:secretsmanager/secret:Secret",
    ok: { kmsKeyId: KEY },
    bad: {},
    is: "kmsKeyId is not set, so the secret uses the AWS-managed aws/secretsmanager key",
  },
  {
    type: "aws:ssm/parameter:Parameter",
    ok: { type: "SecureString", keyId: KEY, value: "x" },
    bad: { type: "SecureString", value: "x" },
    is: "keyId is not set, so the SecureString uses the AWS-managed aws/ssm key",
  },
  {
    type: "aws:ebs/volume:Volume",
    ok: { encrypted: true, kmsKeyId: KEY, size: 8 },
    bad: { encrypted: true, size: 8 },
    is: "kmsKeyId is not set, so the volume uses the AWS-managed aws/ebs key",
  },
];

describe("kms-customer-managed-key", () => {
  for (const c of CASES) {
    const kind = c.type.split(":").pop();
    it(`accepts a ${kind} on a customer-managed key`, async () => {
      expect(await messages("kms-customer-managed-key", [res(c.type, "r", c.ok)])).to.deep.equal(
        [],
      );
    });
    it(`rejects a ${kind} on an AWS-managed or AWS-owned key`, async () => {
      expect(await messages("kms-customer-managed-key", [res(c.type, "r", c.bad)])).to.deep.equal([
        `${c.is}${SUFFIX}`,
      ]);
    });
  }

  it("treats Firehose SSE with no keyType as the AWS-owned default", async () => {
    const fh = res("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "f", {
      serverSideEncryption: { enabled: true },
    });
    expect(await messages("kms-customer-managed-key", [fh])).to.deep.equal([
      `serverSideEncryption.keyType is "AWS_OWNED_CMK", an AWS-owned key${SUFFIX}`,
    ]);
  });
});
