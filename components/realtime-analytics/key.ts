/**
 * The component's customer key: it encrypts the view table, the failed-batch queue and the log
 * groups. CloudWatch Logs encrypts with the caller's key only if the key policy names the Logs
 * service, scoped here to this account's log groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { KmsKey, createKmsKey } from "../shared/kms";

export function createRealtimeKey(
  name: string,
  deletionWindowInDays: number,
  opts: pulumi.CustomResourceOptions,
): KmsKey {
  const identity = aws.getCallerIdentityOutput({}, { parent: opts.parent });
  const region = aws.getRegionOutput({}, { parent: opts.parent });
  const policy = pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        // Without the account statement IAM policies could not grant use of the key.
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${identity.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
        Effect: "Allow",
        Principal: { Service: pulumi.interpolate`logs.${region.region}.amazonaws.com` },
        Action: [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ],
        // In a key policy "*" means this key.
        Resource: "*",
        Condition: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": pulumi.interpolate`arn:aws:logs:${region.region}:${identity.accountId}:log-group:*`,
          },
        },
      },
    ],
  });
  return createKmsKey(
    name,
    {
      description: "Real-time view, its failed-batch queue and its logs",
      policy,
      deletionWindowInDays,
    },
    opts,
  );
}
