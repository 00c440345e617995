/**
 * KafkaStore's args, their defaults and their validation: pure (no I/O), run before any resource,
 * every problem reported at once.
 */
import { throwIfProblems } from "../shared/args-error";
import type { CommonArgs } from "../shared/contracts";
import { MIB, Tier, WorkloadProfile, peakBytesPerSecond } from "../shared/workload";
import { KAFKA_STORE_TIER_DEFAULTS } from "./defaults";

/** MSK Serverless spreads a cluster over 2 or 3 Availability Zones' subnets. */
export const MIN_ZONES = 2;
export const MAX_ZONES = 3;
/** MSK Serverless caps one partition at 5 MiB/s in and 10 MiB/s out. */
export const PARTITION_INGRESS_BYTES = 5 * MIB;
export const PARTITION_EGRESS_BYTES = 10 * MIB;
/**
 * Partitions are sized to half their ingress cap: a hot user's events share one partition
 * (the key is the user), so the average partition needs headroom for the skew.
 */
export const PARTITION_HEADROOM = 0.5;
/** Firehose and the Flink engine each read every record. */
export const DEFAULT_READERS = 2;
/** At least two partitions, so two Flink subtasks (or two Firehose readers) share the work. */
export const MIN_PARTITIONS = 2;
/** MSK Serverless allows 2,400 partitions per cluster (leader partitions, replication excluded). */
export const MAX_PARTITIONS = 2400;
/** The one topic every producer writes to and every reader subscribes to. */
export const DEFAULT_TOPIC = "behaviour-events";
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export interface KafkaStoreArgs extends CommonArgs {
  /** Topic the behaviour events go to. @default "behaviour-events" */
  readonly topicName?: string;
  /**
   * Partitions of the topic.
   * @default kafkaPartitions(workload), or MIN_PARTITIONS when no workload is given
   */
  readonly partitions?: number;
  /** Hours the topic keeps records for replay (24-8760). @default 24 in dev, 168 in prod */
  readonly retentionHours?: number;
  /** Availability Zones of the VPC and the cluster (2-3). @default 2 in dev, 3 in prod */
  readonly availabilityZones?: number;
  /** The VPC's IPv4 range, a /16 to /24 private block. @default "10.42.0.0/16" */
  readonly vpcCidr?: string;
}

export interface ResolvedKafkaStoreArgs {
  readonly tier: Tier;
  /** Absent when the caller gave none: the topic then gets the minimum partitions. */
  readonly workload?: WorkloadProfile;
  readonly protectData: boolean;
  readonly topicName: string;
  readonly partitions: number;
  readonly retentionHours: number;
  readonly availabilityZones: number;
  readonly vpcCidr: string;
}

/** Partitions for the workload: enough ingress for the peak with headroom, and egress for each reader. */
export function kafkaPartitions(workload: WorkloadProfile, readers = DEFAULT_READERS): number {
  const peak = peakBytesPerSecond(workload);
  const forIngress = Math.ceil(peak / (PARTITION_INGRESS_BYTES * PARTITION_HEADROOM));
  const forEgress = Math.ceil((peak * readers) / (PARTITION_EGRESS_BYTES * PARTITION_HEADROOM));
  return Math.min(MAX_PARTITIONS, Math.max(MIN_PARTITIONS, forIngress, forEgress));
}

const wholeIn = (v: number, min: number, max: number) =>
  Number.isInteger(v) && v >= min && v <= max;

/** True for 10/8, 172.16/12 and 192.168/16 blocks of /16 to /24 whose host bits are zero. */
export function isPrivateCidr(cidr: string): boolean {
  const m = CIDR.exec(cidr);
  if (!m) return false;
  const [a, b, c, d, bits] = m.slice(1).map(Number);
  if ([a, b, c, d].some((o) => o > 255) || bits < 16 || bits > 24) return false;
  const address = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  if ((address & ((1 << (32 - bits)) - 1)) !== 0) return false;
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** Problems with the args; empty when they are valid. */
export function validateKafkaStoreArgs(args: KafkaStoreArgs): string[] {
  const problems: string[] = [];
  const tier = args.tier ?? "dev";
  if (tier !== "dev" && tier !== "prod") {
    problems.push(`tier is ${JSON.stringify(tier)}; it must be one of dev, prod.`);
  }
  if (args.topicName !== undefined && !TOPIC_NAME.test(args.topicName)) {
    problems.push(
      `topicName is ${JSON.stringify(args.topicName)}; a Kafka topic name is 1-249 characters of a-z A-Z 0-9 . _ -. Fix: omit it to use "${DEFAULT_TOPIC}".`,
    );
  }
  if (args.partitions !== undefined && !wholeIn(args.partitions, 1, MAX_PARTITIONS)) {
    problems.push(
      `partitions is ${args.partitions}; MSK Serverless allows 1 to ${MAX_PARTITIONS} whole partitions. Fix: omit it to size them from the workload.`,
    );
  }
  if (args.retentionHours !== undefined && !wholeIn(args.retentionHours, 24, 8760)) {
    problems.push(
      `retentionHours is ${args.retentionHours}; the topic keeps records for 24 to 8760 whole hours.`,
    );
  }
  const zones = args.availabilityZones;
  if (zones !== undefined && !wholeIn(zones, MIN_ZONES, MAX_ZONES)) {
    problems.push(
      `availabilityZones is ${zones}; MSK Serverless needs subnets in ${MIN_ZONES} or ${MAX_ZONES} Availability Zones.`,
    );
  }
  if (args.vpcCidr !== undefined && !isPrivateCidr(args.vpcCidr)) {
    problems.push(
      `vpcCidr is ${JSON.stringify(args.vpcCidr)}; it must be a private IPv4 block (10/8, 172.16/12, 192.168/16) of /16 to /24 with its host bits zero, e.g. "10.42.0.0/16".`,
    );
  }
  return problems;
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveKafkaStoreArgs(name: string, args: KafkaStoreArgs): ResolvedKafkaStoreArgs {
  throwIfProblems("KafkaStore", name, validateKafkaStoreArgs(args));
  const tier = args.tier ?? "dev";
  const defaults = KAFKA_STORE_TIER_DEFAULTS[tier];
  const workload = args.workload;
  return {
    tier,
    ...(workload ? { workload } : {}),
    protectData: args.protectData ?? tier === "prod",
    topicName: args.topicName ?? DEFAULT_TOPIC,
    partitions: args.partitions ?? (workload ? kafkaPartitions(workload) : MIN_PARTITIONS),
    retentionHours: args.retentionHours ?? defaults.retentionHours,
    availabilityZones: args.availabilityZones ?? defaults.availabilityZones,
    vpcCidr: args.vpcCidr ?? "10.42.0.0/16",
  };
}
