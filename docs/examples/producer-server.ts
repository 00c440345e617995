import { appendFile } from "node:fs/promises";
import * as http from "node:http";
import { EventProducer } from "reco-analytics";

const producer = new EventProducer({
  streamName: process.env.EVENTS_STREAM!, // or streamArn
  region: "ap-northeast-2",
  // This server drains the producer in its own shutdown below, after it stops accepting.
  drainOnExit: false,
  // Optional dead-letter store: records that outlasted their retry budget, one JSON line each.
  onFailure: (failed) =>
    appendFile("dead-letters.jsonl", failed.map((f) => `${JSON.stringify(f)}\n`).join("")),
});

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/collect") {
    res.writeHead(404).end();
    return;
  }
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", async () => {
    try {
      await producer.put(JSON.parse(body)); // waits only while the buffer is full
      res.writeHead(202).end();
    } catch (e) {
      res.writeHead(400).end(String(e)); // InvalidEventError names the field
    }
  });
});
server.listen(8080);

// Graceful shutdown: stop accepting, then drain everything (retries included) before exiting.
process.once("SIGTERM", () => {
  server.close();
  producer.close().then(
    () => process.exit(0),
    (e) => (console.error(e), process.exit(1)), // ProducerFailureError lists what was not put
  );
});
