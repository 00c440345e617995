/**
 * Every IAM policy document a plan would deploy, normalised to one statement shape: role inline
 * and attached policies, trust policies, key, bucket, topic and queue policies, Lambda
 * permissions and QuickSight resource permissions. What the document governs is kept with it, so
 * that `"*"` in a key policy can be read as "this key", as AWS reads it.
 */
import type { PlanResource } from "../../../offline/plan";

/**
 * `acl`: a service's own permission list (QuickSight's resource permissions), whose action names
 * are IAM's but which IAM does not evaluate: only the actions are held to the data.
 */
export type DocumentKind = "identity" | "trust" | "resource" | "acl";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  /** The plan resource that carries the document, e.g. `prod-reco-api-policy`. */
  readonly owner: string;
  readonly ownerType: string;
  readonly kind: DocumentKind;
  /** For resource policies: the ARN `"*"` stands for (a key policy's key, a topic). */
  readonly governs?: string;
  /** For identity policies: the role they are attached to (its physical name). */
  readonly role?: string;
  readonly statements: readonly Statement[];
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function parse(json: unknown): { Statement?: unknown } {
  return typeof json === "string" ? JSON.parse(json) : (json as { Statement?: unknown });
}

export function normaliseStatements(json: unknown): Statement[] {
  const doc = parse(json);
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.map((s: any) => ({
    ...(s.Sid ? { Sid: s.Sid } : {}),
    Effect: s.Effect ?? "Allow",
    ...(s.Principal !== undefined ? { Principal: s.Principal } : {}),
    Action: list(s.Action),
    ...(s.NotAction !== undefined ? { NotAction: list(s.NotAction) } : {}),
    Resource: list(s.Resource),
    ...(s.Condition ? { Condition: s.Condition } : {}),
  }));
}

/** What each resource type's document input is, and how to read what it governs. */
type Extractor = (
  r: PlanResource,
  arnOf: (r: PlanResource) => string | undefined,
) => PolicyDocument[];

const doc = (
  r: PlanResource,
  kind: DocumentKind,
  json: unknown,
  extra: Partial<PolicyDocument> = {},
): PolicyDocument => ({
  owner: r.name,
  ownerType: r.type,
  kind,
  statements: normaliseStatements(json),
  ...extra,
});

const EXTRACTORS: Record<string, Extractor> = {
  "aws:iam/role:Role": (r) => [
    doc(r, "trust", r.inputs.assumeRolePolicy),
    ...((r.inputs.inlinePolicies ?? []) as { policy?: string }[])
      .filter((p) => p.policy)
      .map((p) => doc(r, "identity", p.policy, { role: r.inputs.name })),
  ],
  "aws:iam/rolePolicy:RolePolicy": (r) => [
    doc(r, "identity", r.inputs.policy, { role: r.inputs.role }),
  ],
  "aws:iam/policy:Policy": (r) => [doc(r, "identity", r.inputs.policy)],
  "aws:kms/key:Key": (r, arnOf) =>
    r.inputs.policy ? [doc(r, "resource", r.inputs.policy, { governs: arnOf(r) })] : [],
  "aws:s3/bucketPolicy:BucketPolicy": (r) => [doc(r, "resource", r.inputs.policy)],
  "aws:sns/topicPolicy:TopicPolicy": (r) => [
    doc(r, "resource", r.inputs.policy, { governs: r.inputs.arn }),
  ],
  "aws:sqs/queuePolicy:QueuePolicy": (r) => [doc(r, "resource", r.inputs.policy)],
  "aws:lambda/permission:Permission": (r) => [
    {
      owner: r.name,
      ownerType: r.type,
      kind: "resource",
      statements: [
        {
          Effect: "Allow",
          Principal: r.inputs.principal,
          Action: [String(r.inputs.action)],
          Resource: [String(r.inputs.function)],
          ...(r.inputs.sourceArn
            ? { Condition: { ArnLike: { "aws:SourceArn": r.inputs.sourceArn } } }
            : {}),
        },
      ],
    },
  ],
  "aws:msk/clusterPolicy:ClusterPolicy": (r) => [
    doc(r, "resource", r.inputs.policy, { governs: r.inputs.clusterArn }),
  ],
  // QuickSight grants its own actions on its own resources to QuickSight principals.
  "aws:quicksight/dataSource:DataSource": quicksightPermissions,
  "aws:quicksight/dataSet:DataSet": quicksightPermissions,
};

function quicksightPermissions(
  r: PlanResource,
  arnOf: (r: PlanResource) => string | undefined,
): PolicyDocument[] {
  const permissions = (r.inputs.permissions ?? []) as { actions: string[]; principal: string }[];
  if (permissions.length === 0) return [];
  return [
    {
      owner: r.name,
      ownerType: r.type,
      kind: "acl",
      statements: permissions.map((p) => ({
        Effect: "Allow" as const,
        Principal: { AWS: p.principal },
        Action: p.actions,
        Resource: [arnOf(r) ?? "*"],
      })),
    },
  ];
}

/** Resource types that can carry an IAM document, so a test can fail on one it cannot read. */
export const DOCUMENT_TYPES = Object.keys(EXTRACTORS);

/**
 * Types named like policies whose documents are not IAM's: OpenSearch Serverless's own grammar
 * (Rules, Permission, SourceVPCEs), checked by the pack's opensearch-serverless-private policy.
 */
export const NON_IAM_POLICY_TYPES = [
  "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy",
  "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
  "aws:opensearch/serverlessLifecyclePolicy:ServerlessLifecyclePolicy",
];

/** Every document of a plan's resources; `arnOf` gives a resource's ARN as AWS would return it. */
export function policyDocumentsOf(
  resources: readonly PlanResource[],
  arnOf: (r: PlanResource) => string | undefined,
): PolicyDocument[] {
  return resources.flatMap((r) => EXTRACTORS[r.type]?.(r, arnOf) ?? []);
}
