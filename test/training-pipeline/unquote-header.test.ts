import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { sdkStreamMixin } from "@smithy/core/serde";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import {
  COPY_PART_BYTES,
  FIRST_RANGE_BYTES,
  MAX_PART_BYTES,
  copyRanges,
  rewriteHeader,
} from "../../components/training-pipeline/unquote-header/csv-header";
import { handler } from "../../components/training-pipeline/unquote-header/handler";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const KEY = "arn:aws:kms:us-east-1:123456789012:key/lake";
const SOURCE = "s3://reco-lake/personalize/athena/q-1.csv";
const DESTINATION = "s3://reco-lake/personalize/imports/run-1/users.csv";
const QUOTED = '"USER_ID","SEGMENT"\n';
const UNQUOTED = "USER_ID,SEGMENT\n";
/** Rows as Athena writes them: every field quoted, UTF-8, a quote escaped by doubling it. */
const ROWS = '"u-1","ios"\n"ü-2",""\n"u-""3","web"\n';

const body = (bytes: Uint8Array) => sdkStreamMixin(Readable.from([Buffer.from(bytes)]));
const SSE = {
  ServerSideEncryption: "aws:kms",
  SSEKMSKeyId: KEY,
  BucketKeyEnabled: true,
  ContentType: "text/csv",
};
const TARGET = { Bucket: "reco-lake", Key: "personalize/imports/run-1/users.csv" };
/** The destination as UploadPart, UploadPartCopy, Complete and Abort name it (no SSE headers). */
const TARGET_PART = { Bucket: TARGET.Bucket, Key: TARGET.Key };

/**
 * A source object of `size` bytes whose first FIRST_RANGE_BYTES are `head` followed by filler
 * rows: only the head is ever read, the rest is copied by S3, so a large size costs no memory.
 */
function sourceObject(s3: AwsClientStub<S3Client>, head: Buffer, size: number) {
  s3.on(GetObjectCommand).callsFake((input) => {
    expect(input).to.deep.equal({
      Bucket: "reco-lake",
      Key: "personalize/athena/q-1.csv",
      Range: `bytes=0-${FIRST_RANGE_BYTES - 1}`,
    });
    const length = Math.min(size, FIRST_RANGE_BYTES);
    const bytes = Buffer.alloc(length, "x");
    head.copy(bytes);
    return {
      Body: body(bytes),
      ContentRange: `bytes 0-${length - 1}/${size}`,
      ContentLength: length,
      ETag: '"source-etag"',
    };
  });
}

