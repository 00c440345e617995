/**
 * A child process for the exit tests: puts COUNT generated events with the default exit drain and
 * no close(), prints "accepted <n>", then either returns (the event loop empties: `beforeExit`)
 * or, with MODE=serve, keeps running like a server until its parent sends SIGTERM.
 */
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { EventProducer } from "../../../components/stream-ingestion/producer";
import { generateEvents } from "../../../events";

async function main(): Promise<void> {
  const count = Number(process.env.COUNT);
  const client = new KinesisClient({
    endpoint: process.env.KINESIS_ENDPOINT,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    requestHandler: new NodeHttpHandler(),
  });
  // A long flush interval: without the drain, the records would still be waiting at exit.
  const producer = new EventProducer({
    streamName: process.env.STREAM,
    client,
    flushIntervalMs: 60_000,
  });
  const seen = new Set<string>();
  const events = generateEvents({ users: 50, items: 60, days: 1, seed: 7 })
    .events.filter((e) => !seen.has(e.event_id) && seen.add(e.event_id))
    .slice(0, count);
  for (const e of events) await producer.put(e);
  process.stdout.write(`accepted ${events.length}\n`);
  if (process.env.MODE === "serve") setInterval(() => undefined, 1_000);
}

void main();
