/**
 * StreamIngestion's args, their resolved defaults and their validation: pure, run before any
 * resource, every problem reported at once.
 */
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import { KafkaStoreArgs, validateKafkaStoreArgs } from "../kafka-store";
import type { CommonArgs, LakeRefs } from "../shared/contracts";
import type { Tier, WorkloadProfile } from "../shared/workload";
import { DEFAULT_RETENTION_HOURS } from "./defaults";
import {
  DEFAULT_SHARED_CONSUMERS,
  FirehoseBuffering,
  MAX_BUFFER_INTERVAL_SECONDS,
  MAX_BUFFER_MIB,
  MIN_BUFFER_MIB,
  StreamMode,
  StreamModeChoice,
  chooseStreamMode,
  firehoseBuffering,
  shardSizing,
} from "./sizing";

export const STREAM_MODES = ["auto", "ON_DEMAND", "PROVISIONED"] as const;
/** Where producers and the collector write behaviour events. */
export const STREAM_STORES = ["kinesis", "msk"] as const;
export type StreamStore = (typeof STREAM_STORES)[number];

/** The MSK store's own settings (KafkaStore's args without the common ones). */
export type KafkaOptions = Omit<KafkaStoreArgs, keyof CommonArgs>;

/** A stream created elsewhere that this component reads from instead of creating its own. */
export interface ExistingStream {
  /** ARN of the stream; it must be in the stack's region. */
  readonly arn: pulumi.Input<string>;
  /**
   * Customer key the stream is encrypted with. Omit it only for a stream encrypted with the
   * AWS-managed `aws/kinesis` key, whose use needs no grant.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

export interface StreamIngestionArgs extends CommonArgs {
  /** Where Firehose delivers: the lake bucket, its key and the events Glue table. */
  readonly lake: LakeRefs;
  /** Kinesis capacity mode; "auto" picks the cheaper for the workload's shape. @default "auto" */
  readonly streamMode?: (typeof STREAM_MODES)[number];
  /** Hours the stream keeps records for replay (24-8760). @default 24 in dev, 168 in prod */
  readonly retentionHours?: number;
  /** Adopt this stream instead of creating one; conflicts with streamMode and retentionHours. */
  readonly existingStream?: ExistingStream;
  /** Consumers sharing each shard's 2 MiB/s read limit; sizes the shards. @default 3 */
  readonly sharedConsumers?: number;
  /**
   * Where producers and the collector write: the Kinesis stream, or an MSK Serverless topic in a
   * private VPC that a second Firehose delivers to the same lake path. With "msk" the Kinesis
   * stream stays for the recommender's server-side paths (see the README). @default "kinesis"
   */
  readonly store?: StreamStore;
  /** The MSK store's topic, partitions, retention and network; only with `store: "msk"`. */
  readonly kafka?: KafkaOptions;
  /** Validate records against the event schema in Firehose before conversion. @default true */
  readonly transformLambda?: boolean;
  /** Firehose buffer size in MiB (64-128). @default firehoseBuffering(tier, workload) */
  readonly bufferingSizeMiB?: number;
  /** Firehose buffer interval in seconds (0-900). @default 60 in dev, 300 in prod */
  readonly bufferingIntervalSeconds?: number;
}

/** Every value the component uses, defaults applied. */
export interface ResolvedIngestionArgs {
  readonly tier: Tier;
  readonly workload: WorkloadProfile;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  /** Undefined when an existing stream is adopted. */
  readonly stream?: {
    readonly mode: StreamMode;
    /** Why "auto" chose the mode; absent when the mode was given. */
    readonly choice?: StreamModeChoice;
    /** Shards when PROVISIONED. */
    readonly shardCount?: number;
    readonly retentionHours: number;
  };
  readonly store: StreamStore;
  readonly transformLambda: boolean;
  readonly buffering: FirehoseBuffering;
}

const KINESIS_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]{1,128}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;

const wholeIn = (v: number, min: number, max: number) =>
  Number.isInteger(v) && v >= min && v <= max;

