/**
 * The producer client web and app servers import (the KPL's role in the source design).
 *
 * Delivery guarantee: **at least once**. Every record put() accepted is, in the end, either
 * acknowledged by Kinesis or reported as failed (onFailure, a `failure` event, flush()/close()
 * rejecting, or stderr and a non-zero exit status when the process ends with it unread). A record
 * may be stored more than once — when a response is lost after Kinesis stored the call, the
 * records are sent again — so consumers de-duplicate on `event_id` (the batch KPIs and the speed
 * layer do).
 *
 * How it keeps that: batched PutRecords within the API limits; partial failures, throttling,
 * timeouts and lost responses retried with full-jitter backoff for a time budget; a call Kinesis
 * rejects for its content split until the bad record is alone; partition keys over Kinesis's
 * limit hashed; a bounded buffer (which also holds unreported failures) that makes put() wait;
 * and a drain on exit and on SIGTERM/SIGINT.
 */
import { EventEmitter } from "node:events";
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
// The schema module alone: web servers load the validator and nothing else of `events/`.
import { BehaviourEvent, assertValidEvent } from "../../../events/schema";
import { FailedRecord, ProducerFailureError } from "./failures";
import {
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  isSplittableCallError,
  recordBytes,
} from "./limits";
import { EventProducerOptions, ResolvedOptions, resolveOptions } from "./options";
import { registerForExit, unregisterForExit } from "./shutdown";
import { partitionKeyFor } from "../../shared/partition-key";

export { FailedRecord, ProducerFailureError };

export interface ProducerStats {
  /** Records Kinesis acknowledged. */
  readonly sent: number;
  /** Times a record was sent again after a failure. */
  readonly retried: number;
  /** Records given up on (reported or still waiting to be). */
  readonly failed: number;
  /** Failed records nobody has taken yet (flush(), close() or takeFailures() will). */
  readonly unreported: number;
  /** PutRecords calls made. */
  readonly calls: number;
  /** Calls split in two because Kinesis rejected their content. */
  readonly splits: number;
  /** Records accepted and not yet settled (queued, in flight or waiting to retry). */
  readonly buffered: number;
}

interface Entry {
  readonly seq: number;
  readonly event: BehaviourEvent;
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly bytes: number;
  attempts: number;
  /** When it was first sent: the retry budget runs from here. */
  firstSentMs?: number;
}

interface Failure {
  readonly entry: Entry;
  readonly code: string;
  readonly message: string;
}

export interface EventProducer {
  /** Records failed: emitted as they fail; a listener counts as reporting them. */
  on(event: "failure", listener: (failures: readonly FailedRecord[]) => void): this;
  off(event: "failure", listener: (failures: readonly FailedRecord[]) => void): this;
}

export class EventProducer extends EventEmitter {
  private readonly options: ResolvedOptions;
  private readonly client: KinesisClient;
  /** The producer made its own client, so close() releases its sockets. */
  private readonly ownsClient: boolean;
  /** Ready to send, oldest first (retries go back to the front). */
  private readonly queue: Entry[] = [];
  private queuedBytes = 0;
  /** Every accepted entry not yet settled, in seq order (a Set keeps insertion order). */
  private readonly unsettled = new Set<Entry>();
  private nextSeq = 0;
  /** Entries with seq ≤ this are due now, even in a part-full batch (interval or flush). */
  private dueThrough = -1;
  private inFlightCalls = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly spaceWaiters: (() => void)[] = [];
  private readonly settleWaiters: { through: number; resolve: () => void }[] = [];
  private unreported: FailedRecord[] = [];
  private closed = false;
  private counts = { sent: 0, retried: 0, failed: 0, calls: 0, splits: 0 };
  private readonly exitHook = {
    pending: () => this.unsettled.size > 0 || this.unreported.length > 0,
    drain: () => this.flush().then(() => [], failuresOf),
    shutdown: () => this.close().then(() => [], failuresOf),
  };

  constructor(options: EventProducerOptions) {
    super();
    this.options = resolveOptions(options);
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ?? new KinesisClient(options.region ? { region: options.region } : {});
    if (this.options.drainOnExit) registerForExit(this.exitHook);
  }

