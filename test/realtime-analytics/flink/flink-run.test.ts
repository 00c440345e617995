/**
 * The Flink job executed: PyFlink at the deployed runtime's version runs main.py and
 * realtime_kpis.sql taken out of the application zip, on events the project's producer put into
 * kinesalite, and its rows are compared with the Lambda engine's and with DuckDB's on the same
 * events.
 *
 * The stream and the view are files in this run: the Flink 2.x AWS connectors are not on the
 * Maven repository this project reaches, and the Flink 1.19 ones it has fail to load on 2.2
 * (README.md "What runs locally"). main.py's local replay keeps every table's columns,
 * watermark and format and swaps only the WITH clauses; flink-app.test.ts holds those clauses.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DescribeStreamSummaryCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { expect } from "chai";
import {
  FLINK_RUNTIME,
  VIEW_PROPERTY_GROUP,
  channelKey,
  ctr,
  expiresAt,
  minuteStartMs,
  trendingKey,
} from "../../../components/realtime-analytics";
import {
  accumulate,
  emptyState,
  windowCounts,
} from "../../../components/realtime-analytics/lambda/aggregate";
import { EventProducer } from "../../../components/stream-ingestion/producer";
import { openLocalLake } from "../../../cli/kpi/lake";
import { computeKpis } from "../../../cli/kpi/compute";
import { removeTempDirs, writeTempLake } from "../../kpi-dashboard/lake-helpers";
import { LocalKinesis, startKinesalite } from "../../stream-ingestion/producer/kinesalite";
import { APPLICATION, LocalFlink, ensureLocalFlink, runPython, scratch } from "./flink-local";
import { Replay, ShardRange, buildReplay } from "./replay";
import {
  MinuteCounts,
  TrendingRank,
  loadArrivals,
  minuteCounts,
  trendingRanks,
} from "./replay-reference";

const LATENESS_S = 30;
const RETENTION_S = 172_800;
const TOP_N = 20;
const STREAM = "behaviour-events";

interface Received {
  readonly seq: number;
  readonly data: string;
  readonly shardId: string;
}

/** Every record on the stream, with its place in the order the producer was given them. */
async function receive(kinesis: LocalKinesis, replay: Replay): Promise<Received[]> {
  const seqs = new Map<string, number[]>();
  replay.events.forEach((e, i) => seqs.set(e.event_id, [...(seqs.get(e.event_id) ?? []), i]));
  return (await kinesis.readAll(STREAM)).map((r) => ({
    seq: seqs.get(JSON.parse(r.data).event_id)!.shift()!,
    data: r.data,
    shardId: r.shardId,
  }));
}

/** The Lambda engine on the same records: one tumbling window per shard (the replay takes seconds). */
function lambdaChannelRows(received: readonly Received[], replay: Replay) {
  const sums = new Map<
    string,
    { channel: string; minute: string; impressions: number; clicks: number }
  >();
  for (const shardId of new Set(received.map((r) => r.shardId))) {
    const state = emptyState();
    for (const r of received.filter((x) => x.shardId === shardId)) {
      const data = Buffer.from(r.data).toString("base64");
      accumulate(state, { data, arrivalMs: replay.arrivalMs[r.seq] }, LATENESS_S * 1000);
    }
    for (const row of windowCounts(state).channels) {
      const key = `${row.channel}|${row.minute}`;
      const sum = sums.get(key) ?? {
        channel: row.channel,
        minute: row.minute,
        impressions: 0,
        clicks: 0,
      };
      sums.set(key, {
        ...sum,
        impressions: sum.impressions + row.impressions,
        clicks: sum.clicks + row.clicks,
      });
    }
  }
  return [...sums.values()];
}

/** A view row as the Flink SQL writes it, built with the key design's own functions. */
function channelRow(r: { channel: string; minute: string; impressions: number; clicks: number }) {
  const start = minuteStartMs(r.minute);
  return {
    ...channelKey(r.channel, r.minute),
    minute: r.minute,
    channel: r.channel,
    window_start: new Date(start).toISOString(),
    window_end: new Date(start + 60_000).toISOString(),
    impressions: r.impressions,
    clicks: r.clicks,
    ctr: ctr(r.impressions, r.clicks),
    engine: "flink",
    expires_at: expiresAt(start + 60_000, RETENTION_S),
  };
}

