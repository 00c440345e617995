/**
 * Cost-conscious sizing: every number that drives a bill stays within the tier's caps (the caps
 * live in the stack's pack config, so a tier change is a config change, not a code change).
 */
import * as aws from "@pulumi/aws";
import {
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  TYPES,
  attachedTo,
  bucketsOf,
  forEachKnown,
  findNumbers,
  isDynamicResource,
  label,
} from "./util";

const fixConfig = (policy: string, key: string) =>
  `or raise ${policy}.${key} in the stack's policy pack config`;

export const kinesisShardCap: ResourceValidationPolicy = {
  name: "kinesis-shard-cap",
  description:
    "Checks whether Kinesis streams use a capacity mode and shard count the tier allows.",
  configSchema: {
    properties: {
      maxShards: {
        type: "integer",
        minimum: 1,
        default: 16,
        description: "Most shards one stream may have.",
      },
      allowedStreamModes: {
        type: "array",
        items: { type: "string", enum: ["PROVISIONED", "ON_DEMAND"] },
        minItems: 1,
        default: ["PROVISIONED", "ON_DEMAND"],
        description: "Capacity modes the tier allows; on-demand bills a per-stream hourly charge.",
      },
    },
  },
  validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, args, report) => {
    const { maxShards, allowedStreamModes } = args.getConfig<{
      maxShards: number;
      allowedStreamModes: string[];
    }>();
    const mode = stream.streamModeDetails?.streamMode ?? "PROVISIONED";
    if (!allowedStreamModes.includes(mode)) {
      report(
        `stream mode is "${mode}"; this tier allows ${allowedStreamModes.join(" or ")}. Set streamModeDetails.streamMode accordingly ${fixConfig("kinesis-shard-cap", "allowedStreamModes")}.`,
      );
    }
    if (mode === "PROVISIONED" && (stream.shardCount ?? 0) > maxShards) {
      report(
        `shardCount is ${stream.shardCount}; this tier allows at most ${maxShards}. Size the stream from the workload's peak ${fixConfig("kinesis-shard-cap", "maxShards")}.`,
      );
    }
  }),
};

export const flinkParallelismCap: ResourceValidationPolicy = {
  name: "flink-parallelism-cap",
  description: "Checks whether Managed Flink applications start within the tier's parallelism cap.",
  configSchema: {
    properties: {
      maxParallelism: {
        type: "integer",
        minimum: 1,
        default: 32,
        description: "Highest starting parallelism.",
      },
    },
  },
  validateResource: validateResourceOfType(
    aws.kinesisanalyticsv2.Application,
    (app, args, report) => {
      const { maxParallelism } = args.getConfig<{ maxParallelism: number }>();
      const config =
        app.applicationConfiguration?.flinkApplicationConfiguration?.parallelismConfiguration;
      // DEFAULT configuration starts at parallelism 1.
      if (config?.configurationType === "CUSTOM" && (config.parallelism ?? 1) > maxParallelism) {
        report(
          `parallelism is ${config.parallelism}; this tier allows at most ${maxParallelism} (each KPU is billed per hour). Lower it ${fixConfig("flink-parallelism-cap", "maxParallelism")}.`,
        );
      }
    },
  ),
};

export const dynamodbOnDemand: ResourceValidationPolicy = {
  name: "dynamodb-on-demand",
  description: "Checks whether DynamoDB tables use on-demand capacity where the tier requires it.",
  configSchema: {
    properties: {
      requireOnDemand: {
        type: "boolean",
        default: true,
        description: "Require PAY_PER_REQUEST billing.",
      },
    },
  },
  validateResource: validateResourceOfType(aws.dynamodb.Table, (table, args, report) => {
    const { requireOnDemand } = args.getConfig<{ requireOnDemand: boolean }>();
    const mode = table.billingMode ?? "PROVISIONED";
    if (requireOnDemand && mode !== "PAY_PER_REQUEST") {
      report(
        `billingMode is "${mode}"; this tier requires "PAY_PER_REQUEST" so bursty real-time windows are not paid for at peak capacity all day.`,
      );
    }
  }),
};

