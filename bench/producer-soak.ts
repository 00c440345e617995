/**
 * Producer soak: EventProducer (defaults, except a 2 s call timeout so silent answers cost
 * seconds, not the default 10) runs for SOAK_SECONDS at TARGET_RATE events/s into kinesalite
 * through the fault proxy — random lost answers after the server accepted, silent servers,
 * reset connections and throttled calls, plus a 10-second throttling storm — then every record on
 * the stream is read back. Reports loss (event ids put but never stored; must be 0) and the
 * duplication rate (extra copies per distinct event) the at-least-once guarantee costs.
 *
 * Run alone: `node -r ./cli/register.js bench/producer-soak.ts`; `npm run bench`
 * runs it in the producer suite, next to the batched-vs-single ratio.
 */
import { randomUUID } from "node:crypto";
import { EventProducer } from "../components/stream-ingestion/producer";
import { generateEvents } from "../events";
import { SeededRandom } from "../events/random";
import { LocalKinesis, startKinesalite } from "../test/stream-ingestion/producer/kinesalite";
import { Fault, startFaultProxy } from "../test/stream-ingestion/producer/proxy";
import type { BenchResult } from "./result";

export const SOAK_SECONDS = 90;
export const TARGET_RATE = 1_000;
const SHARDS = 4;
/** Per-call fault odds, cumulative: lost answer 4 %, silent 1 %, reset 3 %, throttled 8 %. */
const FAULT_ODDS: readonly [Fault, number][] = [
  ["drop-response", 0.04],
  ["hang", 0.05],
  ["reset", 0.08],
  ["throttle", 0.16],
];
/** Every call is throttled from 30 s to 40 s: longer than a burst, shorter than the budget. */
const STORM = { fromSeconds: 30, toSeconds: 40 };

export interface SoakOutcome {
  readonly accepted: number;
  readonly distinctStored: number;
  readonly stored: number;
  readonly lost: number;
  readonly failed: number;
  readonly duplicationRate: number;
  readonly seconds: number;
  readonly faults: Record<Fault, number>;
}

export async function soak(
  kinesis: LocalKinesis,
  seconds = SOAK_SECONDS,
  rate = TARGET_RATE,
): Promise<SoakOutcome> {
  const proxy = await startFaultProxy(kinesis.endpoint);
  try {
    const stream = `soak-${Date.now()}`;
    await kinesis.createStream(stream, SHARDS);
    const random = new SeededRandom(2026);
    const start = Date.now();
    proxy.setPlan(() => {
      const t = (Date.now() - start) / 1000;
      if (t >= STORM.fromSeconds && t < STORM.toSeconds) return "throttle";
      const r = random.next();
      return FAULT_ODDS.find(([, odds]) => r < odds)?.[0] ?? "pass";
    });
    const producer = new EventProducer({
      streamName: stream,
      client: kinesis.client({ endpoint: proxy.endpoint, maxAttempts: 1 }),
      callTimeoutMs: 2_000,
      drainOnExit: false,
    });
    const failed: string[] = [];
    producer.on("failure", (f) => failed.push(...f.map((r) => r.event.event_id)));
    const templates = generateEvents({ users: 300, items: 400, days: 1, seed: 9 }).events;
    const put = new Set<string>();
    // 10 ms ticks, each topping the total up to rate × elapsed: put() back-pressure slows it.
    while (Date.now() - start < seconds * 1000) {
      const due = Math.floor(((Date.now() - start) / 1000) * rate);
      while (put.size < due) {
        const event = { ...templates[put.size % templates.length], event_id: randomUUID() };
        await producer.put(event);
        put.add(event.event_id);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await producer.close().catch(() => undefined);
    const elapsed = (Date.now() - start) / 1000;
    const records = await kinesis.readAll(stream);
    const stored = new Map<string, number>();
    for (const r of records) {
      const id = (JSON.parse(r.data) as { event_id: string }).event_id;
      stored.set(id, (stored.get(id) ?? 0) + 1);
    }
    const failedSet = new Set(failed);
    // Lost: put, never stored, and never reported as failed either.
    const lost = [...put].filter((id) => !stored.has(id) && !failedSet.has(id)).length;
    return {
      accepted: put.size,
      distinctStored: stored.size,
      stored: records.length,
      lost,
      failed: failed.length,
      duplicationRate: (records.length - stored.size) / stored.size,
      seconds: elapsed,
      faults: { ...proxy.faults },
    };
  } finally {
    await proxy.stop();
  }
}

export function soakResults(o: SoakOutcome): BenchResult[] {
  const faults = Object.entries(o.faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const how = `${o.accepted} events in ${o.seconds.toFixed(0)} s through the fault proxy (${faults})`;
  return [
    { name: "producer.soak.events", unit: "events", value: o.accepted, detail: how },
    {
      name: "producer.soak.lost",
      unit: "events",
      value: o.lost,
      detail: "put, never stored and never reported failed (must be 0)",
    },
    {
      name: "producer.soak.failed",
      unit: "events",
      value: o.failed,
      detail: "reported failed (retry budget exhausted or rejected)",
    },
    {
      name: "producer.soak.duplication_rate",
      unit: "%",
      value: Math.round(o.duplicationRate * 10_000) / 100,
      detail: `${o.stored - o.distinctStored} extra copies over ${o.distinctStored} distinct events (lost answers re-sent)`,
    },
  ];
}

if (require.main === module) {
  (async () => {
    const kinesis = await startKinesalite();
    try {
      console.table(soakResults(await soak(kinesis)));
    } finally {
      await kinesis.stop();
    }
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
