import { expect } from "chai";
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamRecord, KinesisStreamTumblingWindowEvent } from "aws-lambda";
import { createHandler } from "../../../components/realtime-analytics/lambda/handler";
import { BehaviourEvent, generateEvents } from "../../../events";
import { kpisOf, removeTempDirs } from "../../kpi-dashboard/lake-helpers";
import { LocalView, startLocalView } from "../view/dynalite";

const CONFIG = { latenessMs: 30_000, retentionSeconds: 172_800, topN: 3 };
const SHARD = "shardId-000000000000";
const MINUTE = 60_000;

let sequence = 0;
function record(event: BehaviourEvent, arrivalMs: number): KinesisStreamRecord {
  sequence += 1;
  return {
    awsRegion: "us-east-1",
    eventID: `${SHARD}:${sequence}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/aggregator",
    kinesis: {
      approximateArrivalTimestamp: arrivalMs / 1000,
      data: Buffer.from(JSON.stringify(event)).toString("base64"),
      kinesisSchemaVersion: "1.0",
      partitionKey: event.user_id,
      sequenceNumber: String(sequence),
    },
  };
}

type Handler = ReturnType<typeof createHandler>;

/**
 * Runs records through the handler as Lambda's tumbling windows would: grouped by arrival minute,
 * in order, one invocation per window (optionally failed once after its claims, then retried
 * with the window's previous state, as Lambda does), then the final invocation.
 */
async function runWindows(
  handle: Handler,
  records: readonly { event: BehaviourEvent; arrivalMs: number }[],
  retryWindow: (start: number) => boolean = () => false,
): Promise<{ duplicates: number }> {
  const windows = new Map<number, KinesisStreamRecord[]>();
  for (const r of [...records].sort((a, b) => a.arrivalMs - b.arrivalMs)) {
    const start = Math.floor(r.arrivalMs / MINUTE) * MINUTE;
    windows.set(start, [...(windows.get(start) ?? []), record(r.event, r.arrivalMs)]);
  }
  let duplicates = 0;
  const log = console.log;
  const lines: string[] = [];
  console.log = (line: string) => lines.push(line);
  try {
    for (const [start, batch] of windows) {
      const window = {
        start: new Date(start).toISOString(),
        end: new Date(start + MINUTE).toISOString(),
      };
      const invoke = (state: Record<string, unknown>, final: boolean, Records = batch) =>
        handle({
          Records,
          window,
          state,
          shardId: SHARD,
          isFinalInvokeForWindow: final,
          isWindowTerminatedEarly: false,
        } as KinesisStreamTumblingWindowEvent & { shardId: string });
      // A failed attempt's state is thrown away: Lambda retries with the state it had before.
      if (retryWindow(start)) await invoke({}, false);
      const first = await invoke({}, false);
      await invoke(JSON.parse(JSON.stringify(first.state)), true, []);
    }
  } finally {
    console.log = log;
  }
  for (const line of lines) duplicates += JSON.parse(line).DuplicateEvents;
  return { duplicates };
}

describe("realtime Lambda engine: exactly once across windows and retries (dynalite)", () => {
  let view: LocalView;
  before(async () => {
    view = await startLocalView();
  });
  after(async () => {
    await view.close();
    removeTempDirs();
  });

  const impression: BehaviourEvent = {
    event_id: "6f1b8e54-1c39-4c1e-9b1a-2f4f2b1d0a01",
    event_type: "impression",
    event_time: "2026-11-26T03:21:50.000Z",
    user_id: "u1",
    session_id: "s1",
    item_id: "i1",
    channel: "popular",
    recommendation_id: "r1",
    position: 1,
  };
  const at = (iso: string) => Date.parse(iso);

  it("counts an event once when a re-sent copy falls into the next window, and when an invocation is retried", async () => {
    const table = await view.newTable();
    const handle = createHandler(view.client, { tableName: table, ...CONFIG });
    const { duplicates } = await runWindows(
      handle,
      [
        { event: impression, arrivalMs: at("2026-11-26T03:21:55Z") },
        // The producer lost the answer and re-sent: 03:22:10 is in the next tumbling window, and
        // within the 30 s lateness of the event's minute, so only the claim can catch it.
        { event: impression, arrivalMs: at("2026-11-26T03:22:10Z") },
      ],
      // The first window's invocation fails after claiming and is retried: still counted.
      (start) => start === at("2026-11-26T03:21:00Z"),
    );
    expect(duplicates).to.equal(1);
    const row = await view.client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: "CHANNEL#popular", sk: "WINDOW#2026-11-26T03:21Z" },
      }),
    );
    expect(row.Item).to.deep.include({ impressions: 1, clicks: 0 });
    const claim = await view.client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: `EVENT#${impression.event_id}`, sk: "CLAIM" },
      }),
    );
    expect(claim.Item).to.deep.equal({
      pk: `EVENT#${impression.event_id}`,
      sk: "CLAIM",
      claimed_by: `${SHARD}#2026-11-26T03:21:00.000Z`,
      // The row's TTL: window end 03:22:00 plus the 48 h retention.
      expires_at: at("2026-11-26T03:22:00Z") / 1000 + 172_800,
    });
  });

  it("gives the batch KPIs' impressions and clicks per day and channel for the same events, re-sent copies and retries included", async () => {
    const log = generateEvents({ users: 40, items: 30, days: 1, seed: 21 });
    const kpiEvents = log.events.filter(
      (e) => e.event_type === "impression" || e.event_type === "click",
    );
    // Each arrives 1 s after it happened (on time); every third is re-sent 25 s later, often into
    // the next window; the generator's own exact duplicates arrive next to their originals.
    const records = kpiEvents.flatMap((event, i) => {
      const arrivalMs = Date.parse(event.event_time) + 1_000;
      return i % 3 === 0
        ? [
            { event, arrivalMs },
            { event, arrivalMs: arrivalMs + 25_000 },
          ]
        : [{ event, arrivalMs }];
    });
    const table = await view.newTable();
    const handle = createHandler(view.client, { tableName: table, ...CONFIG });
    const { duplicates } = await runWindows(handle, records, (start) => (start / MINUTE) % 4 === 0);
    const distinct = new Set(kpiEvents.map((e) => e.event_id)).size;
    expect(duplicates).to.equal(records.length - distinct);

    const rows = await view.client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: "begins_with(pk, :p)",
        ExpressionAttributeValues: { ":p": "CHANNEL#" },
      }),
    );
    const speed = new Map<string, [number, number]>();
    for (const item of rows.Items ?? []) {
      const key = `${String(item.minute).slice(0, 10)}|${item.channel}`;
      const [i, c] = speed.get(key) ?? [0, 0];
      speed.set(key, [i + Number(item.impressions), c + Number(item.clicks)]);
    }
    const batch = new Map<string, [number, number]>();
    for (const row of (await kpisOf(log.events)).channels) {
      if (row.impressions + row.clicks > 0) {
        batch.set(`${row.dt}|${row.channel}`, [row.impressions, row.clicks]);
      }
    }
    expect(batch.size).to.be.greaterThan(1);
    expect([...speed].sort()).to.deep.equal([...batch].sort());
  });
});
