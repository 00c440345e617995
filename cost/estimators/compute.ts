/**
 * Lambda (requests, GB-seconds, X-Ray traces), Step Functions transitions and EventBridge
 * Scheduler invocations. A function's traffic comes from what triggers it in the plan.
 */
import { SECONDS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { FIREHOSE, KINESIS_STREAM, firehoseLambdaInvocations, shardsOf } from "./streaming";
import { collectorRequestsPerMonth } from "./http";
import { int, round } from "./util";
import {
  STATE_MACHINE,
  runsPerMonth,
  scheduleInvocations,
  tasksOf,
  transitionsPerRun,
} from "./workflows";
import { isServingResource, servingLoad } from "./serving";

export const LAMBDA = "aws:lambda/function:Function";
const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
const API_INTEGRATION = "aws:apigateway/integration:Integration";

/** X-Ray's default sampling rule: the first request each second, then 5% of the rest. */
const XRAY_RESERVOIR_PER_SECOND = 1;
const XRAY_RATE = 0.05;

export interface LambdaTraffic {
  readonly invocations: number;
  readonly recordsPerInvocation: number;
  readonly source: string;
}

/** Invocations a month and batch size, from the function's triggers in the plan. */
export function lambdaTraffic(fn: CostResource, ctx: CostContext): LambdaTraffic {
  const events = ctx.volumes.eventsPerMonth;
  let invocations = 0;
  let records = 0;
  const sources: string[] = [];
  for (const esm of ctx.dependentsOf(fn, ESM)) {
    const stream = ctx.dependenciesOf(esm, KINESIS_STREAM)[0];
    const shards = stream ? shardsOf(stream, ctx) : ctx.assumptions.onDemandShards;
    const batch = int(esm.inputs.batchSize, 100);
    const window = Math.max(1, int(esm.inputs.maximumBatchingWindowInSeconds, 0));
    // A batch closes when full or when the window ends on each shard, whichever comes first.
    const polls = (shards * SECONDS_PER_MONTH) / window;
    const n = Math.ceil(Math.max(events / batch, Math.min(events, polls)));
    invocations += n;
    records += events;
    sources.push(`stream batches (≤${batch} records, ${window} s window, ${shards} shard(s))`);
  }
  for (const fh of ctx.dependentsOf(fn, FIREHOSE)) {
    invocations += firehoseLambdaInvocations(fh, ctx);
    records += events;
    sources.push("Firehose transform buffers");
  }
  if (isServingResource(fn)) {
    const load = servingLoad(ctx);
    invocations += load.requestsPerMonth;
    records += load.requestsPerMonth;
    sources.push(`KPI API requests (${load.basis})`);
  } else if (ctx.dependentsOf(fn, FUNCTION_URL).length > 0) {
    const requests = Math.ceil(ctx.volumes.recommendationRequestsPerMonth);
    invocations += requests;
    records += requests;
    sources.push("function URL requests (one per served list)");
  }
  // A state machine's Lambda tasks naming this function: one invocation per task per run.
  const named = new RegExp(
    `:function:${fn.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(-[0-9a-f]{7})?$`,
  );
  for (const sm of ctx.dependentsOf(fn, STATE_MACHINE)) {
    const tasks = tasksOf(sm, "lambda:invoke").filter((t) =>
      named.test(String(t.parameters.FunctionName ?? "")),
    );
    if (tasks.length === 0) continue;
    const runs = runsPerMonth(sm, ctx);
    invocations += Math.ceil(runs * tasks.length);
    records += Math.ceil(runs * tasks.length);
    sources.push(`${sm.name}: ${tasks.length} task(s) × ${Math.round(runs * 100) / 100} runs`);
  }
  // A proxy integration invokes once per request; browsers cache preflights, so POSTs only.
  const posts = ctx.dependentsOf(fn, API_INTEGRATION).filter((i) => i.inputs.httpMethod === "POST");
  if (posts.length > 0) {
    const requests = collectorRequestsPerMonth(ctx);
    invocations += requests;
    records += requests * ctx.assumptions.collectorEventsPerRequest;
    sources.push("collector POSTs (one per batch of events)");
  }
  if (sources.length === 0) {
    return {
      invocations: ctx.assumptions.unlinkedLambdaInvocations,
      recordsPerInvocation: 0,
      source: `no trigger in the plan: assumed ${ctx.assumptions.unlinkedLambdaInvocations} invocations of ${ctx.assumptions.unlinkedLambdaMs} ms`,
    };
  }
  return {
    invocations,
    recordsPerInvocation: invocations > 0 ? records / invocations : 0,
    source: sources.join(" + "),
  };
}

export function lambdaFunction(r: CostResource, ctx: CostContext): CostItem[] {
  const a = ctx.assumptions;
  const traffic = lambdaTraffic(r, ctx);
  const memoryGb = int(r.inputs.memorySize, 128) / 1024;
  const arm = Array.isArray(r.inputs.architectures) && r.inputs.architectures[0] === "arm64";
  const ms =
    traffic.recordsPerInvocation === 0 && traffic.source.startsWith("no trigger")
      ? a.unlinkedLambdaMs
      : a.lambdaBaseMs + a.lambdaPerRecordMs * traffic.recordsPerInvocation;
  const gbSeconds = round(traffic.invocations * (ms / 1000) * memoryGb);
  const bill = ctx
    .bill()
    .note(
      `${traffic.source}; ${round(ms)} ms each (${a.lambdaBaseMs} ms + ${a.lambdaPerRecordMs} ms per record) at ${memoryGb * 1024} MB ${arm ? "arm64" : "x86_64"}`,
    )
    .charge(traffic.invocations, "requests", "lambda.millionRequests", 1e6)
    .charge(gbSeconds, "GB-seconds", arm ? "lambda.arm64GbSecond" : "lambda.x86GbSecond");
  if (r.inputs.tracingConfig?.mode === "Active") {
    const reservoir = Math.min(traffic.invocations, XRAY_RESERVOIR_PER_SECOND * SECONDS_PER_MONTH);
    const traces = Math.ceil(reservoir + XRAY_RATE * (traffic.invocations - reservoir));
    bill.charge(traces, "X-Ray traces (1/s + 5%)", "xray.millionTraces", 1e6);
  }
  return [bill.item(r.urn, r.type)];
}

export function stateMachine(r: CostResource, ctx: CostContext): CostItem[] {
  if (r.inputs.type === "EXPRESS") {
    return [
      {
        urn: r.urn,
        type: r.type,
        monthly: null,
        basis:
          "unknown: Express workflows bill per request and GB-second, which cost/prices.ts does not hold",
      },
    ];
  }
  const runs = runsPerMonth(r, ctx);
  const perRun = transitionsPerRun(r, ctx);
  return [
    ctx
      .bill()
      .note(`${round(runs)} scheduled runs/month × (${perRun.detail})`)
      .charge(Math.ceil(runs * perRun.total), "state transitions", "sfn.thousandTransitions", 1000)
      .item(r.urn, r.type),
  ];
}

export function schedule(r: CostResource, ctx: CostContext): CostItem[] {
  const invocations = scheduleInvocations(r);
  if (invocations === undefined) {
    return [
      {
        urn: r.urn,
        type: r.type,
        monthly: null,
        basis: `unknown: schedule expression ${JSON.stringify(r.inputs.scheduleExpression)} cannot be read as rate(...) or cron(...)`,
      },
    ];
  }
  return [
    ctx
      .bill()
      .note(String(r.inputs.scheduleExpression))
      .charge(round(invocations), "invocations", "scheduler.millionInvocations", 1e6)
      .item(r.urn, r.type),
  ];
}
