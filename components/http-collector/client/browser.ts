/**
 * The browser client of the HTTP collector: `track()` events, and it batches them, signs each
 * batch with the guest's short-lived credentials, retries throttling, server errors and network
 * failures with exponential backoff and full jitter, and flushes what is left with
 * `navigator.sendBeacon` when the page is hidden or unloaded. Events it could not send by then
 * are kept in localStorage and sent on the next page load.
 *
 * Delivery is at least once (a lost response means a resend; the platform de-duplicates on
 * event_id), except the page-hide beacon, whose answer nobody can read: what the collector asks
 * to retry then is lost, and what it refuses is in its dead-letter queue.
 */
import type { BehaviourEvent } from "../../../events/schema";
import type { CollectResponse } from "../limits";
import { type CredentialSource, type KeyValueStorage, pageStorage } from "./guest-credentials";
import { signRequest } from "./sigv4";

export { guestCredentials } from "./guest-credentials";

/** An event as the page tracks it: the client adds event_id and event_time when absent. */
export type TrackedEvent = Omit<BehaviourEvent, "event_id" | "event_time"> &
  Partial<Pick<BehaviourEvent, "event_id" | "event_time">>;

export interface CollectorClientOptions {
  /** The collector's `endpoint` output (`https://…/v1/events`). */
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: CredentialSource;
  /** Send as soon as this many events are queued. @default 10 */
  readonly batchSize?: number;
  /** Send whatever is queued at least this often (ms). @default 5000 */
  readonly flushIntervalMs?: number;
  /**
   * Largest request body: at most the collector's maxRequestBytes, and at most 65536, the most a
   * keepalive fetch may carry. @default 16384
   */
  readonly maxBatchBytes?: number;
  /** Attempts per event before it is given up (reported to onDrop). @default 8 */
  readonly maxAttempts?: number;
  /** First backoff ceiling (ms); it doubles per failure. @default 500 */
  readonly baseDelayMs?: number;
  /** @default 30000 */
  readonly maxDelayMs?: number;
  /** An event the collector refused (it is in the collector's dead-letter queue). */
  readonly onInvalid?: (event: BehaviourEvent, errors: readonly string[]) => void;
  /** Events given up on, and why. */
  readonly onDrop?: (events: readonly BehaviourEvent[], reason: string) => void;
  /** Where unsent events wait for the next page load; null for nowhere. @default localStorage */
  readonly storage?: KeyValueStorage | null;
}

export interface CollectorClient {
  track(event: TrackedEvent): void;
  /** Sends everything queued; resolves when each event is accepted, refused or given up. */
  flush(): Promise<void>;
  /** Events queued or in flight. */
  pending(): number;
}

interface Entry {
  readonly event: BehaviourEvent;
  attempts: number;
}

interface BrowserGlobals {
  readonly document?: {
    readonly visibilityState: string;
    addEventListener(type: string, listener: () => void): void;
  };
  readonly navigator?: { readonly onLine?: boolean; sendBeacon?(url: string, data: Blob): boolean };
  addEventListener?(type: string, listener: () => void): void;
}

const UNSENT_KEY = "reco-collector-unsent";
/** A beacon carries at most this much: browsers allow 64 KiB of beacons in flight per page. */
const BEACON_BYTES = 48 * 1024;
const BEACON_EVENTS = 100;
const KEEPALIVE_BYTES = 64 * 1024;

