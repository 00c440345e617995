import { expect } from "chai";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamRecord } from "aws-lambda";
import { createHandler } from "../../../components/realtime-analytics/lambda/handler";
import {
  applyContribution,
  topClickedItems,
} from "../../../components/realtime-analytics/lambda/write";
import {
  MAX_SORT_KEY_BYTES,
  itemClicksKey,
  latestChannelWindows,
  trendingItems,
} from "../../../components/realtime-analytics/view";
import { LocalView, startLocalView } from "./dynalite";

const CONFIG = { latenessMs: 30_000, retentionSeconds: 172_800, topN: 3 };

let sequence = 0;
function record(
  shard: string,
  event: Record<string, unknown>,
  arrivalIso: string,
): KinesisStreamRecord {
  sequence += 1;
  return {
    awsRegion: "us-east-1",
    eventID: `${shard}:${sequence}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/aggregator",
    kinesis: {
      approximateArrivalTimestamp: Date.parse(arrivalIso) / 1000,
      data: Buffer.from(JSON.stringify(event)).toString("base64"),
      kinesisSchemaVersion: "1.0",
      partitionKey: String(event.user_id),
      sequenceNumber: String(sequence),
    },
  };
}

let ids = 0;
function kpiEvent(type: "impression" | "click", channel: string, item: string, time: string) {
  ids += 1;
  return {
    event_id: `00000000-0000-4000-8000-${String(ids).padStart(12, "0")}`,
    event_type: type,
    event_time: time,
    user_id: "u1",
    session_id: "s1",
    item_id: item,
    channel,
    ...(type === "impression" ? { recommendation_id: "r1", position: 1 } : {}),
  };
}

const WINDOW = { start: "2026-11-26T03:22:00Z", end: "2026-11-26T03:23:00Z" };

describe("realtime view on dynalite", () => {
  let view: LocalView;
  before(async () => {
    view = await startLocalView();
  });
  after(async () => view.close());

  it("writes a shard's window once: a retried flush adds nothing, and ctr follows the counters", async () => {
    const table = await view.newTable();
    const target = { client: view.client, tableName: table, retentionSeconds: 3600 };
    const counts = {
      channels: [{ channel: "home-rfy", minute: "2026-11-26T03:22Z", impressions: 4, clicks: 1 }],
      items: [{ itemId: "i9", minute: "2026-11-26T03:22Z", clicks: 1 }],
    };
    await applyContribution(target, "shardId-000#2026-11-26T03:22:00Z", counts);
    await applyContribution(target, "shardId-000#2026-11-26T03:22:00Z", counts);
    await applyContribution(target, "shardId-001#2026-11-26T03:22:00Z", {
      channels: [{ channel: "home-rfy", minute: "2026-11-26T03:22Z", impressions: 0, clicks: 1 }],
      items: [],
    });
    const row = await view.client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: "CHANNEL#home-rfy", sk: "WINDOW#2026-11-26T03:22Z" },
      }),
    );
    expect(row.Item).to.deep.include({
      channel: "home-rfy",
      minute: "2026-11-26T03:22Z",
      window_start: "2026-11-26T03:22:00.000Z",
      window_end: "2026-11-26T03:23:00.000Z",
      impressions: 4,
      clicks: 2,
      ctr: 0.5,
      engine: "lambda",
      expires_at: Date.parse("2026-11-26T03:23:00Z") / 1000 + 3600,
    });
    expect([...(row.Item!.applied as Set<string>)].sort()).to.deep.equal([
      "shardId-000#2026-11-26T03:22:00Z",
      "shardId-001#2026-11-26T03:22:00Z",
    ]);
    const item = await view.client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: "ITEMCLICKS#2026-11-26T03:22Z", sk: "ITEM#i9" },
      }),
    );
    expect(item.Item?.clicks).to.equal(1);
  });

  it("keys an item id too long for a DynamoDB sort key by its hash, and still counts it by id", async () => {
    // The longest item_id the schema allows, in 4-byte characters: "ITEM#" + 1,024 bytes.
    const longId = "\u{1F600}".repeat(256);
    const key = itemClicksKey("2026-11-26T03:22Z", longId);
    expect(key.sk).to.match(/^ITEM#sha256:[0-9a-f]{64}$/);
    expect(Buffer.byteLength(key.sk)).to.be.at.most(MAX_SORT_KEY_BYTES);
    expect(itemClicksKey("2026-11-26T03:22Z", "i9").sk).to.equal("ITEM#i9");
    const table = await view.newTable();
    const target = { client: view.client, tableName: table, retentionSeconds: 60 };
    await applyContribution(target, "s#w", {
      channels: [],
      items: [{ itemId: longId, minute: "2026-11-26T03:22Z", clicks: 2 }],
    });
    expect(await topClickedItems(target, Date.parse("2026-11-26T03:25:00Z"), 3)).to.deep.equal([
      { itemId: longId, clicks: 2 },
    ]);
  });

  it("stores a null ctr for a channel-minute with clicks and no impressions", async () => {
    const table = await view.newTable();
    await applyContribution(
      { client: view.client, tableName: table, retentionSeconds: 60 },
      "s#w",
      {
        channels: [
          { channel: "email-reco", minute: "2026-11-26T03:22Z", impressions: 0, clicks: 2 },
        ],
        items: [],
      },
    );
    const row = await view.client.send(
      new GetCommand({
        TableName: table,
        Key: { pk: "CHANNEL#email-reco", sk: "WINDOW#2026-11-26T03:22Z" },
      }),
    );
    expect(row.Item?.ctr).to.equal(null);
  });

  it("runs the handler over a tumbling window: state across invocations, dedupe, late drop, idempotent final retry, trending", async () => {
    const table = await view.newTable();
    const handle = createHandler(view.client, { tableName: table, ...CONFIG });
    const dup = kpiEvent("click", "popular", "i2", "2026-11-26T03:21:50.000Z");
    const first = await handle({
      Records: [
        record(
          "shardId-000",
          kpiEvent("impression", "popular", "i1", "2026-11-26T03:21:40.000Z"),
          "2026-11-26T03:22:01Z",
        ),
        record(
          "shardId-000",
          kpiEvent("impression", "popular", "i2", "2026-11-26T03:21:41.000Z"),
          "2026-11-26T03:22:01Z",
        ),
        record("shardId-000", dup, "2026-11-26T03:22:02Z"),
        record(
          "shardId-000",
          kpiEvent("click", "home-rfy", "i2", "2026-11-26T03:22:05.000Z"),
          "2026-11-26T03:22:06Z",
        ),
      ],
      window: WINDOW,
      state: {},
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    expect(first.batchItemFailures).to.deep.equal([]);
    // Lambda hands the state back as JSON.
    const carried = JSON.parse(JSON.stringify(first.state));
    const second = await handle({
      Records: [
        record("shardId-000", dup, "2026-11-26T03:22:20Z"),
        // Window 03:20 closed at 03:21:00; 03:22:40 is past the 30 s bound.
        record(
          "shardId-000",
          kpiEvent("click", "popular", "i3", "2026-11-26T03:20:59.000Z"),
          "2026-11-26T03:22:40Z",
        ),
        record(
          "shardId-000",
          kpiEvent("click", "popular", "i1", "2026-11-26T03:21:59.000Z"),
          "2026-11-26T03:22:29Z",
        ),
      ],
      window: WINDOW,
      state: carried,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    const finalEvent = {
      Records: [],
      window: WINDOW,
      state: JSON.parse(JSON.stringify(second.state)),
      shardId: "shardId-000",
      isFinalInvokeForWindow: true,
      isWindowTerminatedEarly: false,
    };
    const logged: string[] = [];
    const log = console.log;
    console.log = (line: string) => logged.push(line);
    try {
      expect(await handle(finalEvent)).to.deep.equal({ state: {}, batchItemFailures: [] });
      // Lambda retries a window whose final invocation failed: the retry must add nothing.
      await handle(finalEvent);
    } finally {
      console.log = log;
    }
    const metrics = JSON.parse(logged[0]);
    expect([metrics.InvalidEvents, metrics.LateEvents, metrics.DuplicateEvents]).to.deep.equal([
      0, 1, 1,
    ]);

    const windows = await latestChannelWindows(view.client, table, {
      minutes: 3,
      now: Date.parse("2026-11-26T03:22:30Z"),
    });
    expect(windows).to.deep.equal([
      {
        channel: "home-rfy",
        windowStart: "2026-11-26T03:22:00.000Z",
        windowEnd: "2026-11-26T03:23:00.000Z",
        impressions: 0,
        clicks: 1,
        ctr: null,
      },
      {
        channel: "popular",
        windowStart: "2026-11-26T03:21:00.000Z",
        windowEnd: "2026-11-26T03:22:00.000Z",
        impressions: 2,
        clicks: 2,
        ctr: 1,
      },
    ]);
    // Window end 03:23:00 less the 30 s bound: the latest closed 5-minute window ends at 03:22.
    expect(await trendingItems(view.client, table, { limit: 5 })).to.deep.equal({
      windowStart: "2026-11-26T03:17:00.000Z",
      windowEnd: "2026-11-26T03:22:00.000Z",
      items: [
        { itemId: "i1", clicks: 1, rank: 1 },
        { itemId: "i2", clicks: 1, rank: 2 },
      ],
    });
    const trendingRows = await view.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "TRENDING" },
      }),
    );
    expect(trendingRows.Items!.map((i) => i.sk)).to.deep.equal([
      "WINDOW#2026-11-26T03:22Z#RANK#001",
      "WINDOW#2026-11-26T03:22Z#RANK#002",
    ]);
  });

  it("reads the latest channel windows for chosen channels, newest first, within the minutes asked", async () => {
    const table = await view.newTable();
    const target = { client: view.client, tableName: table, retentionSeconds: 3600 };
    await applyContribution(target, "a", {
      channels: [
        { channel: "popular", minute: "2026-11-26T03:18Z", impressions: 9, clicks: 9 },
        { channel: "popular", minute: "2026-11-26T03:20Z", impressions: 10, clicks: 1 },
        { channel: "popular", minute: "2026-11-26T03:21Z", impressions: 4, clicks: 2 },
        { channel: "home-rfy", minute: "2026-11-26T03:21Z", impressions: 8, clicks: 2 },
        { channel: "pdp-similar", minute: "2026-11-26T03:21Z", impressions: 5, clicks: 0 },
      ],
      items: [],
    });
    const now = Date.parse("2026-11-26T03:21:30Z");
    const chosen = await latestChannelWindows(view.client, table, {
      channels: ["popular", "home-rfy"],
      minutes: 2,
      now,
    });
    expect(chosen.map((w) => [w.channel, w.windowStart, w.ctr])).to.deep.equal([
      ["home-rfy", "2026-11-26T03:21:00.000Z", 0.25],
      ["popular", "2026-11-26T03:21:00.000Z", 0.5],
      ["popular", "2026-11-26T03:20:00.000Z", 0.1],
    ]);
    const all = await latestChannelWindows(view.client, table, { minutes: 1, now });
    expect(all.map((w) => [w.channel, w.impressions, w.clicks, w.ctr])).to.deep.equal([
      ["home-rfy", 8, 2, 0.25],
      ["pdp-similar", 5, 0, 0],
      ["popular", 4, 2, 0.5],
    ]);
  });

  it("returns no trending items from an empty view, and names the allowed range of a bad argument", async () => {
    const table = await view.newTable();
    expect(await trendingItems(view.client, table, { limit: 10 })).to.deep.equal({ items: [] });
    let error: unknown;
    try {
      await latestChannelWindows(view.client, table, { minutes: 0 });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal(
      "minutes must be an integer from 1 to 1440, got 0; the view keeps recent windows only, use the batch KPIs for longer periods",
    );
  });
});
