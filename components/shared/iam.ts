/**
 * IAM helpers. Every statement names its actions and its resource ARNs; there is no helper that
 * produces `*` so that least privilege is the easy path.
 */
import * as pulumi from "@pulumi/pulumi";

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: pulumi.Input<readonly pulumi.Input<string>[]>;
  readonly Condition?: pulumi.Input<Record<string, unknown>>;
}

/** A policy document as JSON, resolving any ARNs that are still outputs. */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({ Effect: "Allow", ...s })),
  });
}

/**
 * Trust policy for an AWS service principal, pinned to this account (and, when given, to the
 * source ARN) to avoid the confused-deputy problem.
 */
export function assumeRolePolicy(
  service: string,
  accountId: pulumi.Input<string>,
  sourceArn?: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": accountId },
          ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}),
        },
      },
    ],
  });
}

/** Object ARNs under a prefix of a bucket (`arn:aws:s3:::bucket/prefix*`). */
export function objectArn(bucketArn: pulumi.Input<string>, prefix = ""): pulumi.Output<string> {
  return pulumi.interpolate`${bucketArn}/${prefix}*`;
}
