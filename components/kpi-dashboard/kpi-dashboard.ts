/**
 * KPIDashboard: the batch and serving layers of "are recommendations working?". The KPI SQL
 * becomes Athena named queries and daily aggregate tables under `kpi/`; QuickSight (when the
 * stack enables it) shows them to the business; a CloudWatch dashboard and alarms show the
 * pipeline's health to operators.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { createAlarms } from "../shared/alarms";
import { KpiDashboardArgs, ResolvedKpiDashboardArgs, resolveKpiDashboardArgs } from "./args";
import { kpiDashboardAlarms } from "./alarms";
import { accountContext } from "../shared/key-policy";
import { createKpiTables, createMaterialisation, createNamedQueries } from "./materialisation";
import { OperationsTargets, operationsDashboardBody } from "./operations";
import { KPI_QUERY_NAMES } from "./queries";
import { createQuickSight } from "./quicksight";

export const KPI_DASHBOARD_TYPE = "reco:kpi-dashboard:KPIDashboard";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const KPI_DASHBOARD_FORMER_TYPE = "reco:dashboard:KPIDashboard";

export class KPIDashboard extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults applied. */
  readonly settings: ResolvedKpiDashboardArgs;
  /** Glue tables of the daily aggregates, by KPI query name. */
  readonly kpiTableNames: pulumi.Output<Record<string, string>>;
  readonly namedQueryIds: pulumi.Output<string>[];
  readonly materialisationStateMachineArn: pulumi.Output<string>;
  readonly materialisationScheduleName: pulumi.Output<string>;
  /** Absent when the stack has no operations dashboard (dev's default). */
  readonly operationsDashboardName?: pulumi.Output<string>;
  readonly alarmNames: pulumi.Output<string>[];
  /** Present when QuickSight is enabled. */
  readonly quicksightDashboardId?: pulumi.Output<string>;

  constructor(name: string, args: KpiDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveKpiDashboardArgs(name, args);
    super(KPI_DASHBOARD_TYPE, name, {}, withTypeAliases(opts, KPI_DASHBOARD_FORMER_TYPE));
    this.settings = settings;
    const parent = this;
    const ctx = accountContext(parent);

    const tables = createKpiTables(name, args.lake, parent, settings.protectData);
    const namedQueries = createNamedQueries(name, args.lake, parent);
    const materialisation = createMaterialisation(
      name,
      settings,
      args.lake,
      tables,
      ctx,
      parent,
      args.sharedKmsKeyArn,
    );

    const ops = args.operations;
    const stateMachineArns = [...(ops.stateMachineArns ?? []), materialisation.stateMachine.arn];
    const targets = pulumi.output({
      ...ops,
      stateMachineArns,
      athenaWorkgroupName: args.lake.athenaWorkgroupName,
    });
    if (settings.operationsDashboard) {
      const body = pulumi
        .all([targets, ctx.region])
        .apply(([t, region]) =>
          JSON.stringify(operationsDashboardBody(t as OperationsTargets<string>, region)),
        );
      const dashboard = new aws.cloudwatch.Dashboard(
        `${name}-operations`,
        { dashboardName: `${name}-operations`, dashboardBody: body },
        { parent },
      );
      this.operationsDashboardName = dashboard.dashboardName;
    }

    const alarms = createAlarms(
      name,
      kpiDashboardAlarms({
        tier: settings.tier,
        materialisationStateMachineArn: materialisation.stateMachine.arn,
        scheduleDeadLetterQueueName: materialisation.deadLetterQueue.name,
        stateMachineArns: ops.stateMachineArns ?? [],
        ...(ops.eventTrackerArn ? { eventTrackerArn: ops.eventTrackerArn } : {}),
      }),
      args.alarmTopicArn,
      parent,
    );

    if (settings.quicksight.enabled) {
      const quicksight = createQuickSight(
        name,
        args.lake,
        settings.quicksight.principals,
        tables,
        ctx,
        parent,
      );
      this.quicksightDashboardId = quicksight.dashboardId;
    }

    this.kpiTableNames = pulumi
      .all(KPI_QUERY_NAMES.map((q) => tables[q].name))
      .apply((names) => Object.fromEntries(KPI_QUERY_NAMES.map((q, i) => [q, names[i]])));
    this.namedQueryIds = namedQueries.map((q) => q.id);
    this.materialisationStateMachineArn = materialisation.stateMachine.arn;
    this.materialisationScheduleName = materialisation.schedule.name;
    this.alarmNames = alarms.map((a) => a.name);
    this.registerOutputs({
      kpiTableNames: this.kpiTableNames,
      namedQueryIds: this.namedQueryIds,
      materialisationStateMachineArn: this.materialisationStateMachineArn,
      materialisationScheduleName: this.materialisationScheduleName,
      ...(this.operationsDashboardName
        ? { operationsDashboardName: this.operationsDashboardName }
        : {}),
      alarmNames: this.alarmNames,
      ...(this.quicksightDashboardId ? { quicksightDashboardId: this.quicksightDashboardId } : {}),
    });
  }
}
