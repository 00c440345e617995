/**
 * Findings of the authorization-data lint that AWS's own documentation contradicts: the
 * statement is written as the named page prescribes, so it stays, and the disagreement is kept
 * here in the open instead of being silenced. Each entry matches one finding exactly.
 */
import type { Finding } from "./lint";

export interface DocumentedException {
  readonly rule: Finding["rule"];
  readonly sid: string;
  readonly subject: string;
  /** The AWS page that prescribes the statement. */
  readonly doc: string;
  readonly why: string;
}

export const DOCUMENTED_EXCEPTIONS: readonly DocumentedException[] = [
  {
    rule: "action-fits-no-resource",
    sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
    subject: "kms:Describe*",
    doc: "Amazon CloudWatch Logs User Guide, 'Encrypt log data in CloudWatch Logs using AWS Key Management Service', step 2 (key policy)",
    why: "The page grants kms:Describe* under the kms:EncryptionContext:aws:logs:arn condition; DescribeKey carries no encryption context, so that half never matches, exactly as on the page.",
  },
  {
    rule: "action-fits-no-resource",
    sid: "CloudWatchLogsEncryptsThisComponentsLogGroups",
    subject: "kms:Describe*",
    doc: "Amazon CloudWatch Logs User Guide, 'Encrypt log data in CloudWatch Logs using AWS Key Management Service', step 2 (key policy)",
    why: "The same documented statement, narrowed to one component's log groups.",
  },
  {
    rule: "action-fits-no-resource",
    sid: "CloudWatchLogsEncryptsThisStacksLogGroups",
    subject: "kms:Describe*",
    doc: "Amazon CloudWatch Logs User Guide, 'Encrypt log data in CloudWatch Logs using AWS Key Management Service', step 2 (key policy)",
    why: "The same documented statement on a stack's shared key, narrowed to that stack's log groups.",
  },
  {
    rule: "scoped-action-on-every-resource",
    sid: "PublishAttributionMetrics",
    subject: "cloudwatch:PutMetricData",
    doc: "Amazon Personalize Developer Guide, 'Giving Amazon Personalize access to publish metrics to CloudWatch' (metric attribution)",
    why: "The data lists an optional CloudWatch 'dataset' resource type; metric publishing to a namespace has no resource, and the page grants PutMetricData on \"*\".",
  },
];

export function isDocumented(finding: Finding): boolean {
  return DOCUMENTED_EXCEPTIONS.some(
    (e) => e.rule === finding.rule && e.sid === finding.sid && e.subject === finding.subject,
  );
}
