/**
 * Kinesis Data Streams and Firehose: the ingestion path, billed by the hour and by the byte.
 */
import { SECONDS_PER_DAY } from "../../components/shared/workload";
import { DAYS_PER_MONTH, GB } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { HOURS, int, round } from "./util";

export const KINESIS_STREAM = "aws:kinesis/stream:Stream";
export const FIREHOSE = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const ESM = "aws:lambda/eventSourceMapping:EventSourceMapping";
const FLINK = "aws:kinesisanalyticsv2/application:Application";

const PUT_UNIT_BYTES = 25 * 1024;
const FIREHOSE_INCREMENT_BYTES = 5 * 1024;
const MIB = 1024 * 1024;

export const isOnDemand = (stream: CostResource) =>
  stream.inputs.streamModeDetails?.streamMode === "ON_DEMAND";

/** Shards carrying the stream: provisioned count, or what an on-demand stream starts with. */
export function shardsOf(stream: CostResource, ctx: CostContext): number {
  return isOnDemand(stream) ? ctx.assumptions.onDemandShards : int(stream.inputs.shardCount, 1);
}

export function kinesisStream(r: CostResource, ctx: CostContext): CostItem[] {
  const bill = ctx.bill();
  const records = ctx.volumes.eventsPerMonth;
  const gbIn = ctx.volumes.jsonGbPerMonth;
  const retentionHours = int(r.inputs.retentionPeriod, 24);
  const shards = shardsOf(r, ctx);
  if (isOnDemand(r)) {
    const consumers =
      ctx.dependentsOf(r, ESM).length +
      ctx.dependentsOf(r, FIREHOSE).length +
      ctx.dependentsOf(r, FLINK).length;
    bill
      .note(`on-demand, read by ${consumers} consumer(s)`)
      .charge(HOURS, "stream-hours", "kinesis.onDemandStreamHour")
      .charge(round(gbIn), "GB written", "kinesis.onDemandGbIn")
      .charge(round(gbIn * consumers), "GB read", "kinesis.onDemandGbOut");
    if (retentionHours > 24) {
      const keptDays = Math.min(retentionHours, 168) / 24 - 1;
      bill.charge(
        round((gbIn / DAYS_PER_MONTH) * keptDays),
        `GB-months kept ${retentionHours} h`,
        "kinesis.onDemandRetentionGbMonth",
      );
    }
  } else {
    const unitsPerRecord = Math.ceil(ctx.workload.avgEventBytes / PUT_UNIT_BYTES);
    bill
      .note(
        `${shards} provisioned shard(s); ${unitsPerRecord} PUT unit(s) per ${ctx.workload.avgEventBytes} B record`,
      )
      .charge(shards * HOURS, "shard-hours", "kinesis.shardHour")
      .charge(records * unitsPerRecord, "PUT units", "kinesis.putUnitMillion", 1e6);
    if (retentionHours > 24) {
      bill.charge(
        shards * HOURS,
        `shard-hours retained ${retentionHours} h`,
        "kinesis.extendedRetentionShardHour",
      );
    }
  }
  if (retentionHours > 168) {
    const days = retentionHours / 24 - 7;
    bill.charge(
      round((gbIn / DAYS_PER_MONTH) * days),
      "GB-months kept beyond 7 days",
      "kinesis.longTermRetentionGbMonth",
    );
  }
  const shardMetrics = Array.isArray(r.inputs.shardLevelMetrics)
    ? r.inputs.shardLevelMetrics.length
    : 0;
  if (shardMetrics > 0) {
    bill.charge(shardMetrics * shards, "enhanced shard metrics", "cloudwatch.metricMonth");
  }
  return [bill.item(r.urn, r.type)];
}

const extended = (firehose: CostResource): Record<string, any> =>
  firehose.inputs.extendedS3Configuration ?? firehose.inputs.s3Configuration ?? {};

/** Objects Firehose writes a day: a flush when the buffer's interval or size is reached. */
export function firehoseObjectsPerDay(firehose: CostResource, ctx: CostContext): number {
  const cfg = extended(firehose);
  const interval = int(cfg.bufferingInterval, 300);
  const sizeMiB = int(cfg.bufferingSize, cfg.dataFormatConversionConfiguration?.enabled ? 128 : 5);
  const dailyBytes = ctx.workload.avgEventsPerSecond * ctx.workload.avgEventBytes * SECONDS_PER_DAY;
  if (dailyBytes === 0) return 0;
  return Math.ceil(Math.max(SECONDS_PER_DAY / interval, dailyBytes / (sizeMiB * MIB)));
}

/** Transform Lambda invocations a month: Firehose's own processor buffer (default 1 MB or 60 s). */
export function firehoseLambdaInvocations(firehose: CostResource, ctx: CostContext): number {
  const processors: any[] = extended(firehose).processingConfiguration?.processors ?? [];
  const params: any[] = processors.find((p) => p?.type === "Lambda")?.parameters ?? [];
  const param = (name: string, fallback: number) =>
    int(params.find((p) => p?.parameterName === name)?.parameterValue, fallback);
  const sizeMb = param("BufferSizeInMBs", 1);
  const interval = param("BufferIntervalInSeconds", 60);
  const dailyBytes = ctx.workload.avgEventsPerSecond * ctx.workload.avgEventBytes * SECONDS_PER_DAY;
  if (dailyBytes === 0) return 0;
  return Math.ceil(
    Math.max(SECONDS_PER_DAY / interval, dailyBytes / (sizeMb * MIB)) * DAYS_PER_MONTH,
  );
}

export function firehose(r: CostResource, ctx: CostContext): CostItem[] {
  const cfg = extended(r);
  const records = ctx.volumes.eventsPerMonth;
  const billedRecordBytes =
    Math.ceil(ctx.workload.avgEventBytes / FIREHOSE_INCREMENT_BYTES) * FIREHOSE_INCREMENT_BYTES;
  const ingestGb = round((records * billedRecordBytes) / GB);
  const gb = round(ctx.volumes.jsonGbPerMonth);
  const bill = ctx
    .bill()
    .note(
      `${records.toLocaleString("en-US")} records billed at ${billedRecordBytes} B each (5 KB increments)`,
    )
    .charge(ingestGb, "GB ingested", "firehose.ingestGb");
  if (cfg.dataFormatConversionConfiguration?.enabled) {
    bill.charge(gb, "GB converted to Parquet", "firehose.formatConversionGb");
  }
  if (cfg.dynamicPartitioningConfiguration?.enabled) {
    const objects = Math.ceil(firehoseObjectsPerDay(r, ctx) * DAYS_PER_MONTH);
    bill
      .charge(gb, "GB partitioned", "firehose.dynamicPartitioningGb")
      .charge(objects, "objects delivered", "firehose.dynamicPartitioningThousandObjects", 1000);
  }
  return [bill.item(r.urn, r.type)];
}
