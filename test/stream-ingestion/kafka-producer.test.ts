/**
 * The producer's Kafka sink against a real Kafka broker (Apache Kafka's own server, KRaft mode,
 * started on 127.0.0.1 for the suite): what it writes is read back by an independent kafkajs
 * consumer, keyed and ordered per user; a missing topic is reported record by record, never lost.
 * The IAM path cannot run here (no MSK); its connection settings are checked against AWS's signer.
 */
import { expect } from "chai";
import { Kafka, logLevel } from "kafkajs";
import { InvalidEventError, generateEvents } from "../../events";
import type { BehaviourEvent } from "../../events";
import { partitionKeyFor } from "../../components/shared/partition-key";
import { ComponentArgsError } from "../../components/shared/args-error";
import {
  FailedRecord,
  KafkaEventProducer,
  ProducerFailureError,
  createEventSink,
  kafkaOptionsProblems,
  mskIamConnection,
} from "../../components/stream-ingestion/producer";
import { LocalBroker, startBroker } from "./kafka/broker";

/** Reads `count` records of `topic` from the beginning, within a bounded time. */
async function readBack(bootstrap: string, topic: string, count: number) {
  const kafka = new Kafka({ brokers: [bootstrap], clientId: "reader", logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: { partition: number; key: string; event: BehaviourEvent }[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${seen.length} of ${count} records in 30 s`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.push({
            partition,
            key: String(message.key),
            event: JSON.parse(String(message.value)) as BehaviourEvent,
          });
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe("producer: KafkaEventProducer against a local Kafka broker", function () {
  this.timeout(180_000);
  const log = generateEvents({ users: 120, items: 100, days: 2, seed: 5 });
  let broker: LocalBroker;
  let admin: ReturnType<Kafka["admin"]>;

  before(async () => {
    broker = await startBroker();
    admin = new Kafka({
      brokers: [broker.bootstrap],
      clientId: "admin",
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: "behaviour-events", numPartitions: 4 }],
      waitForLeaders: true,
    });
  });
  after(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  it("writes every event once, keyed by the user's partition key, in order per user", async () => {
    const events = log.events.slice(0, 600);
    const producer = new KafkaEventProducer({
      brokers: [broker.bootstrap],
      topic: "behaviour-events",
      auth: { kind: "none" },
      maxBatchRecords: 100,
      lingerMs: 5,
    });
    for (const e of events) await producer.put(e);
    await producer.close();
    expect(producer.stats()).to.deep.equal({ sent: 600, failed: 0, requests: 6, buffered: 0 });

    const seen = await readBack(broker.bootstrap, "behaviour-events", events.length);
    expect(seen.map((s) => s.event)).to.have.deep.members(events);
    for (const s of seen) expect(s.key).to.equal(partitionKeyFor(s.event.user_id));
    // One user's events land on one partition, in the order they were put.
    const byUser = new Map<string, { partitions: Set<number>; ids: string[] }>();
    for (const s of seen) {
      const u = byUser.get(s.event.user_id) ?? { partitions: new Set(), ids: [] };
      u.partitions.add(s.partition);
      u.ids.push(s.event.event_id);
      byUser.set(s.event.user_id, u);
    }
    for (const [user, u] of byUser) {
      expect(u.partitions.size, user).to.equal(1);
      expect(u.ids, user).to.deep.equal(
        events.filter((e) => e.user_id === user).map((e) => e.event_id),
      );
    }
    expect(new Set(seen.map((s) => s.partition)).size).to.be.greaterThan(1);
  });

  it("rejects an invalid event before buffering it, naming the field", async () => {
    const producer = new KafkaEventProducer({
      brokers: [broker.bootstrap],
      topic: "behaviour-events",
      auth: { kind: "none" },
    });
    const bad = { ...log.events[0], event_type: "purchase" };
    let error: unknown;
    await producer.put(bad).catch((e) => (error = e));
    expect(error).to.be.instanceOf(InvalidEventError);
    expect((error as Error).message).to.include("event_type");
    expect(producer.stats().buffered).to.equal(0);
    await producer.close();
  });

  it("reports each record when the topic does not exist, to onFailure, and loses none", async () => {
    const failed: FailedRecord[] = [];
    const producer = new KafkaEventProducer({
      brokers: [broker.bootstrap],
      topic: "no-such-topic",
      auth: { kind: "none" },
      retries: 1,
      lingerMs: 1,
      onFailure: (f) => {
        failed.push(...f);
      },
    });
    const events = log.events.slice(0, 5);
    for (const e of events) await producer.put(e);
    await producer.close();
    expect(failed.map((f) => f.event)).to.deep.equal(events);
    expect(failed[0].errorCode).to.equal("UNKNOWN_TOPIC_OR_PARTITION");
    expect(failed[0].attempts).to.equal(2);
  });

  it("rejects flush() with the failed records when nobody takes them", async () => {
    const sink = createEventSink({
      store: "msk",
      brokers: [broker.bootstrap],
      topic: "no-such-topic",
      auth: { kind: "none" },
      retries: 0,
    });
    await sink.put(log.events[1]);
    let error: unknown;
    await sink.flush().catch((e) => (error = e));
    expect(error).to.be.instanceOf(ProducerFailureError);
    expect((error as ProducerFailureError).failures.map((f) => f.event)).to.deep.equal([
      log.events[1],
    ]);
    await sink.close();
  });
});

describe("producer: KafkaEventProducer options", () => {
  it("lists every bad option at once", () => {
    expect(
      kafkaOptionsProblems({
        brokers: ["broker-1"],
        topic: "bad topic",
        auth: { kind: "msk-iam", region: "Seoul" },
        maxBatchRecords: 0,
      }),
    ).to.deep.equal([
      'brokers must be host:port, got ["broker-1"]',
      'topic must be 1-249 characters of a-z A-Z 0-9 . _ -, got "bad topic"',
      'auth.region must be an AWS region such as us-east-1, got "Seoul"',
      "maxBatchRecords must be an integer from 1 to 10000, got 0",
    ]);
    expect(() =>
      createEventSink({ store: "msk", brokers: [], topic: "t", auth: { kind: "none" } }),
    ).to.throw(
      ComponentArgsError,
      "KafkaEventProducer has 1 invalid argument:\n  - brokers must list at least one host:port",
    );
  });
});

describe("producer: the MSK IAM connection", () => {
  const saved = { ...process.env };
  before(() => {
    // The default credential chain reads these first: the signer signs locally, no call is made.
    process.env.AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });
  after(() => {
    for (const key of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
    ]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("uses TLS and an OAUTHBEARER token that is AWS's presigned kafka-cluster:Connect", async () => {
    const connection = mskIamConnection("ap-northeast-2");
    expect(connection.ssl).to.equal(true);
    const sasl = connection.sasl as {
      mechanism: string;
      oauthBearerProvider: () => Promise<{ value: string }>;
    };
    expect(sasl.mechanism).to.equal("oauthbearer");
    const { value } = await sasl.oauthBearerProvider();
    const url = new URL(Buffer.from(value, "base64url").toString("utf8"));
    expect(url.host).to.equal("kafka.ap-northeast-2.amazonaws.com");
    expect(url.searchParams.get("Action")).to.equal("kafka-cluster:Connect");
    expect(url.searchParams.get("X-Amz-Algorithm")).to.equal("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Credential")).to.match(
      /^AKIAIOSFODNN7EXAMPLE\/\d{8}\/ap-northeast-2\/kafka-cluster\/aws4_request$/,
    );
    expect(Number(url.searchParams.get("X-Amz-Expires"))).to.equal(900);
    expect(url.searchParams.get("X-Amz-Signature")).to.match(/^[0-9a-f]{64}$/);
  });
});
