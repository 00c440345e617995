/**
 * Small, pure helpers shared by the policy files: resource type tokens, IAM/S3 policy document
 * parsing, provider default tags, and the lookups stack policies need to join a resource with its
 * separate configuration resources.
 */
import { PolicyResource, UnknownValueError } from "@pulumi/policy";
import { dynamicKind } from "../cost/estimators/util";

/** Type tokens of the resources the pack inspects (both S3 families: v7 and the V2 aliases). */
export const TYPES = {
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  bucketSse: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  bucketLifecycle: [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
  ],
  bucketPublicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  bucketLogging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
  bucketVersioning: [
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:s3/bucketVersioningV2:BucketVersioningV2",
  ],
  bucketOwnership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
  bucketAcl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
  accountPublicAccessBlock: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
  kinesisStream: "aws:kinesis/stream:Stream",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  glueDatabase: "aws:glue/catalogDatabase:CatalogDatabase",
  glueTable: "aws:glue/catalogTable:CatalogTable",
  glueEncryption: "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings",
  dynamicResource: "pulumi-nodejs:dynamic:Resource",
} as const;

/**
 * Dynamic-provider resources register as `pulumi-nodejs:dynamic:Resource`, or, when the class
 * names a module and type (as the Personalize resources do), as
 * `pulumi-nodejs:dynamic/personalize:DatasetGroup`. Both are dynamic resources.
 */
export const isDynamicResource = (type: string): boolean => dynamicKind(type) !== undefined;

/** A readable name for messages: the logical name Pulumi shows in previews. */
export function label(resource: { type: string; name: string }): string {
  const kind = resource.type.split(":").pop();
  return `${kind} "${resource.name}"`;
}

export interface IamStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** IAM-style documents arrive as JSON text (or, from some callers, already as objects). */
export function parseDocument(doc: unknown): IamStatement[] | undefined {
  let parsed: unknown = doc;
  if (typeof doc === "string") {
    try {
      parsed = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const statement = (parsed as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) return statement as IamStatement[];
  if (statement && typeof statement === "object") return [statement as IamStatement];
  return [];
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The statement's id for messages: its Sid, else its position. */
export function statementId(statement: IamStatement, index: number): string {
  return statement.Sid ? `"${statement.Sid}"` : `#${index + 1}`;
}

/**
 * Looks up a condition value case-insensitively: IAM condition keys are case-insensitive, and
 * operators may carry the `IfExists` suffix or a `ForAnyValue:` qualifier.
 */
export function conditionValues(
  statement: IamStatement,
  operators: readonly string[],
  key: string,
): unknown[] {
  const found: unknown[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    const base = operator.replace(/^For(Any|All)Values?:/, "").replace(/IfExists$/, "");
    if (!operators.includes(base) || !block || typeof block !== "object") continue;
    for (const [k, v] of Object.entries(block)) {
      if (k.toLowerCase() === key.toLowerCase()) found.push(...(Array.isArray(v) ? v : [v]));
    }
  }
  return found;
}

/**
 * Tags the AWS provider adds to every taggable resource. The provider's inputs carry
 * `defaultTags` as JSON text (the engine's encoding of provider config) or as an object.
 */
export function providerDefaultTags(
  providerProps: Record<string, unknown> | undefined,
): Record<string, string> {
  let defaultTags: unknown = providerProps?.defaultTags;
  if (typeof defaultTags === "string") {
    try {
      defaultTags = JSON.parse(defaultTags);
    } catch {
      return {};
    }
  }
  const tags = (defaultTags as { tags?: unknown } | undefined)?.tags;
  return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
}

/** `read()`, or `fallback` when it touches a value the engine cannot know during preview. */
export function ifKnown<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) return fallback;
    throw e;
  }
}

/**
 * Runs a stack policy's check item by item. A value unknown during preview skips only that item;
 * the first such error is re-raised at the end, so the engine still notes (as advisory) that the
 * policy could not fully run, while every violation it could prove stays reported.
 */
