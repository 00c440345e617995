/**
 * The collector's request handling run for real: events validated by the one schema, written to a
 * real Kinesis API (kinesalite) with the user as partition key, rejected input kept in the
 * dead-letter sink, and one result per event in request order.
 */
import { expect } from "chai";
import { SQSClient, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { collect } from "../../components/http-collector/handler/collect";
import { configFromEnvironment, requestOf } from "../../components/http-collector/handler/handler";
import {
  type Sinks,
  kinesisEvents,
  sqsBatches,
  sqsDeadLetter,
} from "../../components/http-collector/handler/sinks";
import { type LocalKinesis, startKinesalite } from "../stream-ingestion/producer/kinesalite";
import { CONFIG, ORIGIN, buy, buyWithoutPrice, post, view } from "./fixtures";

const NOW = () => new Date("2026-11-26T03:30:00.000Z");

describe("HTTP collector: request handling against kinesalite", function () {
  this.timeout(30_000);
  let kinesis: LocalKinesis;
  let dead: string[];
  let sinks: Sinks;
  let stream: string;
  let streams = 0;

  before(async () => {
    kinesis = await startKinesalite();
  });
  after(async () => kinesis.stop());
  beforeEach(async () => {
    stream = `collector-${++streams}`;
    await kinesis.createStream(stream, 2);
    dead = [];
    sinks = {
      putEvents: kinesisEvents(kinesis.client({ maxAttempts: 1 }), stream),
      deadLetter: async (messages) => void dead.push(...messages),
    };
  });

  it("writes valid events to the stream keyed by user_id and answers per event", async () => {
    const body = JSON.stringify({ events: [view, buyWithoutPrice, buy] });
    const answer = await collect(post(body), CONFIG, sinks, NOW);
    expect(answer.statusCode).to.equal(200);
    expect(answer.headers).to.deep.equal({
      "Access-Control-Allow-Origin": ORIGIN,
      Vary: "Origin",
      "Content-Type": "application/json",
    });
    expect(JSON.parse(answer.body)).to.deep.equal({
      accepted: 2,
      invalid: 1,
      retry: 0,
      results: [
        { status: "accepted" },
        { status: "invalid", errors: ['price is required when event_type is "buy"'] },
        { status: "accepted" },
      ],
    });
    const records = (await kinesis.readAll(stream)).map(({ data, partitionKey }) => ({
      data: JSON.parse(data),
      partitionKey,
    }));
    expect(records.sort((a, b) => a.partitionKey.localeCompare(b.partitionKey))).to.deep.equal([
      { data: view, partitionKey: "u-1" },
      { data: buy, partitionKey: "u-2" },
    ]);
    expect(dead.map((m) => JSON.parse(m))).to.deep.equal([
      {
        reason: "invalid-event",
        request_id: "req-1",
        received_at: "2026-11-26T03:30:00.000Z",
        index: 1,
        errors: ['price is required when event_type is "buy"'],
        event: JSON.parse(JSON.stringify(buyWithoutPrice)),
      },
    ]);
  });

  it("marks every event retry and answers 503 when the stream takes none of them", async () => {
    const missing = {
      ...sinks,
      putEvents: kinesisEvents(
        kinesis.client({ maxAttempts: 1 }),
        "no-such-stream",
        async () => {},
      ),
    };
    const answer = await collect(
      post(JSON.stringify({ events: [view, buy] })),
      CONFIG,
      missing,
      NOW,
    );
    expect(answer.statusCode).to.equal(503);
    expect(JSON.parse(answer.body)).to.deep.equal({
      accepted: 0,
      invalid: 0,
      retry: 2,
      results: [
        { status: "retry", code: "ResourceNotFoundException" },
        { status: "retry", code: "ResourceNotFoundException" },
      ],
    });
  });

  it("stores nothing in the stream when the dead-letter queue is down, and asks for a retry", async () => {
    const down = { ...sinks, deadLetter: async () => Promise.reject(new Error("queue down")) };
    const answer = await collect(
      post(JSON.stringify({ events: [view, buyWithoutPrice] })),
      CONFIG,
      down,
      NOW,
    );
    expect(answer.statusCode).to.equal(503);
    expect(JSON.parse(answer.body)).to.deep.equal({
      message: "the collector cannot store rejected input now; retry",
    });
    expect(await kinesis.readAll(stream)).to.deep.equal([]);
  });

  it("refuses a body over the byte limit with 413 and stores nothing", async () => {
    const page = "x".repeat(CONFIG.maxRequestBytes);
    const body = JSON.stringify({ events: [{ ...view, page }] });
    const answer = await collect(post(body), CONFIG, sinks, NOW);
    expect(answer.statusCode).to.equal(413);
    expect(JSON.parse(answer.body).message).to.equal(
      `the body is ${Buffer.byteLength(body)} bytes; the limit is 4096: send the events in smaller batches`,
    );
    expect(dead).to.deep.equal([]);
  });

  it("refuses a batch over the event limit with 413", async () => {
    const events = Array.from({ length: 6 }, () => view);
    const answer = await collect(post(JSON.stringify({ events })), CONFIG, sinks, NOW);
    expect([answer.statusCode, JSON.parse(answer.body).message]).to.deep.equal([
      413,
      "the batch has 6 events; the limit is 5: send them in smaller batches",
    ]);
  });

  it("accepts text/plain (what sendBeacon sends) and refuses other types with 415", async () => {
    const body = JSON.stringify({ events: [view] });
    const beacon = await collect(
      post(body, { "Content-Type": "text/plain;charset=UTF-8" }),
      CONFIG,
      sinks,
      NOW,
    );
    expect(beacon.statusCode).to.equal(200);
    const form = await collect(
      post(body, { "Content-Type": "application/x-www-form-urlencoded" }),
      CONFIG,
      sinks,
      NOW,
    );
    expect([form.statusCode, JSON.parse(form.body).message]).to.deep.equal([
      415,
      'Content-Type "application/x-www-form-urlencoded" is not accepted; send application/json or text/plain with a JSON body {"events": [...]}',
    ]);
  });

  it("keeps a malformed body whole in the dead-letter queue and answers 400", async () => {
    for (const [body, message] of [
      ["[1,2]", 'the body must be a JSON object {"events": [...]}'],
      ['{"events":[],"x":1}', 'unknown field "x"; the body must be {"events": [...]} alone'],
      ['{"events":{}}', 'the body must have an "events" array'],
      ['{"events":[]}', '"events" must hold at least one event'],
    ]) {
      const answer = await collect(post(body), CONFIG, sinks, NOW);
      expect([answer.statusCode, JSON.parse(answer.body).message]).to.deep.equal([400, message]);
    }
    const notJson = await collect(post("{oops"), CONFIG, sinks, NOW);
    expect(notJson.statusCode).to.equal(400);
    expect(JSON.parse(notJson.body).message).to.match(/^the body is not JSON \(/);
    expect(dead.map((m) => JSON.parse(m).body)).to.deep.equal([
      "[1,2]",
      '{"events":[],"x":1}',
      '{"events":{}}',
      '{"events":[]}',
      "{oops",
    ]);
    expect(await kinesis.readAll(stream)).to.deep.equal([]);
  });

  it("refuses a POST from an origin that is not configured, before reading it", async () => {
    const answer = await collect(
      post("{}", { Origin: "https://evil.example" }),
      CONFIG,
      sinks,
      NOW,
    );
    expect(answer).to.deep.equal({
      statusCode: 403,
      headers: { Vary: "Origin", "Content-Type": "application/json" },
      body: JSON.stringify({
        message: "origin https://evil.example is not allowed to send events",
      }),
    });
    expect(dead).to.deep.equal([]);
  });

  it("accepts a request without Origin (native apps) with no CORS headers", async () => {
    const request = {
      ...post(JSON.stringify({ events: [view] })),
      headers: { "content-type": "application/json" },
    };
    const answer = await collect(request, CONFIG, sinks, NOW);
    expect([answer.statusCode, answer.headers]).to.deep.equal([
      200,
      { Vary: "Origin", "Content-Type": "application/json" },
    ]);
  });

  it("answers a preflight from a configured origin for POST with the signing headers", async () => {
    const answer = await collect(
      {
        method: "OPTIONS",
        headers: {
          origin: "https://m.shop.example.com",
          "access-control-request-method": "POST",
          "access-control-request-headers":
            "authorization,content-type,x-amz-date,x-amz-security-token",
        },
        body: "",
        requestId: "req-2",
      },
      CONFIG,
      sinks,
    );
    expect(answer).to.deep.equal({
      statusCode: 204,
      headers: {
        "Access-Control-Allow-Origin": "https://m.shop.example.com",
        Vary: "Origin",
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers":
          "authorization, content-type, x-amz-content-sha256, x-amz-date, x-amz-security-token",
        "Access-Control-Max-Age": "7200",
      },
      body: "",
    });
  });

  it("refuses a preflight for another origin, another method or another header", async () => {
    const base = {
      origin: ORIGIN,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type",
    };
    for (const headers of [
      { ...base, origin: "https://evil.example" },
      { ...base, "access-control-request-method": "PUT" },
      { ...base, "access-control-request-headers": "content-type,x-debug" },
    ]) {
      const answer = await collect(
        { method: "OPTIONS", headers, body: "", requestId: "r" },
        CONFIG,
        sinks,
      );
      expect(answer).to.deep.equal({ statusCode: 403, headers: { Vary: "Origin" }, body: "" });
    }
  });

  it("answers 405 to methods other than POST and OPTIONS", async () => {
    const answer = await collect({ ...post(""), method: "GET" }, CONFIG, sinks);
    expect([answer.statusCode, JSON.parse(answer.body).message]).to.deep.equal([
      405,
      "GET is not allowed; POST a batch of events",
    ]);
  });
});

describe("HTTP collector: API Gateway mapping and the dead-letter queue", () => {
  it("reads the proxy event's method, headers, base64 body and request id", () => {
    const body = JSON.stringify({ events: [view] });
    expect(
      requestOf({
        httpMethod: "POST",
        headers: { Origin: ORIGIN },
        body: Buffer.from(body).toString("base64"),
        isBase64Encoded: true,
        requestContext: { requestId: "abc" },
      } as never),
    ).to.deep.equal({ method: "POST", headers: { Origin: ORIGIN }, body, requestId: "abc" });
  });

  it("reads its settings from the environment the component sets, and names a missing one", () => {
    const env = {
      ALLOWED_ORIGINS: JSON.stringify([ORIGIN]),
      MAX_REQUEST_BYTES: "65536",
      MAX_EVENTS_PER_REQUEST: "100",
    };
    expect(configFromEnvironment(env)).to.deep.equal({
      allowedOrigins: [ORIGIN],
      maxRequestBytes: 65536,
      maxEventsPerRequest: 100,
    });
    expect(() => configFromEnvironment({ ...env, MAX_REQUEST_BYTES: "" })).to.throw(
      "MAX_REQUEST_BYTES is not set",
    );
  });

  it("groups dead-letter messages into SQS calls of at most 10 messages and 256 KiB", () => {
    const small = Array.from({ length: 23 }, (_, i) => `m${i}`);
    expect(sqsBatches(small).map((b) => b.length)).to.deep.equal([10, 10, 3]);
    const big = Array.from({ length: 3 }, () => "x".repeat(100 * 1024));
    expect(sqsBatches(big).map((b) => b.length)).to.deep.equal([2, 1]);
  });

  it("sends each batch with SendMessageBatch and fails when SQS refuses any message", async () => {
    const sqs = mockClient(SQSClient);
    try {
      sqs
        .on(SendMessageBatchCommand)
        .resolvesOnce({ Successful: [], Failed: [] })
        .resolvesOnce({
          Successful: [],
          Failed: [{ Id: "0", Code: "InternalError", SenderFault: false }],
        });
      const send = sqsDeadLetter(
        new SQSClient({ region: "eu-west-1" }),
        "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
      );
      await send(["a", "b"]);
      expect(sqs.commandCalls(SendMessageBatchCommand)[0].args[0].input).to.deep.equal({
        QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
        Entries: [
          { Id: "0", MessageBody: "a" },
          { Id: "1", MessageBody: "b" },
        ],
      });
      let error: Error | undefined;
      await send(["c"]).catch((e: Error) => (error = e));
      expect(error?.message).to.equal("the dead-letter queue refused 1 message(s): InternalError");
    } finally {
      sqs.restore();
    }
  });
});
