/**
 * ExplorationSearch's args, tier defaults and validation: pure (no I/O), run before any resource,
 * every problem reported at once.
 */
import { throwIfProblems } from "../shared/args-error";
import type { CommonArgs, LakeRefs, StreamRefs } from "../shared/contracts";
import type { Tier } from "../shared/workload";

/** Collection names are 3-32 lower-case characters; the policies append up to 5 (`-data`). */
const COLLECTION_NAME = /^[a-z][a-z0-9-]{2,26}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;
const CIDR = /^10\.\d{1,3}\.\d{1,3}\.0\/(1[6-9]|2[0-4])$/;
/** Exploration is for the last days; anything older is the lake's (Athena). */
export const MAX_RETENTION_DAYS = 90;
/** The index Firehose writes and the dashboards' index pattern reads. */
export const EVENTS_INDEX = "behaviour-events";

export interface ExplorationSearchArgs extends CommonArgs {
  /** The stream Firehose reads the events from (StreamIngestion's refs). */
  readonly stream: StreamRefs;
  /** The lake: documents the collection refuses are kept under `failed/exploration/`. */
  readonly lake: LakeRefs;
  /** Days the collection keeps events before its lifecycle policy deletes them (1-90). @default 7 */
  readonly retentionDays?: number;
  /** The collection's name (3-27 lower-case letters, digits, hyphens). @default "<name>" trimmed */
  readonly collectionName?: string;
  /** IAM roles that may read the events and open the dashboards (analysts, support). @default [] */
  readonly readerRoleArns?: readonly string[];
  /**
   * Standby replicas in a second zone: double the minimum OCUs (2 instead of 1) for a collection
   * that survives a zone's loss. @default false in dev, true in prod
   */
  readonly standbyReplicas?: boolean;
  /** The private VPC's IPv4 range. @default "10.43.0.0/16" */
  readonly vpcCidr?: string;
}

export interface ResolvedExplorationArgs {
  readonly tier: Tier;
  readonly retentionDays: number;
  readonly collectionName: string;
  readonly readerRoleArns: readonly string[];
  readonly standbyReplicas: boolean;
  readonly vpcCidr: string;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  /** dev spans two zones, prod three (the Firehose ENIs and the collection's VPC endpoint). */
  readonly availabilityZones: number;
}

/** `name` as a collection name: lower-case, hyphens for anything else, cut to 27 characters. */
export function defaultCollectionName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[^a-z]+/, "");
  return (cleaned || "explore").slice(0, 27).replace(/-+$/, "");
}

export function validateExplorationArgs(name: string, args: ExplorationSearchArgs): string[] {
  const problems: string[] = [];
  const tier = args.tier ?? "dev";
  if (tier !== "dev" && tier !== "prod") {
    problems.push(`tier is ${JSON.stringify(tier)}; it must be one of dev, prod.`);
  }
  const days = args.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)) {
    problems.push(
      `retentionDays is ${days}; the exploration tier keeps 1 to ${MAX_RETENTION_DAYS} whole days (older events are the lake's).`,
    );
  }
  const collection = args.collectionName ?? defaultCollectionName(name);
  if (!COLLECTION_NAME.test(collection)) {
    problems.push(
      `collectionName is ${JSON.stringify(collection)}; it must be 3-27 characters, a lower-case letter then lower-case letters, digits or hyphens. Fix: set collectionName, e.g. "reco-explore".`,
    );
  }
  (args.readerRoleArns ?? []).forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) {
      problems.push(
        `readerRoleArns[${i}] is ${JSON.stringify(arn)}; it must be an IAM role ARN like arn:aws:iam::123456789012:role/analysts (the data access policy names principals, never "*").`,
      );
    }
  });
  if (args.vpcCidr !== undefined && !CIDR.test(args.vpcCidr)) {
    problems.push(
      `vpcCidr is ${JSON.stringify(args.vpcCidr)}; it must be a 10.x.y.0 block of /16 to /24, e.g. "10.43.0.0/16".`,
    );
  }
  return problems;
}

export function resolveExplorationArgs(
  name: string,
  args: ExplorationSearchArgs,
): ResolvedExplorationArgs {
  throwIfProblems("ExplorationSearch", name, validateExplorationArgs(name, args));
  const tier = args.tier ?? "dev";
  const prod = tier === "prod";
  return {
    tier,
    retentionDays: args.retentionDays ?? 7,
    collectionName: args.collectionName ?? defaultCollectionName(name),
    readerRoleArns: args.readerRoleArns ?? [],
    standbyReplicas: args.standbyReplicas ?? prod,
    vpcCidr: args.vpcCidr ?? "10.43.0.0/16",
    logRetentionDays: args.logRetentionDays ?? (prod ? 365 : 14),
    protectData: args.protectData ?? prod,
    availabilityZones: prod ? 3 : 2,
  };
}