export const firehoseBuffering: ResourceValidationPolicy = {
  name: "firehose-buffering",
  description: "Checks whether Firehose buffers enough data per object to avoid many small files.",
  configSchema: {
    properties: {
      minIntervalSeconds: {
        type: "integer",
        minimum: 0,
        maximum: 900,
        default: 300,
        description:
          "Shortest buffer interval: prod's batch freshness target; dev may flush sooner for demos.",
      },
      minParquetBufferingSizeMiB: { type: "integer", minimum: 64, maximum: 128, default: 64 },
    },
  },
  validateResource: validateResourceOfType(
    aws.kinesis.FirehoseDeliveryStream,
    (firehose, args, report) => {
      // Every destination buffers; each keeps its buffering hints in its own block.
      const s3: any = [
        firehose.extendedS3Configuration,
        firehose.httpEndpointConfiguration,
        firehose.opensearchConfiguration,
        firehose.elasticsearchConfiguration,
        firehose.splunkConfiguration,
        firehose.icebergConfiguration,
        firehose.redshiftConfiguration?.s3Configuration,
      ].find((d) => d !== undefined);
      if (!s3) return;
      const { minIntervalSeconds, minParquetBufferingSizeMiB } = args.getConfig<{
        minIntervalSeconds: number;
        minParquetBufferingSizeMiB: number;
      }>();
      const converting =
        s3.dataFormatConversionConfiguration !== undefined &&
        s3.dataFormatConversionConfiguration.enabled !== false;
      // Provider defaults: 5 MiB and 300 seconds.
      const size = s3.bufferingSize ?? 5;
      const interval = s3.bufferingInterval ?? 300;
      if (converting && size < minParquetBufferingSizeMiB) {
        report(
          `bufferingSize is ${size} MiB; with Parquet conversion it must be at least ${minParquetBufferingSizeMiB} MiB (Firehose requires 64 MiB, and larger files are cheaper to query).`,
        );
      }
      if (interval < minIntervalSeconds) {
        report(
          `bufferingInterval is ${interval} s; this tier needs at least ${minIntervalSeconds} s so each delivery writes fewer, larger objects.`,
        );
      }
    },
  ),
};

export const s3LifecycleOnLakeBuckets: StackValidationPolicy = {
  name: "s3-lifecycle-on-lake-buckets",
  description:
    "Checks whether every lake bucket has lifecycle rules that expire or tier data and abort incomplete uploads.",
  configSchema: {
    properties: {
      exemptBuckets: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Logical names of buckets that keep every object forever on purpose.",
      },
    },
  },
  validateStack: (args, report) => {
    const { exemptBuckets } = args.getConfig<{ exemptBuckets: string[] }>();
    forEachKnown(
      bucketsOf(args.resources).filter((b) => !exemptBuckets.includes(b.name)),
      (bucket) => {
        const rules: any[] = [
          ...attachedTo(bucket, args.resources, TYPES.bucketLifecycle).flatMap(
            (c) => c.props.rules ?? [],
          ),
          ...(bucket.props.lifecycleRules ?? []).map((r: any) => ({
            ...r,
            status: r.enabled ? "Enabled" : "Disabled",
          })),
        ].filter((r) => r.status === "Enabled");
        if (!rules.some((r) => r.expiration || (r.transitions ?? []).length > 0)) {
          report(
            `${label(bucket)} has no enabled lifecycle rule with an expiration or transitions; add an aws.s3.BucketLifecycleConfiguration that tiers and expires data by the workload's retention.`,
            bucket.urn,
          );
        }
        if (!rules.some((r) => r.abortIncompleteMultipartUpload)) {
          report(
            `${label(bucket)} never aborts incomplete multipart uploads; add a rule with abortIncompleteMultipartUpload { daysAfterInitiation: 7 } (parts are billed until removed).`,
            bucket.urn,
          );
        }
      },
    );
  },
};

