/**
 * DataLake: the batch layer's storage. An encrypted, TLS-only, versioned S3 lake whose events
 * follow the data temperature spectrum, catalogued in Glue (partition projection, no crawler) and
 * queried through one enforced Athena workgroup.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { LAKE_PREFIXES, LakeRefs } from "../shared/contracts";
import {
  AccountContext,
  KeyPolicyStatement,
  accountContext,
  keyPolicy,
} from "../shared/key-policy";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import { createKmsKey } from "../shared/kms";
import { DataLakeArgs, ResolvedLakeArgs, resolveLakeArgs } from "./args";
import { createLakeWorkgroup } from "./athena";
import { lakeBucketPolicyStatements, lakeKeyPolicyStatement } from "./personalize-access";
import {
  SecureBucket,
  SecureBucketArgs,
  createSecureBucket,
  expiryRule,
  housekeepingRule,
} from "./bucket";
import { createLakeCatalog, glueName } from "./catalog";

export const DATA_LAKE_TYPE = "reco:data-lake:DataLake";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const DATA_LAKE_FORMER_TYPE = "reco:lake:DataLake";

/** The buckets whose server access is logged, and their prefix in the access-logs bucket. */
const LOGGED_BUCKETS = ["events", "athena-results", "artifacts"] as const;

/** Days the training pipeline's CSV exports under personalize/ are kept. */
export const PERSONALIZE_EXPORT_DAYS = 14;

export class DataLake extends pulumi.ComponentResource {
  /** The settings the lake was built with, defaults applied. */
  readonly settings: ResolvedLakeArgs;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly athenaResultsBucketName: pulumi.Output<string>;
  readonly athenaResultsBucketArn: pulumi.Output<string>;
  readonly artifactsBucketName: pulumi.Output<string>;
  readonly artifactsBucketArn: pulumi.Output<string>;
  /** Present when access logging is on (prod by default). */
  readonly accessLogsBucketName?: pulumi.Output<string>;
  readonly glueDatabaseName: pulumi.Output<string>;
  readonly eventsTableName: pulumi.Output<string>;
  readonly failedTableName: pulumi.Output<string>;
  readonly usersTableName: pulumi.Output<string>;
  readonly itemsTableName: pulumi.Output<string>;
  readonly athenaWorkgroupName: pulumi.Output<string>;
  readonly athenaWorkgroupArn: pulumi.Output<string>;
  /** What the components reading or writing the lake need. */
  readonly refs: LakeRefs;

  constructor(name: string, args: DataLakeArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveLakeArgs(name, args);
    super(DATA_LAKE_TYPE, name, {}, withTypeAliases(opts, DATA_LAKE_FORMER_TYPE));
    this.settings = settings;
    const protect = settings.protectData;
    // Only an unprotected dev lake empties itself on delete; prod data survives `pulumi destroy`.
    const forceDestroy = settings.tier === "dev" && !protect;
    const parent = this;

    const ctx = accountContext(parent);
    const keyArn = ownOrSharedKeyArn(
      args.sharedKmsKeyArn,
      () =>
        createKmsKey(
          `${name}-key`,
          {
            description: `Encrypts the ${name} lake, its Glue catalogue and Athena results`,
            deletionWindowInDays: settings.tier === "prod" ? 30 : 7,
            policy: lakeKeyPolicy(ctx, settings.accessLogs, settings.personalizeAccess),
          },
          { parent, protect, retainOnDelete: protect },
        ).key,
    );
    this.kmsKeyArn = keyArn;

    const lifecycle = settings.eventsLifecycle;
    const housekeeping = housekeepingRule(
      lifecycle.noncurrentVersionExpireDays,
      lifecycle.abortIncompleteUploadDays,
    );
    const bucket = (
      role: string,
      rules: aws.types.input.s3.BucketLifecycleConfigurationRule[],
      extraStatements?: SecureBucketArgs["extraStatements"],
    ) =>
      createSecureBucket(
        `${name}-${role}`,
        {
          kmsKeyArn: keyArn,
          lifecycleRules: [housekeeping, ...rules],
          forceDestroy,
          protect,
          extraStatements,
        },
        parent,
      );

    const events = bucket(
      "events",
      [
        expiryRule(
          "events-temperature",
          LAKE_PREFIXES.events,
          lifecycle.expirationDays,
          lifecycle.transitions,
        ),
        // Failed records are small and need a human: kept as long as events, never archived.
        expiryRule("failed-expiry", LAKE_PREFIXES.failed, lifecycle.expirationDays),
        // Training exports are rebuilt from the events on every run: keep two weeks to debug an
        // import, never the events' retention (prod would otherwise keep 730 days of copies).
        expiryRule(
          "personalize-exports-expiry",
          LAKE_PREFIXES.personalizeExports,
          PERSONALIZE_EXPORT_DAYS,
        ),
        expiryRule(
          "personalize-imports-expiry",
          LAKE_PREFIXES.personalizeImports,
          PERSONALIZE_EXPORT_DAYS,
        ),
      ],
      // Personalize's import jobs need the bucket's own grant (besides their role's) on personalize/.
      settings.personalizeAccess
        ? (bucketArn) => lakeBucketPolicyStatements({ bucketArn }, ctx.accountId)
        : undefined,
    );
    const results = bucket("athena-results", [
      expiryRule("results-expiry", "", settings.athenaResultsExpireDays),
    ]);
    const artifacts = bucket("artifacts", []);
    if (settings.accessLogs) {
      this.accessLogsBucketName = this.createAccessLogs(
        name,
        { events, "athena-results": results, artifacts },
        { kmsKeyArn: keyArn, forceDestroy, protect, housekeeping, accountId: ctx.accountId },
      );
    }

    const catalog = createLakeCatalog(
      name,
      {
        databaseName: glueName(`${name}_${pulumi.getStack()}`),
        bucketName: events.bucket.bucket,
        kmsKeyArn: keyArn,
        protect,
        catalogEncryption: settings.catalogEncryption,
      },
      parent,
    );
    const workgroup = createLakeWorkgroup(
      name,
      {
        resultsBucketName: results.bucket.bucket,
        kmsKeyArn: keyArn,
        bytesScannedCutoffPerQuery: settings.athenaScanCutoffBytes,
        forceDestroy,
      },
      parent,
    );

    this.bucketName = events.bucket.bucket;
    this.bucketArn = events.bucket.arn;
    this.athenaResultsBucketName = results.bucket.bucket;
    this.athenaResultsBucketArn = results.bucket.arn;
    this.artifactsBucketName = artifacts.bucket.bucket;
    this.artifactsBucketArn = artifacts.bucket.arn;
    this.glueDatabaseName = catalog.database.name;
    this.eventsTableName = catalog.eventsTable.name;
    this.failedTableName = catalog.failedTable.name;
    this.usersTableName = catalog.usersTable.name;
    this.itemsTableName = catalog.itemsTable.name;
    this.athenaWorkgroupName = workgroup.name;
    this.athenaWorkgroupArn = workgroup.arn;
    this.refs = {
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
      glueDatabaseName: this.glueDatabaseName,
      eventsTableName: this.eventsTableName,
      athenaWorkgroupName: this.athenaWorkgroupName,
      athenaWorkgroupArn: this.athenaWorkgroupArn,
      athenaResultsBucketName: this.athenaResultsBucketName,
      athenaResultsBucketArn: this.athenaResultsBucketArn,
      artifactsBucketName: this.artifactsBucketName,
      artifactsBucketArn: this.artifactsBucketArn,
    };
    this.registerOutputs({
      kmsKeyArn: this.kmsKeyArn,
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      athenaResultsBucketName: this.athenaResultsBucketName,
      artifactsBucketName: this.artifactsBucketName,
      accessLogsBucketName: this.accessLogsBucketName,
      glueDatabaseName: this.glueDatabaseName,
      eventsTableName: this.eventsTableName,
      failedTableName: this.failedTableName,
      athenaWorkgroupName: this.athenaWorkgroupName,
      athenaScanCutoffBytes: settings.athenaScanCutoffBytes,
    });
  }