/** Full jitter: uniform in [0, min(max, base·2^(failures-1))). */
export function backoffMs(failures: number, base: number, max: number, random = Math.random) {
  return Math.floor(random() * Math.min(max, base * 2 ** Math.max(0, failures - 1)));
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 403 || status >= 500;

export function createCollectorClient(options: CollectorClientOptions): CollectorClient {
  const batchSize = options.batchSize ?? 10;
  const maxBatchBytes = options.maxBatchBytes ?? 16 * 1024;
  if (maxBatchBytes > KEEPALIVE_BYTES) {
    throw new RangeError(
      `maxBatchBytes is ${maxBatchBytes}; a keepalive fetch carries at most ${KEEPALIVE_BYTES} bytes`,
    );
  }
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 500;
  const max = options.maxDelayMs ?? 30_000;
  const storage = options.storage === null ? undefined : (options.storage ?? pageStorage());
  const page = globalThis as unknown as BrowserGlobals;
  const queue: Entry[] = [];
  let inFlight = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let waiters: (() => void)[] = [];

  const drop = (entries: Entry[], reason: string) =>
    entries.length > 0 &&
    options.onDrop?.(
      entries.map((e) => e.event),
      reason,
    );

  const settleWaiters = () => {
    if (queue.length > 0 || inFlight > 0) return;
    const done = waiters;
    waiters = [];
    done.forEach((resolve) => resolve());
  };

  /** Failed entries go back to the front, unless they have used up their attempts. */
  const retryLater = (entries: Entry[], reason: string) => {
    const offline = page.navigator?.onLine === false;
    const keep: Entry[] = [];
    for (const entry of entries) {
      // Offline is not the collector failing: wait for the network without using attempts.
      if (!offline) entry.attempts++;
      (entry.attempts >= maxAttempts ? [] : keep).push(entry);
    }
    drop(
      entries.filter((e) => !keep.includes(e)),
      `gave up after ${maxAttempts} attempts: ${reason}`,
    );
    queue.unshift(...keep);
    failures++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(
      () => {
        retryTimer = undefined;
        pump(true);
      },
      backoffMs(failures, base, max),
    );
  };

  const takeBatch = (limitEvents: number, limitBytes: number): Entry[] => {
    const batch: Entry[] = [];
    let bytes = 12; // {"events":[]}
    while (queue.length > 0 && batch.length < limitEvents) {
      const size = JSON.stringify(queue[0].event).length + 1;
      if (batch.length > 0 && bytes + size > limitBytes) break;
      bytes += size;
      batch.push(queue.shift()!);
    }
    return batch;
  };

  const send = async (batch: Entry[]) => {
    const body = JSON.stringify({ events: batch.map((e) => e.event) });
    let response: Response;
    try {
      const credentials = await options.credentials.get();
      const signed = signRequest({
        url: options.endpoint,
        body,
        region: options.region,
        credentials,
        now: new Date(),
        mode: "header",
        contentType: "application/json",
      });
      // keepalive: a batch in flight when the page unloads still arrives.
      response = await fetch(signed.url, {
        method: "POST",
        headers: signed.headers,
        body,
        keepalive: true,
      });
    } catch (error) {
      // A network failure, or a gateway answer without CORS headers (throttling, refused
      // signature), which the browser hides behind the same TypeError.
      options.credentials.invalidate();
      return retryLater(batch, `network error (${(error as Error).message})`);
    }
    const result = (await response.json().catch(() => undefined)) as
      (Partial<CollectResponse> & { message?: string }) | undefined;
    if (result?.results && result.results.length === batch.length) {
      const again: Entry[] = [];
      result.results.forEach((r, i) => {
        if (r.status === "invalid") options.onInvalid?.(batch[i].event, r.errors);
        if (r.status === "retry") again.push(batch[i]);
      });
      if (again.length > 0) return retryLater(again, `the stream did not take them`);
    } else if (RETRYABLE_STATUS(response.status)) {
      if (response.status === 403) options.credentials.invalidate();
      return retryLater(batch, `HTTP ${response.status}`);
    } else if (!response.ok) {
      return drop(batch, `HTTP ${response.status}: ${result?.message ?? "refused"}`);
    }
    failures = 0;
  };

  /** Sends batches one at a time; `force` sends a partial batch too. */
  const pump = (force: boolean) => {
    if (inFlight > 0 || retryTimer !== undefined) return;
    if (queue.length === 0 || (!force && queue.length < batchSize)) return settleWaiters();
    const batch = takeBatch(batchSize, maxBatchBytes);
    inFlight = batch.length;
    void send(batch).finally(() => {
      inFlight = 0;
      pump(force || waiters.length > 0);
      settleWaiters();
    });
  };

  /** Page hide: what is queued goes in signed beacons; what cannot waits in storage. */
  const flushOnHide = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const credentials = options.credentials.current();
    while (queue.length > 0 && credentials && page.navigator?.sendBeacon) {
      const batch = takeBatch(BEACON_EVENTS, BEACON_BYTES);
      const body = JSON.stringify({ events: batch.map((e) => e.event) });
      const { url } = signRequest({
        url: options.endpoint,
        body,
        region: options.region,
        credentials,
        now: new Date(),
        mode: "query",
      });
      // text/plain is a CORS-safelisted type: the beacon goes without a preflight.
      if (!page.navigator.sendBeacon(url, new Blob([body], { type: "text/plain;charset=UTF-8" }))) {
        queue.unshift(...batch);
        break;
      }
    }
    if (queue.length > 0 && storage) {
      storage.setItem(UNSENT_KEY, JSON.stringify(queue.map((e) => e.event)));
      queue.length = 0;
    }
  };

  /** Events a previous page (or this one, while hidden) could not send. */
  const restore = () => {
    const unsent = storage?.getItem(UNSENT_KEY);
    if (!unsent) return;
    storage!.removeItem(UNSENT_KEY);
    for (const event of JSON.parse(unsent) as BehaviourEvent[]) queue.push({ event, attempts: 0 });
  };
  restore();
  page.document?.addEventListener("visibilitychange", () => {
    if (page.document!.visibilityState === "hidden") return flushOnHide();
    restore();
    pump(true);
  });
  page.addEventListener?.("pagehide", flushOnHide);
  page.addEventListener?.("online", () => pump(true));
  setInterval(() => pump(true), options.flushIntervalMs ?? 5000);
  // Fetch credentials ahead, so a page hidden early can still sign its beacon.
  options.credentials.get().catch(() => undefined);

  return {
    track(tracked) {
      const event = {
        ...tracked,
        event_id: tracked.event_id ?? crypto.randomUUID(),
        event_time: tracked.event_time ?? new Date().toISOString(),
      } as BehaviourEvent;
      queue.push({ event, attempts: 0 });
      pump(false);
    },
    flush() {
      const done = new Promise<void>((resolve) => waiters.push(resolve));
      pump(true);
      settleWaiters();
      return done;
    },
    pending: () => queue.length + inFlight,
  };
}
