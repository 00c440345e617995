/**
 * A call a principal makes at run time, with the request context AWS attaches, and the calls that
 * follow from touching encrypted data: a service encrypting or decrypting with the customer key of
 * a stream, table, queue, topic or bucket does so as the caller, so the caller needs the key too.
 */
import { ACCOUNT, PlanIndex } from "./plan-index";

export interface Call {
  /** Role ARN of the principal making the call. */
  readonly principal: string;
  readonly action: string;
  /** The resource ARN AWS authorises (`"*"` for actions without resource-level permissions). */
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
  /** What makes the call, for the failure message: a handler's command, a state, a service. */
  readonly origin: string;
}

export function call(
  principal: string,
  action: string,
  resource: string,
  origin: string,
  context: Record<string, string | string[]> = {},
): Call {
  return {
    principal,
    action,
    resource,
    origin,
    context: {
      "aws:SecureTransport": "true",
      "aws:PrincipalArn": principal,
      "aws:PrincipalAccount": ACCOUNT,
      ...context,
    },
  };
}

type KeyUse = "encrypt" | "decrypt";

/**
 * The KMS calls a service makes as the caller when it writes (GenerateDataKey) or reads (Decrypt)
 * data under `keyArn`, with kms:ViaService and the encryption context that service sends.
 */
export function keyCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  keyArn: string | undefined,
  uses: readonly KeyUse[],
  service: string,
  encryptionContext: Record<string, string> = {},
): Call[] {
  if (!keyArn) return [];
  const context = {
    "kms:ViaService": `${service}.${ix.region}.amazonaws.com`,
    "kms:CallerAccount": ACCOUNT,
    ...Object.fromEntries(
      Object.entries(encryptionContext).map(([k, v]) => [`kms:EncryptionContext:${k}`, v]),
    ),
  };
  return uses.map((use) =>
    call(
      principal,
      use === "encrypt" ? "kms:GenerateDataKey" : "kms:Decrypt",
      keyArn,
      `${origin} (${service} ${use === "encrypt" ? "encrypts" : "decrypts"} with the key)`,
      context,
    ),
  );
}

export type ObjectAccess = "read" | "write" | "multipart-write" | "delete" | "abort";

const OBJECT_ACTION: Record<ObjectAccess, string> = {
  read: "s3:GetObject",
  write: "s3:PutObject",
  "multipart-write": "s3:PutObject",
  delete: "s3:DeleteObject",
  abort: "s3:AbortMultipartUpload",
};

// S3 encrypts a new object with a data key and, for a multipart upload, decrypts that key again
// to complete it (S3 User Guide, "Using server-side encryption with AWS KMS keys").
const OBJECT_KEY_USES: Record<ObjectAccess, KeyUse[]> = {
  read: ["decrypt"],
  write: ["encrypt"],
  "multipart-write": ["encrypt", "decrypt"],
  delete: [],
  abort: [],
};

/** An object access under `s3://bucket/key`, with the lake key's calls when the bucket has one. */
export function objectCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  bucket: string,
  key: string,
  access: ObjectAccess,
): Call[] {
  const bucketArn = `arn:aws:s3:::${bucket}`;
  return [
    call(principal, OBJECT_ACTION[access], `${bucketArn}/${key}`, origin),
    // With S3 Bucket Keys the encryption context is the bucket's ARN.
    ...keyCalls(ix, principal, origin, ix.bucketKey(bucket), OBJECT_KEY_USES[access], "s3", {
      "aws:s3:arn": bucketArn,
    }),
  ];
}

/** Listing a bucket under a prefix: the s3:prefix the request carries is what conditions see. */
export function listCalls(
  principal: string,
  origin: string,
  bucket: string,
  prefix: string,
): Call[] {
  return [
    call(principal, "s3:ListBucket", `arn:aws:s3:::${bucket}`, origin, { "s3:prefix": prefix }),
  ];
}

/**
 * What each kind of consumer calls to read a stream, as its service documents it: Lambda's
 * "Using Lambda with Kinesis" execution-role permissions, Firehose's "Grant Firehose access to a
 * Kinesis source", and the Flink Kinesis source connector's polling calls.
 */
export const STREAM_READS = {
  lambda: [
    "DescribeStream",
    "DescribeStreamSummary",
    "ListShards",
    "GetShardIterator",
    "GetRecords",
  ],
  firehose: ["DescribeStream", "ListShards", "GetShardIterator", "GetRecords"],
  flink: ["DescribeStreamSummary", "ListShards", "GetShardIterator", "GetRecords"],
} as const;

/** Reading an encrypted Kinesis stream as a consumer of this kind does. */
export function streamReadCalls(
  ix: PlanIndex,
  principal: string,
  origin: string,
  streamArn: string,
  streamKey: string | undefined,
  consumer: keyof typeof STREAM_READS,
): Call[] {
  return [
    ...STREAM_READS[consumer].map((a) => call(principal, `kinesis:${a}`, streamArn, origin)),
    ...keyCalls(ix, principal, origin, streamKey, ["decrypt"], "kinesis", {
      "aws:kinesis:arn": streamArn,
    }),
  ];
}
