/**
 * QuickSight for marketers and analysts: an Athena data source that queries through its own
 * least-privilege role (not the account-wide QuickSight service role), direct-query datasets on
 * the small KPI tables, and the dashboard, all shared with the configured principals.
 *
 * The dashboard is created through Cloud Control (`AWS::QuickSight::Dashboard`) because
 * @pulumi/aws does not expose QuickSight's `definition` (its type tree is too large for the SDKs);
 * Cloud Control takes the same definition as the QuickSight API.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAKE_PREFIXES, LakeRefs } from "../shared/contracts";
import { PolicyStatement, assumeRolePolicy, objectArn, policyDocument } from "../shared/iam";
import type { AccountContext } from "../shared/key-policy";
import { athenaClientStatements } from "./athena-access";
import { DATASETS, DatasetKey, dashboardDefinition } from "./dashboard-definition";
import { KPI_QUERIES, KpiQueryName } from "./queries";

export const DATA_SOURCE_ACTIONS = [
  "quicksight:DescribeDataSource",
  "quicksight:DescribeDataSourcePermissions",
  "quicksight:PassDataSource",
];
/** Enough to build an analysis on the dataset, not to change or delete it. */
export const DATA_SET_ACTIONS = [
  "quicksight:DescribeDataSet",
  "quicksight:DescribeDataSetPermissions",
  "quicksight:PassDataSet",
  "quicksight:DescribeIngestion",
  "quicksight:ListIngestions",
];
/** Viewer rights on the dashboard. */
export const DASHBOARD_ACTIONS = [
  "quicksight:DescribeDashboard",
  "quicksight:ListDashboardVersions",
  "quicksight:QueryDashboard",
];

/** Which KPI table backs each dataset of the dashboard. */
export const DATASET_TABLES: Readonly<Record<DatasetKey, KpiQueryName>> = {
  channels: "channel_kpis",
  funnel: "funnel",
  items: "channel_item_daily",
};

const QUICKSIGHT_TYPES = { string: "STRING", bigint: "INTEGER", double: "DECIMAL" } as const;

/** What QuickSight's Athena queries need: the workgroup, the KPI tables, results and the key. */
export function quicksightStatements(lake: LakeRefs, ctx: AccountContext): PolicyStatement[] {
  return athenaClientStatements(lake, ctx, {
    sids: {
      workgroup: "QueryInTheLakeWorkgroup",
      catalogue: "ReadKpiTableDefinitions",
      list: "ListKpiPrefix",
    },
    athenaActions: [
      "athena:StartQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:StopQueryExecution",
      "athena:GetWorkGroup",
    ],
    glueActions: [
      "glue:GetDatabase",
      "glue:GetDatabases",
      "glue:GetTable",
      "glue:GetTables",
      "glue:GetPartition",
      "glue:GetPartitions",
      "glue:BatchGetPartition",
    ],
    glueTables: ["kpi_*"],
    listPrefixes: [LAKE_PREFIXES.kpi],
    // Only the aggregates: QuickSight never reads raw events.
    objectStatements: [
      {
        Sid: "ReadKpiTables",
        Action: ["s3:GetObject"],
        Resource: [objectArn(lake.bucketArn, LAKE_PREFIXES.kpi)],
      },
    ],
  });
}

export interface QuickSightResources {
  readonly dataSource: aws.quicksight.DataSource;
  readonly dataSets: Record<DatasetKey, aws.quicksight.DataSet>;
  readonly dashboard: aws.cloudcontrol.Resource;
  readonly dashboardId: pulumi.Output<string>;
}

