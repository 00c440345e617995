/**
 * Resource-based policies (bucket, queue, topic, key, ECR repository, secret, Glue catalogue,
 * OpenSearch, Kinesis, DynamoDB, CloudWatch Logs): no grant to every AWS identity, no grant to an
 * account outside the zone of trust, and no grant to a service principal that is not tied to its
 * source (the confused-deputy problem). Documents are read for meaning (see documents.ts).
 */
import { ResourceValidationPolicy, ResourceValidationArgs } from "@pulumi/policy";
import {
  TRUSTED_ACCOUNTS_SCHEMA,
  TrustedAccountsConfig,
  conditionAccounts,
  isNarrowed,
  isSourceScoped,
  parseDocument,
  principalsOf,
  quoted,
} from "./documents";
import { IamStatement, asList, statementId } from "./util";

/** Where each type keeps its resource-based policy. */
export const RESOURCE_POLICY_PROPERTY: Readonly<Record<string, string>> = {
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:s3/bucket:Bucket": "policy",
  "aws:s3/bucketV2:BucketV2": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:ecr/registryPolicy:RegistryPolicy": "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws:secretsmanager/secret:Secret": "policy",
  "aws:glue/resourcePolicy:ResourcePolicy": "policy",
  "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
  "aws:opensearch/domain:Domain": "accessPolicies",
  "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
  "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
};

/** The Allow statements of a resource's policy, or a problem when it is not a document. */
function allowStatements(
  args: ResourceValidationArgs,
  report: (message: string) => void,
): { where: string; statements: [IamStatement, number][] } | undefined {
  const property = RESOURCE_POLICY_PROPERTY[args.type];
  if (!property) return undefined;
  const doc = args.props[property];
  if (doc === undefined || doc === null || doc === "") return undefined;
  const statements = parseDocument(doc);
  if (statements === undefined) {
    report(
      `${property} is not a JSON policy document; it must be a JSON object with a Statement list.`,
    );
    return undefined;
  }
  return {
    where: property,
    statements: statements
      .map((s, i) => [s, i] as [IamStatement, number])
      .filter(([s]) => s.Effect === "Allow"),
  };
}

const actionsOf = (s: IamStatement) =>
  s.NotAction !== undefined
    ? `every action but ${quoted(asList(s.NotAction))}`
    : quoted(asList(s.Action));

export const resourcePolicyNotPublic: ResourceValidationPolicy = {
  name: "resource-policy-not-public",
  description:
    'Checks whether resource-based policies (bucket, queue, topic, key, repository, secret, catalogue, domain) never allow Principal "*" without a condition that pins the caller.',
  validateResource: (args, report) => {
    const found = allowStatements(args, report);
    if (!found) return;
    for (const [s, i] of found.statements) {
      if (s.NotPrincipal !== undefined) {
        report(
          `${found.where}: statement ${statementId(s, i)} uses NotPrincipal with Allow, which grants every identity not listed; name the principals instead.`,
        );
      } else if (principalsOf(s).everyone && !isNarrowed(s)) {
        report(
          `${found.where}: statement ${statementId(s, i)} allows ${actionsOf(s)} to Principal "*" (every AWS account and anonymous callers) with no condition pinning the caller; name the principals, or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, aws:SourceArn or aws:SourceVpce.`,
        );
      }
    }
  },
};

export const resourcePolicyNoForeignAccounts: ResourceValidationPolicy = {
  name: "resource-policy-no-foreign-accounts",
  description:
    "Checks whether resource-based policies grant only to accounts inside the stack's zone of trust.",
  configSchema: { properties: TRUSTED_ACCOUNTS_SCHEMA },
  validateResource: (args, report) => {
    const found = allowStatements(args, report);
    if (!found) return;
    const { trustedAccountIds } = args.getConfig<TrustedAccountsConfig>();
    for (const [s, i] of found.statements) {
      const p = principalsOf(s);
      // A condition naming an account admits it too: "*" pinned to it, or a service acting for it.
      const named = [...new Set([...p.accounts, ...conditionAccounts(s)])];
      const foreign = named.filter((a) => !trustedAccountIds.includes(a));
      if (foreign.length > 0) {
        report(
          `${found.where}: statement ${statementId(s, i)} grants ${actionsOf(s)} to account${foreign.length === 1 ? "" : "s"} ${foreign.join(", ")}, outside the zone of trust (${trustedAccountIds.join(", ") || "none configured"}); remove the grant, or add the account to trustedAccountIds in the stack's policy pack config after review.`,
        );
      }
    }
  },
};

export const servicePrincipalSourceScoped: ResourceValidationPolicy = {
  name: "service-principal-source-scoped",
  description:
    "Checks whether resource-based policies that grant to an AWS service tie the grant to its source with aws:SourceArn or aws:SourceAccount (the confused-deputy guard).",
  validateResource: (args, report) => {
    const found = allowStatements(args, report);
    if (!found) return;
    for (const [s, i] of found.statements) {
      const services = principalsOf(s).services;
      if (services.length > 0 && !isSourceScoped(s)) {
        report(
          `${found.where}: statement ${statementId(s, i)} lets ${quoted(services)} act with no aws:SourceArn or aws:SourceAccount condition, so the service may act for any customer's resource; add Condition { StringEquals: { "aws:SourceAccount": "<this account>" }, ArnLike: { "aws:SourceArn": "<the source's ARN>" } }.`,
        );
      }
    }
  },
};

export const resourcePolicies = [
  resourcePolicyNotPublic,
  resourcePolicyNoForeignAccounts,
  servicePrincipalSourceScoped,
];