  /**
   * The access-logs bucket and the logging of every other bucket into it. S3 delivers the logs as
   * the `logging.s3.amazonaws.com` service, which the bucket policy admits for these source
   * buckets only (ACL-based delivery is impossible with ACLs disabled).
   */
  private createAccessLogs(
    name: string,
    sources: Record<(typeof LOGGED_BUCKETS)[number], SecureBucket>,
    args: {
      kmsKeyArn: pulumi.Output<string>;
      forceDestroy: boolean;
      protect: boolean;
      housekeeping: aws.types.input.s3.BucketLifecycleConfigurationRule;
      accountId: pulumi.Output<string>;
    },
  ): pulumi.Output<string> {
    const logs = createSecureBucket(
      `${name}-access-logs`,
      {
        kmsKeyArn: args.kmsKeyArn,
        forceDestroy: args.forceDestroy,
        protect: args.protect,
        lifecycleRules: [
          args.housekeeping,
          // Access logs answer "who read what" for an audit year, then expire.
          expiryRule("access-logs-expiry", "", this.settings.logRetentionDays),
        ],
        extraStatements: (logsArn) => [
          {
            Sid: "AllowS3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: LOGGED_BUCKETS.map((role) => pulumi.interpolate`${logsArn}/${role}/*`),
            Condition: {
              ArnLike: { "aws:SourceArn": LOGGED_BUCKETS.map((role) => sources[role].bucket.arn) },
              StringEquals: { "aws:SourceAccount": args.accountId },
            },
          },
        ],
      },
      this,
    );
    for (const role of LOGGED_BUCKETS) {
      new aws.s3.BucketLogging(
        `${name}-${role}-logging`,
        {
          bucket: sources[role].bucket.id,
          targetBucket: logs.bucket.id,
          targetPrefix: `${role}/`,
          // Date-partitioned keys let Athena prune access logs by day.
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        },
        // Delivery must be admitted by the policy before S3 starts writing.
        { parent: this, dependsOn: [logs.policy] },
      );
    }
    return logs.bucket.bucket;
  }
}

/**
 * The lake key's policy: the account administers it and delegates use to IAM policies (so each
 * role's grant stays in its own least-privilege policy); S3 log delivery may encrypt access logs;
 * this account's Personalize may decrypt the exports it imports, which it does under the key
 * policy alone.
 */
export function lakeKeyPolicy(
  ctx: AccountContext,
  accessLogs: boolean,
  personalizeAccess: boolean,
): pulumi.Output<string> {
  return keyPolicy(ctx, ...lakeKeyStatements(ctx, accessLogs, personalizeAccess));
}

/** The services the lake's key serves: S3 access-log delivery (when on) and Personalize's imports. */
export function lakeKeyStatements(
  ctx: AccountContext,
  accessLogs: boolean,
  personalizeAccess: boolean,
): KeyPolicyStatement[] {
  return [
    ...(accessLogs
      ? [
          {
            Sid: "S3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            // In a key policy "*" means this key and only this key.
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
          },
        ]
      : []),
    ...(personalizeAccess ? [lakeKeyPolicyStatement(ctx.accountId)] : []),
  ];
}
