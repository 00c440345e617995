/**
 * The PutRecords limits and the pure batching and backoff rules of the producer, kept apart from
 * the I/O so each rule is tested on its own.
 */
import { MIB } from "../../shared/workload";

/** Kinesis PutRecords quotas (the API rejects the whole call beyond them). */
export const PUT_RECORDS_LIMITS = {
  /** Records per PutRecords call. */
  maxRecordsPerCall: 500,
  /** Data plus partition keys of all records in one call. */
  maxBytesPerCall: 5 * MIB,
  /** Data plus partition key of one record. */
  maxBytesPerRecord: 1 * MIB,
} as const;

/**
 * Bytes Kinesis counts against the per-record limit (data plus partition key), or an error naming
 * the event and the fix when the record is over it. The schema's length caps keep every valid
 * event far below 1 MiB, so this only fires if those caps are ever loosened: Kinesis would reject
 * the whole PutRecords call otherwise, failing the other records of the batch with it.
 */
export function recordBytes(eventId: string, data: Uint8Array, partitionKey: string): number {
  const bytes = data.length + Buffer.byteLength(partitionKey, "utf8");
  if (bytes > PUT_RECORDS_LIMITS.maxBytesPerRecord) {
    throw new RangeError(
      `event ${eventId} is ${bytes} bytes as a Kinesis record (data + partition key); ` +
        `the limit is ${PUT_RECORDS_LIMITS.maxBytesPerRecord} bytes: shorten page or the ids`,
    );
  }
  return bytes;
}

export interface BatchLimits {
  readonly maxRecordsPerCall: number;
  readonly maxBytesPerCall: number;
}

/**
 * How many records from the front of `sizes` fit one call: at most `maxRecordsPerCall`, and never
 * more than `maxBytesPerCall` bytes (every single record fits, since put() enforces the per-record
 * limit, which is below the per-call one).
 */
export function batchLength(
  sizes: readonly number[],
  limits: BatchLimits = PUT_RECORDS_LIMITS,
): number {
  let bytes = 0;
  let count = 0;
  for (const size of sizes) {
    if (count === limits.maxRecordsPerCall || (count > 0 && bytes + size > limits.maxBytesPerCall))
      break;
    bytes += size;
    count++;
  }
  return count;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a uniform delay up to min(maxDelay, base·2^(attempt-1)). Full jitter spreads retrying producers
 * apart, which is what relieves a throttled shard.
 */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Per-record error codes PutRecords reports that succeed when sent again. */
const RETRYABLE_ENTRY_CODES = new Set([
  "ProvisionedThroughputExceededException",
  "InternalFailure",
]);

export function isRetryableEntryError(code: string): boolean {
  return RETRYABLE_ENTRY_CODES.has(code);
}

/** Whole-call errors that are throttling or transient: the same call may succeed later. */
const RETRYABLE_CALL_ERRORS = new Set([
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "KMSThrottlingException",
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "InternalFailure",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  // The producer's own call timeout: Kinesis may or may not have stored the records.
  "AbortError",
]);
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

/**
 * Whole-call rejections caused by the request's content (one record's key or size): the other
 * records of the call are fine, so the call is split until the bad record is alone.
 */
const SPLITTABLE_CALL_ERRORS = new Set(["ValidationException", "InvalidArgumentException"]);

export function isSplittableCallError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name !== undefined && SPLITTABLE_CALL_ERRORS.has(name);
}

/**
 * Whether a failed PutRecords call is worth repeating. Configuration errors (missing stream,
 * access denied, disabled key, validation) are not: retrying them only delays the report.
 */
export function isRetryableCallError(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (e === null || typeof e !== "object") return false;
  if (e.$retryable) return true;
  if (e.name !== undefined && RETRYABLE_CALL_ERRORS.has(e.name)) return true;
  if (e.code !== undefined && RETRYABLE_NETWORK_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}
