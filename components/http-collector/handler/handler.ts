/**
 * The collector's Lambda: API Gateway (REST, proxy integration) hands it every request to
 * /events, already authenticated (IAM) and throttled (stage limits, WAF). It validates each event
 * against the one schema, writes the valid ones to the stream, stores the rest in the dead-letter
 * queue and answers per event. Its role can do nothing else.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SQSClient } from "@aws-sdk/client-sqs";
import { type CollectorConfig, collect } from "./collect";
import { type Sinks, kinesisEvents, sqsDeadLetter } from "./sinks";

/** The environment the component sets; read once per container. */
export function configFromEnvironment(env: NodeJS.ProcessEnv): CollectorConfig {
  const origins: unknown = JSON.parse(required(env, "ALLOWED_ORIGINS"));
  if (!Array.isArray(origins) || !origins.every((o) => typeof o === "string")) {
    throw new Error("ALLOWED_ORIGINS must be a JSON array of origins");
  }
  return {
    allowedOrigins: origins,
    maxRequestBytes: Number(required(env, "MAX_REQUEST_BYTES")),
    maxEventsPerRequest: Number(required(env, "MAX_EVENTS_PER_REQUEST")),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}

/** The API Gateway proxy event as the shared request shape (a base64 body decoded). */
export function requestOf(event: APIGatewayProxyEvent) {
  const headers = event.headers ?? {};
  const raw = event.body ?? "";
  return {
    method: event.httpMethod,
    headers,
    body: event.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw,
    requestId: event.requestContext?.requestId ?? "",
  };
}

let runtime: { config: CollectorConfig; sinks: Sinks } | undefined;

function runtimeOnce() {
  runtime ??= {
    config: configFromEnvironment(process.env),
    sinks: {
      putEvents: kinesisEvents(new KinesisClient({}), required(process.env, "STREAM_NAME")),
      deadLetter: sqsDeadLetter(new SQSClient({}), required(process.env, "DEAD_LETTER_QUEUE_URL")),
    },
  };
  return runtime;
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
  const { config, sinks } = runtimeOnce();
  const answer = await collect(requestOf(event), config, sinks);
  // One line per request with counts only: enough for metric filters, no user data in logs.
  console.log(
    JSON.stringify({
      message: "collect",
      requestId: event.requestContext?.requestId,
      status: answer.statusCode,
    }),
  );
  return answer;
}
