/**
 * IAM statements every Athena client of the lake needs, whatever it reads: the lake workgroup,
 * the Glue catalogue, S3 listing limited to the prefixes it reads, the results bucket, and the lake
 * key (which encrypts both the lake and the query results). The materialisation and QuickSight
 * differ only in which tables and prefixes they read and what they may write.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountContext } from "../shared/key-policy";
import type { LakeRefs } from "../shared/contracts";
import { PolicyStatement, objectArn } from "../shared/iam";

/** `arn:<partition>:glue:<region>:<account>:<resource>`. */
export const glueArn = (ctx: AccountContext, resource: pulumi.Input<string>) =>
  pulumi.interpolate`arn:${ctx.partition}:glue:${ctx.region}:${ctx.accountId}:${resource}`;

/** The catalogue, the lake database and the named tables (patterns like `kpi_*` allowed). */
export const glueTableArns = (
  ctx: AccountContext,
  lake: LakeRefs,
  tables: readonly pulumi.Input<string>[],
) => [
  glueArn(ctx, "catalog"),
  glueArn(ctx, pulumi.interpolate`database/${lake.glueDatabaseName}`),
  ...tables.map((t) => glueArn(ctx, pulumi.interpolate`table/${lake.glueDatabaseName}/${t}`)),
];

export interface AthenaClient {
  /** Statement ids for the workgroup, catalogue and listing grants (tests and audits read them). */
  readonly sids: { readonly workgroup: string; readonly catalogue: string; readonly list: string };
  /** Athena actions in the lake workgroup. */
  readonly athenaActions: readonly string[];
  /** Glue actions on the catalogue, the lake database and `glueTables`. */
  readonly glueActions: readonly string[];
  readonly glueTables: readonly pulumi.Input<string>[];
  /** Lake prefixes the client may list (`events/`, `kpi/`). */
  readonly listPrefixes: readonly string[];
  /** The client's own object reads and writes in the lake, each naming exactly its prefix. */
  readonly objectStatements: readonly PolicyStatement[];
}

/**
 * The workgroup, the catalogue and the listing, the client's own object grants, then the results
 * bucket, its objects and the lake key.
 */
export function athenaClientStatements(
  lake: LakeRefs,
  ctx: AccountContext,
  client: AthenaClient,
): PolicyStatement[] {
  return [
    {
      Sid: client.sids.workgroup,
      Action: client.athenaActions,
      Resource: [lake.athenaWorkgroupArn],
    },
    {
      Sid: client.sids.catalogue,
      Action: client.glueActions,
      Resource: glueTableArns(ctx, lake, client.glueTables),
    },
    {
      // Only ListBucket carries s3:prefix; GetBucketLocation under this condition never matches.
      Sid: client.sids.list,
      Action: ["s3:ListBucket"],
      Resource: [lake.bucketArn],
      Condition: { StringLike: { "s3:prefix": client.listPrefixes.map((p) => `${p}*`) } },
    },
    { Sid: "LocateLakeBucket", Action: ["s3:GetBucketLocation"], Resource: [lake.bucketArn] },
    ...client.objectStatements,
    {
      Sid: "QueryResultsBucket",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [lake.athenaResultsBucketArn],
    },
    {
      Sid: "QueryResultObjects",
      Action: [
        "s3:GetObject",
        "s3:PutObject",
        "s3:AbortMultipartUpload",
        "s3:ListMultipartUploadParts",
      ],
      Resource: [objectArn(lake.athenaResultsBucketArn)],
    },
    {
      Sid: "UseTheLakeKey",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [lake.kmsKeyArn],
    },
  ];
}
