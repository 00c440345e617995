/**
 * MSK Serverless and the VPC it lives in: the cluster by the hour, its partitions by the hour, data
 * in and out by the GB, storage by the GB-month; interface endpoints by the zone-hour (gateway
 * endpoints are free); NAT gateways, when an awsx VPC has them, by the hour.
 */
import { DAYS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { HOURS, int, round } from "./util";

export const MSK_SERVERLESS = "aws:msk/serverlessCluster:ServerlessCluster";
export const MSK_TOPIC = "aws:msk/topic:Topic";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const FLINK = "aws:kinesisanalyticsv2/application:Application";

/** Hours a topic keeps records, from its `retention.ms` (Kafka's default is 7 days). */
export function topicRetentionHours(topic: CostResource): number {
  try {
    const configs = JSON.parse(String(topic.inputs.configs ?? "{}")) as Record<string, string>;
    const ms = Number(configs["retention.ms"] ?? 604_800_000);
    return ms > 0 ? ms / 3_600_000 : 0;
  } catch {
    return 168;
  }
}

export function mskServerlessCluster(r: CostResource, ctx: CostContext): CostItem[] {
  const topics = ctx.dependentsOf(r, MSK_TOPIC);
  const partitions = topics.reduce((sum, t) => sum + int(t.inputs.partitionCount, 1), 0);
  const readers = Math.max(
    1,
    ctx.dependentsOf(r, FIREHOSE).length + ctx.dependentsOf(r, FLINK).length,
  );
  const gbIn = ctx.volumes.jsonGbPerMonth;
  const retentionDays = Math.max(0, ...topics.map(topicRetentionHours)) / 24;
  return [
    ctx
      .bill()
      .note(
        `${partitions} partition(s) over ${topics.length} topic(s), read by ${readers} reader(s)`,
      )
      .charge(HOURS, "cluster-hours", "msk.serverlessClusterHour")
      .charge(partitions * HOURS, "partition-hours", "msk.serverlessPartitionHour")
      .charge(round(gbIn), "GB in", "msk.serverlessGbIn")
      .charge(round(gbIn * readers), "GB out", "msk.serverlessGbOut")
      .charge(
        round((gbIn / DAYS_PER_MONTH) * retentionDays),
        `GB-months kept ${round(retentionDays)} days`,
        "msk.serverlessStorageGbMonth",
      )
      .item(r.urn, r.type),
  ];
}

export function vpcEndpoint(r: CostResource, ctx: CostContext): CostItem[] {
  const bill = ctx.bill();
  if ((r.inputs.vpcEndpointType ?? "Gateway") !== "Interface") {
    return [{ urn: r.urn, type: r.type, monthly: 0, basis: "gateway endpoint: no charge" }];
  }
  const zones = Array.isArray(r.inputs.subnetIds) ? r.inputs.subnetIds.length : 1;
  // The endpoints here carry credential calls (STS), kilobytes a day: the GB charge rounds to 0.
  return [
    bill
      .note(`interface endpoint in ${zones} zone(s); control-plane traffic only`)
      .charge(zones * HOURS, "endpoint zone-hours", "vpc.interfaceEndpointZoneHour")
      .item(r.urn, r.type),
  ];
}

/** awsx's Vpc is one opaque component under the offline plan: its NAT gateways are priced here. */
export function awsxVpc(r: CostResource, ctx: CostContext): CostItem[] {
  const strategy = String(r.inputs.natGateways?.strategy ?? "OnePerAz");
  const zones = int(r.inputs.numberOfAvailabilityZones, 3);
  const nats = strategy === "None" ? 0 : strategy === "Single" ? 1 : zones;
  if (nats === 0) {
    return [
      {
        urn: r.urn,
        type: r.type,
        monthly: 0,
        basis: "VPC, subnets, route tables: no charge; no NAT gateway",
      },
    ];
  }
  return [
    ctx
      .bill()
      .note(`${nats} NAT gateway(s) (${strategy}); data processed is extra`)
      .charge(nats * HOURS, "NAT gateway-hours", "vpc.natGatewayHour")
      .item(r.urn, r.type),
  ];
}
