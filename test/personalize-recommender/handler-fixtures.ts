/** Behaviour events and Kinesis records for the handler suites. */
import type { KinesisStreamEvent, KinesisStreamRecord } from "aws-lambda";
import type { BehaviourEvent } from "../../events";

let counter = 0;

/** A lower-case UUID unique within the run, as the schema requires. */
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

export function event(
  fields: Partial<BehaviourEvent> & Pick<BehaviourEvent, "event_type">,
): BehaviourEvent {
  return {
    event_id: uuid(),
    event_time: "2026-11-26T03:22:36.123Z",
    user_id: "u-1",
    session_id: "s-1",
    ...fields,
  } as BehaviourEvent;
}

export function impression(
  recommendationId: string,
  itemId: string,
  position: number,
  extra: Partial<BehaviourEvent> = {},
): BehaviourEvent {
  return event({
    event_type: "impression",
    item_id: itemId,
    channel: "home-rfy",
    recommendation_id: recommendationId,
    position,
    ...extra,
  });
}

/** Sequence numbers like Kinesis's: 56 digits, beyond a double's precision. */
export function sequenceNumber(n: number): string {
  return `49590338271490256608559692538361571095921575989136588${String(n).padStart(3, "0")}`;
}

export function record(payload: unknown, n: number): KinesisStreamRecord {
  const data = typeof payload === "string" ? payload : JSON.stringify(payload);
  return {
    awsRegion: "us-east-1",
    eventID: `shardId-000000000000:${sequenceNumber(n)}`,
    eventName: "aws:kinesis:record",
    eventSource: "aws:kinesis",
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/events",
    eventVersion: "1.0",
    invokeIdentityArn: "arn:aws:iam::123456789012:role/put-events",
    kinesis: {
      approximateArrivalTimestamp: 1795000000,
      data: Buffer.from(data).toString("base64"),
      kinesisSchemaVersion: "1.0",
      partitionKey: "u-1",
      sequenceNumber: sequenceNumber(n),
    },
  };
}

export function batch(payloads: readonly unknown[]): KinesisStreamEvent {
  return { Records: payloads.map((p, i) => record(p, i + 1)) };
}

/** Runs `fn` with console.log captured (the handlers log JSON lines), returning the lines. */
export async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: any[] }> {
  const original = console.log;
  const lines: any[] = [];
  console.log = (text: string) => lines.push(JSON.parse(text));
  try {
    return { result: await fn(), lines };
  } finally {
    console.log = original;
  }
}
