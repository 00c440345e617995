/**
 * The batch layer's KPI tables: Glue tables under `kpi/` (Parquet, partitioned by dt), Athena
 * named queries for every KPI file, and the daily materialisation (EventBridge Scheduler →
 * Step Functions → Athena INSERT), each role allowed exactly what its step does.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, objectArn } from "../shared/iam";
import { LAKE_PREFIXES, LakeRefs } from "../shared/contracts";
import { AccountContext, cloudWatchLogsUseKey, keyPolicy } from "../shared/key-policy";
import { createKmsKey } from "../shared/kms";
import { ownOrSharedKeyArn } from "../shared/shared-key";
import { stepFunctionsObservabilityStatements } from "../shared/service-statements";
import { athenaClientStatements } from "./athena-access";
import { PARQUET_STORAGE } from "../shared/glue-parquet";
import { statefulOpts } from "../shared/logs";
import { createScheduledStateMachine } from "../shared/scheduled-state-machine";
import type { ResolvedKpiDashboardArgs } from "./args";
import {
  KPI_QUERIES,
  KPI_QUERY_NAMES,
  KpiQueryName,
  insertSql,
  oneLine,
  reportSql,
} from "./queries";
import { materialisationDefinition } from "./state-machine";

/** Key prefix of a KPI table's data: `kpi/<table>/`. */
export const tablePrefix = (name: KpiQueryName) =>
  `${LAKE_PREFIXES.kpi}${KPI_QUERIES[name].table}/`;

/** The aggregate tables, typed from the KPI files' output columns; dt is the partition. */
export function createKpiTables(
  name: string,
  lake: LakeRefs,
  parent: pulumi.Resource,
  protectData: boolean,
): Record<KpiQueryName, aws.glue.CatalogTable> {
  const entries = KPI_QUERY_NAMES.map((query) => {
    const spec = KPI_QUERIES[query];
    const table = new aws.glue.CatalogTable(
      `${name}-${spec.table.replace(/_/g, "-")}`,
      {
        name: spec.table,
        databaseName: lake.glueDatabaseName,
        description: spec.description,
        tableType: "EXTERNAL_TABLE",
        // No partition projection: Athena's INSERT INTO registers each new dt partition itself.
        parameters: {
          classification: "parquet",
          "parquet.compression": "SNAPPY",
          EXTERNAL: "TRUE",
        },
        partitionKeys: [{ name: "dt", type: "string", comment: spec.columns[0].comment }],
        storageDescriptor: {
          location: pulumi.interpolate`s3://${lake.bucketName}/${tablePrefix(query)}`,
          ...PARQUET_STORAGE,
          columns: spec.columns
            .slice(1)
            .map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
        },
      },
      statefulOpts(parent, protectData),
    );
    return [query, table] as const;
  });
  return Object.fromEntries(entries) as Record<KpiQueryName, aws.glue.CatalogTable>;
}

/** The `?` placeholders of a KPI query in order, e.g. `from, to, from`. */
const parameterList = (query: KpiQueryName) => reportSql(query, "events").parameters.join(", ");

/** One saved query per KPI file, with `?` for the dt range as the Athena console prompts for. */
export function createNamedQueries(
  name: string,
  lake: LakeRefs,
  parent: pulumi.Resource,
): aws.athena.NamedQuery[] {
  return KPI_QUERY_NAMES.map((query) => {
    const spec = KPI_QUERIES[query];
    const sql = pulumi
      .all([lake.glueDatabaseName, lake.eventsTableName])
      .apply(([database, table]) => reportSql(query, `${database}.${table}`));
    return new aws.athena.NamedQuery(
      `${name}-${query.replace(/_/g, "-")}`,
      {
        name: `reco ${query}`,
        description: `${spec.description}. Bind, in order: ${parameterList(query)}`,
        database: lake.glueDatabaseName,
        workgroup: lake.athenaWorkgroupName,
        query: sql.apply(
          (s) =>
            `-- ${spec.description}\n-- Bind, in order (YYYY-MM-DD): ${parameterList(query)}\n${s.sql}`,
        ),
      },
      { parent },
    );
  });
}

