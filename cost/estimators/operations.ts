/**
 * What runs the platform around the data path: DynamoDB (the real-time view), CloudWatch logs,
 * alarms and dashboards, QuickSight users, KMS keys, SNS topics and SQS queues.
 */
import { DAYS_PER_MONTH, GB, MINUTES_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { LAMBDA, lambdaTraffic } from "./compute";
import { provisionedTableCapacity } from "./capacity";
import { int, round } from "./util";
import { STATE_MACHINE, runsPerMonth, transitionsPerRun } from "./workflows";
import { isServingResource, servingLoad } from "./serving";

const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
/** Log groups that never expire are counted as holding one year. */
const NEVER_EXPIRES_DAYS = 365;

export function dynamodbTable(r: CostResource, ctx: CostContext): CostItem[] {
  if (r.inputs.billingMode !== "PAY_PER_REQUEST") return provisionedTableCapacity(r, ctx);
  if (isServingResource(r)) return servingCache(r, ctx);
  const a = ctx.assumptions;
  // Windows are only written for minutes that saw events: an idle view writes nothing.
  const perMinute = Math.min(a.viewWritesPerMinute, ctx.workload.avgEventsPerSecond * 60);
  const writes = perMinute * MINUTES_PER_MONTH;
  const readers = ctx
    .dependentsOf(r, LAMBDA)
    .filter((fn) => ctx.dependentsOf(fn, FUNCTION_URL).length > 0);
  const servingReaders = ctx.dependentsOf(r, LAMBDA).filter(isServingResource);
  const reads =
    (readers.some((fn) => !isServingResource(fn))
      ? Math.ceil(ctx.volumes.recommendationRequestsPerMonth)
      : 0) + (servingReaders.length > 0 ? servingLoad(ctx).viewQueriesPerMonth : 0);
  // Rows live until TTL deletes them; the view keeps two days of 1 KB rows.
  const storageGb = round((perMinute * 2 * 1440 * 1024) / GB);
  const bill = ctx
    .bill()
    .note(
      `${perMinute} items written a minute (1 KB each); ${readers.length > 0 ? "one eventually consistent read (0.5 RRU) per API request" : "no reader in the plan"}${servingReaders.length > 0 ? " and per channel of a KPI API request" : ""}; ~2 days of rows kept by TTL`,
    )
    .charge(writes, "write request units", "dynamodb.millionWriteUnits", 1e6)
    .charge(reads / 2, "read request units", "dynamodb.millionReadUnits", 1e6)
    .charge(storageGb, "GB-months stored", "dynamodb.storageGbMonth");
  if (r.inputs.pointInTimeRecovery?.enabled) {
    bill.charge(storageGb, "GB-months of PITR", "dynamodb.pitrGbMonth");
  }
  return [bill.item(r.urn, r.type)];
}

/** The serving cache: two reads a request (watermark, closed days), two writes a miss. */
function servingCache(r: CostResource, ctx: CostContext): CostItem[] {
  const load = servingLoad(ctx);
  // Items are gzipped day rows of a few KB: one strongly consistent read unit each.
  const bill = ctx
    .bill()
    .note(`${load.basis}; 2 reads per request, 2 writes per miss; a few MB kept by TTL`)
    .charge(load.requestsPerMonth * 2, "read request units", "dynamodb.millionReadUnits", 1e6)
    .charge(
      load.athenaQueriesPerMonth * 2,
      "write request units",
      "dynamodb.millionWriteUnits",
      1e6,
    )
    .charge(0.01, "GB-months stored", "dynamodb.storageGbMonth");
  if (r.inputs.pointInTimeRecovery?.enabled) {
    bill.charge(0.01, "GB-months of PITR", "dynamodb.pitrGbMonth");
  }
  return [bill.item(r.urn, r.type)];
}

export function logGroup(r: CostResource, ctx: CostContext): CostItem[] {
  const a = ctx.assumptions;
  let gb = 0;
  const feeds: string[] = [];
  for (const fn of ctx.dependentsOf(r, LAMBDA)) {
    const invocations = lambdaTraffic(fn, ctx).invocations;
    gb += (invocations * a.logBytesPerInvocation) / GB;
    feeds.push(
      `${fn.name}: ${invocations.toLocaleString("en-US")} invocations × ${a.logBytesPerInvocation} B`,
    );
  }
  for (const sm of ctx.dependentsOf(r, STATE_MACHINE)) {
    const transitions = Math.ceil(runsPerMonth(sm, ctx) * transitionsPerRun(sm, ctx).total);
    gb += (transitions * a.logBytesPerTransition) / GB;
    feeds.push(`${sm.name}: ${transitions} transitions × ${a.logBytesPerTransition} B`);
  }
  if (feeds.length === 0) {
    gb = a.otherLogGroupGb;
    feeds.push(`no known writer: assumed ${a.otherLogGroupGb} GB`);
  }
  const retention = int(r.inputs.retentionInDays, 0) || NEVER_EXPIRES_DAYS;
  return [
    ctx
      .bill()
      .note(`${feeds.join("; ")}; kept ${retention} days (uncompressed, an upper bound)`)
      .charge(round(gb), "GB ingested", "cloudwatch.logsIngestGb")
      .charge(
        round((gb * retention) / DAYS_PER_MONTH),
        "GB-months stored",
        "cloudwatch.logsStorageGbMonth",
      )
      .item(r.urn, r.type),
  ];
}

export function metricAlarm(r: CostResource, ctx: CostContext): CostItem[] {
  const queries: any[] = Array.isArray(r.inputs.metricQueries) ? r.inputs.metricQueries : [];
  const metrics = Math.max(1, queries.filter((q) => q?.metric).length);
  return [
    ctx.bill().charge(metrics, "alarm metrics", "cloudwatch.alarmMetricMonth").item(r.urn, r.type),
  ];
}

export function dashboard(r: CostResource, ctx: CostContext): CostItem[] {
  return [ctx.bill().charge(1, "dashboard", "cloudwatch.dashboardMonth").item(r.urn, r.type)];
}

/** QuickSight bills users, not resources: one line for the subscription the datasets need. */
export function quicksight(r: CostResource, ctx: CostContext): CostItem[] {
  const a = ctx.assumptions;
  const first = ctx.resources.find(
    (x) =>
      x.type.startsWith("aws:quicksight/") ||
      String(x.inputs.typeName ?? "").startsWith("AWS::QuickSight::"),
  );
  if (first?.urn !== r.urn) return [];
  return [
    ctx
      .bill()
      .note(
        `assumed ${a.quicksightAuthors} authors and ${a.quicksightReaders} readers; SPICE within the authors' included capacity`,
      )
      .charge(a.quicksightAuthors, "authors", "quicksight.authorMonth")
      .charge(a.quicksightReaders, "readers", "quicksight.readerMonth")
      .item(r.urn, `${r.type} → QuickSight users`),
  ];
}

export function kmsKey(r: CostResource, ctx: CostContext): CostItem[] {
  return [
    ctx
      .bill()
      .note(
        `assumed ${ctx.assumptions.kmsRequestsPerKey.toLocaleString("en-US")} requests (data-key caching)`,
      )
      .charge(1, "key", "kms.keyMonth")
      .charge(ctx.assumptions.kmsRequestsPerKey, "requests", "kms.tenThousandRequests", 10_000)
      .item(r.urn, r.type),
  ];
}

export function snsTopic(r: CostResource, ctx: CostContext): CostItem[] {
  const n = ctx.assumptions.snsPublishesPerTopic;
  return [
    ctx
      .bill()
      .note(`assumed ${n} publishes`)
      .charge(n, "publishes", "sns.millionPublishes", 1e6)
      .item(r.urn, r.type),
  ];
}

export function sqsQueue(r: CostResource, ctx: CostContext): CostItem[] {
  const n = ctx.assumptions.sqsRequestsPerQueue;
  return [
    ctx
      .bill()
      .note(`assumed ${n} requests`)
      .charge(n, "requests", "sqs.millionRequests", 1e6)
      .item(r.urn, r.type),
  ];
}