function trendingRow(r: TrendingRank) {
  const end = minuteStartMs(r.windowEnd);
  return {
    ...trendingKey(r.windowEnd, r.rank),
    item_id: r.itemId,
    clicks: r.clicks,
    rank: r.rank,
    window_start: new Date(end - 5 * 60_000).toISOString(),
    window_end: new Date(end).toISOString(),
    engine: "flink",
    expires_at: expiresAt(end, RETENTION_S),
  };
}

/** JSON lines of every finished file a file sink wrote (in-progress files start with a dot). */
function sinkRows(dir: string): any[] {
  return fs
    .readdirSync(dir)
    .filter((f) => !f.startsWith("."))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line))
    .sort((a, b) => (a.pk + a.sk < b.pk + b.sk ? -1 : 1));
}

const byKey = (rows: any[]) => [...rows].sort((a, b) => (a.pk + a.sk < b.pk + b.sk ? -1 : 1));

describe("realtime Flink job executed on a local Flink, against the Lambda engine and DuckDB", function () {
  // Installing PyFlink the first time takes about a minute; a run about 20 s.
  this.timeout(900_000);
  let flink: LocalFlink;
  let kinesis: LocalKinesis;
  let replay: Replay;
  let received: Received[];
  let flinkRun: { status: number | null; stdout: string; stderr: string };
  let channelRows: any[];
  let trending: any[];
  let reference: MinuteCounts[];
  let referenceTrending: TrendingRank[];
  let lake: string;

  before(async () => {
    flink = ensureLocalFlink();
    kinesis = await startKinesalite();
    await kinesis.createStream(STREAM, 4);
    const admin = kinesis.client();
    const shards: ShardRange[] = (
      (await admin.send(new ListShardsCommand({ StreamName: STREAM }))).Shards ?? []
    ).map((s) => ({
      shardId: s.ShardId!,
      start: BigInt(s.HashKeyRange!.StartingHashKey!),
      end: BigInt(s.HashKeyRange!.EndingHashKey!),
    }));
    replay = buildReplay(shards);
    // One call at a time keeps each shard's records in the order they were put.
    const producer = new EventProducer({
      streamName: STREAM,
      client: kinesis.client(),
      maxConcurrentCalls: 1,
      flushIntervalMs: 5,
    });
    for (const event of replay.events) await producer.put(event);
    await producer.close();
    received = await receive(kinesis, replay);
    const streamArn = (await admin.send(new DescribeStreamSummaryCommand({ StreamName: STREAM })))
      .StreamDescriptionSummary!.StreamARN!;

    // The application zip, built as `npm run flink:package` builds it (code only: see above).
    const zip = path.join(scratch, "realtime-flink.zip");
    const app = path.join(scratch, "app");
    const packed = await runPython(["package.py", "--skip-jars", "--out", zip]);
    expect(packed.status, packed.stderr).to.equal(0);
    const unzipped = await runPython(["-m", "zipfile", "-e", zip, app]);
    expect(unzipped.status, unzipped.stderr).to.equal(0);

    const source = path.join(scratch, "stream.jsonl");
    fs.writeFileSync(
      source,
      [...received]
        .sort((a, b) => a.seq - b.seq)
        .map((r) => r.data)
        .join("\n") + "\n",
    );
    const properties = path.join(scratch, "application_properties.json");
    const propertyMap = {
      stream_arn: streamArn,
      region: "eu-west-1",
      table_name: "realtime-view",
      lateness_seconds: String(LATENESS_S),
      retention_seconds: String(RETENTION_S),
      top_n: String(TOP_N),
    };
    fs.writeFileSync(
      properties,
      JSON.stringify([{ PropertyGroupId: VIEW_PROPERTY_GROUP, PropertyMap: propertyMap }]),
    );
    const out = path.join(scratch, "view");
    flinkRun = await runPython(
      [
        path.join(app, APPLICATION.runOptions.python),
        properties,
        "--local-source",
        source,
        "--local-sink",
        out,
      ],
      { python: flink.python, cwd: app, timeoutMs: 600_000 },
    );
    if (flinkRun.status === 0) {
      channelRows = sinkRows(path.join(out, "view_channel_windows"));
      trending = sinkRows(path.join(out, "view_trending"));
    }

    lake = await writeTempLake(replay.events);
    const local = await openLocalLake(lake);
    try {
      await loadArrivals(local.connection, replay);
      reference = await minuteCounts(local.connection, LATENESS_S * 1000);
      referenceTrending = await trendingRanks(local.connection, LATENESS_S * 1000, TOP_N);
    } finally {
      local.close();
    }
  });
  after(async () => {
    await kinesis?.stop();
    removeTempDirs();
  });

  it("runs PyFlink at the version of the deployed runtime", () => {
    const [major, minor] = FLINK_RUNTIME.replace("FLINK-", "").split("_");
    expect(APPLICATION.flinkVersion).to.equal(`${major}.${minor}`);
    expect(flink.pyflink).to.match(new RegExp(`^${major}\\.${minor}\\.\\d+$`));
  });

  it("feeds it what the producer put on the stream: every record once, shard order kept, one shard idle", () => {
    expect(received.map((r) => r.seq).sort((a, b) => a - b)).to.deep.equal(
      replay.events.map((_, i) => i),
    );
    for (const shard of new Set(received.map((r) => r.shardId))) {
      const seqs = received.filter((r) => r.shardId === shard).map((r) => r.seq);
      expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    }
    expect(received.filter((r) => r.shardId === replay.idleShard)).to.deep.equal([]);
    expect(new Set(received.map((r) => r.shardId)).size).to.equal(3);
  });

  it("runs main.py from the zip to the end of the stream", () => {
    expect(flinkRun.status, flinkRun.stderr.slice(-4000)).to.equal(0);
    const timing = JSON.parse(flinkRun.stdout.trim().split("\n").pop()!);
    expect(Object.keys(timing)).to.deep.equal(["startSeconds", "runSeconds"]);
  });

  it("writes per channel and minute exactly the Lambda engine's impressions, clicks and ctr", () => {
    const lambda = lambdaChannelRows(received, replay).map(channelRow);
    expect(channelRows).to.deep.equal(byKey(lambda));
  });

  it("equals DuckDB's count of each event once within the lateness bound, and the batch KPIs once late events are added back", async () => {
    const onTime = reference.filter((r) => !r.late).map(channelRow);
    expect(channelRows).to.deep.equal(byKey(onTime));
    const local = await openLocalLake(lake);
    const batch = await computeKpis(local.connection, {
      from: "2026-11-23",
      to: "2026-11-25",
    }).finally(local.close);
    const daily = new Map<string, { impressions: number; clicks: number }>();
    for (const r of reference) {
      const key = `${r.dt}|${r.channel}`;
      const sum = daily.get(key) ?? { impressions: 0, clicks: 0 };
      daily.set(key, {
        impressions: sum.impressions + r.impressions,
        clicks: sum.clicks + r.clicks,
      });
    }
    expect(
      batch.channels
        .filter((c) => c.impressions + c.clicks > 0)
        .map((c) => [`${c.dt}|${c.channel}`, { impressions: c.impressions, clicks: c.clicks }]),
    ).to.deep.equal([...daily.entries()].sort());
    // The cases the hand-made block names, as the speed layer counts them.
    const row = (channel: string, minute: string) =>
      channelRows.find((r) => r.sk === `WINDOW#${minute}` && r.channel === channel);
    expect(row("home-rfy", "2026-11-24T23:59Z")).to.include({ impressions: 1, clicks: 1, ctr: 1 });
    expect(row("popular", "2026-11-24T23:59Z")).to.include({ impressions: 1, clicks: 0, ctr: 0 });
    expect(row("email-reco", "2026-11-25T00:01Z")).to.include({
      impressions: 0,
      clicks: 1,
      ctr: null,
    });
    expect(reference.filter((r) => r.late && r.dt === "2026-11-24")).to.deep.equal([
      {
        channel: "home-rfy",
        minute: "2026-11-24T23:59Z",
        dt: "2026-11-24",
        late: true,
        impressions: 0,
        clicks: 1,
      },
    ]);
  });

  it("ranks the trending items of every 5-minute window as DuckDB does, across midnight", () => {
    expect(trending).to.deep.equal(byKey(referenceTrending.map(trendingRow)));
    const acrossMidnight = trending.filter(
      (r) => r.window_start < "2026-11-25" && r.window_end > "2026-11-25",
    );
    expect(acrossMidnight.map((r) => r.sk)).to.include("WINDOW#2026-11-25T00:04Z#RANK#001");
  });
});
