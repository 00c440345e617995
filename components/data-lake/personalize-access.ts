/**
 * What DataLake grants Amazon Personalize: its dataset import jobs read the training exports with
 * the bucket's own grant and decrypt them under the key policy, besides their role's permissions.
 * Both statements depend only on the account, so the lake holds them without depending on the
 * recommender that reads it.
 */
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES, type LakeRefs } from "../shared/contracts";

const PERSONALIZE_SERVICE = "personalize.amazonaws.com";

/**
 * The statements the lake bucket's policy must contain for Personalize imports to work:
 * Personalize's documentation requires a bucket policy for its service principal besides the
 * role. A bucket has ONE policy (owned by DataLake), so these are handed to it instead of being a
 * second `aws.s3.BucketPolicy` that would overwrite the first. Pinned to this account so no other
 * account's Personalize can be pointed at the lake (confused deputy).
 */
export function lakeBucketPolicyStatements(
  lake: Pick<LakeRefs, "bucketArn">,
  accountId: pulumi.Input<string>,
): pulumi.Output<Record<string, unknown>[]> {
  return pulumi
    .all([lake.bucketArn, accountId])
    .apply(([bucketArn, account]): Record<string, unknown>[] => {
      const principal = { Service: PERSONALIZE_SERVICE };
      const condition = { StringEquals: { "aws:SourceAccount": account } };
      return [
        {
          Sid: "PersonalizeListExports",
          Effect: "Allow",
          Principal: principal,
          Action: "s3:ListBucket",
          Resource: bucketArn,
          Condition: {
            ...condition,
            StringLike: {
              "s3:prefix": [LAKE_PREFIXES.personalize, `${LAKE_PREFIXES.personalize}*`],
            },
          },
        },
        {
          Sid: "PersonalizeReadExports",
          Effect: "Allow",
          Principal: principal,
          Action: "s3:GetObject",
          Resource: `${bucketArn}/${LAKE_PREFIXES.personalize}*`,
          Condition: condition,
        },
      ];
    });
}

/**
 * The statement the lake KEY's policy must add: Personalize's import jobs decrypt SSE-KMS objects
 * under the key policy ("only the AWS KMS key policy must grant permissions" for dataset import
 * jobs, per Personalize's documentation). The Personalize role itself is granted through its IAM
 * policy, which the lake key's account statement lets count; naming the role here would make the
 * lake depend on the recommender that reads it.
 */
export function lakeKeyPolicyStatement(
  accountId: pulumi.Input<string>,
): pulumi.Output<Record<string, unknown>> {
  return pulumi.output(accountId).apply((account): Record<string, unknown> => ({
    Sid: "PersonalizeDecryptExports",
    Effect: "Allow",
    Principal: { Service: PERSONALIZE_SERVICE },
    Action: ["kms:Decrypt", "kms:DescribeKey"],
    // In a key policy "*" means this key and nothing else.
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": account } },
  }));
}
