/**
 * OpenSearch Serverless: collections encrypted with a customer key, reachable through VPC
 * endpoints only (collection and dashboards), data access that names its principals and their
 * permissions, and endpoints on a security group of their own.
 */
import { ResourceValidationPolicy } from "@pulumi/policy";

export const AOSS = {
  securityPolicy: "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy",
  accessPolicy: "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy",
  vpcEndpoint: "aws:opensearch/serverlessVpcEndpoint:ServerlessVpcEndpoint",
} as const;

type Doc = Record<string, unknown>;

/** The policy's JSON as an array of rule sets (network and data policies are arrays). */
function documents(policy: unknown): Doc[] | undefined {
  if (typeof policy !== "string") return undefined;
  try {
    const parsed = JSON.parse(policy);
    return (Array.isArray(parsed) ? parsed : [parsed]) as Doc[];
  } catch {
    return undefined;
  }
}

export const opensearchServerlessPrivate: ResourceValidationPolicy = {
  name: "opensearch-serverless-private",
  description:
    "Checks whether OpenSearch Serverless encryption policies use a customer key, network policies admit no public access, data access policies name their principals and permissions, and VPC endpoints have their own security group.",
  validateResource: (args, report) => {
    if (args.type === AOSS.vpcEndpoint) {
      const groups = args.props.securityGroupIds as unknown[] | undefined;
      if (!groups || groups.length === 0) {
        report(
          "securityGroupIds is empty: the endpoint gets the VPC's default security group. Attach a group admitting 443 from inside the VPC.",
        );
      }
      return;
    }
    if (args.type !== AOSS.securityPolicy && args.type !== AOSS.accessPolicy) return;
    const docs = documents(args.props.policy);
    if (!docs) {
      // Unknown until apply (an ARN inside): the real preview sees the document.
      if (typeof args.props.policy === "string") report("policy is not valid JSON.");
      return;
    }
    const kind = String(args.props.type);
    if (kind === "encryption") {
      for (const doc of docs) {
        if (doc.AWSOwnedKey !== false || typeof doc.KmsARN !== "string") {
          report(
            "the encryption policy must set AWSOwnedKey false and KmsARN to a customer-managed key: an AWS-owned key cannot be audited, rotated or revoked by the account.",
          );
        }
      }
    } else if (kind === "network") {
      docs.forEach((doc, i) => {
        if (doc.AllowFromPublic !== false) {
          report(
            `rule set ${i} sets AllowFromPublic ${JSON.stringify(doc.AllowFromPublic)}; it must be false, with SourceVPCEs naming the VPC endpoints that may reach the collection and its dashboards.`,
          );
        }
      });
    } else if (kind === "data") {
      docs.forEach((doc, i) => {
        const principals = (doc.Principal as unknown[] | undefined) ?? [];
        if (principals.some((p) => typeof p !== "string" || p === "*" || p.endsWith(":root"))) {
          report(
            `rule set ${i} grants ${JSON.stringify(principals)}; name IAM roles, never "*" or a whole account.`,
          );
        }
        const rules = (doc.Rules as Doc[] | undefined) ?? [];
        const broad = rules.flatMap((r) =>
          ((r.Permission as string[] | undefined) ?? []).filter((p) => p.endsWith(":*")),
        );
        if (broad.length > 0) {
          report(
            `rule set ${i} grants ${JSON.stringify(broad)}; list the permissions the principals need (e.g. aoss:ReadDocument, aoss:WriteDocument).`,
          );
        }
      });
    }
  },
};

export const searchPolicies = [opensearchServerlessPrivate];
