/**
 * The HTTP collector's handler with the configuration the collector plans give it: events at the
 * schema's limits in as many requests as its byte limit needs, an invalid copy of each and a
 * malformed body, so both its writes (PutRecords, SendMessageBatch) are held to the models.
 */
import { KinesisClient, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import { SQSClient, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import type { PlanResult } from "../../../../offline/plan";
import { collect } from "../../../../components/http-collector/handler/collect";
import { configFromEnvironment } from "../../../../components/http-collector/handler/handler";
import { kinesisEvents, sqsDeadLetter } from "../../../../components/http-collector/handler/sinks";
import type { BehaviourEvent } from "../../../../events";
import { mockedRequests } from "../recorder";
import type { ApiRequest } from "../validate";
import { lambdaEnv } from "./handlers";

/** Consecutive slices of `events` whose request bodies fit `maxBytes`. */
function requestsWithin(events: readonly object[], maxBytes: number): object[][] {
  const out: object[][] = [[]];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      last.length > 0 &&
      Buffer.byteLength(JSON.stringify({ events: [...last, event] })) > maxBytes
    ) {
      out.push([event]);
    } else last.push(event);
  }
  return out;
}

export async function collectorRequests(
  plans: readonly PlanResult[],
  events: readonly BehaviourEvent[],
): Promise<ApiRequest[]> {
  const kinesis = mockClient(KinesisClient);
  kinesis.on(PutRecordsCommand).callsFake((input) => ({
    FailedRecordCount: 0,
    Records: input.Records.map((_: unknown, i: number) => ({
      SequenceNumber: `4962${i}`,
      ShardId: "shardId-000000000000",
    })),
  }));
  const sqs = mockClient(SQSClient);
  sqs.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((e: { Id: string }) => ({
      Id: e.Id,
      MessageId: "0f8fad5b-d9cb-469f-a165-70867728950e",
      MD5OfMessageBody: "d41d8cd98f00b204e9800998ecf8427e",
    })),
    Failed: [],
  }));
  try {
    for (const plan of plans) {
      const env = lambdaEnv(plan, "-collector-fn");
      const config = configFromEnvironment(env);
      const sinks = {
        putEvents: kinesisEvents(new KinesisClient({}), env.STREAM_NAME, async () => undefined),
        deadLetter: sqsDeadLetter(new SQSClient({}), env.DEAD_LETTER_QUEUE_URL),
      };
      const invalid = events.map(({ event_type: _type, ...rest }) => rest);
      const post = (body: string) =>
        collect(
          {
            method: "POST",
            headers: { origin: config.allowedOrigins[0], "content-type": "application/json" },
            body,
            requestId: "c6f1b0a2-1d2e-4f3a-9b8c-7d6e5f4a3b2c",
          },
          config,
          sinks,
        );
      for (const slice of requestsWithin([...events, ...invalid], config.maxRequestBytes)) {
        const answer = await post(JSON.stringify({ events: slice }));
        if (answer.statusCode !== 200)
          throw new Error(`collector answered ${answer.statusCode}: ${answer.body}`);
      }
      await post("not a batch");
    }
    return [...mockedRequests(kinesis, KinesisClient), ...mockedRequests(sqs, SQSClient)];
  } finally {
    kinesis.restore();
    sqs.restore();
  }
}
