/**
 * StreamIngestion: the collector. An encrypted Kinesis stream sized from the workload (or an
 * adopted one), the role producers write with, and Firehose converting every record to Parquet in
 * the lake, or to `failed/` when it cannot, never dropping one.
 */
import * as pulumi from "@pulumi/pulumi";
import { withTypeAliases } from "../shared/component-type";
import { type AlarmSpec, createAlarms } from "../shared/alarms";
import type { StreamRefs } from "../shared/contracts";
import type { KafkaRefs } from "../shared/kafka-contracts";
import { KafkaStore } from "../kafka-store";
import { accountContext } from "../shared/key-policy";
import { ResolvedIngestionArgs, StreamIngestionArgs, resolveIngestionArgs } from "./args";
import { deliveryAlarms, ingestionAlarms } from "./alarms";
import { createDelivery } from "./delivery";
import { createProducerRole, createStream } from "./stream";

export const STREAM_INGESTION_TYPE = "reco:stream-ingestion:StreamIngestion";
/** The token before types followed their folder; aliased so deployed stacks keep their resources. */
export const STREAM_INGESTION_FORMER_TYPE = "reco:ingestion:StreamIngestion";

/** The stream name is the last part of a Kinesis stream ARN (`…:stream/<name>`). */
export function streamNameFromArn(arn: string): string {
  return arn.slice(arn.indexOf(":stream/") + ":stream/".length);
}

export class StreamIngestion extends pulumi.ComponentResource {
  /** The settings the component was built with, defaults and sizing applied. */
  readonly settings: ResolvedIngestionArgs;
  readonly streamName: pulumi.Output<string>;
  readonly streamArn: pulumi.Output<string>;
  /**
   * Key of the stream. For an adopted stream without a customer key this is the ARN of the
   * AWS-managed `alias/aws/kinesis`, which needs no grant (a kms:Decrypt on it is inert).
   */
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly refs: StreamRefs;
  readonly deliveryStreamName: pulumi.Output<string>;
  readonly deliveryStreamArn: pulumi.Output<string>;
  readonly producerRoleArn: pulumi.Output<string>;
  /** Present when the transform Lambda is on. */
  readonly transformFunctionName?: pulumi.Output<string>;
  /** The MSK store (cluster, topic, network) when `store` is "msk". */
  readonly kafka?: KafkaRefs;
  /** Firehose from the MSK topic to the lake, when `store` is "msk". */
  readonly mskDeliveryStreamName?: pulumi.Output<string>;
  /** The ingestion path's alarms (stream, delivery, transform), for the operations dashboard. */
  readonly alarmArns: pulumi.Output<string>[];

  constructor(name: string, args: StreamIngestionArgs, opts?: pulumi.ComponentResourceOptions) {
    const settings = resolveIngestionArgs(name, args);
    super(STREAM_INGESTION_TYPE, name, {}, withTypeAliases(opts, STREAM_INGESTION_FORMER_TYPE));
    this.settings = settings;
    const parent = this;
    const ctx = accountContext(parent);

    let streamKeyArn: pulumi.Input<string> | undefined;
    let logsKeyArn: pulumi.Input<string> | undefined;
    if (args.existingStream) {
      const existing = args.existingStream;
      this.streamArn = pulumi.output(existing.arn);
      this.streamName = this.streamArn.apply(streamNameFromArn);
      streamKeyArn = existing.kmsKeyArn;
      this.kmsKeyArn = existing.kmsKeyArn
        ? pulumi.output(existing.kmsKeyArn)
        : pulumi.interpolate`arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:alias/aws/kinesis`;
    } else {
      const { keyArn, stream } = createStream(name, settings, ctx, parent, args.sharedKmsKeyArn);
      this.streamArn = stream.arn;
      this.streamName = stream.name;
      this.kmsKeyArn = keyArn;
      streamKeyArn = keyArn;
      logsKeyArn = keyArn;
    }
    this.refs = {
      streamName: this.streamName,
      streamArn: this.streamArn,
      kmsKeyArn: this.kmsKeyArn,
      ...(settings.stream ? { retentionHours: settings.stream.retentionHours } : {}),
    };

    if (settings.store === "msk") {
      const store = new KafkaStore(
        `${name}-kafka`,
        {
          tier: settings.tier,
          workload: settings.workload,
          protectData: settings.protectData,
          ...args.kafka,
        },
        { parent },
      );
      this.kafka = store.refs;
    }

    const producerRole = createProducerRole(
      name,
      {
        streamArn: this.streamArn,
        ...(streamKeyArn ? { kmsKeyArn: streamKeyArn } : {}),
        ...(this.kafka ? { kafka: this.kafka } : {}),
      },
      ctx,
      parent,
    );
    this.producerRoleArn = producerRole.arn;

    const delivery = createDelivery(
      name,
      {
        lake: args.lake,
        streamArn: this.streamArn,
        ...(streamKeyArn ? { streamKeyArn } : {}),
        ...(logsKeyArn ? { logsKeyArn } : {}),
      },
      settings,
      ctx,
      parent,
    );
    this.deliveryStreamName = delivery.deliveryStream.name;
    this.deliveryStreamArn = delivery.deliveryStream.arn;
    this.transformFunctionName = delivery.transform?.function.name;
    let mskAlarms: AlarmSpec[] = [];
    if (this.kafka) {
      // The MSK topic's own delivery: same lake path, same conversion, its own role and logs.
      const mskDelivery = createDelivery(
        `${name}-msk`,
        {
          lake: args.lake,
          streamArn: this.streamArn,
          msk: { clusterArn: this.kafka.clusterArn, topicName: this.kafka.topicName },
          ...(logsKeyArn ? { logsKeyArn } : {}),
        },
        settings,
        ctx,
        parent,
      );
      this.mskDeliveryStreamName = mskDelivery.deliveryStream.name;
      mskAlarms = deliveryAlarms({
        deliveryStreamName: mskDelivery.deliveryStream.name,
        bufferingIntervalSeconds: settings.buffering.intervalSeconds,
        ...(mskDelivery.transform
          ? { transformFunctionName: mskDelivery.transform.function.name }
          : {}),
        rolePrefix: "msk-",
      });
    }

    const alarms = createAlarms(
      name,
      [
        ...ingestionAlarms({
          streamName: this.streamName,
          deliveryStreamName: this.deliveryStreamName,
          bufferingIntervalSeconds: settings.buffering.intervalSeconds,
          ...(this.transformFunctionName
            ? { transformFunctionName: this.transformFunctionName }
            : {}),
        }),
        // The topic's delivery is watched as the stream's is: a stuck or drifting MSK path would
        // otherwise lose the lake's events with no alarm.
        ...mskAlarms,
      ],
      args.alarmTopicArn,
      parent,
    );
    this.alarmArns = alarms.map((a) => a.arn);

    this.registerOutputs({
      streamName: this.streamName,
      streamArn: this.streamArn,
      kmsKeyArn: this.kmsKeyArn,
      deliveryStreamName: this.deliveryStreamName,
      deliveryStreamArn: this.deliveryStreamArn,
      producerRoleArn: this.producerRoleArn,
      transformFunctionName: this.transformFunctionName,
      streamMode: settings.stream?.mode ?? "adopted",
      store: settings.store,
      mskDeliveryStreamName: this.mskDeliveryStreamName,
      shardCount: settings.stream?.shardCount,
    });
  }
}
