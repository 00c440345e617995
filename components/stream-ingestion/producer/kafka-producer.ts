/**
 * The producer's Kafka sink: the same put/flush/close contract as the Kinesis EventProducer (the
 * `EventSink` interface), writing to the MSK store's topic with kafkajs. The Kinesis path is
 * unchanged; a server picks one with `createEventSink`.
 *
 * Delivery guarantee: at least once, as with Kinesis. Records are validated before they are
 * buffered, keyed by the user's partition key (so one user's events stay in order on one
 * partition), sent in batches with acks from every in-sync replica, and retried by kafkajs with
 * backoff; a batch that still fails is reported record by record (onFailure, or flush()/close()
 * rejecting with ProducerFailureError), never dropped.
 */
import { Kafka, KafkaConfig, Producer, logLevel } from "kafkajs";
import { BehaviourEvent, assertValidEvent } from "../../../events/schema";
import { partitionKeyFor } from "../../shared/partition-key";
import { throwIfProblems } from "../../shared/args-error";
import { FailedRecord, ProducerFailureError } from "./failures";
import { KafkaConnection, mskIamConnection } from "./msk-iam";

export interface KafkaEventProducerOptions {
  /** `host:port` of the brokers (the stack's `kafkaBootstrapServers`, split on commas). */
  readonly brokers: readonly string[];
  readonly topic: string;
  /**
   * How to connect: MSK's IAM authentication over TLS in `region`, or plaintext (a local broker
   * in tests; MSK Serverless has no plaintext listener).
   */
  readonly auth: { readonly kind: "msk-iam"; readonly region: string } | { readonly kind: "none" };
  /** @default "reco-analytics-producer" */
  readonly clientId?: string;
  /** Records sent in one request. @default 500 */
  readonly maxBatchRecords?: number;
  /** Longest a record waits for a fuller batch. @default 100 */
  readonly lingerMs?: number;
  /** Records held at once; put() waits beyond it. @default 10000 */
  readonly maxBufferedRecords?: number;
  /** kafkajs's retries of a failed request (with its own backoff). @default 5 */
  readonly retries?: number;
  /** Receives the records of a batch that failed after the retries. */
  readonly onFailure?: (failures: readonly FailedRecord[]) => void | Promise<void>;
}

/** What a server writes events through, whichever store the stack uses. */
export interface EventSink {
  put(event: unknown): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  readonly event: BehaviourEvent;
  readonly key: string;
  readonly value: string;
}

