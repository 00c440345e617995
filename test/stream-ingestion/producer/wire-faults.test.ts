import { expect } from "chai";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { BehaviourEvent, generateEvents } from "../../../events";
import { SeededRandom } from "../../../events/random";
import { EventProducer, FailedRecord } from "../../../components/stream-ingestion/producer";
import { LocalKinesis, startKinesalite } from "./kinesalite";
import { FaultProxy, startFaultProxy } from "./proxy";

/** Fast retries: the rules are the same, the waits are not what is under test. */
const FAST = { baseDelayMs: 1, maxDelayMs: 20, flushIntervalMs: 5, drainOnExit: false };

/** How often each event_id arrived. */
function arrivals(records: readonly { data: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const id = (JSON.parse(r.data) as BehaviourEvent).event_id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export function distinct(events: readonly BehaviourEvent[]): BehaviourEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => !seen.has(e.event_id) && seen.add(e.event_id));
}

describe("producer: faults on the wire (kinesalite behind a fault-injecting proxy)", () => {
  // The generator repeats some events (as real producers do); these tests count distinct ones.
  const log = {
    events: distinct(generateEvents({ users: 150, items: 100, days: 2, seed: 11 }).events),
  };
  let kinesis: LocalKinesis;
  let proxy: FaultProxy;
  let streams = 0;
  const newStream = async (shards = 2) => {
    const name = `wire-${++streams}`;
    await kinesis.createStream(name, shards);
    return name;
  };
  /** A client through the proxy; the SDK's own retries off, so the producer's are under test. */
  const proxied = () => kinesis.client({ endpoint: proxy.endpoint, maxAttempts: 1 });

  before(async () => {
    kinesis = await startKinesalite();
    proxy = await startFaultProxy(kinesis.endpoint);
  });
  after(async () => {
    await proxy.stop();
    await kinesis.stop();
  });
  beforeEach(() => {
    proxy.setPlan(() => "pass");
    for (const k of Object.keys(proxy.faults) as (keyof typeof proxy.faults)[]) proxy.faults[k] = 0;
  });

  it("loses nothing when responses are lost after the server accepted, connections reset and calls throttled; re-sent calls are the only duplicates", async () => {
    const stream = await newStream();
    const before = proxy.acceptedRecords();
    // By call number only, never timing: a lost answer, a silent server, a reset and a throttle
    // in every seven calls.
    const cycle = ["pass", "drop-response", "pass", "hang", "reset", "pass", "throttle"] as const;
    proxy.setPlan(({ putIndex }) => cycle[putIndex % cycle.length]);
    const random = new SeededRandom(3);
    const producer = new EventProducer({
      streamName: stream,
      client: proxied(),
      ...FAST,
      // Only hung and lost answers may time out: a call the proxy passes must be answered within
      // it even on a loaded machine (suites run in parallel), or its re-send is a duplicate too.
      callTimeoutMs: 1_000,
      maxBufferedRecords: 400,
      random: () => random.next(),
    });
    const events = log.events.slice(0, 1500);
    await Promise.all(events.map((e) => producer.put(e)));
    await producer.close();

    const records = await kinesis.readAll(stream);
    const counts = arrivals(records);
    // Nothing lost: every event arrived at least once, and nothing else arrived.
    expect([...counts.keys()].sort()).to.deep.equal(events.map((e) => e.event_id).sort());
    // What arrived is exactly what the server accepted, lost answers included.
    expect(records.length).to.equal(proxy.acceptedRecords() - before);
    expect(producer.stats()).to.deep.include({ sent: events.length, failed: 0, unreported: 0 });
    expect(proxy.faults["drop-response"]).to.be.greaterThan(0);
    expect(proxy.faults.hang).to.be.greaterThan(0);
    expect(proxy.faults.reset).to.be.greaterThan(0);
    expect(proxy.faults.throttle).to.be.greaterThan(0);
    // Duplicates come only from calls whose answer was lost (each carries at most 500 records).
    const duplicates = records.length - counts.size;
    expect(duplicates).to.be.greaterThan(0);
    expect(duplicates).to.be.at.most((proxy.faults["drop-response"] + proxy.faults.hang) * 500);
  });

  it("rides out throttling shorter than the retry budget with nothing failed", async () => {
    const stream = await newStream(1);
    const until = Date.now() + 600;
    proxy.setPlan(() => (Date.now() < until ? "throttle" : "pass"));
    const producer = new EventProducer({
      streamName: stream,
      client: proxied(),
      ...FAST,
      retryBudgetMs: 10_000,
    });
    const events = log.events.slice(0, 200);
    for (const e of events) await producer.put(e);
    await producer.close();
    expect(proxy.faults.throttle).to.be.greaterThan(1);
    expect(producer.stats()).to.deep.include({ sent: 200, failed: 0 });
    expect(arrivals(await kinesis.readAll(stream)).size).to.equal(200);
  });

  it("reports records as they fail when throttling outlasts the budget, and accounts for every one", async () => {
    const stream = await newStream(1);
    const until = Date.now() + 60_000;
    proxy.setPlan(({ putIndex }) => (putIndex > 0 && Date.now() < until ? "throttle" : "pass"));
    const producer = new EventProducer({
      streamName: stream,
      client: proxied(),
      ...FAST,
      retryBudgetMs: 200,
    });
    const reported: FailedRecord[] = [];
    const firstFailure = new Promise<void>((resolve) =>
      producer.on("failure", (f) => {
        reported.push(...f);
        resolve();
      }),
    );
    const events = log.events.slice(0, 120);
    // The first call passes; the rest are throttled for far longer than the 200 ms budget.
    for (const e of events.slice(0, 20)) await producer.put(e);
    await producer.flush();
    for (const e of events.slice(20)) await producer.put(e);
    // Reported while the producer is still open, without flush() or close().
    await firstFailure;
    expect(producer.stats().unreported).to.equal(0);
    await producer.close();
    const arrived = arrivals(await kinesis.readAll(stream));
    expect([...arrived.keys()].sort()).to.deep.equal(
      events
        .slice(0, 20)
        .map((e) => e.event_id)
        .sort(),
    );
    expect(reported.map((f) => f.event.event_id).sort()).to.deep.equal(
      events
        .slice(20)
        .map((e) => e.event_id)
        .sort(),
    );
    for (const f of reported)
      expect(f.errorCode).to.equal("ProvisionedThroughputExceededException");
    expect(producer.stats()).to.deep.include({ sent: 20, failed: 100, unreported: 0 });
  });

  it("keeps unreported failures within the buffer bound and makes put() wait until they are taken", async () => {
    const stream = await newStream(1);
    proxy.setPlan(() => "throttle");
    const producer = new EventProducer({
      streamName: stream,
      client: proxied(),
      ...FAST,
      retryBudgetMs: 0,
      maxBufferedRecords: 5,
    });
    const events = log.events.slice(0, 6);
    for (const e of events.slice(0, 5)) await producer.put(e);
    while (producer.stats().unreported < 5) await new Promise((r) => setTimeout(r, 5));
    let sixthAccepted = false;
    const sixth = producer.put(events[5]).then(() => (sixthAccepted = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(sixthAccepted).to.equal(false);
    expect(producer.stats()).to.deep.include({ unreported: 5, buffered: 0 });
    const taken = producer.takeFailures();
    expect(taken.map((f) => f.event)).to.deep.equal(events.slice(0, 5));
    await sixth;
    const rest = await producer.close().then(
      () => [],
      (e: { failures: FailedRecord[] }) => e.failures,
    );
    expect(rest.map((f) => f.event)).to.deep.equal([events[5]]);
  });

  it("hashes a partition key longer than Kinesis accepts, which kinesalite would reject with its whole call", async () => {
    const stream = await newStream(1);
    const longUser = "\u{1F600}".repeat(256);
    const events = log.events.slice(0, 499).concat({ ...log.events[499], user_id: longUser });
    // The authority: a call carrying the raw key is rejected whole.
    const raw = kinesis.client({ maxAttempts: 1 });
    const rejected = await raw
      .send(
        new PutRecordsCommand({
          StreamName: stream,
          Records: [
            { Data: Buffer.from("{}"), PartitionKey: "fine" },
            { Data: Buffer.from("{}"), PartitionKey: longUser },
          ],
        }),
      )
      .then(
        () => "accepted",
        (e: Error) => e.name,
      );
    expect(rejected).to.equal("ValidationException");
    const producer = new EventProducer({ streamName: stream, client: proxied(), ...FAST });
    for (const e of events) await producer.put(e);
    await producer.close();
    const records = await kinesis.readAll(stream);
    expect(arrivals(records).size).to.equal(500);
    const long = records.find((r) => JSON.parse(r.data).user_id === longUser)!;
    expect(long.partitionKey).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(producer.stats()).to.deep.include({ sent: 500, calls: 1, splits: 0 });
  });

  it("splits a call the server rejects for one record, so only that record fails", async () => {
    const stream = await newStream(1);
    const events = log.events.slice(0, 100);
    const bad = events[37].event_id;
    proxy.setPlan(({ body }) => {
      const records = (JSON.parse(body.toString("utf8")) as { Records: { Data: string }[] })
        .Records;
      const hasBad = records.some((r) => Buffer.from(r.Data, "base64").toString().includes(bad));
      return hasBad ? "invalid" : "pass";
    });
    const dead: FailedRecord[] = [];
    const producer = new EventProducer({
      streamName: stream,
      client: proxied(),
      ...FAST,
      onFailure: (f) => void dead.push(...f),
    });
    for (const e of events) await producer.put(e);
    await producer.close();
    expect(dead.map((f) => [f.event.event_id, f.errorCode])).to.deep.equal([
      [bad, "ValidationException"],
    ]);
    const arrived = arrivals(await kinesis.readAll(stream));
    expect(arrived.size).to.equal(99);
    expect(arrived.has(bad)).to.equal(false);
    // Record 37 of 100 is halved out in six splits: 100 → 50 → 25 (25-49) → 13 (25-37) → 6
    // (32-37) → 3 (35-37) → 1.
    expect(producer.stats()).to.deep.include({ sent: 99, failed: 1, splits: 6 });
  });

  describe("process exit without close()", () => {
    const child = path.join(__dirname, "exit-child.ts");
    function runChild(env: Record<string, string>, signalAfterAccept?: NodeJS.Signals) {
      return new Promise<{ code: number | null; signal: string | null; stdout: string }>(
        (resolve, reject) => {
          const proc = spawn(
            process.execPath,
            ["-r", require.resolve("../../../cli/register.js"), child],
            {
              env: { ...process.env, ...env },
              stdio: ["ignore", "pipe", "pipe"],
            },
          );
          let stdout = "";
          let stderr = "";
          const timer = setTimeout(() => proc.kill("SIGKILL"), 50_000);
          proc.stdout.on("data", (c: Buffer) => {
            stdout += c.toString();
            if (signalAfterAccept && stdout.includes("accepted")) proc.kill(signalAfterAccept);
          });
          proc.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
          proc.on("error", reject);
          proc.on("exit", (code, signal) => {
            clearTimeout(timer);
            if (stderr) process.stderr.write(stderr);
            resolve({ code, signal, stdout });
          });
        },
      );
    }

    it("sends every accepted record when the event loop empties (beforeExit)", async () => {
      const stream = await newStream(1);
      const result = await runChild({
        KINESIS_ENDPOINT: kinesis.endpoint,
        STREAM: stream,
        COUNT: "459",
        MODE: "return",
      });
      expect(result).to.deep.include({ code: 0, signal: null, stdout: "accepted 459\n" });
      expect(arrivals(await kinesis.readAll(stream)).size).to.equal(459);
    });

    it("drains on SIGTERM, then ends by the signal", async () => {
      const stream = await newStream(1);
      const result = await runChild(
        { KINESIS_ENDPOINT: proxy.endpoint, STREAM: stream, COUNT: "459", MODE: "serve" },
        "SIGTERM",
      );
      expect(result).to.deep.include({ code: null, signal: "SIGTERM", stdout: "accepted 459\n" });
      expect(arrivals(await kinesis.readAll(stream)).size).to.equal(459);
    });
  });
});