  /**
   * Validates and buffers one event, waiting while the buffer is full. Throws InvalidEventError
   * (naming each bad field) before anything is buffered.
   */
  async put(event: unknown): Promise<void> {
    if (this.closed)
      throw new Error("EventProducer is closed: create a new producer to put more events");
    const valid = assertValidEvent(event);
    const data = Buffer.from(JSON.stringify(valid), "utf8");
    const partitionKey = partitionKeyFor(valid.user_id);
    const bytes = recordBytes(valid.event_id, data, partitionKey);
    while (this.held() >= this.options.maxBufferedRecords) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    const entry: Entry = {
      seq: this.nextSeq++,
      event: valid,
      data,
      partitionKey,
      bytes,
      attempts: 0,
    };
    this.unsettled.add(entry);
    this.enqueue([entry], false);
  }

  /**
   * Sends everything put so far (and its retries) and resolves once each record is acknowledged or
   * reported. Rejects with ProducerFailureError listing the failed records nobody took.
   */
  async flush(): Promise<void> {
    const through = this.nextSeq - 1;
    this.dueThrough = Math.max(this.dueThrough, through);
    this.pump();
    await new Promise<void>((resolve) => {
      this.settleWaiters.push({ through, resolve });
      this.checkSettled();
    });
    const failures = this.takeFailures();
    if (failures.length > 0) throw new ProducerFailureError(failures);
  }

  /** Hands over (and forgets) the failed records nobody took, freeing their buffer space. */
  takeFailures(): FailedRecord[] {
    const failures = this.unreported;
    this.unreported = [];
    for (let i = 0; i < failures.length; i++) this.spaceWaiters.shift()?.();
    return failures;
  }

  /**
   * Stops accepting events and drains: resolves when all are sent, rejects listing any that failed.
   * A client the producer created itself is destroyed afterwards, a client passed in is left to
   * its owner.
   */
  async close(): Promise<void> {
    this.closed = true;
    const failures: FailedRecord[] = [];
    // Callers already waiting for buffer space were accepted before close(): drain them too.
    do {
      try {
        await this.flush();
      } catch (e) {
        if (!(e instanceof ProducerFailureError)) throw e;
        failures.push(...e.failures);
      }
    } while (this.unsettled.size > 0 || this.spaceWaiters.length > 0);
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    unregisterForExit(this.exitHook);
    if (this.ownsClient) this.client.destroy();
    if (failures.length > 0) throw new ProducerFailureError(failures);
  }

  stats(): ProducerStats {
    return { ...this.counts, unreported: this.unreported.length, buffered: this.unsettled.size };
  }

  /** Records taking buffer space: unsettled ones and failures not yet reported. */
  private held(): number {
    return this.unsettled.size + this.unreported.length;
  }

  private enqueue(entries: Entry[], front: boolean): void {
    if (front) this.queue.unshift(...entries);
    else this.queue.push(...entries);
    for (const e of entries) this.queuedBytes += e.bytes;
    this.pump();
  }