/** Problems with the options; empty when valid. */
export function kafkaOptionsProblems(o: KafkaEventProducerOptions): string[] {
  const problems: string[] = [];
  if (!Array.isArray(o.brokers) || o.brokers.length === 0) {
    problems.push("brokers must list at least one host:port");
  } else {
    const bad = o.brokers.filter((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b));
    if (bad.length > 0) problems.push(`brokers must be host:port, got ${JSON.stringify(bad)}`);
  }
  if (typeof o.topic !== "string" || !/^[A-Za-z0-9._-]{1,249}$/.test(o.topic)) {
    problems.push(
      `topic must be 1-249 characters of a-z A-Z 0-9 . _ -, got ${JSON.stringify(o.topic)}`,
    );
  }
  const auth = o.auth as { kind?: unknown; region?: unknown } | undefined;
  if (auth?.kind === "msk-iam") {
    if (typeof auth.region !== "string" || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(auth.region)) {
      problems.push(
        `auth.region must be an AWS region such as us-east-1, got ${JSON.stringify(auth.region)}`,
      );
    }
  } else if (auth?.kind !== "none") {
    problems.push(`auth.kind must be "msk-iam" or "none", got ${JSON.stringify(auth?.kind)}`);
  }
  const whole = (key: keyof KafkaEventProducerOptions, min: number, max: number) => {
    const v = o[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)) {
      problems.push(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
  };
  whole("maxBatchRecords", 1, 10_000);
  whole("lingerMs", 0, 60_000);
  whole("maxBufferedRecords", 1, 10_000_000);
  whole("retries", 0, 50);
  return problems;
}

export class KafkaEventProducer implements EventSink {
  private readonly producer: Producer;
  private readonly options: Required<Omit<KafkaEventProducerOptions, "onFailure" | "auth">> &
    Pick<KafkaEventProducerOptions, "onFailure" | "auth">;
  private connected: Promise<void> | undefined;
  private buffer: Pending[] = [];
  private inFlight = new Set<Promise<void>>();
  /** The last request: each waits for the one before, so one user's events stay in order. */
  private chain: Promise<void> = Promise.resolve();
  private unreported: FailedRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private spaceWaiters: (() => void)[] = [];
  private closed = false;
  private counts = { sent: 0, failed: 0, requests: 0 };

  constructor(options: KafkaEventProducerOptions) {
    throwIfProblems("KafkaEventProducer", undefined, kafkaOptionsProblems(options));
    this.options = {
      clientId: options.clientId ?? "reco-analytics-producer",
      maxBatchRecords: options.maxBatchRecords ?? 500,
      lingerMs: options.lingerMs ?? 100,
      maxBufferedRecords: options.maxBufferedRecords ?? 10_000,
      retries: options.retries ?? 5,
      brokers: options.brokers,
      topic: options.topic,
      auth: options.auth,
      ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    };
    const connection: KafkaConnection =
      options.auth.kind === "msk-iam" ? mskIamConnection(options.auth.region) : {};
    const config: KafkaConfig = {
      clientId: this.options.clientId,
      brokers: [...options.brokers],
      ...connection,
      logLevel: logLevel.ERROR,
      retry: { retries: this.options.retries },
    };
    // No transactions: at-least-once with event_id de-duplication downstream, as with Kinesis.
    // One request in flight: a retried request is never overtaken by the next one.
    this.producer = new Kafka(config).producer({
      allowAutoTopicCreation: false,
      maxInFlightRequests: 1,
    });
  }

  /** Validates and buffers one event (throws InvalidEventError before buffering a bad one). */
  async put(event: unknown): Promise<void> {
    if (this.closed)
      throw new Error("KafkaEventProducer is closed: create a new one to put more events");
    const valid = assertValidEvent(event);
    while (
      this.buffer.length + this.inFlightRecords + this.unreported.length >=
      this.options.maxBufferedRecords
    ) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    this.buffer.push({
      event: valid,
      key: partitionKeyFor(valid.user_id),
      value: JSON.stringify(valid),
    });
    if (this.buffer.length >= this.options.maxBatchRecords) this.sendBatch();
    else this.timer ??= setTimeout(() => this.sendBatch(), this.options.lingerMs);
  }

  /** Sends everything buffered; rejects listing the records that failed and nobody took. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0) this.sendBatch();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    const failures = this.unreported;
    this.unreported = [];
    this.wake(failures.length);
    if (failures.length > 0) throw new ProducerFailureError(failures);
  }

  /** Flushes, then disconnects; rejects listing any record that failed. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } finally {
      clearTimeout(this.timer);
      if (this.connected) await this.producer.disconnect();
    }
  }

  stats(): { sent: number; failed: number; requests: number; buffered: number } {
    return { ...this.counts, buffered: this.buffer.length + this.inFlightRecords };
  }

  private inFlightRecords = 0;

  private sendBatch(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0, this.options.maxBatchRecords);
    if (batch.length === 0) return;
    this.inFlightRecords += batch.length;
    const sending = (this.chain = this.chain.then(() => this.send(batch))).finally(() => {
      this.inFlightRecords -= batch.length;
      this.inFlight.delete(sending);
    });
    this.inFlight.add(sending);
  }

  private async send(batch: Pending[]): Promise<void> {
    this.counts.requests++;
    try {
      this.connected ??= this.producer.connect();
      await this.connected;
      await this.producer.send({
        topic: this.options.topic,
        // Every in-sync replica acknowledges: a broker lost after the ack loses nothing.
        acks: -1,
        messages: batch.map((p) => ({ key: p.key, value: p.value })),
      });
      this.counts.sent += batch.length;
      this.wake(batch.length);
    } catch (error) {
      // A failed connect must be retried by the next batch, not remembered.
      this.connected = undefined;
      // kafkajs wraps the broker's error in KafkaJSNumberOfRetriesExceeded: report the broker's.
      const outer = error as { cause?: unknown; originalError?: unknown };
      const e = (outer.cause ?? outer.originalError ?? error) as {
        type?: string;
        name?: string;
        message?: string;
      };
      const failures = batch.map((p) => ({
        event: p.event,
        errorCode: e.type ?? e.name ?? "KafkaJSError",
        errorMessage: e.message ?? String(error),
        attempts: this.options.retries + 1,
      }));
      this.counts.failed += failures.length;
      await this.report(failures);
    }
  }

  private async report(failures: FailedRecord[]): Promise<void> {
    if (this.options.onFailure) {
      try {
        await this.options.onFailure(failures);
        this.wake(failures.length);
        return;
      } catch {
        // Kept below, as if nobody had taken them.
      }
    }
    this.unreported.push(...failures);
  }

  private wake(n: number): void {
    for (let i = 0; i < n && this.spaceWaiters.length > 0; i++) this.spaceWaiters.shift()!();
  }
}
