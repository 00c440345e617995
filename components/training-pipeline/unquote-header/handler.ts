/**
 * Training-pipeline step between each Athena export and its Personalize import job. Athena quotes
 * every field of a SELECT's CSV, the header too; Personalize's data-format guidelines ask for an
 * unquoted header, so the import would fail. Only the header line changes, and exports run to tens
 * of GB, so nothing streams through the function: it reads the first 8 MiB, uploads that with
 * the header rewritten as part 1 of a multipart upload, and has S3 copy every other byte range of
 * the original server-side (UploadPartCopy). Small exports are one PutObject. The result goes to
 * a new key that the state machine names per execution and dataset, so a retry overwrites it.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { DATASET_KINDS, type DatasetKind } from "../export-sql";
import {
  type ByteRange,
  FIRST_RANGE_BYTES,
  type S3Location,
  copyRanges,
  isDatasetKind,
  parseS3Uri,
  rewriteHeader,
  toS3Uri,
  totalSize,
} from "./csv-header";
import { requiredEnv } from "../../shared/handler-runtime";

/** What the state machine passes: which dataset, Athena's result file and where to write. */
export interface UnquoteHeaderEvent {
  readonly kind: DatasetKind;
  /** `s3://bucket/key` of Athena's result CSV. */
  readonly source: string;
  /** `s3://bucket/key` of the import file to write. */
  readonly destination: string;
}

export interface UnquoteHeaderResult {
  /** The file the import job reads (the destination). */
  readonly location: string;
  readonly bytes: number;
  /** 1 for a single PutObject, else the number of multipart parts. */
  readonly parts: number;
}

/** Server-side copies in flight at once: enough to copy tens of GB within the function's timeout. */
const COPY_CONCURRENCY = 8;

const s3 = new S3Client({});

/** The event's problems, all at once; a wrong input is a bug in the state machine, not data. */
function parseEvent(event: Partial<UnquoteHeaderEvent>): {
  kind: DatasetKind;
  source: S3Location;
  destination: S3Location;
} {
  const problems: string[] = [];
  const kind = event.kind;
  if (!isDatasetKind(kind)) {
    problems.push(`kind is ${JSON.stringify(kind)}; allowed: ${DATASET_KINDS.join(", ")}`);
  }
  const source = parseS3Uri(event.source);
  const destination = parseS3Uri(event.destination);
  for (const [key, value, parsed] of [
    ["source", event.source, source],
    ["destination", event.destination, destination],
  ] as const) {
    if (!parsed)
      problems.push(`${key} is ${JSON.stringify(value)}; it must be s3://<bucket>/<key>`);
  }
  if (source && destination && toS3Uri(source) === toS3Uri(destination)) {
    problems.push(`destination equals source; it must be a new key so a retry reads the original`);
  }
  if (problems.length > 0) {
    const error = new Error(
      `invalid unquote-header input: ${problems.join("; ")}. Fix: pass { kind, source, destination } as the training state machine does.`,
    );
    error.name = "InvalidInput";
    throw error;
  }
  return { kind: kind as DatasetKind, source: source!, destination: destination! };
}

async function readHead(
  source: S3Location,
): Promise<{ head: Uint8Array; size: number; etag?: string }> {
  let object: GetObjectCommandOutput;
  try {
    object = await s3.send(
      new GetObjectCommand({
        Bucket: source.bucket,
        Key: source.key,
        Range: `bytes=0-${FIRST_RANGE_BYTES - 1}`,
      }),
    );
  } catch (error) {
    // S3 answers a range request on an empty object with 416 InvalidRange.
    if ((error as Error).name === "InvalidRange") return { head: new Uint8Array(0), size: 0 };
    throw error;
  }
  const head = await object.Body!.transformToByteArray();
  return { head, size: totalSize(object.ContentRange, head.length), etag: object.ETag };
}

/**
 * Runs `copy` over the ranges with bounded concurrency, stopping new copies at the first failure
 * and waiting for those in flight: AWS advises aborting an upload only once no part is uploading.
 */
async function copyAll(
  ranges: readonly ByteRange[],
  copy: (range: ByteRange, partNumber: number) => Promise<string>,
): Promise<string[]> {
  const etags = new Array<string>(ranges.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < ranges.length) {
      const index = next++;
      try {
        etags[index] = await copy(ranges[index], index + 2);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COPY_CONCURRENCY, ranges.length) }, worker));
  if (failure) throw failure.error;
  return etags;
}

export async function handler(event: Partial<UnquoteHeaderEvent>): Promise<UnquoteHeaderResult> {
  const { kind, source, destination } = parseEvent(event);
  const kmsKeyArn = requiredEnv("KMS_KEY_ARN");
  const { head, size, etag } = await readHead(source);
  const complete = head.length >= size;
  const { header, rowsStart } = rewriteHeader(head, complete, kind, toS3Uri(source));
  const firstPart = Buffer.concat([header, head.subarray(rowsStart)]);
  const target = {
    Bucket: destination.bucket,
    Key: destination.key,
    ServerSideEncryption: "aws:kms" as const,
    SSEKMSKeyId: kmsKeyArn,
    // One data key per bucket instead of per object part keeps KMS requests (and cost) down.
    BucketKeyEnabled: true,
    ContentType: "text/csv",
  };
  const location = toS3Uri(destination);
  const bytes = size - rowsStart + header.length;
  if (complete) {
    await s3.send(new PutObjectCommand({ ...target, Body: firstPart }));
    return { location, bytes, parts: 1 };
  }

  const part = { Bucket: destination.bucket, Key: destination.key };
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand(target));
  try {
    const first = await s3.send(
      new UploadPartCommand({ ...part, UploadId, PartNumber: 1, Body: firstPart }),
    );
    const copySource = `${source.bucket}/${source.key.split("/").map(encodeURIComponent).join("/")}`;
    const copied = await copyAll(copyRanges(head.length, size), async (range, partNumber) => {
      const { CopyPartResult } = await s3.send(
        new UploadPartCopyCommand({
          ...part,
          UploadId,
          PartNumber: partNumber,
          CopySource: copySource,
          CopySourceRange: `bytes=${range.first}-${range.last}`,
          // The parts must all come from the object whose head was rewritten.
          ...(etag ? { CopySourceIfMatch: etag } : {}),
        }),
      );
      return CopyPartResult!.ETag!;
    });
    const etags = [first.ETag!, ...copied];
    await s3.send(
      new CompleteMultipartUploadCommand({
        ...part,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) },
      }),
    );
    return { location, bytes, parts: etags.length };
  } catch (error) {
    // Parts of an unfinished upload are billed until aborted; the lake's lifecycle rule is the
    // backstop if this abort fails too.
    await s3.send(new AbortMultipartUploadCommand({ ...part, UploadId })).catch((abortError) =>
      console.error(
        JSON.stringify({
          message: "abort failed",
          uploadId: UploadId,
          error: String(abortError),
        }),
      ),
    );
    throw error;
  }
}
