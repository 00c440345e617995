import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from "aws-lambda";
import { handler } from "../../../components/stream-ingestion/transform/handler";
import { bundleSource } from "../../../components/shared/bundle";
import { generateEvents } from "../../../events";
import { INVALID_KINDS } from "../../../events/invalid";

const ENTRY = path.resolve(__dirname, "../../../components/stream-ingestion/transform/handler.ts");

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const decode = (data: string | undefined) => Buffer.from(data ?? "", "base64").toString("utf8");

const visitLateEvening = {
  event_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  event_type: "visit",
  event_time: "2026-11-26T23:59:59.999Z",
  user_id: "u-1",
  session_id: "s-1",
};
const buyAfterMidnight = {
  page: "/checkout",
  event_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  event_type: "buy",
  event_time: "2026-11-27T00:00:00.000Z",
  user_id: "u-1",
  session_id: "s-1",
  item_id: "i-9",
  price: 19.99,
  quantity: 2,
};

/** A Firehose transformation event whose records carry the given payloads. */
function firehoseEvent(payloads: string[]): FirehoseTransformationEvent {
  return {
    invocationId: "inv-1",
    deliveryStreamArn: "arn:aws:firehose:eu-west-1:123456789012:deliverystream/events",
    sourceKinesisStreamArn: "arn:aws:kinesis:eu-west-1:123456789012:stream/events",
    region: "eu-west-1",
    records: payloads.map((payload, i) => ({
      recordId: `record-${i}`,
      approximateArrivalTimestamp: 1764201600000 + i,
      data: b64(payload),
      kinesisRecordMetadata: {
        shardId: "shardId-000000000000",
        partitionKey: "u-1",
        approximateArrivalTimestamp: 1764201600000 + i,
        sequenceNumber: String(1000 + i),
        subsequenceNumber: "0",
      },
    })),
  };
}

function behavesAsTheTransform(
  run: (e: FirehoseTransformationEvent) => Promise<FirehoseTransformationResult>,
) {
  it("passes valid events on as one JSON line each, partitioned by their UTC date", async () => {
    const result = await run(
      firehoseEvent([JSON.stringify(visitLateEvening), `${JSON.stringify(buyAfterMidnight)}\n`]),
    );
    expect(result.records).to.have.length(2);
    expect(result.records[0]).to.deep.include({
      recordId: "record-0",
      result: "Ok",
      metadata: { partitionKeys: { dt: "2026-11-26" } },
    });
    expect(decode(result.records[0].data)).to.equal(`${JSON.stringify(visitLateEvening)}\n`);
    expect(result.records[1]).to.deep.include({
      recordId: "record-1",
      result: "Ok",
      metadata: { partitionKeys: { dt: "2026-11-27" } },
    });
    expect(JSON.parse(decode(result.records[1].data))).to.deep.equal(buyAfterMidnight);
    expect(decode(result.records[1].data).endsWith("}\n")).to.equal(true);
  });

  it("marks invalid and unparseable records ProcessingFailed with their original bytes, never Dropped", async () => {
    const payloads = [
      "not json {",
      JSON.stringify({ ...visitLateEvening, foo: 1 }),
      JSON.stringify({ ...buyAfterMidnight, price: -1 }),
      JSON.stringify({ ...visitLateEvening, event_type: "view" }),
      "[]",
      "",
      `${JSON.stringify(visitLateEvening)}\n${JSON.stringify(visitLateEvening)}\n`,
    ];
    const event = firehoseEvent(payloads);
    const result = await run(event);
    expect(result.records).to.deep.equal(
      event.records.map((r) => ({
        recordId: r.recordId,
        result: "ProcessingFailed",
        data: r.data,
      })),
    );
  });

  it("fails a record that is not valid UTF-8 with its original bytes instead of decoding it with replacement characters", async () => {
    const valid = Buffer.from(JSON.stringify(visitLateEvening), "utf8");
    // user_id "u-1" with a lone continuation byte (0x80) inside it: lenient decoding would give
    // "u-\uFFFD1", a schema-valid id that no producer ever sent.
    const at = valid.indexOf("u-1") + 2;
    const broken = Buffer.concat([valid.subarray(0, at), Buffer.from([0x80]), valid.subarray(at)]);
    expect(JSON.parse(broken.toString("utf8")).user_id).to.equal("u-\uFFFD1");
    const event = firehoseEvent([]);
    const records = [0, 1].map((i) => ({
      ...firehoseEvent(["x"]).records[0],
      recordId: `record-${i}`,
      data: (i === 0 ? broken : valid).toString("base64"),
    }));
    const result = await run({ ...event, records });
    expect(result.records[0]).to.deep.equal({
      recordId: "record-0",
      result: "ProcessingFailed",
      data: broken.toString("base64"),
    });
    expect(result.records[1]).to.deep.include({ recordId: "record-1", result: "Ok" });
  });

  it("routes every kind of invalid record the generator makes to failed/, and keeps the valid ones", async () => {
    const log = generateEvents({ users: 20, items: 30, days: 1, seed: 3 });
    const kinds = Object.keys(INVALID_KINDS);
    // One of each kind, in the generator's order, between valid events as a stream carries them.
    const invalid = log.invalid.slice(0, kinds.length);
    const payloads = invalid.flatMap((bad, i) => [
      JSON.stringify(bad),
      JSON.stringify(log.events[i]),
    ]);
    const result = await run(firehoseEvent(payloads));
    expect(result.records.map((r) => r.result)).to.deep.equal(
      kinds.flatMap(() => ["ProcessingFailed", "Ok"]),
    );
    expect(result.records.filter((_, i) => i % 2 === 0).map((r) => decode(r.data))).to.deep.equal(
      invalid.map((bad) => JSON.stringify(bad)),
    );
  });

  it("answers every record of a mixed batch, in order, with its own recordId", async () => {
    const payloads = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 0 ? "{" : JSON.stringify({ ...visitLateEvening, session_id: `s-${i}` }),
    );
    const result = await run(firehoseEvent(payloads));
    expect(result.records.map((r) => r.recordId)).to.deep.equal(
      payloads.map((_, i) => `record-${i}`),
    );
    expect(result.records.map((r) => r.result)).to.deep.equal(
      payloads.map((_, i) => (i % 5 === 0 ? "ProcessingFailed" : "Ok")),
    );
  });
}

describe("transform: Firehose data-transformation handler", () => {
  let warnings: string[] = [];
  const realWarn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (line: string) => void warnings.push(line);
  });
  afterEach(() => {
    console.warn = realWarn;
  });

  behavesAsTheTransform(handler);

  it("logs one line per batch with counts only, no record contents", async () => {
    await handler(firehoseEvent(["{", JSON.stringify(visitLateEvening)]));
    expect(warnings).to.deep.equal([
      JSON.stringify({
        message: "records failed validation",
        invocationId: "inv-1",
        failed: 1,
        total: 2,
      }),
    ]);
  });

  describe("as the esbuild bundle Lambda runs", () => {
    let bundled: (e: FirehoseTransformationEvent) => Promise<FirehoseTransformationResult>;
    before(() => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transform-bundle-"));
      const file = path.join(dir, "index.js");
      fs.writeFileSync(file, bundleSource(ENTRY));
      bundled = require(file).handler;
    });
    behavesAsTheTransform((e) => bundled(e));
  });
});