describe("unquote-header handler: the export's header rewritten for Personalize", () => {
  let s3: AwsClientStub<S3Client>;
  const savedKey = process.env.KMS_KEY_ARN;
  before(() => {
    s3 = mockClient(S3Client);
    process.env.KMS_KEY_ARN = KEY;
  });
  after(() => {
    s3.restore();
    if (savedKey === undefined) delete process.env.KMS_KEY_ARN;
    else process.env.KMS_KEY_ARN = savedKey;
  });
  beforeEach(() => s3.reset());

  it("small export: one PutObject with the unquoted header and every row byte-identical, SSE-KMS with the lake key", async () => {
    const original = Buffer.from(QUOTED + ROWS, "utf8");
    sourceObject(s3, original, original.length);
    s3.on(PutObjectCommand).resolves({});
    const result = await handler({ kind: "users", source: SOURCE, destination: DESTINATION });
    const puts = s3.commandCalls(PutObjectCommand);
    expect(puts).to.have.length(1);
    const { Body, ...rest } = puts[0].args[0].input;
    expect(rest).to.deep.equal({ ...TARGET, ...SSE });
    const expected = Buffer.concat([Buffer.from(UNQUOTED), original.subarray(QUOTED.length)]);
    expect(Buffer.compare(Body as Buffer, expected)).to.equal(0);
    expect(result).to.deep.equal({ location: DESTINATION, bytes: expected.length, parts: 1 });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).to.have.length(0);
  });

  it("large export: part 1 is the rewritten first range, S3 copies the rest in order-preserving parts", async () => {
    const size = 3 * GIB + 12_345;
    const head = Buffer.from(QUOTED + ROWS, "utf8");
    sourceObject(s3, head, size);
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "up-1" });
    s3.on(UploadPartCommand).resolves({ ETag: '"etag-1"' });
    // Later parts answer first, so the ETags' order must come from the part numbers.
    s3.on(UploadPartCopyCommand).callsFake(async (input) => {
      for (let i = 0; i < 20 - input.PartNumber; i++) await new Promise(setImmediate);
      return { CopyPartResult: { ETag: `"etag-${input.PartNumber}"` } };
    });
    s3.on(CompleteMultipartUploadCommand).resolves({});

    const result = await handler({ kind: "users", source: SOURCE, destination: DESTINATION });

    expect(s3.commandCalls(CreateMultipartUploadCommand)[0].args[0].input).to.deep.equal({
      ...TARGET,
      ...SSE,
    });
    const part1 = s3.commandCalls(UploadPartCommand);
    expect(part1).to.have.length(1);
    const { Body, ...part1Input } = part1[0].args[0].input;
    expect(part1Input).to.deep.equal({ ...TARGET_PART, UploadId: "up-1", PartNumber: 1 });
    const firstRange = Buffer.alloc(FIRST_RANGE_BYTES, "x");
    head.copy(firstRange);
    const expectedPart1 = Buffer.concat([
      Buffer.from(UNQUOTED),
      firstRange.subarray(QUOTED.length),
    ]);
    expect(Buffer.compare(Body as Buffer, expectedPart1)).to.equal(0);
    expect((Body as Buffer).length).to.be.at.least(5 * MIB);

    const copies = s3
      .commandCalls(UploadPartCopyCommand)
      .map((c) => c.args[0].input)
      .sort((a, b) => a.PartNumber! - b.PartNumber!);
    const starts = [0, 1, 2, 3, 4, 5].map((i) => FIRST_RANGE_BYTES + i * COPY_PART_BYTES);
    expect(copies).to.deep.equal(
      starts.map((first, i) => ({
        ...TARGET_PART,
        UploadId: "up-1",
        PartNumber: i + 2,
        CopySource: "reco-lake/personalize/athena/q-1.csv",
        CopySourceRange: `bytes=${first}-${Math.min(first + COPY_PART_BYTES, size) - 1}`,
        CopySourceIfMatch: '"source-etag"',
      })),
    );
    expect(copies.at(-1)!.CopySourceRange).to.equal(`bytes=${starts[5]}-${size - 1}`);

    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input).to.deep.equal({
      ...TARGET_PART,
      UploadId: "up-1",
      MultipartUpload: {
        Parts: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ PartNumber: n, ETag: `"etag-${n}"` })),
      },
    });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).to.have.length(0);
    expect(result).to.deep.equal({
      location: DESTINATION,
      bytes: size - QUOTED.length + UNQUOTED.length,
      parts: 7,
    });
  });

  it("aborts the multipart upload when a copy fails, after the copies in flight, and fails the step", async () => {
    sourceObject(s3, Buffer.from(QUOTED + ROWS), 10 * GIB);
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: "up-2" });
    s3.on(UploadPartCommand).resolves({ ETag: '"etag-1"' });
    const failed = Object.assign(
      new Error("At least one of the pre-conditions you specified did not hold"),
      {
        name: "PreconditionFailed",
      },
    );
    s3.on(UploadPartCopyCommand).rejects(failed);
    s3.on(AbortMultipartUploadCommand).resolves({});
    let thrown: unknown;
    await handler({ kind: "users", source: SOURCE, destination: DESTINATION }).catch((e) => {
      thrown = e;
    });
    expect(thrown).to.equal(failed);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).to.deep.equal([
      { ...TARGET_PART, UploadId: "up-2" },
    ]);
    // 20 copies to make: the first 8 were in flight when the first failure came back, no more started.
    expect(s3.commandCalls(UploadPartCopyCommand)).to.have.length(8);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).to.have.length(0);
  });

  it("fails with the header it found and the columns it expected when the export is not that dataset's", async () => {
    const original = Buffer.from('"USER_ID","ITEM_ID","TIMESTAMP"\n"u-1","i-1","1"\n');
    sourceObject(s3, original, original.length);
    let thrown: any;
    await handler({ kind: "users", source: SOURCE, destination: DESTINATION }).catch((e) => {
      thrown = e;
    });
    expect(thrown.name).to.equal("ExportHeaderMismatch");
    expect(thrown.message).to.equal(
      `${SOURCE} has the header line "USER_ID","ITEM_ID","TIMESTAMP"; the users dataset expects the columns USER_ID,SEGMENT in that order. Fix: keep the users query (EXPORT_QUERIES) and its columns (EXPORT_COLUMNS) in training-pipeline/export-sql.ts in step, and pass this step the users export.`,
    );
    expect(s3.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it("rejects input it cannot act on, naming every problem, before touching S3", async () => {
    let thrown: any;
    await handler({
      kind: "clicks" as any,
      source: "personalize/q.csv",
      destination: SOURCE,
    }).catch((e) => {
      thrown = e;
    });
    expect(thrown.name).to.equal("InvalidInput");
    expect(thrown.message).to.equal(
      'invalid unquote-header input: kind is "clicks"; allowed: interactions, items, users; source is "personalize/q.csv"; it must be s3://<bucket>/<key>. Fix: pass { kind, source, destination } as the training state machine does.',
    );
    expect(s3.calls()).to.have.length(0);
  });

  it("names an empty export (S3's InvalidRange on a zero-byte object)", async () => {
    s3.on(GetObjectCommand).rejects(Object.assign(new Error("range"), { name: "InvalidRange" }));
    let thrown: any;
    await handler({ kind: "items", source: SOURCE, destination: DESTINATION }).catch((e) => {
      thrown = e;
    });
    expect(thrown.message).to.match(
      /^s3:\/\/reco-lake\/personalize\/athena\/q-1\.csv is empty; every items export starts with its header line\. Fix: /,
    );
  });
});

describe("export header rules", () => {
  const bytes = (s: string) => Buffer.from(s, "utf8");

  it("keeps a CRLF line ending and a header-only export without a final line break", () => {
    const crlf = rewriteHeader(
      bytes('"ITEM_ID","CATEGORY","PRICE","CREATION_TIMESTAMP"\r\n"i","a|b","1","2"\r\n'),
      true,
      "items",
      "x",
    );
    expect(crlf.header.toString()).to.equal("ITEM_ID,CATEGORY,PRICE,CREATION_TIMESTAMP\r\n");
    expect(crlf.rowsStart).to.equal(51);
    const headerOnly = rewriteHeader(bytes('"USER_ID","SEGMENT"'), true, "users", "x");
    expect(headerOnly).to.deep.equal({ header: bytes("USER_ID,SEGMENT"), rowsStart: 19 });
  });

  it("refuses a first range with no line break unless it is the whole object", () => {
    expect(() => rewriteHeader(bytes('"USER_ID","SEGMENT"'), false, "users", "s3://b/k")).to.throw(
      "s3://b/k has no line break in its first 19 bytes, so it has no CSV header line.",
    );
  });

  it("copy ranges cover the rest exactly, grow to fit 10,000 parts and stop at S3's 5 TiB", () => {
    expect(copyRanges(100, 100)).to.deep.equal([]);
    expect(copyRanges(8 * MIB, 8 * MIB + 1)).to.deep.equal([{ first: 8 * MIB, last: 8 * MIB }]);
    const size = 5 * 1024 * GIB;
    const ranges = copyRanges(FIRST_RANGE_BYTES, size);
    expect(ranges.length).to.equal(9_999);
    expect(ranges[0].first).to.equal(FIRST_RANGE_BYTES);
    expect(ranges.at(-1)!.last).to.equal(size - 1);
    expect(ranges.every((r, i) => i === 0 || r.first === ranges[i - 1].last + 1)).to.equal(true);
    expect(Math.max(...ranges.map((r) => r.last - r.first + 1))).to.equal(
      Math.ceil((size - FIRST_RANGE_BYTES) / 9_999),
    );
    expect(() => copyRanges(0, 10_000 * MAX_PART_BYTES)).to.throw(
      `${10_000 * MAX_PART_BYTES} bytes cannot be copied in 10000 parts of at most ${MAX_PART_BYTES} bytes; S3 objects are at most 5 TiB`,
    );
  });
});
