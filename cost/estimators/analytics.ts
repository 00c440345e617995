/**
 * The batch and speed layers' compute: Glue Data Catalog, Athena (bytes scanned, and the S3 GETs
 * the scan makes) and Managed Service for Apache Flink (KPU-hours).
 */
import { DAYS_PER_MONTH, TB } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { FIREHOSE, firehoseObjectsPerDay } from "./streaming";
import { HOURS, int, round } from "./util";
import { STATE_MACHINE, runsPerMonth, tasksOf } from "./workflows";

const GLUE_TABLE = "aws:glue/catalogTable:CatalogTable";
const WORKGROUP = "aws:athena/workgroup:Workgroup";

/** Athena bills at least 10 MB per query. */
const ATHENA_MIN_BYTES = 10 * 1024 * 1024;
/** Running application storage Managed Flink provisions per processing KPU. */
const FLINK_STORAGE_GB_PER_KPU = 50;

/** Workgroups analysts use: those enforcing their settings (the scan cutoff binds them). */
const isAnalystWorkgroup = (wg: CostResource) =>
  wg.inputs.configuration?.enforceWorkgroupConfiguration !== false;

/** Athena queries a workflow starts per run in this workgroup. */
function workflowQueries(wg: CostResource, ctx: CostContext): { perDay: number; perRun: number } {
  let perDay = 0;
  let perRun = 0;
  for (const sm of ctx.dependentsOf(wg, STATE_MACHINE)) {
    const queries = tasksOf(sm, "athena:startQueryExecution").length;
    perRun += queries;
    perDay += (queries * runsPerMonth(sm, ctx)) / DAYS_PER_MONTH;
  }
  return { perDay, perRun };
}

/**
 * Queries a day in a workgroup: the workload's `queriesPerDay` shared by the analyst workgroups,
 * plus the queries of the workflows that use it.
 */
export function athenaQueriesPerDay(wg: CostResource, ctx: CostContext): number {
  const analysts = ctx.ofType(WORKGROUP).filter(isAnalystWorkgroup).length;
  const own = isAnalystWorkgroup(wg) ? ctx.workload.queriesPerDay / analysts : 0;
  return own + workflowQueries(wg, ctx).perDay;
}

export function athenaWorkgroup(r: CostResource, ctx: CostContext): CostItem[] {
  const a = ctx.assumptions;
  const cutoff = int(r.inputs.configuration?.bytesScannedCutoffPerQuery, Infinity);
  const analyst = isAnalystWorkgroup(r);
  const days = analyst ? a.typicalQueryScanDays : a.trainingLookbackDays;
  const wanted = days * ctx.volumes.parquetGbPerDay * a.typicalQueryColumnShare * 1024 ** 3;
  const bytesPerQuery = Math.min(Math.max(wanted, ATHENA_MIN_BYTES), cutoff);
  const queries = Math.ceil(athenaQueriesPerDay(r, ctx) * DAYS_PER_MONTH);
  const tb = round((queries * bytesPerQuery) / TB);
  const objectsPerDay = ctx.ofType(FIREHOSE).reduce((n, f) => n + firehoseObjectsPerDay(f, ctx), 0);
  const gets = Math.ceil(queries * days * objectsPerDay * a.athenaGetsPerObject);
  const bill = ctx
    .bill()
    .note(
      `${queries.toLocaleString("en-US")} queries/month (${analyst ? "analysts' share of queriesPerDay" : "workflow queries only"}${workflowQueries(r, ctx).perRun ? `, plus ${workflowQueries(r, ctx).perRun} per workflow run` : ""}), each reading ${days} day(s) × ${a.typicalQueryColumnShare * 100}% of columns = ${round(bytesPerQuery / 1024 ** 3)} GB (10 MB minimum${Number.isFinite(cutoff) ? `, ${round(cutoff / 1024 ** 3)} GB cutoff` : ""})`,
    )
    .charge(tb, "TB scanned", "athena.tbScanned");
  if (gets > 0) {
    bill.charge(
      gets,
      `S3 GETs (${a.athenaGetsPerObject} per object, ${objectsPerDay} objects/day)`,
      "s3.getThousand",
      1000,
    );
  }
  return [bill.item(r.urn, r.type)];
}

export function glueDatabase(r: CostResource, ctx: CostContext): CostItem[] {
  const tables = ctx.dependentsOf(r, GLUE_TABLE).length;
  // Partition projection keeps partitions out of the catalogue; Athena and Firehose read tables.
  const queries = ctx.ofType(WORKGROUP).reduce((n, wg) => n + athenaQueriesPerDay(wg, ctx), 0);
  const flushes = ctx.ofType(FIREHOSE).reduce((n, f) => n + firehoseObjectsPerDay(f, ctx), 0);
  const requests = Math.ceil((queries * 3 + flushes) * DAYS_PER_MONTH);
  return [
    ctx
      .bill()
      .note(`1 database + ${tables} tables; requests: 3 per Athena query + 1 per Firehose flush`)
      .charge(1 + tables, "catalogue objects", "glue.catalogHundredThousandObjects", 100_000)
      .charge(requests, "catalogue requests", "glue.catalogMillionRequests", 1e6)
      .item(r.urn, r.type),
  ];
}

export function flinkApplication(r: CostResource, ctx: CostContext): CostItem[] {
  const p =
    r.inputs.applicationConfiguration?.flinkApplicationConfiguration?.parallelismConfiguration ??
    {};
  const custom = p.configurationType === "CUSTOM";
  const parallelism = custom ? int(p.parallelism, 1) : 1;
  const perKpu = custom ? int(p.parallelismPerKpu, 1) : 1;
  const kpus = Math.ceil(parallelism / perKpu);
  return [
    ctx
      .bill()
      .note(
        `parallelism ${parallelism} at ${perKpu} per KPU = ${kpus} KPU + 1 orchestration KPU${p.autoScalingEnabled ? " (autoscaling may add KPUs under load)" : ""}`,
      )
      .charge((kpus + 1) * HOURS, "KPU-hours", "flink.kpuHour")
      .charge(
        kpus * FLINK_STORAGE_GB_PER_KPU,
        "GB-months running storage",
        "flink.runningStorageGbMonth",
      )
      .item(r.urn, r.type),
  ];
}
