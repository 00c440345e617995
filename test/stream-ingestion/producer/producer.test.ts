import { expect } from "chai";
import { createHash } from "node:crypto";
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { mockClient } from "aws-sdk-client-mock";
import { BehaviourEvent, InvalidEventError, generateEvents } from "../../../events";
import { SeededRandom } from "../../../events/random";
import {
  EventProducer,
  FailedRecord,
  PUT_RECORDS_LIMITS,
  ProducerFailureError,
} from "../../../components/stream-ingestion/producer";
import { LocalKinesis, startKinesalite } from "./kinesalite";
import { injectFaults } from "./faults";
import { partitionKeyFor } from "../../../components/shared/partition-key";
import { ComponentArgsError } from "../../../components/shared/args-error";

/** Fast retries: the rules are the same, the waits are not what is under test. */
const FAST = { baseDelayMs: 1, maxDelayMs: 10, flushIntervalMs: 5 };

function countBy<T>(values: readonly T[], key: (v: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  return counts;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("producer: EventProducer against kinesalite", () => {
  const log = generateEvents({ users: 120, items: 100, days: 2, seed: 5 });
  let kinesis: LocalKinesis;
  let streams = 0;
  const newStream = async (shards = 4) => {
    const name = `events-${++streams}`;
    await kinesis.createStream(name, shards);
    return name;
  };
  before(async () => {
    kinesis = await startKinesalite();
  });
  after(async () => {
    await kinesis.stop();
  });

  /** Proves zero loss and no duplicates: every event_id on the stream exactly as often as it was put. */
  async function expectExactlyOnce(stream: string, events: readonly BehaviourEvent[]) {
    const records = await kinesis.readAll(stream);
    const parsed = records.map((r) => ({ ...r, event: JSON.parse(r.data) as BehaviourEvent }));
    expect(countBy(parsed, (r) => r.event.event_id)).to.deep.equal(
      countBy(events, (e) => e.event_id),
    );
    for (const r of parsed) expect(r.partitionKey).to.equal(r.event.user_id);
    return records;
  }

  /** A producer whose PutRecords calls are held until `open()`, so its buffer fills. */
  async function heldProducer(maxBufferedRecords: number) {
    const stream = await newStream(1);
    const client = kinesis.client();
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    injectFaults(client, { gate: () => opened });
    const producer = new EventProducer({ streamName: stream, client, ...FAST, maxBufferedRecords });
    return { stream, producer, open };
  }

  it("puts every event once, keyed by user_id, spread over the shards, in full batches", async () => {
    const stream = await newStream(4);
    const client = kinesis.client();
    const faults = injectFaults(client, {});
    const producer = new EventProducer({
      streamName: stream,
      client,
      ...FAST,
      flushIntervalMs: 60_000,
    });
    const events = log.events.slice(0, 1200);
    for (const e of events) await producer.put(e);
    await producer.close();
    expect(faults.callSizes).to.deep.equal([500, 500, 200]);
    expect(producer.stats()).to.deep.equal({
      sent: 1200,
      retried: 0,
      failed: 0,
      unreported: 0,
      calls: 3,
      splits: 0,
      buffered: 0,
    });
    await expectExactlyOnce(stream, events);
    expect(new Set((await kinesis.readAll(stream)).map((r) => r.shardId)).size).to.equal(4);
  });

  it("loses nothing and duplicates nothing under partial failures and throttled calls", async () => {
    const stream = await newStream(2);
    const client = kinesis.client({ maxAttempts: 1 });
    const random = new SeededRandom(99);
    // Faults depend only on the call number and the record, never on timing: every fourth call is
    // throttled and about 30% of the entries of the others fail.
    const faults = injectFaults(client, {
      throttleCall: (call) => call % 4 === 1,
      failEntry: (data, call) => createHash("sha1").update(`${call}:${data}`).digest()[0] < 77,
    });
    const producer = new EventProducer({
      streamName: stream,
      client,
      ...FAST,
      retryBudgetMs: 60_000,
      maxBufferedRecords: 300,
      random: () => random.next(),
    });
    const events = log.events.slice(0, 1000);
    await Promise.all(events.map((e) => producer.put(e)));
    await producer.close();
    const stats = producer.stats();
    expect(faults.failedEntries).to.be.greaterThan(100);
    expect(faults.throttledCalls).to.be.greaterThan(0);
    expect(stats.sent).to.equal(events.length);
    expect(stats.failed).to.equal(0);
    // Every retry re-sends exactly one injected failure (a failed entry or an entry of a throttled call).
    const throttledEntries = stats.retried - faults.failedEntries;
    expect(throttledEntries).to.be.greaterThan(0);
    expect(stats.calls).to.equal(faults.callSizes.length);
    expect(faults.callSizes.reduce((a, b) => a + b, 0)).to.equal(events.length + stats.retried);
    await expectExactlyOnce(stream, events);
  });

  it("hands records that exhaust their retries to onFailure and sends the rest", async () => {
    const stream = await newStream(1);
    const client = kinesis.client();
    const doomedUser = log.events[0].user_id;
    injectFaults(client, { failEntry: (data) => JSON.parse(data).user_id === doomedUser });
    const dead: FailedRecord[] = [];
    const producer = new EventProducer({
      streamName: stream,
      client,
      ...FAST,
      retryBudgetMs: 300,
      onFailure: (failures) => void dead.push(...failures),
    });
    const events = log.events.slice(0, 300);
    for (const e of events) await producer.put(e);
    await producer.close();
    const doomed = events.filter((e) => e.user_id === doomedUser);
    expect(dead.map((f) => f.event).sort(byId)).to.deep.equal([...doomed].sort(byId));
    for (const f of dead) {
      expect(f.errorCode).to.equal("ProvisionedThroughputExceededException");
      // Retried until the 300 ms budget ran out (retries wait at most 10 ms): more than once,
      // and not forever.
      expect(f.attempts).to.be.within(2, 300);
    }
    expect(producer.stats()).to.deep.include({
      sent: events.length - doomed.length,
      failed: doomed.length,
    });
    await expectExactlyOnce(
      stream,
      events.filter((e) => e.user_id !== doomedUser),
    );
  });

  it("rejects close() listing the failed records when there is no onFailure", async () => {
    const stream = await newStream(1);
    const client = kinesis.client();
    injectFaults(client, { failEntry: () => true });
    const producer = new EventProducer({ streamName: stream, client, ...FAST, retryBudgetMs: 0 });
    const events = log.events.slice(0, 3);
    for (const e of events) await producer.put(e);
    const error = await producer.close().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ProducerFailureError);
    expect((error as ProducerFailureError).failures.map((f) => f.event)).to.deep.equal(events);
    expect((error as Error).message).to.equal(
      "3 record(s) could not be put: " +
        events
          .map((e) => `${e.event_id} (ProvisionedThroughputExceededException after 1 attempt(s))`)
          .join(", ") +
        "; pass onFailure or listen for 'failure' to send them to a dead-letter store",
    );
  });

  it("does not retry a call that cannot succeed (missing stream) and reports it at once", async () => {
    const dead: FailedRecord[] = [];
    const producer = new EventProducer({
      streamName: "no-such-stream",
      client: kinesis.client({ maxAttempts: 1 }),
      ...FAST,
      onFailure: (f) => void dead.push(...f),
    });
    await producer.put(log.events[0]);
    await producer.flush();
    expect(dead.map((f) => [f.errorCode, f.attempts])).to.deep.equal([
      ["ResourceNotFoundException", 1],
    ]);
    expect(producer.stats()).to.deep.equal({
      sent: 0,
      retried: 0,
      failed: 1,
      unreported: 0,
      calls: 1,
      splits: 0,
      buffered: 0,
    });
  });

  it("sends a part-full batch once the flush interval passes, without flush()", async () => {
    const stream = await newStream(1);
    const producer = new EventProducer({
      streamName: stream,
      client: kinesis.client(),
      flushIntervalMs: 10,
    });
    const events = log.events.slice(0, 3);
    for (const e of events) await producer.put(e);
    while (producer.stats().sent < 3) await new Promise((r) => setTimeout(r, 5));
    await expectExactlyOnce(stream, events);
    await producer.close();
    expect(producer.stats().calls).to.equal(1);
  });

  it("makes put() wait while the buffer is full, and resumes it as records are acknowledged", async () => {
    const { stream, producer, open } = await heldProducer(10);
    const events = log.events.slice(0, 11);
    for (const e of events.slice(0, 10)) await producer.put(e);
    let eleventhAccepted = false;
    const eleventh = producer.put(events[10]).then(() => (eleventhAccepted = true));
    for (let i = 0; i < 20; i++) await tick();
    expect(eleventhAccepted).to.equal(false);
    expect(producer.stats().buffered).to.equal(10);
    open();
    await eleventh;
    await producer.close();
    await expectExactlyOnce(stream, events);
  });

  it("drains on close() the puts still waiting for buffer space, as a SIGTERM handler needs", async () => {
    const { stream, producer, open } = await heldProducer(2);
    const events = log.events.slice(0, 3);
    await producer.put(events[0]);
    await producer.put(events[1]);
    // The third put waits for space; close() arrives before Kinesis answers.
    const third = producer.put(events[2]);
    const closed = producer.close();
    for (let i = 0; i < 20; i++) await tick();
    expect(producer.stats().buffered).to.equal(2);
    open();
    await Promise.all([third, closed]);
    expect(producer.stats()).to.deep.include({ sent: 3, failed: 0, buffered: 0 });
    await expectExactlyOnce(stream, events);
  });

  it("keys a user whose 256-character id lies outside the BMP by its hash, which Kinesis accepts", async () => {
    // Schema-valid (256 code points) but 512 UTF-16 units: kinesalite refuses it as a key.
    const userId = "\u{1F600}".repeat(256);
    const stream = await newStream(1);
    const producer = new EventProducer({ streamName: stream, client: kinesis.client(), ...FAST });
    const events = log.events.slice(0, 2).map((e) => ({ ...e, user_id: userId }));
    for (const e of events) await producer.put(e);
    await producer.close();
    const records = await kinesis.readAll(stream);
    expect(records.map((r) => JSON.parse(r.data).user_id)).to.deep.equal([userId, userId]);
    expect(records.map((r) => r.partitionKey)).to.deep.equal(
      Array(2).fill(partitionKeyFor(userId)),
    );
    expect(partitionKeyFor(userId)).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(partitionKeyFor("\u{1F600}".repeat(128))).to.equal("\u{1F600}".repeat(128));
  });

  it("rejects an invalid event in put() naming the field, buffering nothing", async () => {
    const producer = new EventProducer({ streamName: "unused", client: kinesis.client() });
    const { item_id: _omit, ...noItem } = log.events.find((e) => e.event_type === "view")!;
    try {
      await producer.put({ ...noItem, colour: "red" });
      expect.fail("expected put to throw");
    } catch (e) {
      expect(e).to.be.instanceOf(InvalidEventError);
      expect((e as Error).message).to.equal(
        'invalid behaviour event: item_id is required when event_type is "view"; unknown field "colour"',
      );
    }
    expect(producer.stats()).to.deep.equal({
      sent: 0,
      retried: 0,
      failed: 0,
      unreported: 0,
      calls: 0,
      splits: 0,
      buffered: 0,
    });
    await producer.close();
    try {
      await producer.put(log.events[0]);
      expect.fail("expected put after close to throw");
    } catch (e) {
      expect((e as Error).message).to.equal(
        "EventProducer is closed: create a new producer to put more events",
      );
    }
  });
});

describe("producer: options and stream addressing", () => {
  /** A client whose every PutRecords succeeds, without a server. */
  function acceptingClient() {
    const client = new KinesisClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    });
    const mock = mockClient(client);
    mock
      .on(PutRecordsCommand)
      .resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: "1", ShardId: "shardId-0" }] });
    return { client, mock };
  }

  it("addresses the stream by ARN when given one", async () => {
    const { client, mock } = acceptingClient();
    const streamArn = "arn:aws:kinesis:eu-west-1:123456789012:stream/events";
    const producer = new EventProducer({ streamArn, client });
    const event = generateEvents({ users: 5, items: 10, days: 1, seed: 1 }).events[0];
    await producer.put(event);
    await producer.close();
    const input = mock.commandCalls(PutRecordsCommand)[0].args[0].input;
    expect(input).to.deep.equal({
      StreamARN: streamArn,
      Records: [{ Data: Buffer.from(JSON.stringify(event)), PartitionKey: event.user_id }],
    });
  });

  it("accepts the largest event the schema allows: every valid event fits a Kinesis record", async () => {
    // Every string at its schema maxLength in 4-byte characters: the worst case in UTF-8 bytes.
    const wide = (n: number) => "\u{1F600}".repeat(n);
    const largest = {
      event_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
      event_type: "impression",
      event_time: "2026-11-26T03:22:36.123Z",
      user_id: wide(256),
      session_id: wide(256),
      item_id: wide(256),
      channel: "a".repeat(64),
      // PutEvents' recommendationId limit.
      recommendation_id: wide(40),
      position: 2147483647,
      // Optional on an impression, so the worst case carries them too.
      // The schema's cap: price × the largest quantity stays a single-precision float.
      price: 1e29,
      quantity: 2147483647,
      device: "android",
      page: wide(2048),
    };
    const { client, mock } = acceptingClient();
    const producer = new EventProducer({ streamName: "events", client });
    await producer.put(largest);
    await producer.close();
    const [record] = mock.commandCalls(PutRecordsCommand)[0].args[0].input.Records!;
    // 256 emoji are 512 UTF-16 units, over Kinesis's 256-character key limit: the key is its
    // 71-character hash (partitionKeyFor).
    expect(record.PartitionKey).to.equal(partitionKeyFor(largest.user_id));
    const bytes = record.Data!.length + Buffer.byteLength(record.PartitionKey!, "utf8");
    // About 11.6 KiB (counted independently with Buffer.byteLength): the 1 MiB guard in put() is
    // defence in depth should the schema's caps ever loosen.
    expect(bytes).to.equal(11_841);
    expect(bytes).to.be.below(PUT_RECORDS_LIMITS.maxBytesPerRecord / 64);
  });

  it("releases the client it created on close(), and leaves a client it was given to its owner", async () => {
    const destroyed: KinesisClient[] = [];
    const realDestroy = KinesisClient.prototype.destroy;
    KinesisClient.prototype.destroy = function (this: KinesisClient) {
      destroyed.push(this);
      realDestroy.call(this);
    };
    try {
      const own = new EventProducer({ streamName: "events", region: "eu-west-1" });
      await own.close();
      expect(destroyed).to.have.length(1);
      const given = new KinesisClient({ region: "eu-west-1" });
      await new EventProducer({ streamName: "events", client: given }).close();
      expect(destroyed).to.have.length(1);
      expect(destroyed[0]).not.to.equal(given);
      given.destroy();
    } finally {
      KinesisClient.prototype.destroy = realDestroy;
    }
  });

  it("lists every bad option at once with what is allowed", () => {
    expect(
      () =>
        new EventProducer({
          streamName: "s",
          streamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/s",
          maxBufferedRecords: 0,
          flushIntervalMs: 1.5,
          retryBudgetMs: -1,
          baseDelayMs: 100,
          maxDelayMs: 50,
        }),
    ).to.throw(
      ComponentArgsError,
      "EventProducer has 5 invalid arguments:\n" +
        "  - give exactly one of streamName or streamArn, got both\n" +
        "  - maxBufferedRecords must be an integer from 1 to 10000000, got 0\n" +
        "  - flushIntervalMs must be an integer from 1 to 60000, got 1.5\n" +
        "  - retryBudgetMs must be an integer from 0 to 86400000, got -1\n" +
        "  - maxDelayMs (50) must be at least baseDelayMs (100)",
    );
    expect(() => new EventProducer({ streamArn: "events" })).to.throw(
      ComponentArgsError,
      'EventProducer has 1 invalid argument:\n  - streamArn must look like arn:aws:kinesis:<region>:<account>:stream/<name>, got "events"',
    );
  });
});

function byId(a: BehaviourEvent, b: BehaviourEvent): number {
  return a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0;
}
