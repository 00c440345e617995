/**
 * Who may do what around Personalize: the role Personalize assumes to read the training exports,
 * the grants the lake's bucket and key must add for it (they belong to DataLake, so they are
 * documented and exported here as data rather than created), and the policy of the recommender's
 * own key.
 */
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES, type LakeRefs } from "../shared/contracts";
import { type PolicyStatement, objectArn } from "../shared/iam";
import { type AccountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";

const PERSONALIZE_SERVICE = "personalize.amazonaws.com";

/**
 * What the Personalize role may do: list and read the lake's `personalize/` prefix (the CSV exports
 * the training pipeline writes) and decrypt those objects with the lake key. Nothing else in the
 * lake, and no write: imports only read. It publishes the metric attribution's CloudWatch metrics.
 * With a dataset group key, it may also use that key the
 * way Personalize's documentation lists (Decrypt, GenerateDataKey, DescribeKey, ListGrants).
 */
export function personalizeRoleStatements(
  lake: Pick<LakeRefs, "bucketArn" | "kmsKeyArn">,
  datasetGroupKeyArn?: pulumi.Input<string>,
): PolicyStatement[] {
  return [
    {
      Sid: "ListPersonalizeExports",
      Action: ["s3:ListBucket"],
      Resource: [lake.bucketArn],
      Condition: {
        StringLike: { "s3:prefix": [LAKE_PREFIXES.personalize, `${LAKE_PREFIXES.personalize}*`] },
      },
    },
    {
      Sid: "ReadPersonalizeExports",
      Action: ["s3:GetObject"],
      Resource: [objectArn(lake.bucketArn, LAKE_PREFIXES.personalize)],
    },
    {
      Sid: "DecryptPersonalizeExports",
      Action: ["kms:Decrypt"],
      Resource: [lake.kmsKeyArn],
      // Only for reads through S3, not for any other use of the lake key.
      Condition: { StringLike: { "kms:ViaService": "s3.*.amazonaws.com" } },
    },
    {
      // The metric attribution publishes clicks and revenue per channel through this role, with
      // the grant Personalize's guide documents. PutMetricData has no resource-level permissions,
      // so "*" is the only possible resource. No cloudwatch:namespace condition: Personalize does
      // not document the namespace it writes, and a guessed one would silently drop every metric.
      Sid: "PublishAttributionMetrics",
      Action: ["cloudwatch:PutMetricData"],
      Resource: ["*"],
    },
    ...(datasetGroupKeyArn !== undefined
      ? [
          {
            Sid: "UseDatasetGroupKey",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:ListGrants"],
            Resource: [datasetGroupKeyArn],
          },
        ]
      : []),
  ];
}

/**
 * Key-policy statements for Personalize: one for the service principal, pinned to this account
 * (confused deputy), and one for the role it assumes. They are separate because `aws:SourceAccount`
 * exists only in requests a service makes: on the role's statement it would never match.
 */
function personalizeKeyStatements(
  sid: string,
  accountId: pulumi.Input<string>,
  personalizeRoleArn: pulumi.Input<string>,
  actions: readonly string[],
): Record<string, unknown>[] {
  return [
    {
      Sid: `${sid}Service`,
      Effect: "Allow",
      Principal: { Service: PERSONALIZE_SERVICE },
      Action: actions,
      // In a key policy "*" means this key and nothing else.
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    },
    {
      Sid: `${sid}Role`,
      Effect: "Allow",
      Principal: { AWS: personalizeRoleArn },
      Action: actions,
      Resource: "*",
    },
  ];
}

/**
 * Policy of the recommender's own key (dead-letter queue, the functions' and the state machine's
 * logs, the functions' environment; the dataset group in prod): the account administers it and
 * delegates to IAM (the functions' roles grant it); Personalize may use it for an encrypted dataset
 * group, including CreateGrant, which it may only be given in a key policy; CloudWatch Logs may
 * encrypt this component's log groups, which it does only under the key policy.
 */
export function recommenderKeyPolicy(
  ctx: AccountContext,
  /** Personalize's role, when the key encrypts the dataset group; without one Personalize gets nothing. */
  datasetGroupRoleArn: pulumi.Input<string> | undefined,
  /** Name patterns of the log groups CloudWatch Logs may encrypt with the key. */
  logGroupPatterns: readonly string[],
): pulumi.Output<string> {
  return keyPolicy(
    ctx,
    ...(datasetGroupRoleArn
      ? personalizeKeyStatements(
          "PersonalizeUsesDatasetGroupKey",
          ctx.accountId,
          datasetGroupRoleArn,
          [
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "kms:DescribeKey",
            "kms:CreateGrant",
            "kms:ListGrants",
          ],
        )
      : []),
    cloudWatchLogsUseKey(ctx, logGroupPatterns, "CloudWatchLogsEncryptsThisComponentsLogGroups"),
  );
}
