/**
 * KMS key-policy statements every component's key starts from, kept in one place: the account
 * administers the key and delegates its use to IAM policies (so each role's grant stays in its own
 * least-privilege policy), and CloudWatch Logs may encrypt this account's log groups with it.
 * In a key policy `Resource: "*"` means this key and only this key.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "./account-context";

export { type AccountContext, accountContext } from "./account-context";

export type KeyPolicyStatement = pulumi.Input<Record<string, unknown>>;

export function accountAdministersKey(ctx: AccountContext): KeyPolicyStatement {
  return {
    Sid: "AccountAdministersAndDelegatesToIam",
    Effect: "Allow",
    Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * CloudWatch Logs in this region may use the key, for this account's log groups only, or only
 * those matching `logGroupPatterns` (CloudWatch names the log group in the encryption context).
 */
export function cloudWatchLogsUseKey(
  ctx: AccountContext,
  logGroupPatterns: readonly string[] = ["*"],
  sid = "CloudWatchLogsEncryptsThisAccountsLogGroups",
): KeyPolicyStatement {
  const arns = logGroupPatterns.map(
    (pattern) =>
      pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${pattern}`,
  );
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: pulumi.interpolate`logs.${ctx.region}.amazonaws.com` },
    Action: [
      "kms:Encrypt*",
      "kms:Decrypt*",
      "kms:ReEncrypt*",
      "kms:GenerateDataKey*",
      "kms:Describe*",
    ],
    Resource: "*",
    Condition: {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": arns.length === 1 ? arns[0] : arns },
    },
  };
}

/** The key policy: the account statement first, then whatever services the key serves. */
export function keyPolicy(
  ctx: AccountContext,
  ...services: readonly KeyPolicyStatement[]
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [accountAdministersKey(ctx), ...services],
  });
}
