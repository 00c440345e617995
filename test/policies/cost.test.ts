import { expect } from "chai";
import { DEV_CONFIG, describeResourcePolicy, messages, res } from "./helpers";

const STREAM = "aws:kinesis/stream:Stream";
const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const conversion = {
  enabled: true,
  outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
};

describe("cost policies (prod caps)", () => {
  describeResourcePolicy(
    "kinesis-shard-cap",
    STREAM,
    { shardCount: 4, streamModeDetails: { streamMode: "PROVISIONED" } },
    [
      {
        path: "shardCount",
        value: 17,
        message:
          "shardCount is 17; this tier allows at most 16. Size the stream from the workload's peak or raise kinesis-shard-cap.maxShards in the stack's policy pack config.",
      },
    ],
  );

  describeResourcePolicy(
    "flink-parallelism-cap",
    "aws:kinesisanalyticsv2/application:Application",
    {
      applicationConfiguration: {
        flinkApplicationConfiguration: {
          parallelismConfiguration: {
            configurationType: "CUSTOM",
            parallelism: 4,
            parallelismPerKpu: 1,
            autoScalingEnabled: true,
          },
        },
      },
    },
    [
      {
        path: "applicationConfiguration.flinkApplicationConfiguration.parallelismConfiguration.parallelism",
        value: 40,
        message:
          "parallelism is 40; this tier allows at most 32 (each KPU is billed per hour). Lower it or raise flink-parallelism-cap.maxParallelism in the stack's policy pack config.",
      },
    ],
  );

  describeResourcePolicy(
    "dynamodb-on-demand",
    "aws:dynamodb/table:Table",
    { billingMode: "PAY_PER_REQUEST" },
    [
      {
        path: "billingMode",
        value: undefined,
        message:
          'billingMode is "PROVISIONED"; this tier requires "PAY_PER_REQUEST" so bursty real-time windows are not paid for at peak capacity all day.',
      },
    ],
  );

  describeResourcePolicy(
    "firehose-buffering",
    FIREHOSE,
    {
      extendedS3Configuration: {
        bufferingSize: 128,
        bufferingInterval: 300,
        dataFormatConversionConfiguration: conversion,
      },
    },
    [
      {
        path: "extendedS3Configuration.bufferingSize",
        value: undefined,
        message:
          "bufferingSize is 5 MiB; with Parquet conversion it must be at least 64 MiB (Firehose requires 64 MiB, and larger files are cheaper to query).",
      },
      {
        path: "extendedS3Configuration.bufferingInterval",
        value: 60,
        message:
          "bufferingInterval is 60 s; this tier needs at least 300 s so each delivery writes fewer, larger objects.",
      },
    ],
  );

  describeResourcePolicy(
    "athena-bytes-scanned-cutoff",
    "aws:athena/workgroup:Workgroup",
    { configuration: { bytesScannedCutoffPerQuery: 107374182400 } },
    [
      {
        path: "configuration.bytesScannedCutoffPerQuery",
        value: undefined,
        message:
          "configuration.bytesScannedCutoffPerQuery is not set; set a cutoff of at most 2199023255552 bytes so a runaway query cannot scan the whole lake.",
      },
      {
        path: "configuration.bytesScannedCutoffPerQuery",
        value: 3000000000000,
        message:
          "configuration.bytesScannedCutoffPerQuery is 3000000000000 bytes; this tier allows at most 2199023255552 or raise athena-bytes-scanned-cutoff.maxCutoffBytes in the stack's policy pack config.",
      },
    ],
  );

  describeResourcePolicy(
    "log-retention-set",
    "aws:cloudwatch/logGroup:LogGroup",
    { retentionInDays: 365 },
    [
      {
        path: "retentionInDays",
        value: undefined,
        message:
          "retentionInDays is not set, so logs never expire; set it (at most 731 days in this tier).",
      },
      {
        path: "retentionInDays",
        value: 3653,
        message: "retentionInDays is 3653; this tier keeps logs at most 731 days.",
      },
    ],
  );

  describeResourcePolicy("lambda-memory-cap", "aws:lambda/function:Function", { memorySize: 512 }, [
    {
      path: "memorySize",
      value: 4096,
      message:
        "memorySize is 4096 MB; this tier allows at most 3008 MB (Lambda bills per GB-second) or raise lambda-memory-cap.maxMemoryMb in the stack's policy pack config.",
    },
  ]);

  describe("personalize-min-tps-cap", () => {
    const tpsMessage = (n: number, cap: number) =>
      `minProvisionedTPS is ${n}; this tier allows at most ${cap}. Lower it (auto-scaling adds capacity above the minimum) or raise personalize-min-tps-cap.maxMinProvisionedTps in the stack's policy pack config.`;
    it("accepts campaign settings within the cap", async () => {
      const trigger = res("pulumi-nodejs:dynamic:Resource", "trigger", {
        input: { minProvisionedTps: 5 },
      });
      expect(await messages("personalize-min-tps-cap", [trigger])).to.deep.equal([]);
    });
    it("finds the setting in a schedule's JSON target input", async () => {
      const schedule = res("aws:scheduler/schedule:Schedule", "retrain", {
        target: {
          arn: "arn:aws:states:us-east-1:123456789012:stateMachine:train",
          input: JSON.stringify({ mode: "UPDATE", minProvisionedTps: 25 }),
        },
      });
      expect(await messages("personalize-min-tps-cap", [schedule])).to.deep.equal([
        tpsMessage(25, 20),
      ]);
    });
    it("finds the API field name in a state machine definition", async () => {
      const machine = res("aws:sfn/stateMachine:StateMachine", "train", {
        definition: JSON.stringify({
          States: { Deploy: { Parameters: { MinProvisionedTPS: 40 } } },
        }),
      });
      expect(await messages("personalize-min-tps-cap", [machine])).to.deep.equal([
        tpsMessage(40, 20),
      ]);
    });
    it("reads Personalize resources registered under their own dynamic type token", async () => {
      const trigger = res("pulumi-nodejs:dynamic/reco-personalize:PipelineTrigger", "trigger", {
        input: { minProvisionedTps: 21 },
      });
      expect(await messages("personalize-min-tps-cap", [trigger])).to.deep.equal([
        tpsMessage(21, 20),
      ]);
    });
    it("applies the dev cap from dev.json", async () => {
      const trigger = res("pulumi-nodejs:dynamic:Resource", "trigger", { minProvisionedTPS: 2 });
      expect(await messages("personalize-min-tps-cap", [trigger], DEV_CONFIG)).to.deep.equal([
        tpsMessage(2, 1),
      ]);
    });
  });
});