  /** Starts as many calls as allowed for full batches and for anything whose linger time is up. */
  private pump(): void {
    while (this.inFlightCalls < this.options.maxConcurrentCalls && this.queue.length > 0) {
      const full =
        this.queue.length >= PUT_RECORDS_LIMITS.maxRecordsPerCall ||
        this.queuedBytes >= PUT_RECORDS_LIMITS.maxBytesPerCall;
      // Retries sit at the front and are always due, so the front tells whether anything is.
      if (!full && this.queue[0].seq > this.dueThrough) break;
      const batch = this.queue.splice(0, batchLength(this.queue.map((e) => e.bytes)));
      for (const e of batch) this.queuedBytes -= e.bytes;
      this.inFlightCalls++;
      void this.send(batch).finally(() => {
        this.inFlightCalls--;
        this.pump();
      });
    }
    if (this.queue.length > 0 && this.lingerTimer === undefined) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = undefined;
        this.dueThrough = Math.max(this.dueThrough, this.nextSeq - 1);
        this.pump();
      }, this.options.flushIntervalMs);
      // With the exit drain, `beforeExit` sends what waits at once instead of the process idling
      // out the interval; without it, the timer must keep the process alive until it fires.
      if (this.options.drainOnExit) this.lingerTimer.unref();
    }
  }

  /** One PutRecords call, abandoned after callTimeoutMs (its outcome is then unknown: retried). */
  private async putRecords(batch: readonly Entry[]) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.options.callTimeoutMs);
    try {
      return await this.client.send(
        new PutRecordsCommand({
          ...this.options.stream,
          Records: batch.map((e) => ({ Data: e.data, PartitionKey: e.partitionKey })),
        }),
        { abortSignal: abort.signal },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(batch: Entry[]): Promise<void> {
    this.counts.calls++;
    const now = Date.now();
    for (const e of batch) {
      e.attempts++;
      e.firstSentMs ??= now;
    }
    let failed: Failure[];
    try {
      const records = (await this.putRecords(batch)).Records ?? [];
      failed = [];
      batch.forEach((entry, i) => {
        const r = records[i];
        if (r?.ErrorCode) failed.push({ entry, code: r.ErrorCode, message: r.ErrorMessage ?? "" });
        else if (r === undefined)
          failed.push({ entry, code: "InternalFailure", message: "no result for this record" });
        else this.settle(entry, "sent");
      });
    } catch (error) {
      const e = error as { name?: string; message?: string };
      const code = e.name ?? "Error";
      const message = e.message ?? String(error);
      if (isSplittableCallError(error) && batch.length > 1) {
        // One record's content failed the whole call: halve until it is alone, so its neighbours
        // go through. The halves run one after the other in this call's concurrency slot.
        this.counts.splits++;
        const half = Math.ceil(batch.length / 2);
        await this.send(batch.slice(0, half));
        await this.send(batch.slice(half));
        return;
      }
      if (!isRetryableCallError(error)) {
        await this.fail(batch.map((entry) => ({ entry, code, message })));
        return;
      }
      failed = batch.map((entry) => ({ entry, code, message }));
    }
    const end = Date.now();
    const retryable = failed.filter(
      (f) =>
        (isRetryableEntryError(f.code) || isRetryableCallError({ name: f.code })) &&
        end - f.entry.firstSentMs! < this.options.retryBudgetMs,
    );
    await this.fail(failed.filter((f) => !retryable.includes(f)));
    if (retryable.length > 0) this.scheduleRetry(retryable.map((f) => f.entry));
  }

  private scheduleRetry(entries: Entry[]): void {
    const attempt = Math.max(...entries.map((e) => e.attempts));
    const delay = backoffDelay(
      attempt,
      this.options.baseDelayMs,
      this.options.maxDelayMs,
      this.options.random,
    );
    setTimeout(() => {
      this.counts.retried += entries.length;
      this.dueThrough = Math.max(this.dueThrough, ...entries.map((e) => e.seq));
      this.enqueue(entries, true);
    }, delay);
  }

  /** Reports failures as they happen; those nobody takes are kept, bounded by the buffer. */
  private async fail(failures: Failure[]): Promise<void> {
    if (failures.length === 0) return;
    const records: FailedRecord[] = failures.map((f) => ({
      event: f.entry.event,
      errorCode: f.code,
      errorMessage: f.message,
      attempts: f.entry.attempts,
    }));
    this.counts.failed += records.length;
    let taken = false;
    try {
      taken = this.emit("failure", records);
    } catch {
      // A listener threw: the records stay unreported rather than vanish.
    }
    if (this.options.onFailure) {
      try {
        await this.options.onFailure(records);
        taken = true;
      } catch {
        // The dead-letter hook itself failed: keep the records unless a listener took them.
      }
    }
    if (!taken) this.unreported.push(...records);
    for (const f of failures) this.settle(f.entry, taken ? "released" : "held");
  }

  /**
   * Settles an entry. A "held" failure keeps its buffer slot until it is reported, so put()
   * waits rather than let unread failures grow without bound.
   */
  private settle(entry: Entry, outcome: "sent" | "released" | "held"): void {
    if (outcome === "sent") this.counts.sent++;
    this.unsettled.delete(entry);
    if (outcome !== "held") this.spaceWaiters.shift()?.();
    this.checkSettled();
  }

  private checkSettled(): void {
    const oldest = this.unsettled.values().next().value?.seq ?? Infinity;
    for (let i = this.settleWaiters.length - 1; i >= 0; i--) {
      if (this.settleWaiters[i].through < oldest) this.settleWaiters.splice(i, 1)[0].resolve();
    }
  }
}

function failuresOf(error: unknown): readonly FailedRecord[] {
  if (error instanceof ProducerFailureError) return error.failures;
  throw error;
}