/** What the materialisation's Step Functions role may do: read events, rewrite kpi/ via Athena. */
export function materialisationStatements(lake: LakeRefs, ctx: AccountContext): PolicyStatement[] {
  return [
    ...athenaClientStatements(lake, ctx, {
      sids: {
        workgroup: "RunQueriesInTheLakeWorkgroup",
        catalogue: "ReadEventsWriteKpiPartitions",
        list: "ListEventsAndKpiPrefixes",
      },
      athenaActions: [
        "athena:StartQueryExecution",
        "athena:GetQueryExecution",
        "athena:StopQueryExecution",
      ],
      // INSERT INTO registers each new dt partition of the KPI tables itself.
      glueActions: [
        "glue:GetDatabase",
        "glue:GetTable",
        "glue:GetPartition",
        "glue:GetPartitions",
        "glue:BatchGetPartition",
        "glue:CreatePartition",
        "glue:BatchCreatePartition",
        "glue:UpdatePartition",
      ],
      glueTables: [lake.eventsTableName, "kpi_*"],
      listPrefixes: [LAKE_PREFIXES.events, LAKE_PREFIXES.kpi],
      objectStatements: [
        {
          Sid: "ReadEvents",
          Action: ["s3:GetObject"],
          Resource: [objectArn(lake.bucketArn, LAKE_PREFIXES.events)],
        },
        {
          Sid: "RewriteKpiTables",
          Action: [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
          ],
          Resource: [objectArn(lake.bucketArn, LAKE_PREFIXES.kpi)],
        },
      ],
    }),
    {
      Sid: "ReadTheCatalogue",
      Action: ["athena:GetDataCatalog"],
      Resource: [
        pulumi.interpolate`arn:${ctx.partition}:athena:${ctx.region}:${ctx.accountId}:datacatalog/AwsDataCatalog`,
      ],
    },
    ...stepFunctionsObservabilityStatements(),
  ];
}

export interface Materialisation {
  /** The materialisation's own key, or the stack's shared key when the component was given one. */
  readonly keyArn: pulumi.Output<string>;
  readonly stateMachine: aws.sfn.StateMachine;
  readonly schedule: aws.scheduler.Schedule;
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly logGroup: aws.cloudwatch.LogGroup;
}

export function createMaterialisation(
  name: string,
  settings: ResolvedKpiDashboardArgs,
  lake: LakeRefs,
  tables: Record<KpiQueryName, aws.glue.CatalogTable>,
  ctx: AccountContext,
  parent: pulumi.Resource,
  sharedKmsKeyArn?: pulumi.Input<string>,
): Materialisation {
  const keyArn = ownOrSharedKeyArn(
    sharedKmsKeyArn,
    () =>
      createKmsKey(
        `${name}-key`,
        {
          description: `Encrypts the ${name} KPI materialisation's logs and dead-letter queue`,
          // The scheduler role's use (the encrypted dead-letter queue) is granted in its IAM policy.
          policy: keyPolicy(ctx, cloudWatchLogsUseKey(ctx)),
          deletionWindowInDays: settings.tier === "prod" ? 30 : 7,
        },
        { parent, protect: settings.protectData, retainOnDelete: settings.protectData },
      ).key,
  );
  const definition = pulumi
    .all([
      lake.bucketName,
      lake.glueDatabaseName,
      lake.eventsTableName,
      lake.athenaWorkgroupName,
      ...KPI_QUERY_NAMES.map((q) => tables[q].name),
    ])
    .apply(([bucketName, databaseName, eventsTable, workgroupName, ...tableNames]) =>
      JSON.stringify(
        materialisationDefinition({
          bucketName,
          databaseName,
          workgroupName,
          recomputeDays: settings.recomputeDays,
          queryTimeoutSeconds: settings.queryTimeoutSeconds,
          tables: KPI_QUERY_NAMES.map((query, i) => {
            const rendered = insertSql(
              query,
              `${databaseName}.${eventsTable}`,
              `${databaseName}.${tableNames[i]}`,
            );
            return {
              table: tableNames[i],
              prefix: tablePrefix(query),
              insertSql: oneLine(rendered.sql),
              parameters: rendered.parameters,
            };
          }),
        }),
      ),
    );
  const machine = createScheduledStateMachine(
    `${name}-materialise`,
    {
      roleDescription: "Step Functions role of the daily KPI materialisation",
      accountId: ctx.accountId,
      statements: materialisationStatements(lake, ctx),
      definition,
      logLevel: settings.tier === "prod" ? "ERROR" : "ALL",
      logRetentionDays: settings.logRetentionDays,
      logsKmsKeyArn: keyArn,
      protectData: settings.protectData,
      schedule: {
        name: `${name}-materialise-daily`,
        description: "Recompute the daily KPI tables for the last days",
        expression: settings.materialisationSchedule,
        timezone: "UTC",
        flexibleTimeWindow: { mode: "OFF" },
        // The scheduled (not actual) time, so a retried or late start still computes its own days.
        input: JSON.stringify({ scheduledTime: "<aws.scheduler.scheduled-time>" }),
        retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 6 * 3600 },
        role: {
          prefix: `${name}-schedule`,
          description: "EventBridge Scheduler role starting the daily KPI materialisation",
        },
        startSid: "StartTheMaterialisation",
        deadLetter: { kmsKeyArn: keyArn },
      },
    },
    parent,
  );
  const { stateMachine, schedule, logGroup, deadLetterQueue } = machine;
  return { keyArn, stateMachine, schedule, deadLetterQueue, logGroup };
}
