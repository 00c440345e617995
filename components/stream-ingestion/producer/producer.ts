/**
 * The producer client web and app servers import (the KPL's role in the source design): validated
 * events, batched PutRecords within the API limits, partial failures and throttling retried with
 * backoff and full jitter, a bounded buffer that pushes back on callers, and nothing lost — a
 * record that exhausts its retries is handed to `onFailure` or makes `flush()`/`close()` reject.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
// The schema module alone: web servers load the validator and nothing else of `events/`.
import { BehaviourEvent, assertValidEvent } from "../../../events/schema";
import {
  PUT_RECORDS_LIMITS,
  backoffDelay,
  batchLength,
  isRetryableCallError,
  isRetryableEntryError,
  recordBytes,
} from "./limits";
import { EventProducerOptions, ResolvedOptions, resolveOptions } from "./options";
import { partitionKeyFor } from "../../shared/partition-key";

/** A record the producer gave up on, with the last error Kinesis returned for it. */
export interface FailedRecord {
  readonly event: BehaviourEvent;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** PutRecords calls that carried it. */
  readonly attempts: number;
}

export interface ProducerStats {
  /** Records Kinesis acknowledged. */
  readonly sent: number;
  /** Times a record was sent again after a failure. */
  readonly retried: number;
  /** Records that exhausted their retries (handed to onFailure or reported by flush/close). */
  readonly failed: number;
  /** PutRecords calls made. */
  readonly calls: number;
  /** Records accepted and not yet settled (queued, in flight or waiting to retry). */
  readonly buffered: number;
}

/** Rejection of flush()/close() when records failed and no onFailure took them. */
export class ProducerFailureError extends Error {
  constructor(readonly failures: readonly FailedRecord[]) {
    super(
      `${failures.length} record(s) could not be put after retries: ` +
        failures
          .slice(0, 10)
          .map((f) => `${f.event.event_id} (${f.errorCode} after ${f.attempts} attempt(s))`)
          .join(", ") +
        (failures.length > 10 ? ", …" : "") +
        "; pass onFailure to send them to a dead-letter store",
    );
    this.name = "ProducerFailureError";
  }
}

interface Entry {
  readonly seq: number;
  readonly event: BehaviourEvent;
  readonly data: Uint8Array;
  readonly partitionKey: string;
  readonly bytes: number;
  attempts: number;
}

export class EventProducer {
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
  private counts = { sent: 0, retried: 0, failed: 0, calls: 0 };

  constructor(options: EventProducerOptions) {
    this.options = resolveOptions(options);
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ?? new KinesisClient(options.region ? { region: options.region } : {});
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
    while (this.unsettled.size >= this.options.maxBufferedRecords) {
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
   * handed to onFailure. Rejects with ProducerFailureError listing records that failed when no
   * onFailure is set.
   */
  async flush(): Promise<void> {
    const through = this.nextSeq - 1;
    this.dueThrough = Math.max(this.dueThrough, through);
    this.pump();
    await new Promise<void>((resolve) => {
      this.settleWaiters.push({ through, resolve });
      this.checkSettled();
    });
    if (this.unreported.length > 0) {
      const failures = this.unreported;
      this.unreported = [];
      throw new ProducerFailureError(failures);
    }
  }

  /**
   * Stops accepting events and drains: resolves when all are sent, rejects listing any that failed.
   * Call it on shutdown (SIGTERM) before the process exits; a client the producer created itself
   * is destroyed afterwards, a client passed in is left to its owner.
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
    if (this.ownsClient) this.client.destroy();
    if (failures.length > 0) throw new ProducerFailureError(failures);
  }

  stats(): ProducerStats {
    return { ...this.counts, buffered: this.unsettled.size };
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
      // Not unref'd on purpose: a process must not exit while records wait in the buffer.
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = undefined;
        this.dueThrough = Math.max(this.dueThrough, this.nextSeq - 1);
        this.pump();
      }, this.options.flushIntervalMs);
    }
  }

  private async send(batch: Entry[]): Promise<void> {
    this.counts.calls++;
    for (const e of batch) e.attempts++;
    let failed: { entry: Entry; code: string; message: string }[];
    try {
      const result = await this.client.send(
        new PutRecordsCommand({
          ...this.options.stream,
          Records: batch.map((e) => ({ Data: e.data, PartitionKey: e.partitionKey })),
        }),
      );
      const records = result.Records ?? [];
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
      if (!isRetryableCallError(error)) {
        await this.fail(
          batch.map((entry) => ({ entry, code, message: e.message ?? String(error) })),
        );
        return;
      }
      failed = batch.map((entry) => ({ entry, code, message: e.message ?? String(error) }));
    }
    const retryable = failed.filter(
      (f) =>
        (isRetryableEntryError(f.code) || isRetryableCallError({ name: f.code })) &&
        f.entry.attempts <= this.options.maxRetries,
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

  private async fail(failures: { entry: Entry; code: string; message: string }[]): Promise<void> {
    if (failures.length === 0) return;
    const records: FailedRecord[] = failures.map((f) => ({
      event: f.entry.event,
      errorCode: f.code,
      errorMessage: f.message,
      attempts: f.entry.attempts,
    }));
    this.counts.failed += records.length;
    if (this.options.onFailure) {
      try {
        await this.options.onFailure(records);
      } catch {
        // The dead-letter hook itself failed: keep the records for flush()/close() to report.
        this.unreported.push(...records);
      }
    } else {
      this.unreported.push(...records);
    }
    for (const f of failures) this.settle(f.entry, "failed");
  }

  private settle(entry: Entry, outcome: "sent" | "failed"): void {
    if (outcome === "sent") this.counts.sent++;
    this.unsettled.delete(entry);
    this.spaceWaiters.shift()?.();
    this.checkSettled();
  }

  private checkSettled(): void {
    const oldest = this.unsettled.values().next().value?.seq ?? Infinity;
    for (let i = this.settleWaiters.length - 1; i >= 0; i--) {
      if (this.settleWaiters[i].through < oldest) this.settleWaiters.splice(i, 1)[0].resolve();
    }
  }
}
