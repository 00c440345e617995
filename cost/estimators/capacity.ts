/**
 * Capacity bought ahead of use, which bills whether or not traffic comes: Lambda provisioned
 * concurrency, Kinesis enhanced fan-out consumers, provisioned DynamoDB capacity, EBS volumes,
 * and the per-item charges of secrets and advanced parameters.
 */
import { SECONDS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { LAMBDA } from "./compute";
import { KINESIS_STREAM, shardsOf } from "./streaming";
import { HOURS, int, round } from "./util";

const unknown = (r: CostResource, why: string): CostItem[] => [
  { urn: r.urn, type: r.type, monthly: null, basis: `unknown: ${why}` },
];

export function provisionedConcurrency(r: CostResource, ctx: CostContext): CostItem[] {
  const fn = ctx.dependenciesOf(r, LAMBDA)[0];
  const executions = int(r.inputs.provisionedConcurrentExecutions, 0);
  if (!fn)
    return unknown(r, "the function it keeps warm is not in the plan, so its memory is unknown");
  const memoryGb = int(fn.inputs.memorySize, 128) / 1024;
  const arm = Array.isArray(fn.inputs.architectures) && fn.inputs.architectures[0] === "arm64";
  return [
    ctx
      .bill()
      .note(`${executions} environments of ${fn.name} at ${memoryGb * 1024} MB kept warm all month`)
      .charge(
        round(executions * memoryGb * SECONDS_PER_MONTH),
        "GB-seconds provisioned",
        arm ? "lambda.provisionedArm64GbSecond" : "lambda.provisionedX86GbSecond",
      )
      .item(r.urn, r.type),
  ];
}

export function streamConsumer(r: CostResource, ctx: CostContext): CostItem[] {
  const stream = ctx.dependenciesOf(r, KINESIS_STREAM)[0];
  const shards = stream ? shardsOf(stream, ctx) : ctx.assumptions.onDemandShards;
  return [
    ctx
      .bill()
      .note(`enhanced fan-out on ${shards} shard(s), reading every event once`)
      .charge(shards * HOURS, "consumer-shard-hours", "kinesis.efoConsumerShardHour")
      .charge(round(ctx.volumes.jsonGbPerMonth), "GB retrieved", "kinesis.efoGbRetrieved")
      .item(r.urn, r.type),
  ];
}

/** Provisioned table capacity, every GSI's included: billed per unit-hour, used or not. */
export function provisionedTableCapacity(r: CostResource, ctx: CostContext): CostItem[] {
  const indexes: any[] = Array.isArray(r.inputs.globalSecondaryIndexes)
    ? r.inputs.globalSecondaryIndexes
    : [];
  const wcu =
    int(r.inputs.writeCapacity, 0) + indexes.reduce((n, i) => n + int(i?.writeCapacity, 0), 0);
  const rcu =
    int(r.inputs.readCapacity, 0) + indexes.reduce((n, i) => n + int(i?.readCapacity, 0), 0);
  return [
    ctx
      .bill()
      .note(
        `provisioned ${wcu} WCU and ${rcu} RCU (table and ${indexes.length} GSI(s)), no auto scaling assumed`,
      )
      .charge(wcu * HOURS, "WCU-hours", "dynamodb.wcuHour")
      .charge(rcu * HOURS, "RCU-hours", "dynamodb.rcuHour")
      .item(r.urn, r.type),
  ];
}

export function ebsVolume(r: CostResource, ctx: CostContext): CostItem[] {
  const type = String(r.inputs.type ?? "gp3");
  const size = int(r.inputs.size, 0);
  if (type !== "gp3" && type !== "gp2") {
    return unknown(r, `EBS volume type ${type} is not in cost/prices.ts`);
  }
  const bill = ctx
    .bill()
    .note(`${size} GiB ${type}`)
    .charge(size, "GB-months", type === "gp3" ? "ebs.gp3GbMonth" : "ebs.gp2GbMonth");
  if (type === "gp3") {
    const iops = Math.max(0, int(r.inputs.iops, 3000) - 3000);
    const mbps = Math.max(0, int(r.inputs.throughput, 125) - 125);
    if (iops > 0) bill.charge(iops, "IOPS above 3,000", "ebs.gp3IopsMonth");
    if (mbps > 0) bill.charge(mbps, "MB/s above 125", "ebs.gp3MbpsMonth");
  }
  return [bill.item(r.urn, r.type)];
}

export function secret(r: CostResource, ctx: CostContext): CostItem[] {
  return [
    ctx
      .bill()
      .note("API calls not counted")
      .charge(1, "secret", "secretsmanager.secretMonth")
      .item(r.urn, r.type),
  ];
}

export function ssmParameter(r: CostResource, ctx: CostContext): CostItem[] {
  if (r.inputs.tier !== "Advanced" && r.inputs.tier !== "Intelligent-Tiering") return [];
  return [
    ctx.bill().charge(1, "advanced parameter", "ssm.advancedParameterMonth").item(r.urn, r.type),
  ];
}

/** Image storage: the program says nothing about image sizes, so the small-bucket assumption. */
export function ecrRepository(r: CostResource, ctx: CostContext): CostItem[] {
  const gb = ctx.assumptions.otherBucketGb;
  return [
    ctx
      .bill()
      .note(`assumed ${gb} GB of images`)
      .charge(gb, "GB-months of images", "ecr.storageGbMonth")
      .item(r.urn, r.type),
  ];
}