/** Problems with the args; empty when they are valid. */
export function validateIngestionArgs(args: StreamIngestionArgs): string[] {
  const problems: string[] = commonArgsProblems(args);
  if (args.streamMode !== undefined && !STREAM_MODES.includes(args.streamMode)) {
    problems.push(
      `streamMode is ${JSON.stringify(args.streamMode)}; it must be one of ${STREAM_MODES.join(", ")}.`,
    );
  }
  if (args.retentionHours !== undefined && !wholeIn(args.retentionHours, 24, 8760)) {
    problems.push(
      `retentionHours is ${args.retentionHours}; Kinesis keeps records for 24 to 8760 whole hours.`,
    );
  }
  if (args.sharedConsumers !== undefined && !wholeIn(args.sharedConsumers, 1, 20)) {
    problems.push(
      `sharedConsumers is ${args.sharedConsumers}; it must be a whole number from 1 to 20.`,
    );
  }
  const size = args.bufferingSizeMiB;
  if (size !== undefined && !wholeIn(size, MIN_BUFFER_MIB, MAX_BUFFER_MIB)) {
    problems.push(
      `bufferingSizeMiB is ${size}; Parquet conversion needs ${MIN_BUFFER_MIB} to ${MAX_BUFFER_MIB} MiB. Fix: omit it to size it from the workload.`,
    );
  }
  const interval = args.bufferingIntervalSeconds;
  if (interval !== undefined && !wholeIn(interval, 0, MAX_BUFFER_INTERVAL_SECONDS)) {
    problems.push(
      `bufferingIntervalSeconds is ${interval}; Firehose accepts 0 to ${MAX_BUFFER_INTERVAL_SECONDS} whole seconds.`,
    );
  }
  if (args.store !== undefined && !STREAM_STORES.includes(args.store)) {
    problems.push(
      `store is ${JSON.stringify(args.store)}; it must be one of ${STREAM_STORES.join(", ")}.`,
    );
  }
  if (args.kafka !== undefined) {
    if (args.store !== "msk") {
      problems.push(
        `kafka is set but store is ${JSON.stringify(args.store ?? "kinesis")}; the Kafka settings apply to the MSK store only. Fix: set store to "msk", or remove kafka.`,
      );
    }
    problems.push(...validateKafkaStoreArgs(args.kafka).map((p) => `kafka.${p}`));
  }
  const existing = args.existingStream;
  if (existing) {
    for (const key of ["streamMode", "retentionHours", "sharedConsumers"] as const) {
      if (args[key] !== undefined) {
        problems.push(
          `${key} is set together with existingStream; an adopted stream keeps its own ${key === "retentionHours" ? "retention" : "capacity"}. Fix: remove ${key}, or remove existingStream to create the stream here.`,
        );
      }
    }
    if (typeof existing.arn === "string" && !KINESIS_ARN.test(existing.arn)) {
      problems.push(
        `existingStream.arn is ${JSON.stringify(existing.arn)}; it must be a Kinesis stream ARN like arn:aws:kinesis:us-east-1:123456789012:stream/events.`,
      );
    }
    if (typeof existing.kmsKeyArn === "string" && !KMS_KEY_ARN.test(existing.kmsKeyArn)) {
      problems.push(
        `existingStream.kmsKeyArn is ${JSON.stringify(existing.kmsKeyArn)}; it must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key-id> (not an alias).`,
      );
    }
  }
  return problems;
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveIngestionArgs(
  name: string,
  args: StreamIngestionArgs,
): ResolvedIngestionArgs {
  throwIfProblems("StreamIngestion", name, validateIngestionArgs(args));
  const { tier, workload, logRetentionDays, protectData } = resolveCommonArgs(args);
  const derived = firehoseBuffering(tier, workload);
  const consumers = args.sharedConsumers ?? DEFAULT_SHARED_CONSUMERS;
  let stream: ResolvedIngestionArgs["stream"];
  if (!args.existingStream) {
    const requested = args.streamMode ?? "auto";
    const choice = requested === "auto" ? chooseStreamMode(workload, consumers) : undefined;
    const mode = choice?.mode ?? (requested as StreamMode);
    stream = {
      mode,
      ...(choice ? { choice } : {}),
      ...(mode === "PROVISIONED" ? { shardCount: shardSizing(workload, consumers).shards } : {}),
      retentionHours: args.retentionHours ?? DEFAULT_RETENTION_HOURS[tier],
    };
  }
  return {
    tier,
    workload,
    logRetentionDays,
    protectData,
    ...(stream ? { stream } : {}),
    store: args.store ?? "kinesis",
    transformLambda: args.transformLambda ?? true,
    buffering: {
      sizeMiB: args.bufferingSizeMiB ?? derived.sizeMiB,
      intervalSeconds: args.bufferingIntervalSeconds ?? derived.intervalSeconds,
    },
  };
}
