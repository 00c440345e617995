/**
 * Customer-managed KMS keys: rotation always on, so policy and audit never find a stale key.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface KmsKeyArgs {
  readonly description: string;
  /** Extra key-policy statements (service principals that encrypt with the key). */
  readonly policy?: pulumi.Input<string>;
  /**
   * Waiting period before a deleted key is destroyed. @default 30 (the longest, so a mistaken
   * delete is recoverable); dev stacks pass 7.
   */
  readonly deletionWindowInDays?: number;
}

export interface KmsKey {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
}

export function createKmsKey(
  name: string,
  args: KmsKeyArgs,
  opts: pulumi.CustomResourceOptions,
): KmsKey {
  const key = new aws.kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? 30,
      ...(args.policy ? { policy: args.policy } : {}),
    },
    opts,
  );
  const alias = new aws.kms.Alias(
    `${name}-alias`,
    { name: pulumi.interpolate`alias/${name}`, targetKeyId: key.keyId },
    opts,
  );
  return { key, alias };
}
