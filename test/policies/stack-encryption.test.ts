import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { res, urnOf, violations } from "./helpers";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111";
const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/events";

const stream = (inputs: Record<string, unknown>) => res(STREAM, "events", inputs);
const fromStream = (inputs: Record<string, unknown> = {}, dependsOnStream = true) =>
  res(
    FIREHOSE,
    "delivery",
    {
      destination: "extended_s3",
      kinesisSourceConfiguration: { kinesisStreamArn: STREAM_ARN, roleArn: "arn:r" },
      ...inputs,
    },
    { dependencies: dependsOnStream ? [urnOf(STREAM, "events")] : [] },
  );
const directPut = (inputs: Record<string, unknown> = {}) =>
  res(FIREHOSE, "delivery", { destination: "extended_s3", ...inputs });
const violation = (message: string, urn = urnOf(FIREHOSE, "delivery")) => ({
  enforcementLevel: "mandatory",
  urn,
  message,
});

describe("firehose-encrypted", () => {
  const encrypted = { encryptionType: "KMS", kmsKeyId: KEY };

  it("accepts a delivery stream reading a KMS-encrypted stream", async () => {
    expect(await violations("firehose-encrypted", [stream(encrypted), fromStream()])).to.deep.equal(
      [],
    );
  });

  it("accepts a Direct PUT delivery stream with server-side encryption", async () => {
    const sse = {
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY },
    };
    expect(await violations("firehose-encrypted", [directPut(sse)])).to.deep.equal([]);
  });

  it("rejects a Direct PUT delivery stream without server-side encryption", async () => {
    expect(await violations("firehose-encrypted", [directPut()])).to.deep.equal([
      violation(
        'FirehoseDeliveryStream "delivery" must set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn }.',
      ),
    ]);
  });

  it("rejects reading an unencrypted stream, found by dependency or by ARN", async () => {
    const expected = [
      violation(
        'FirehoseDeliveryStream "delivery" reads Stream "events", which is not KMS-encrypted; Firehose cannot add its own encryption to a Kinesis source, so the stream must set encryptionType "KMS".',
      ),
    ];
    expect(await violations("firehose-encrypted", [stream({}), fromStream()])).to.deep.equal(
      expected,
    );
    const byArn = [stream({ arn: STREAM_ARN, encryptionType: "NONE" }), fromStream({}, false)];
    expect(await violations("firehose-encrypted", byArn)).to.deep.equal(expected);
  });

  it("rejects server-side encryption on a Kinesis source, which Firehose refuses", async () => {
    const sse = { serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } };
    expect(
      await violations("firehose-encrypted", [stream(encrypted), fromStream(sse)]),
    ).to.deep.equal([
      violation(
        'FirehoseDeliveryStream "delivery" reads a Kinesis stream and enables serverSideEncryption, which Firehose accepts only for Direct PUT sources; remove serverSideEncryption and encrypt the source stream with KMS instead.',
      ),
    ]);
  });

  it("fails closed on a stream from outside the stack unless the config vouches for it", async () => {
    expect(await violations("firehose-encrypted", [fromStream({}, false)])).to.deep.equal([
      violation(
        `FirehoseDeliveryStream "delivery" reads ${STREAM_ARN}, a stream outside this stack, so its encryption cannot be verified here; create the stream in this stack, or list its ARN in firehose-encrypted.externalEncryptedStreams in the stack's policy pack config once its owner confirms KMS encryption.`,
      ),
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), "external.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ "firehose-encrypted": { externalEncryptedStreams: [STREAM_ARN] } }),
    );
    expect(await violations("firehose-encrypted", [fromStream({}, false)], file)).to.deep.equal([]);
  });
});

describe("glue-catalog-encrypted", () => {
  const DATABASE = "aws:glue/catalogDatabase:CatalogDatabase";
  const SETTINGS = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings";
  const database = res(DATABASE, "lake", { name: "lake" });
  const settings = (overrides: Record<string, unknown> = {}) =>
    res(SETTINGS, "catalog-encryption", {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: KEY },
        connectionPasswordEncryption: {
          returnConnectionPasswordEncrypted: true,
          awsKmsKeyId: KEY,
        },
        ...overrides,
      },
    });

  it("accepts a catalogue encrypted with KMS, connection passwords included", async () => {
    expect(await violations("glue-catalog-encrypted", [database, settings()])).to.deep.equal([]);
  });

  it("has nothing to check in a stack without Glue databases or tables", async () => {
    expect(
      await violations("glue-catalog-encrypted", [settings({ encryptionAtRest: {} })]),
    ).to.deep.equal([]);
  });

  it("rejects a catalogue without encryption settings, on the first database", async () => {
    expect(await violations("glue-catalog-encrypted", [database])).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn: database.urn,
        message:
          'CatalogDatabase "lake" is in a Data Catalog without encryption; add aws.glue.DataCatalogEncryptionSettings with encryptionAtRest.catalogEncryptionMode "SSE-KMS" and connectionPasswordEncryption.',
      },
    ]);
  });

  it("rejects encryption at rest turned off and passwords returned in clear", async () => {
    const off = settings({
      encryptionAtRest: { catalogEncryptionMode: "DISABLED" },
      connectionPasswordEncryption: { returnConnectionPasswordEncrypted: false },
    });
    const urn = urnOf(SETTINGS, "catalog-encryption");
    expect(await violations("glue-catalog-encrypted", [database, off])).to.deep.equal([
      {
        enforcementLevel: "mandatory",
        urn,
        message:
          'Data Catalog encryptionAtRest.catalogEncryptionMode is "DISABLED"; it must be "SSE-KMS" with sseAwsKmsKeyId.',
      },
      {
        enforcementLevel: "mandatory",
        urn,
        message:
          "Data Catalog connectionPasswordEncryption.returnConnectionPasswordEncrypted must be true with awsKmsKeyId set.",
      },
    ]);
  });
});
