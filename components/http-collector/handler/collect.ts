/**
 * One HTTP request to the collector, answered: the preflight, the limits, the per-event results.
 * Shared verbatim by the Lambda handler and the local endpoint the browser tests run against.
 */
import type { CollectResponse, RecordResult } from "../limits";
import { type Headers, corsHeaders, decideOrigin, preflight } from "./cors";
import { type RequestLimits, parseRequest } from "./request";
import type { Sinks } from "./sinks";

export interface CollectorConfig extends RequestLimits {
  readonly allowedOrigins: readonly string[];
}

export interface HttpRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: string;
  /** The gateway's request id, copied into dead-letter messages to find the access log line. */
  readonly requestId: string;
}

export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export async function collect(
  request: HttpRequest,
  config: CollectorConfig,
  sinks: Sinks,
  now: () => Date = () => new Date(),
): Promise<HttpAnswer> {
  if (request.method === "OPTIONS") {
    return { ...preflight(request.headers, config.allowedOrigins), body: "" };
  }
  const origin = decideOrigin(request.headers, config.allowedOrigins);
  const cors = corsHeaders(origin);
  const answer = (statusCode: number, body: object): HttpAnswer => ({
    statusCode,
    headers: { ...cors, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (request.method !== "POST") {
    return answer(405, { message: `${request.method} is not allowed; POST a batch of events` });
  }
  if (origin.kind === "refused") {
    return answer(403, { message: `origin ${origin.origin} is not allowed to send events` });
  }
  const parsed = parseRequest(request.headers, request.body, config);
  const received = { request_id: request.requestId, received_at: now().toISOString() };
  if (parsed.kind === "refused") return answer(parsed.statusCode, { message: parsed.message });
  if (parsed.kind === "malformed") {
    try {
      await sinks.deadLetter([
        JSON.stringify({
          reason: "malformed-body",
          ...received,
          errors: [parsed.message],
          body: parsed.body,
        }),
      ]);
    } catch {
      return answer(503, { message: "the collector cannot store rejected input now; retry" });
    }
    return answer(400, { message: parsed.message });
  }

  const invalid = parsed.entries.filter((e) => !e.valid);
  const valid = parsed.entries.filter((e) => e.valid);
  // Rejected events are stored before anything reaches the stream: if the queue is down the whole
  // request is retried, and no event is ever dropped because it was invalid.
  if (invalid.length > 0) {
    try {
      await sinks.deadLetter(
        invalid.map((e) =>
          JSON.stringify({
            reason: "invalid-event",
            ...received,
            index: e.index,
            errors: e.errors,
            event: e.value,
          }),
        ),
      );
    } catch {
      return answer(503, { message: "the collector cannot store rejected input now; retry" });
    }
  }
  const outcomes = valid.length > 0 ? await sinks.putEvents(valid.map((e) => e.event)) : [];
  const results: RecordResult[] = parsed.entries.map((entry) =>
    entry.valid ? { status: "accepted" } : { status: "invalid", errors: entry.errors },
  );
  valid.forEach((entry, i) => {
    const outcome = outcomes[i];
    if (!outcome.ok) results[entry.index] = { status: "retry", code: outcome.code };
  });
  const count = (status: RecordResult["status"]) =>
    results.filter((r) => r.status === status).length;
  const response: CollectResponse = {
    accepted: count("accepted"),
    invalid: count("invalid"),
    retry: count("retry"),
    results,
  };
  // Nothing stored while something should have been: a server-side failure, so the gateway's 5XX
  // alarm sees it and clients back off.
  return answer(response.retry > 0 && response.accepted === 0 ? 503 : 200, response);
}
