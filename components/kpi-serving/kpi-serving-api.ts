/**
 * KpiServingApi: the lambda architecture's serving layer. One IAM-authenticated function URL
 * answers KPIs for a channel set and a date range, closed days from the batch table and the open
 * period from the speed view, merged at a stated boundary (handler/merge.ts); a DynamoDB cache
 * keeps dashboards from running Athena per request, and a workgroup of its own caps what any
 * query can scan. The same function draws the marketers' real-time widget (CTR by minute).
 */
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import { LAKE_PREFIXES } from "../shared/contracts";
import { accountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { createNodeFunction } from "../shared/lambda";
import { statefulOpts } from "../shared/logs";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import {
  type KpiServingApiArgs,
  type ResolvedKpiServingArgs,
  resolveKpiServingArgs,
  validateKpiServingArgs,
} from "./args";
import { CACHE_TTL_ATTRIBUTE } from "./handler/cache-ttl";
import { RESULTS_PREFIX, servingStatements } from "./iam";
import { realtimeDashboardBody } from "./dashboard";

export const KPI_SERVING_API_TYPE = "reco:kpi-serving:KpiServingApi";
const ATHENA_ENGINE_VERSION = "Athena engine version 3";

export class KpiServingApi extends pulumi.ComponentResource {
  readonly settings: ResolvedKpiServingArgs;
  /** Callers sign with SigV4 and need lambda:InvokeFunctionUrl on `functionArn`. */
  readonly url: pulumi.Output<string>;
  readonly functionArn: pulumi.Output<string>;
  readonly functionName: pulumi.Output<string>;
  readonly cacheTableName: pulumi.Output<string>;
  readonly workgroupName: pulumi.Output<string>;
  /** Present when `realtimeDashboard` is on. */
  readonly dashboardName?: pulumi.Output<string>;

  constructor(name: string, args: KpiServingApiArgs, opts?: pulumi.ComponentResourceOptions) {
    throwIfProblems("KpiServingApi", name, validateKpiServingArgs(args));
    const settings = resolveKpiServingArgs(args);
    super(KPI_SERVING_API_TYPE, name, {}, opts);
    this.settings = settings;
    const parent = this;
    const ctx = accountContext(parent);
    const protect = statefulOpts(parent, settings.protectData);

    const keyArn = ownOrSharedKeyArn(
      args.sharedKmsKeyArn,
      () =>
        createKmsKey(
          `${name}-key`,
          {
            description: `Encrypts the ${name} KPI serving cache, logs and environment`,
            policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
            deletionWindowInDays: settings.tier === "prod" ? 30 : 7,
          },
          protect,
        ).key,
    );
    const cache = new aws.dynamodb.Table(
      `${name}-cache`,
      {
        // On-demand: reads follow dashboard refreshes, idle most of the day.
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        ttl: { attributeName: CACHE_TTL_ATTRIBUTE, enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: keyArn },
        // A cache can be rebuilt, but the protected tier's table rules hold for every table.
        pointInTimeRecovery: { enabled: settings.protectData },
        deletionProtectionEnabled: settings.protectData,
      },
      protect,
    );
    const workgroup = new aws.athena.Workgroup(
      `${name}-workgroup`,
      {
        description:
          "The KPI serving API's queries of the daily KPI table, with a tight scan cutoff",
        state: "ENABLED",
        forceDestroy: !settings.protectData,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: settings.bytesScannedCutoffPerQuery,
          engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
          resultConfiguration: {
            outputLocation: pulumi.interpolate`s3://${args.lake.athenaResultsBucketName}/${RESULTS_PREFIX}`,
            encryptionConfiguration: {
              encryptionOption: "SSE_KMS",
              kmsKeyArn: args.lake.kmsKeyArn,
            },
          },
        },
      },
      { parent },
    );
    const kpiPrefix = pulumi.output(args.kpiTableName).apply((t) => `${LAKE_PREFIXES.kpi}${t}/`);
    const fn = createNodeFunction(
      `${name}-api`,
      {
        entry: path.join(__dirname, "handler", "handler.ts"),
        description:
          "KPI serving API: closed days from the batch tables, today from the speed view",
        logRetentionDays: settings.logRetentionDays,
        protectData: settings.protectData,
        kmsKeyArn: keyArn,
        // Athena on a cache miss takes a few seconds; the function URL allows 15 minutes.
        timeout: 30,
        environment: {
          CACHE_TABLE_NAME: cache.name,
          GLUE_DATABASE: args.lake.glueDatabaseName,
          KPI_TABLE: args.kpiTableName,
          ATHENA_WORKGROUP: workgroup.name,
          BATCH_CACHE_SECONDS: String(settings.batchCacheSeconds),
          WATERMARK_CACHE_SECONDS: String(settings.watermarkCacheSeconds),
          ...(args.realtimeView ? { VIEW_TABLE_NAME: args.realtimeView.tableName } : {}),
        },
        statements: servingStatements(
          {
            lake: args.lake,
            kpiTableName: args.kpiTableName,
            kpiPrefix,
            workgroupArn: workgroup.arn,
            cacheTableArn: cache.arn,
            keyArn,
            ...(args.realtimeView ? { realtimeView: args.realtimeView } : {}),
          },
          ctx,
        ),
      },
      parent,
    );
    const url = new aws.lambda.FunctionUrl(
      `${name}-url`,
      { functionName: fn.function.name, authorizationType: "AWS_IAM" },
      { parent },
    );
    if (settings.realtimeDashboard) {
      const dashboard = new aws.cloudwatch.Dashboard(
        `${name}-realtime`,
        {
          dashboardName: `${name}-realtime`,
          dashboardBody: pulumi
            .all([fn.function.arn, ctx.region])
            .apply(([arn, region]) =>
              JSON.stringify(realtimeDashboardBody(arn, region, settings.dashboardChannels)),
            ),
        },
        { parent },
      );
      this.dashboardName = dashboard.dashboardName;
    }
    this.url = url.functionUrl;
    this.functionArn = fn.function.arn;
    this.functionName = fn.function.name;
    this.cacheTableName = cache.name;
    this.workgroupName = workgroup.name;
    this.registerOutputs({
      url: this.url,
      functionArn: this.functionArn,
      cacheTableName: this.cacheTableName,
      workgroupName: this.workgroupName,
    });
  }
}
