/**
 * The pure half of the export's header post-step: where objects are, how the header line of an
 * Athena CSV is checked and unquoted, and how the rest of the object is split into server-side
 * copy ranges within S3's multipart limits. No I/O, so every rule is tested directly.
 */
import { DATASET_KINDS, type DatasetKind, EXPORT_COLUMNS } from "../export-sql";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** S3's minimum size of every part but the last (https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html). */
export const MIN_PART_BYTES = 5 * MIB;
/** S3's maximum size of one part, which also bounds one UploadPartCopy range. */
export const MAX_PART_BYTES = 5 * GIB;
/** S3's maximum number of parts of one upload. */
export const MAX_PARTS = 10_000;
/**
 * Bytes read from the start of the export. Part 1 is this range with a shorter header (two quotes
 * fewer per column), so the range has headroom above the 5 MiB part minimum; objects no larger
 * than it are rewritten whole with one PutObject.
 */
export const FIRST_RANGE_BYTES = 8 * MIB;
/**
 * Size of each copied part. Server-side copies run in parallel, so tens of GB take a few rounds of
 * 512 MiB copies; parts grow beyond it only when 10,000 parts would not cover the object.
 */
export const COPY_PART_BYTES = 512 * MIB;

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

export const toS3Uri = (l: S3Location) => `s3://${l.bucket}/${l.key}`;

/** `s3://bucket/key` → its parts, or undefined when it is not an object URI. */
export function parseS3Uri(uri: unknown): S3Location | undefined {
  if (typeof uri !== "string") return undefined;
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

export const isDatasetKind = (kind: unknown): kind is DatasetKind =>
  (DATASET_KINDS as readonly unknown[]).includes(kind);

/**
 * The export is not the CSV the import expects. Named so a Step Functions Catch (and whoever reads
 * the failure notification) sees what went wrong; retrying cannot fix it.
 */
export class ExportHeaderError extends Error {
  override readonly name = "ExportHeaderMismatch";
}

export interface RewrittenHead {
  /** The unquoted header line, with the original line ending. */
  readonly header: Buffer;
  /** Offset in the object where the rows start (just after the original header line). */
  readonly rowsStart: number;
}

/** One CSV field of the header: quoted (`"USER_ID"`, `""` escaping a quote) or bare. */
function unquoteField(field: string): string {
  const quoted = /^"((?:[^"]|"")*)"$/.exec(field);
  return quoted ? quoted[1].replace(/""/g, '"') : field;
}

/**
 * Finds the header line at the start of `head` (the first bytes of the object at `where`, or all
 * of it when `complete`), checks it names exactly the dataset's columns in order, and returns it
 * unquoted. Column names are ASCII letters and underscores, so splitting on commas is exact.
 */
export function rewriteHeader(
  head: Uint8Array,
  complete: boolean,
  kind: DatasetKind,
  where: string,
): RewrittenHead {
  const expected = EXPORT_COLUMNS[kind];
  const fix = `Fix: keep the ${kind} query (EXPORT_QUERIES) and its columns (EXPORT_COLUMNS) in training-pipeline/export-sql.ts in step, and pass this step the ${kind} export.`;
  if (head.length === 0) {
    throw new ExportHeaderError(
      `${where} is empty; every ${kind} export starts with its header line. ${fix}`,
    );
  }
  const newline = Buffer.from(head.buffer, head.byteOffset, head.byteLength).indexOf(0x0a);
  if (newline < 0 && !complete) {
    throw new ExportHeaderError(
      `${where} has no line break in its first ${head.length} bytes, so it has no CSV header line. ${fix}`,
    );
  }
  const lineEnd = newline < 0 ? head.length : newline;
  const crlf = lineEnd > 0 && head[lineEnd - 1] === 0x0d;
  const line = Buffer.from(head.subarray(0, crlf ? lineEnd - 1 : lineEnd)).toString("utf8");
  const columns = line.split(",").map(unquoteField);
  if (columns.length !== expected.length || columns.some((c, i) => c !== expected[i])) {
    throw new ExportHeaderError(
      `${where} has the header line ${line}; the ${kind} dataset expects the columns ${expected.join(",")} in that order. ${fix}`,
    );
  }
  const ending = newline < 0 ? "" : crlf ? "\r\n" : "\n";
  return {
    header: Buffer.from(`${expected.join(",")}${ending}`, "utf8"),
    rowsStart: newline < 0 ? head.length : newline + 1,
  };
}

/** An inclusive byte range, as S3's `bytes=first-last` spells it. */
export interface ByteRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Ranges covering bytes [start, size) of the source, in order, for UploadPartCopy parts 2, 3, …
 * Each is COPY_PART_BYTES except the last (S3 lets the last part be smaller than 5 MiB), larger
 * when the object needs it to fit in 10,000 parts, and never above S3's 5 GiB per part.
 */
export function copyRanges(start: number, size: number): ByteRange[] {
  const rest = size - start;
  if (rest <= 0) return [];
  const partBytes = Math.max(COPY_PART_BYTES, Math.ceil(rest / (MAX_PARTS - 1)));
  if (partBytes > MAX_PART_BYTES) {
    throw new Error(
      `${size} bytes cannot be copied in ${MAX_PARTS} parts of at most ${MAX_PART_BYTES} bytes; S3 objects are at most 5 TiB`,
    );
  }
  const ranges: ByteRange[] = [];
  for (let first = start; first < size; first += partBytes) {
    ranges.push({ first, last: Math.min(first + partBytes, size) - 1 });
  }
  return ranges;
}

/** Total object size from a ranged GetObject's `Content-Range: bytes 0-8388607/123456789`. */
export function totalSize(contentRange: string | undefined, contentLength: number): number {
  const match = contentRange ? /\/(\d+)$/.exec(contentRange) : null;
  return match ? Number(match[1]) : contentLength;
}