export function createQuickSight(
  name: string,
  lake: LakeRefs,
  principals: readonly string[],
  tables: Record<KpiQueryName, aws.glue.CatalogTable>,
  ctx: AccountContext,
  parent: pulumi.Resource,
): QuickSightResources {
  const opts = { parent };
  const role = new aws.iam.Role(
    `${name}-quicksight-role`,
    {
      description: "QuickSight's Athena access to the KPI tables",
      assumeRolePolicy: assumeRolePolicy("quicksight.amazonaws.com", ctx.accountId),
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-quicksight-policy`,
    { role: role.id, policy: policyDocument(quicksightStatements(lake, ctx)) },
    opts,
  );
  // Ids are unique per account: the Glue database is per stack, so it prefixes them.
  const id = (suffix: string) => pulumi.interpolate`${lake.glueDatabaseName}-${suffix}`;
  const dataSource = new aws.quicksight.DataSource(
    `${name}-athena`,
    {
      dataSourceId: id("athena"),
      name: pulumi.interpolate`Recommendation KPIs (${lake.glueDatabaseName})`,
      type: "ATHENA",
      parameters: { athena: { workGroup: lake.athenaWorkgroupName, roleArn: role.arn } },
      permissions: principals.map((principal) => ({ principal, actions: DATA_SOURCE_ACTIONS })),
    },
    { parent, dependsOn: [policy] },
  );
  const dataSets = Object.fromEntries(
    (Object.keys(DATASETS) as DatasetKey[]).map((key) => {
      const query = KPI_QUERIES[DATASET_TABLES[key]];
      const dataSet = new aws.quicksight.DataSet(
        `${name}-dataset-${key}`,
        {
          dataSetId: id(key),
          name: pulumi.interpolate`${query.table} (${lake.glueDatabaseName})`,
          // The tables hold a few rows per day: querying them directly costs less than SPICE
          // capacity and is never stale.
          importMode: "DIRECT_QUERY",
          physicalTableMaps: [
            {
              physicalTableMapId: key,
              relationalTable: {
                dataSourceArn: dataSource.arn,
                catalog: "AwsDataCatalog",
                schema: lake.glueDatabaseName,
                name: tables[DATASET_TABLES[key]].name,
                inputColumns: query.columns.map((c) => ({
                  name: c.name,
                  type: QUICKSIGHT_TYPES[c.type],
                })),
              },
            },
          ],
          logicalTableMaps: [
            {
              logicalTableMapId: key,
              alias: query.table,
              source: { physicalTableId: key },
              // dt is a partition string; visuals need a date to plot over time.
              dataTransforms: [
                {
                  createColumnsOperation: {
                    columns: [
                      {
                        columnId: `${key}-day`,
                        columnName: "day",
                        expression: "parseDate({dt}, 'yyyy-MM-dd')",
                      },
                    ],
                  },
                },
              ],
            },
          ],
          permissions: principals.map((principal) => ({ principal, actions: DATA_SET_ACTIONS })),
        },
        opts,
      );
      return [key, dataSet] as const;
    }),
  ) as Record<DatasetKey, aws.quicksight.DataSet>;

  const dashboardId = id("recommendation-kpis");
  const desiredState = pulumi
    .all([
      ctx.accountId,
      dashboardId,
      lake.glueDatabaseName,
      dataSets.channels.arn,
      dataSets.funnel.arn,
      dataSets.items.arn,
    ])
    .apply(([accountId, dashboard, database, channels, funnel, items]) =>
      JSON.stringify({
        AwsAccountId: accountId,
        DashboardId: dashboard,
        Name: `Recommendation KPIs (${database})`,
        VersionDescription: "Managed by reco-analytics",
        Definition: dashboardDefinition({ channels, funnel, items }),
        Permissions: principals.map((principal) => ({
          Principal: principal,
          Actions: DASHBOARD_ACTIONS,
        })),
        DashboardPublishOptions: {
          AdHocFilteringOption: { AvailabilityStatus: "ENABLED" },
          ExportToCSVOption: { AvailabilityStatus: "ENABLED" },
          SheetControlsOption: { VisibilityState: "EXPANDED" },
        },
      }),
    );
  const dashboard = new aws.cloudcontrol.Resource(
    `${name}-dashboard`,
    { typeName: "AWS::QuickSight::Dashboard", desiredState },
    opts,
  );
  return { dataSource, dataSets, dashboard, dashboardId };
}
