/**
 * Feeds a behaviour log through the real speed layer (the Lambda engine's handler, tumbling
 * windows as Lambda invokes them) into a dynalite view, with the replay clock of
 * test/realtime-analytics/flink/replay.ts: a record reaches the stream at the newest event time sent so far, so
 * hours-late deliveries arrive late and the speed layer drops them as it would in production.
 */
import type { KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from "aws-lambda";
import { createHandler } from "../../components/realtime-analytics/lambda/handler";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { BehaviourEvent } from "../../events";

const SHARD = "shardId-000000000000";
const MINUTE = 60_000;
export const LATENESS_MS = 30_000;

/** Arrival of each event on the replay clock, in log order. */
export function replayArrivals(events: readonly BehaviourEvent[]): number[] {
  let newest = 0;
  return events.map((e) => (newest = Math.max(newest, Date.parse(e.event_time))));
}

export async function feedSpeedLayer(
  client: DynamoDBDocumentClient,
  tableName: string,
  events: readonly BehaviourEvent[],
): Promise<void> {
  const handle = createHandler(client, {
    tableName,
    latenessMs: LATENESS_MS,
    retentionSeconds: 172_800,
    topN: 3,
  });
  const arrivals = replayArrivals(events);
  const windows = new Map<number, KinesisStreamRecord[]>();
  events.forEach((event, i) => {
    const start = Math.floor(arrivals[i] / MINUTE) * MINUTE;
    const record = {
      eventID: `${SHARD}:${i}`,
      kinesis: {
        approximateArrivalTimestamp: arrivals[i] / 1000,
        data: Buffer.from(JSON.stringify(event)).toString("base64"),
        partitionKey: event.user_id,
        sequenceNumber: String(i),
      },
    } as unknown as KinesisStreamRecord;
    windows.set(start, [...(windows.get(start) ?? []), record]);
  });
  const log = console.log;
  console.log = () => undefined;
  try {
    for (const [start, Records] of windows) {
      const window = {
        start: new Date(start).toISOString(),
        end: new Date(start + MINUTE).toISOString(),
      };
      const invoke = (state: Record<string, unknown>, final: boolean, records = Records) =>
        handle({
          Records: records,
          window,
          state,
          shardId: SHARD,
          isFinalInvokeForWindow: final,
          isWindowTerminatedEarly: false,
        } as unknown as KinesisStreamTumblingWindowEvent & { shardId: string });
      const first = await invoke({}, false);
      await invoke(JSON.parse(JSON.stringify(first.state)), true, []);
    }
  } finally {
    console.log = log;
  }
}
