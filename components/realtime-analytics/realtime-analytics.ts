/**
 * RealtimeAnalytics: the speed layer. One DynamoDB view (impressions, clicks and CTR per channel
 * per minute; trending items) written by Managed Flink, by a Lambda on tumbling windows, or by
 * nothing, with the same table and outputs whichever engine runs.
 */
import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { createAlarms } from "../shared/alarms";
import type { RealtimeViewRefs } from "../shared/contracts";
import { RealtimeAnalyticsArgs, RealtimeEngineName, ResolvedArgs, resolveArgs } from "./args";
import { flinkAlarmSpecs, lambdaAlarmSpecs } from "./alarms";
import { createFlinkEngine } from "./flink-engine";
import { createRealtimeKey } from "./key";
import { createLambdaEngine } from "./lambda-engine";
import { lambdaPeakStateBytes, lambdaStateFits } from "./sizing";
import { createViewTable } from "./view-table";

export class RealtimeAnalytics extends pulumi.ComponentResource {
  static readonly TYPE = "reco:realtime-analytics:RealtimeAnalytics";
  /** The token before types followed their folder; aliased so deployed stacks keep their resources. */
  static readonly FORMER_TYPE = "reco:realtime:RealtimeAnalytics";

  /** The settings the component was built with, defaults applied. */
  readonly settings: ResolvedArgs;
  /** The engine that writes the view. */
  readonly engine: RealtimeEngineName;
  readonly viewTableName: pulumi.Output<string>;
  readonly viewTableArn: pulumi.Output<string>;
  /** Key of the table: readers of the view need kms:Decrypt on it. */
  readonly viewKmsKeyArn: pulumi.Output<string>;
  readonly table: aws.dynamodb.Table;
  /** The view's refs in one object, to hand to readers. */
  readonly viewRefs: RealtimeViewRefs;
  /** The Flink application, when engine is "flink". */
  readonly flinkApplication?: aws.kinesisanalyticsv2.Application;
  /** The aggregator function, when engine is "lambda". */
  readonly lambdaFunction?: aws.lambda.Function;
  /** Metadata of windows given up after retries, when engine is "lambda". */
  readonly failedBatchQueue?: aws.sqs.Queue;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: RealtimeAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveArgs(name, args, {
      fileExists: fs.existsSync,
      dryRun: pulumi.runtime.isDryRun(),
    });
    super(RealtimeAnalytics.TYPE, name, {}, withTypeAliases(opts, RealtimeAnalytics.FORMER_TYPE));
    this.settings = settings;
    const workload = settings.workload;
    this.engine = settings.engine;
    if (settings.engine === "lambda" && !lambdaStateFits(workload)) {
      pulumi.log.warn(
        `${name}: at ${workload.peakEventsPerSecond} events/s a 60-second window's dedupe ids need about ${lambdaPeakStateBytes(
          workload,
        )} bytes, over Lambda's 1 MB window state: windows will end early, which shortens the span duplicates are caught in. The flink engine has no such limit.`,
        this,
      );
    }

    const stateful = {
      parent: this,
      protect: settings.protectData,
      retainOnDelete: settings.protectData,
    };
    const keyArn = createRealtimeKey(
      `${name}-key`,
      settings.protectData ? 30 : 7,
      stateful,
      args.sharedKmsKeyArn,
    );
    this.table = createViewTable(
      `${name}-view`,
      { kmsKeyArn: keyArn, durable: settings.tier === "prod" },
      stateful,
    );
    this.viewTableName = this.table.name;
    this.viewTableArn = this.table.arn;
    this.viewKmsKeyArn = keyArn;
    this.viewRefs = {
      tableName: this.viewTableName,
      tableArn: this.viewTableArn,
      kmsKeyArn: this.viewKmsKeyArn,
    };

    const engineArgs = {
      settings,
      stream: args.stream,
      table: this.table,
      viewKeyArn: keyArn,
    };
    let alarmSpecs: ReturnType<typeof flinkAlarmSpecs> = [];
    if (settings.engine === "flink") {
      const flink = createFlinkEngine(
        `${name}-flink`,
        {
          ...engineArgs,
          workload,
          artifactsBucket: args.artifactsBucket,
          ...(args.kafka ? { kafka: args.kafka } : {}),
        },
        this,
      );
      this.flinkApplication = flink.application;
      alarmSpecs = flinkAlarmSpecs(flink.application.name);
    } else if (settings.engine === "lambda") {
      const lambda = createLambdaEngine(`${name}-aggregator`, engineArgs, this);
      this.lambdaFunction = lambda.function;
      this.failedBatchQueue = lambda.failedBatches;
      alarmSpecs = lambdaAlarmSpecs(lambda.function.name, lambda.failedBatches.name);
    }
    this.alarms = createAlarms(`${name}-alarm`, alarmSpecs, args.alarmTopicArn, this);

    this.registerOutputs({
      engine: this.engine,
      viewTableName: this.viewTableName,
      viewTableArn: this.viewTableArn,
      viewKmsKeyArn: this.viewKmsKeyArn,
    });
  }
}
