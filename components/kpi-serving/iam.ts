/**
 * What the serving function may do, each statement naming its actions and ARNs: query its own
 * workgroup over the one KPI table it serves (Athena reads the catalogue, the table's objects and
 * writes results with the caller's credentials), read the speed view, read and write its cache,
 * and decrypt with the keys of exactly those.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LakeRefs } from "../shared/contracts";
import { type PolicyStatement, objectArn } from "../shared/iam";
import type { AccountContext } from "../shared/key-policy";
import type { RealtimeViewRefs } from "./args";
import { MINUTE_INDEX } from "../realtime-analytics/view/keys";

/** Key prefix of the serving workgroup's results in the lake's results bucket. */
export const RESULTS_PREFIX = "serving/";

export interface ServingGrants {
  readonly lake: LakeRefs;
  readonly kpiTableName: pulumi.Input<string>;
  /** `kpi/<table>/`: the only lake prefix the function reads. */
  readonly kpiPrefix: pulumi.Input<string>;
  readonly workgroupArn: pulumi.Input<string>;
  readonly cacheTableArn: pulumi.Input<string>;
  /** Key of the cache table, the logs and the environment. */
  readonly keyArn: pulumi.Input<string>;
  readonly realtimeView?: RealtimeViewRefs;
}

const glueArn = (ctx: AccountContext, resource: pulumi.Input<string>) =>
  pulumi.interpolate`arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:${resource}`;

export function servingStatements(g: ServingGrants, ctx: AccountContext): PolicyStatement[] {
  const view: PolicyStatement[] = g.realtimeView
    ? [
        {
          // The index lists a minute's channels: the widget's default channel set.
          Sid: "ReadSpeedView",
          Action: ["dynamodb:Query"],
          Resource: [
            g.realtimeView.tableArn,
            pulumi.interpolate`${g.realtimeView.tableArn}/index/${MINUTE_INDEX}`,
          ],
        },
        ...(g.realtimeView.kmsKeyArn !== undefined
          ? [
              {
                Sid: "DecryptSpeedView",
                Action: ["kms:Decrypt"],
                Resource: [g.realtimeView.kmsKeyArn],
              },
            ]
          : []),
      ]
    : [];
  return [
    {
      Sid: "QueryServingWorkgroup",
      Action: [
        "athena:StartQueryExecution",
        "athena:GetQueryExecution",
        "athena:GetQueryResults",
        "athena:StopQueryExecution",
      ],
      Resource: [g.workgroupArn],
    },
    {
      // The watermark (GetPartitions) and Athena's own catalogue reads for the query.
      Sid: "ReadKpiTableCatalogue",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      Resource: [
        glueArn(ctx, "catalog"),
        glueArn(ctx, pulumi.interpolate`database/${g.lake.glueDatabaseName}`),
        glueArn(ctx, pulumi.interpolate`table/${g.lake.glueDatabaseName}/${g.kpiTableName}`),
      ],
    },
    {
      Sid: "ListKpiTable",
      Action: ["s3:ListBucket"],
      Resource: [g.lake.bucketArn],
      Condition: { StringLike: { "s3:prefix": [pulumi.interpolate`${g.kpiPrefix}*`] } },
    },
    { Sid: "LocateLakeBucket", Action: ["s3:GetBucketLocation"], Resource: [g.lake.bucketArn] },
    {
      Sid: "ReadKpiTable",
      Action: ["s3:GetObject"],
      Resource: [pulumi.interpolate`${g.lake.bucketArn}/${g.kpiPrefix}*`],
    },
    {
      Sid: "QueryResultsBucket",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [g.lake.athenaResultsBucketArn],
    },
    {
      Sid: "QueryResultObjects",
      Action: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: [objectArn(g.lake.athenaResultsBucketArn, RESULTS_PREFIX)],
    },
    {
      Sid: "UseTheLakeKey",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [g.lake.kmsKeyArn],
    },
    ...view,
    {
      Sid: "ReadWriteCache",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
      Resource: [g.cacheTableArn],
    },
    // The cache table and the environment are encrypted with the component's key.
    { Sid: "UseOwnKey", Action: ["kms:Decrypt"], Resource: [g.keyArn] },
  ];
}
