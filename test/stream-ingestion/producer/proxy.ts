/**
 * Faults at the server side of the wire: an HTTP proxy on 127.0.0.1 in front of kinesalite that,
 * per request, passes it through, answers it as a throttled Kinesis would, resets the connection
 * before the server sees it, or lets the server accept it and then loses the response (reset or
 * silence). The client sees what it would see from AWS; the proxy counts what the server accepted.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  /** Forward and return the server's answer. */
  | "pass"
  /** Answer 400 ProvisionedThroughputExceededException without forwarding. */
  | "throttle"
  /** Reset the connection before forwarding: the server never sees the call. */
  | "reset"
  /** Forward, wait for the server's answer, then reset the connection instead of answering. */
  | "drop-response"
  /** Forward, then never answer: the client must give up on its own clock. */
  | "hang"
  /** Answer 400 ValidationException, as Kinesis does for one bad record in the call. */
  | "invalid";

export interface ProxiedCall {
  /** The X-Amz-Target operation, e.g. "PutRecords". */
  readonly operation: string;
  /** PutRecords/PutRecord calls since the plan was set, from 0 (other operations do not count). */
  readonly putIndex: number;
  readonly body: Buffer;
}

export interface FaultProxy {
  readonly endpoint: string;
  /** Faults applied, by kind (PutRecords/PutRecord calls only). */
  readonly faults: Record<Fault, number>;
  /** Records the server stored (from its PutRecords answers, including answers the client lost). */
  readonly acceptedRecords: () => number;
  setPlan(plan: (call: ProxiedCall) => Fault): void;
  stop(): Promise<void>;
}

const INVALID = JSON.stringify({
  __type: "ValidationException",
  message:
    "1 validation error detected: Value at 'records.1.member.partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256",
});
const THROTTLED = JSON.stringify({
  __type: "ProvisionedThroughputExceededException",
  message: "Rate exceeded for shard shardId-000000000000 in stream under account 123456789012.",
});

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const faults: Record<Fault, number> = {
    pass: 0,
    throttle: 0,
    reset: 0,
    "drop-response": 0,
    hang: 0,
    invalid: 0,
  };
  let accepted = 0;
  let puts = 0;
  let plan: (call: ProxiedCall) => Fault = () => "pass";
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      const isPut = operation === "PutRecords" || operation === "PutRecord";
      const fault = isPut ? plan({ operation, putIndex: puts++, body }) : "pass";
      if (isPut) faults[fault]++;
      if (fault === "reset") return void req.socket.destroy();
      if (fault === "throttle" || fault === "invalid") {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        return void res.end(fault === "throttle" ? THROTTLED : INVALID);
      }
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        (upstreamRes) => {
          const answer: Buffer[] = [];
          upstreamRes.on("data", (c: Buffer) => answer.push(c));
          upstreamRes.on("end", () => {
            const text = Buffer.concat(answer);
            if (operation === "PutRecords" && upstreamRes.statusCode === 200) {
              const out = JSON.parse(text.toString("utf8")) as {
                Records: unknown[];
                FailedRecordCount?: number;
              };
              accepted += out.Records.length - (out.FailedRecordCount ?? 0);
            } else if (operation === "PutRecord" && upstreamRes.statusCode === 200) {
              accepted += 1;
            }
            if (fault === "drop-response") return void req.socket.destroy();
            if (fault === "hang") return;
            res.writeHead(upstreamRes.statusCode ?? 500, upstreamRes.headers);
            res.end(text);
          });
        },
      );
      forward.on("error", () => req.socket.destroy());
      forward.end(body);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults,
    acceptedRecords: () => accepted,
    setPlan(p) {
      plan = p;
      puts = 0;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