export function forEachKnown<T>(items: readonly T[], check: (item: T) => void): void {
  let unknown: unknown;
  for (const item of items) {
    try {
      check(item);
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      unknown ??= e;
    }
  }
  if (unknown) throw unknown;
}

/** A resource's `bucket` property when it is a known string (a bucket's name, or the one it names). */
const bucketProp = (r: PolicyResource): string | undefined => {
  const value = ifKnown(() => r.props.bucket as unknown, undefined);
  return typeof value === "string" ? value : undefined;
};

/**
 * The bucket a configuration resource (encryption, public access block, policy, lifecycle)
 * configures. Dependencies alone are not enough: an access-log bucket's policy depends on every
 * bucket that logs to it, yet configures only its own. So, in order: the engine's dependencies of
 * the `bucket` property; the bucket whose name its `bucket` names (a bucket's name is its own
 * `bucket` property, else the name its single-bucket configuration resources give it, which is
 * how an auto-named bucket is known before deployment); else the one bucket it depends on.
 */
function ownerOf(
  config: PolicyResource,
  buckets: readonly PolicyResource[],
  nameOf: (b: PolicyResource) => string | undefined,
): PolicyResource | undefined {
  const isBucket = (urn: string) => buckets.find((b) => b.urn === urn);
  const viaProperty = (config.propertyDependencies?.bucket ?? [])
    .map((d) => isBucket(d.urn))
    .find((b) => b !== undefined);
  if (viaProperty) return viaProperty;
  const name = bucketProp(config);
  const named = name === undefined ? undefined : buckets.find((b) => nameOf(b) === name);
  if (named) return named;
  const dependedOn = config.dependencies
    .map((d) => isBucket(d.urn))
    .filter((b): b is PolicyResource => b !== undefined);
  return dependedOn.length === 1 ? dependedOn[0] : undefined;
}

export function attachedTo(
  bucket: PolicyResource,
  resources: readonly PolicyResource[],
  types: readonly string[],
): PolicyResource[] {
  const buckets = bucketsOf(resources);
  const configs = resources.filter((r) => ALL_BUCKET_CONFIG_TYPES.includes(r.type));
  const soleBucket = (c: PolicyResource) => {
    const deps = c.dependencies.filter((d) => buckets.some((b) => b.urn === d.urn));
    return deps.length === 1 ? deps[0].urn : undefined;
  };
  const nameOf = (b: PolicyResource) =>
    bucketProp(b) ??
    configs
      .filter((c) => soleBucket(c) === b.urn)
      .map(bucketProp)
      .find((n) => n !== undefined);
  return resources.filter(
    (r) => types.includes(r.type) && ownerOf(r, buckets, nameOf)?.urn === bucket.urn,
  );
}

export const ALL_BUCKET_CONFIG_TYPES: readonly string[] = [
  ...TYPES.bucketSse,
  ...TYPES.bucketLifecycle,
  ...TYPES.bucketPublicAccessBlock,
  ...TYPES.bucketPolicy,
  ...TYPES.bucketLogging,
  ...TYPES.bucketVersioning,
  ...TYPES.bucketOwnership,
  ...TYPES.bucketAcl,
];

export function bucketsOf(resources: readonly PolicyResource[]): PolicyResource[] {
  return resources.filter((r) => (TYPES.bucket as readonly string[]).includes(r.type));
}

/**
 * Every numeric value of `key` anywhere in `value`, including inside JSON text (state machine
 * definitions, schedule target inputs) where settings often travel as strings.
 */
export function findNumbers(value: unknown, keys: readonly string[], depth = 0): number[] {
  if (depth > 40) return [];
  if (typeof value === "string") {
    const text = value.trim();
    if (!(text.startsWith("{") || text.startsWith("["))) return [];
    try {
      return findNumbers(JSON.parse(text), keys, depth + 1);
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value.flatMap((v) => findNumbers(v, keys, depth + 1));
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) =>
    keys.includes(k) && typeof v === "number" ? [v] : findNumbers(v, keys, depth + 1),
  );
}