describe("cost policies (dev caps from dev.json)", () => {
  describeResourcePolicy(
    "kinesis-shard-cap",
    STREAM,
    { shardCount: 1 },
    [
      {
        path: "streamModeDetails.streamMode",
        value: "ON_DEMAND",
        message:
          'stream mode is "ON_DEMAND"; this tier allows PROVISIONED. Set streamModeDetails.streamMode accordingly or raise kinesis-shard-cap.allowedStreamModes in the stack\'s policy pack config.',
      },
      {
        path: "shardCount",
        value: 3,
        message:
          "shardCount is 3; this tier allows at most 2. Size the stream from the workload's peak or raise kinesis-shard-cap.maxShards in the stack's policy pack config.",
      },
    ],
    DEV_CONFIG,
  );

  describeResourcePolicy(
    "firehose-buffering",
    FIREHOSE,
    {
      extendedS3Configuration: {
        bufferingSize: 64,
        bufferingInterval: 900,
        dataFormatConversionConfiguration: conversion,
      },
    },
    [
      {
        path: "extendedS3Configuration.bufferingInterval",
        value: 30,
        message:
          "bufferingInterval is 30 s; this tier needs at least 60 s so each delivery writes fewer, larger objects.",
      },
    ],
    DEV_CONFIG,
  );

  it("firehose-buffering does not ask for 64 MiB buffers when nothing is converted", async () => {
    const plain = res(FIREHOSE, "r", {
      extendedS3Configuration: { bufferingSize: 5, bufferingInterval: 300 },
    });
    expect(await messages("firehose-buffering", [plain], DEV_CONFIG)).to.deep.equal([]);
  });
});