export const athenaBytesScannedCutoff: ResourceValidationPolicy = {
  name: "athena-bytes-scanned-cutoff",
  description: "Checks whether Athena workgroups cap the bytes one query may scan.",
  configSchema: {
    properties: {
      maxCutoffBytes: {
        type: "integer",
        minimum: 10485760,
        default: 2199023255552,
        description: "Highest allowed per-query cutoff (Athena bills per byte scanned).",
      },
    },
  },
  validateResource: validateResourceOfType(aws.athena.Workgroup, (wg, args, report) => {
    const { maxCutoffBytes } = args.getConfig<{ maxCutoffBytes: number }>();
    const cutoff = wg.configuration?.bytesScannedCutoffPerQuery;
    if (cutoff === undefined) {
      report(
        `configuration.bytesScannedCutoffPerQuery is not set; set a cutoff of at most ${maxCutoffBytes} bytes so a runaway query cannot scan the whole lake.`,
      );
    } else if (cutoff > maxCutoffBytes) {
      report(
        `configuration.bytesScannedCutoffPerQuery is ${cutoff} bytes; this tier allows at most ${maxCutoffBytes} ${fixConfig("athena-bytes-scanned-cutoff", "maxCutoffBytes")}.`,
      );
    }
  }),
};

export const logRetentionSet: ResourceValidationPolicy = {
  name: "log-retention-set",
  description: "Checks whether CloudWatch log groups expire their events within the tier's limit.",
  configSchema: {
    properties: {
      maxRetentionDays: { type: "integer", minimum: 1, default: 731 },
    },
  },
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, report) => {
    const { maxRetentionDays } = args.getConfig<{ maxRetentionDays: number }>();
    const days = group.retentionInDays ?? 0;
    if (days === 0) {
      report(
        `retentionInDays is not set, so logs never expire; set it (at most ${maxRetentionDays} days in this tier).`,
      );
    } else if (days > maxRetentionDays) {
      report(`retentionInDays is ${days}; this tier keeps logs at most ${maxRetentionDays} days.`);
    }
  }),
};

export const lambdaMemoryCap: ResourceValidationPolicy = {
  name: "lambda-memory-cap",
  description: "Checks whether Lambda functions stay within the tier's memory cap.",
  configSchema: {
    properties: {
      maxMemoryMb: { type: "integer", minimum: 128, maximum: 10240, default: 3008 },
    },
  },
  validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, report) => {
    const { maxMemoryMb } = args.getConfig<{ maxMemoryMb: number }>();
    const memory = fn.memorySize ?? 128;
    if (memory > maxMemoryMb) {
      report(
        `memorySize is ${memory} MB; this tier allows at most ${maxMemoryMb} MB (Lambda bills per GB-second) ${fixConfig("lambda-memory-cap", "maxMemoryMb")}.`,
      );
    }
  }),
};

const TPS_KEYS = ["minProvisionedTPS", "minProvisionedTps", "MinProvisionedTPS"];
/**
 * Where a campaign's minimum TPS travels: Personalize (dynamic) resources, pipeline definitions
 * and their schedules' inputs.
 */
const carriesTps = (type: string) =>
  isDynamicResource(type) ||
  type === "aws:sfn/stateMachine:StateMachine" ||
  type === "aws:scheduler/schedule:Schedule";

export const personalizeMinTpsCap: ResourceValidationPolicy = {
  name: "personalize-min-tps-cap",
  description:
    "Checks whether Personalize campaigns provision no more minimum TPS than the tier allows.",
  configSchema: {
    properties: {
      maxMinProvisionedTps: {
        type: "integer",
        minimum: 1,
        default: 20,
        description: "A campaign bills every provisioned TPS-hour, used or not.",
      },
    },
  },
  validateResource: (args, report) => {
    if (!carriesTps(args.type)) return;
    const { maxMinProvisionedTps } = args.getConfig<{ maxMinProvisionedTps: number }>();
    const found = findNumbers(args.props, TPS_KEYS).filter((tps) => tps > maxMinProvisionedTps);
    if (found.length > 0) {
      report(
        `minProvisionedTPS is ${Math.max(...found)}; this tier allows at most ${maxMinProvisionedTps}. Lower it (auto-scaling adds capacity above the minimum) ${fixConfig("personalize-min-tps-cap", "maxMinProvisionedTps")}.`,
      );
    }
  },
};

export const costPolicies = [
  kinesisShardCap,
  flinkParallelismCap,
  dynamodbOnDemand,
  firehoseBuffering,
  s3LifecycleOnLakeBuckets,
  athenaBytesScannedCutoff,
  logRetentionSet,
  lambdaMemoryCap,
  personalizeMinTpsCap,
];
