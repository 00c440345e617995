/**
 * The batch and speed layers' compute: Glue Data Catalog, Athena (bytes scanned, and the S3 GETs
 * the scan makes) and Managed Service for Apache Flink (KPU-hours).
 */
import { lookbackDaysFor } from "../../components/training-pipeline/lookback";
import { DAYS_PER_MONTH, GB, TB } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { FIREHOSE, firehoseObjectsPerDay } from "./streaming";
import { HOURS, int, round } from "./util";
import { STATE_MACHINE, runsPerMonth, tasksOf } from "./workflows";
import { isServingResource, servingLoad } from "./serving";

const GLUE_TABLE = "aws:glue/catalogTable:CatalogTable";
const WORKGROUP = "aws:athena/workgroup:Workgroup";

/** Athena bills at least 10 MB per query. */
const ATHENA_MIN_BYTES = 10 * 1024 * 1024;
/** Running application storage Managed Flink provisions per processing KPU. */
const FLINK_STORAGE_GB_PER_KPU = 50;

/** A workflow that trains Personalize: its queries export the whole training lookback. */
const isTrainingWorkflow = (sm: CostResource) =>
  tasksOf(sm, "personalize:createSolutionVersion").length > 0;

/**
 * Workgroups analysts and dashboards use: those enforcing their settings (so the scan cutoff
 * binds), other than a training workflow's own export workgroup. If every enforcing workgroup
 * serves training, they share the analysts' queries rather than drop them.
 */
function analystWorkgroups(ctx: CostContext): CostResource[] {
  // The KPI serving API's workgroup carries its own cache misses, not the analysts' queries.
  const enforcing = ctx
    .ofType(WORKGROUP)
    .filter((wg) => wg.inputs.configuration?.enforceWorkgroupConfiguration !== false)
    .filter((wg) => !isServingResource(wg));
  const general = enforcing.filter(
    (wg) => !ctx.dependentsOf(wg, STATE_MACHINE).some(isTrainingWorkflow),
  );
  return general.length > 0 ? general : enforcing;
}

/** One source of queries in a workgroup: how many a month, and how many days each reads. */
interface QueryLoad {
  readonly source: string;
  readonly perMonth: number;
  readonly days: number;
}

/**
 * The workgroup's queries: the analysts' share of the workload's `queriesPerDay` (reading
 * `typicalQueryScanDays`), plus each workflow's Athena tasks per scheduled run (a training
 * workflow's read its lookback, others a typical query's days).
 */
function queryLoads(wg: CostResource, ctx: CostContext): QueryLoad[] {
  const a = ctx.assumptions;
  const loads: QueryLoad[] = [];
  if (isServingResource(wg)) {
    const load = servingLoad(ctx);
    // The daily KPI table is kilobytes a day: every query bills Athena's 10 MB minimum.
    return [
      {
        source: `KPI API cache misses (${load.basis})`,
        perMonth: load.athenaQueriesPerMonth,
        days: 0,
      },
    ];
  }
  const analysts = analystWorkgroups(ctx);
  if (analysts.some((x) => x.urn === wg.urn)) {
    loads.push({
      source: `analysts: ${ctx.workload.queriesPerDay}/day over ${analysts.length} workgroup(s)`,
      perMonth: (ctx.workload.queriesPerDay / analysts.length) * DAYS_PER_MONTH,
      days: a.typicalQueryScanDays,
    });
  }
  for (const sm of ctx.dependentsOf(wg, STATE_MACHINE)) {
    const tasks = tasksOf(sm, "athena:startQueryExecution");
    if (tasks.length === 0) continue;
    const training = isTrainingWorkflow(sm);
    if (!training) {
      loads.push({
        source: `${sm.name}: ${tasks.length} per run`,
        perMonth: tasks.length * runsPerMonth(sm, ctx),
        days: a.typicalQueryScanDays,
      });
      continue;
    }
    // A training run's queries over the events' `dt` window (readiness count, interactions
    // export) read the lookback; the rest (catalogue exports, the metrics gate over literals)
    // read kilobytes and bill Athena's 10 MB minimum.
    const windowed = tasks.filter((t) => String(t.parameters.QueryString ?? "").includes("dt >= "));
    const small = tasks.length - windowed.length;
    loads.push({
      source: `${sm.name}: ${windowed.length} per run, training exports over the lookback`,
      perMonth: windowed.length * runsPerMonth(sm, ctx),
      days: lookbackDaysFor(ctx.workload),
    });
    if (small > 0) {
      loads.push({
        source: `${sm.name}: ${small} per run, catalogue exports and the metrics gate`,
        perMonth: small * runsPerMonth(sm, ctx),
        days: 0,
      });
    }
  }
  return loads;
}

/** Queries a day in a workgroup (what its results bucket and the catalogue see). */
export function athenaQueriesPerDay(wg: CostResource, ctx: CostContext): number {
  return queryLoads(wg, ctx).reduce((n, l) => n + l.perMonth, 0) / DAYS_PER_MONTH;
}

export function athenaWorkgroup(r: CostResource, ctx: CostContext): CostItem[] {
  const a = ctx.assumptions;
  const cutoff = int(r.inputs.configuration?.bytesScannedCutoffPerQuery, Infinity);
  const objectsPerDay = ctx.ofType(FIREHOSE).reduce((n, f) => n + firehoseObjectsPerDay(f, ctx), 0);
  const bill = ctx.bill();
  const loads = queryLoads(r, ctx).filter((l) => l.perMonth > 0);
  if (loads.length === 0) bill.note("no queries in the plan or the workload");
  let gets = 0;
  for (const load of loads) {
    const queries = Math.ceil(load.perMonth);
    const wanted = load.days * ctx.volumes.parquetGbPerDay * a.typicalQueryColumnShare * GB;
    const bytesPerQuery = Math.min(Math.max(wanted, ATHENA_MIN_BYTES), cutoff);
    bill
      .note(
        `${load.source}: ${queries.toLocaleString("en-US")} queries/month, each reading ${load.days} day(s) × ${a.typicalQueryColumnShare * 100}% of columns = ${round(bytesPerQuery / GB)} GB (10 MB minimum${Number.isFinite(cutoff) ? `, ${round(cutoff / GB)} GB cutoff` : ""})`,
      )
      .charge(round((queries * bytesPerQuery) / TB), "TB scanned", "athena.tbScanned");
    gets += queries * load.days * objectsPerDay * a.athenaGetsPerObject;
  }
  if (gets > 0) {
    bill.charge(
      Math.ceil(gets),
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
