/**
 * Args of RealtimeAnalytics, their defaults and their pure validation. What the resolver needs to
 * know of the machine (does the zip exist, is this a preview) is handed in, so it does no I/O.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../shared/args-error";
import { commonArgsProblems, resolveCommonArgs } from "../shared/common-args";
import type { CommonArgs, StreamRefs } from "../shared/contracts";
import type { KafkaRefs } from "../shared/kafka-contracts";
import type { Tier, WorkloadProfile } from "../shared/workload";
import { flinkPackageCommand } from "./package-command";

/** Which engine computes the view: Managed Flink, a Lambda on tumbling windows, or neither. */
export type RealtimeEngineName = "flink" | "lambda" | "off";
export const ENGINES: readonly RealtimeEngineName[] = ["flink", "lambda", "off"];

/** An always-on Flink application is dev's largest bill line; Lambda costs nothing idle. */
export const DEFAULT_ENGINE: Readonly<Record<Tier, RealtimeEngineName>> = {
  dev: "lambda",
  prod: "flink",
};

/** Where `npm run flink:package` writes the application zip. */
export const DEFAULT_FLINK_ARTIFACT = path.join(__dirname, "flink", "dist", "realtime-flink.zip");

export interface RealtimeAnalyticsArgs extends CommonArgs {
  /** The behaviour-log stream (StreamIngestion's refs). */
  readonly stream: StreamRefs;
  /**
   * The MSK store (StreamIngestion's `kafka`, store "msk"): the flink engine also reads its topic,
   * from inside its VPC. Only with engine "flink". @default none (the stream alone)
   */
  readonly kafka?: KafkaRefs;
  /** @default "lambda" in dev, "flink" in prod */
  readonly engine?: RealtimeEngineName;
  /**
   * Bucket the Flink application zip is uploaded to (DataLake's artifacts bucket). Required for
   * the flink engine unless `flinkArtifactS3Uri` names an uploaded zip.
   */
  readonly artifactsBucket?: {
    readonly name: pulumi.Input<string>;
    readonly arn: pulumi.Input<string>;
    /**
     * Customer key the bucket encrypts objects with (DataLake's `kmsKeyArn`): the application's
     * role may decrypt its code with it, through S3 only. @default none (an SSE-S3 bucket)
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
  };
  /** Deploy this already uploaded zip (`s3://bucket/key`) instead of uploading one. @default none */
  readonly flinkArtifactS3Uri?: string;
  /** The zip to upload. @default flink/dist/realtime-flink.zip, written by `npm run flink:package` */
  readonly flinkArtifactPath?: string;
  /**
   * Seconds an event may arrive after its 1-minute window closed and still count (the watermark
   * bound). Later events are left to the batch layer. @default 30
   */
  readonly latenessSeconds?: number;
  /** Items per trending list. @default 20 */
  readonly trendingTopN?: number;
  /** Hours the view keeps a window before TTL deletes it. @default 48 */
  readonly viewRetentionHours?: number;
}

/** What the resolver is told about the machine it runs on. */
export interface ResolveHost {
  /** Whether a local file exists (the Flink zip). */
  readonly fileExists: (file: string) => boolean;
  /** Whether this run is a preview (or the offline plan), which may show an unbuilt zip. */
  readonly dryRun: boolean;
}

export interface ResolvedArgs {
  readonly tier: Tier;
  readonly workload: WorkloadProfile;
  readonly engine: RealtimeEngineName;
  readonly latenessSeconds: number;
  readonly trendingTopN: number;
  readonly retentionSeconds: number;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  readonly flinkArtifact:
    | { readonly kind: "s3"; readonly bucket: string; readonly key: string }
    | { readonly kind: "file"; readonly path: string }
    /** Preview only: the zip `npm run flink:package` writes is not there yet. */
    | { readonly kind: "unbuilt"; readonly path: string };
}

function integerIn(
  problems: string[],
  name: string,
  value: number,
  min: number,
  max: number,
  why: string,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} is ${value}; it must be an integer from ${min} to ${max} (${why})`);
  }
}

/** Applies defaults and checks every arg; throws once, listing every problem with its fix. */
export function resolveArgs(
  name: string,
  args: RealtimeAnalyticsArgs,
  host: ResolveHost,
): ResolvedArgs {
  const problems = commonArgsProblems(args);
  const { tier, workload, logRetentionDays, protectData } = resolveCommonArgs(args);
  const engine = args.engine ?? DEFAULT_ENGINE[tier] ?? DEFAULT_ENGINE.dev;
  if (!ENGINES.includes(engine)) {
    problems.push(
      `engine is ${JSON.stringify(engine)}; allowed: ${ENGINES.map((e) => `"${e}"`).join(", ")}`,
    );
  }
  if (args.kafka !== undefined && engine !== "flink") {
    problems.push(
      `kafka is set but engine is ${JSON.stringify(engine)}; only the flink engine reads the MSK topic (from inside the store's VPC). Fix: set engine to "flink", or remove kafka`,
    );
  }
  const latenessSeconds = args.latenessSeconds ?? 30;
  integerIn(
    problems,
    "latenessSeconds",
    latenessSeconds,
    0,
    300,
    "a larger bound delays every window by as much; later events are the batch layer's",
  );
  const trendingTopN = args.trendingTopN ?? 20;
  integerIn(
    problems,
    "trendingTopN",
    trendingTopN,
    1,
    100,
    "ranks are stored as three digits and read in one page",
  );
  const retentionHours = args.viewRetentionHours ?? 48;
  integerIn(
    problems,
    "viewRetentionHours",
    retentionHours,
    1,
    720,
    "the view is the speed layer; history is the lake's",
  );

  let flinkArtifact: ResolvedArgs["flinkArtifact"] = {
    kind: "file",
    path: args.flinkArtifactPath ?? DEFAULT_FLINK_ARTIFACT,
  };
  if (args.flinkArtifactS3Uri !== undefined) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+\.zip)$/.exec(
      args.flinkArtifactS3Uri,
    );
    if (!match) {
      problems.push(
        `flinkArtifactS3Uri is ${JSON.stringify(args.flinkArtifactS3Uri)}; it must look like s3://<bucket>/<key>.zip (the zip npm run flink:package writes, uploaded)`,
      );
    }
    // Even when malformed, the caller meant an uploaded zip: the local file is not in question.
    flinkArtifact = { kind: "s3", bucket: match?.[1] ?? "", key: match?.[2] ?? "" };
    if (args.flinkArtifactPath !== undefined) {
      problems.push(
        "flinkArtifactPath and flinkArtifactS3Uri are both set; set only one: the zip to upload or the one already uploaded",
      );
    }
  }
  if (engine === "flink" && flinkArtifact.kind === "file") {
    if (!args.artifactsBucket) {
      problems.push(
        "the flink engine uploads its zip to artifactsBucket, which is not set; pass DataLake's artifactsBucketName/Arn, or set flinkArtifactS3Uri to an uploaded zip",
      );
    }
    const exists = host.fileExists(flinkArtifact.path);
    if (!exists && host.dryRun) {
      // A preview (and the offline plan, which runs as one) can show everything but the zip's
      // digest. `pulumi up` still refuses below: without its connector JARs the job cannot start.
      flinkArtifact = { kind: "unbuilt", path: flinkArtifact.path };
    } else if (!exists) {
      problems.push(
        `the Flink application zip ${flinkArtifact.path} does not exist; run "${flinkPackageCommand()}" (or "${flinkPackageCommand(["--skip-jars"])}" for an offline plan), or set flinkArtifactS3Uri`,
      );
    }
  }
  if (
    engine !== "flink" &&
    (args.flinkArtifactS3Uri !== undefined || args.flinkArtifactPath !== undefined)
  ) {
    problems.push(
      `a Flink artifact is set but engine is "${engine}"; set engine to "flink" or drop the artifact`,
    );
  }
  throwIfProblems("RealtimeAnalytics", name, problems);
  return {
    tier,
    workload,
    engine,
    latenessSeconds,
    trendingTopN,
    retentionSeconds: retentionHours * 3600,
    logRetentionDays,
    protectData,
    flinkArtifact,
  };
}
