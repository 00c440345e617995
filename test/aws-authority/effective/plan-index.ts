/**
 * A plan read as AWS would see it once deployed: each resource with the ARN the mocks gave it
 * (held to AWS's ARN formats by the mock-fidelity test), the policies attached to each role, and
 * the key, bucket, topic and queue policies that resource-side evaluation reads.
 */
import type { PlanResource, PlanResult } from "../../../offline/plan";
import { mockedStateOf, regionOf } from "../plans";

export const ACCOUNT = "123456789012";

export class PlanIndex {
  readonly region: string;
  readonly resources: readonly PlanResource[];
  private readonly state: Map<string, Record<string, unknown>>;

  constructor(readonly plan: PlanResult) {
    this.region = regionOf(plan);
    this.resources = plan.resources;
    const stateOf = mockedStateOf(plan);
    this.state = new Map(plan.resources.map((r) => [r.urn, stateOf(r)]));
  }

  ofType(type: string): PlanResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  stateOf(r: PlanResource): Record<string, unknown> {
    return this.state.get(r.urn)!;
  }

  arnOf(r: PlanResource): string {
    const arn = this.stateOf(r).arn;
    if (typeof arn !== "string") throw new Error(`${r.type} ${r.name} has no ARN`);
    return arn;
  }

  /**
   * Resources the stack uses but does not create (an adopted stream), with their keys, so calls
   * on them resolve as calls on the plan's own resources do.
   */
  readonly external: { arn: string; name: string; kmsKeyArn?: string }[] = [];

  /** The ARN a reference (ARN or name) in an environment or parameter names, in or outside the plan. */
  arnFor(ref: string): string | undefined {
    const r = this.find(ref);
    if (r && typeof this.stateOf(r).arn === "string") return this.arnOf(r);
    const external = this.external.find((e) => e.arn === ref || e.name === ref)?.arn;
    // An ARN of something the stack makes at run time (the campaign the pipeline creates).
    return external ?? (ref.startsWith("arn:") ? ref : undefined);
  }

  /** The resource whose ARN, name or physical name is `ref`, if the plan has one. */
  find(ref: string, type?: string): PlanResource | undefined {
    return this.resources.find((r) => {
      if (type && r.type !== type) return false;
      const s = this.stateOf(r);
      // A queue is named by its URL in SQS's API (the collector's dead-letter queue).
      return s.arn === ref || s.name === ref || s.id === ref || s.bucket === ref || s.url === ref;
    });
  }

  /** Every identity policy document attached to a role, by the role's ARN. */
  identityPolicies(roleArn: string): { name: string; policy: unknown }[] {
    const role = this.find(roleArn, "aws:iam/role:Role");
    if (!role) throw new Error(`no role ${roleArn} in the plan`);
    const roleName = this.stateOf(role).name;
    const inline = ((role.inputs.inlinePolicies ?? []) as { name?: string; policy?: string }[])
      .filter((p) => p.policy)
      .map((p, i) => ({ name: p.name ?? `inline-${i}`, policy: JSON.parse(p.policy!) }));
    const attached = this.ofType("aws:iam/rolePolicy:RolePolicy")
      .filter((p) => p.inputs.role === roleName || p.inputs.role === roleArn)
      .map((p) => ({ name: p.name, policy: JSON.parse(p.inputs.policy) }));
    return [...inline, ...attached];
  }

  /** The resource-based policy AWS evaluates for a request on `arn`, if the resource has one. */
  resourcePolicy(arn: string): unknown | undefined {
    const service = arn.split(":")[2];
    if (service === "kms") {
      const key = this.find(arn, "aws:kms/key:Key");
      return key?.inputs.policy ? JSON.parse(key.inputs.policy) : undefined;
    }
    if (service === "s3") {
      const bucket = arn.slice("arn:aws:s3:::".length).split("/")[0];
      const policy = this.ofType("aws:s3/bucketPolicy:BucketPolicy").find(
        (p) => p.inputs.bucket === bucket,
      );
      return policy ? JSON.parse(policy.inputs.policy) : undefined;
    }
    if (service === "sns") {
      const policy = this.ofType("aws:sns/topicPolicy:TopicPolicy").find(
        (p) => p.inputs.arn === arn,
      );
      return policy ? JSON.parse(policy.inputs.policy) : undefined;
    }
    if (service === "sqs") {
      const policy = this.ofType("aws:sqs/queuePolicy:QueuePolicy").find(
        (p) => p.inputs.queueUrl === this.stateOf(this.find(arn)!).url,
      );
      return policy ? JSON.parse(policy.inputs.policy) : undefined;
    }
    return undefined;
  }

  /** The customer key a bucket encrypts new objects with by default. */
  bucketKey(bucketName: string): string | undefined {
    const config = this.ofType(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ).find((c) => c.inputs.bucket === bucketName);
    return config?.inputs.rules?.[0]?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
  }

  /** The key of an encrypted stream, table, queue or topic in the plan, by its ARN. */
  keyOf(arn: string): string | undefined {
    const r = this.find(arn);
    if (!r) return this.external.find((e) => e.arn === arn)?.kmsKeyArn;
    const i = r.inputs;
    return i.kmsKeyId ?? i.serverSideEncryption?.kmsKeyArn ?? i.kmsMasterKeyId;
  }

  /** Glue table ARN parts and S3 location of a catalogued table. */
  glueTable(database: string, table: string): { arn: string; location: string } | undefined {
    const t = this.ofType("aws:glue/catalogTable:CatalogTable").find(
      (r) => r.inputs.databaseName === database && r.inputs.name === table,
    );
    if (!t) return undefined;
    return { arn: this.arnOf(t), location: t.inputs.storageDescriptor.location };
  }

  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${ACCOUNT}:${resource}`;
  }
}

/** `s3://bucket/prefix/` as the bucket name and the key prefix. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`${uri} is not an s3:// URI`);
  return { bucket: match[1], prefix: match[2] };
}
