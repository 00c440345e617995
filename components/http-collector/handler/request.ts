/**
 * Reading one POST /events request: its limits, its body and each event's validation. Pure, so
 * every branch is tested without a stream; the handler only adds the I/O.
 */
import { BehaviourEvent, validateEvent } from "../../../events/schema";
import { header, type Headers } from "./cors";

export interface RequestLimits {
  readonly maxRequestBytes: number;
  readonly maxEventsPerRequest: number;
}

/**
 * `application/json` for fetch; `text/plain` for `navigator.sendBeacon`, which browsers only send
 * without a preflight when the body's type is one of the CORS-safelisted ones.
 */
export const ACCEPTED_CONTENT_TYPES = ["application/json", "text/plain"] as const;

/** At most this many messages per rejected event, so a dead-letter entry stays small. */
const MAX_ERRORS_PER_EVENT = 5;

export type BatchEntry =
  | { readonly index: number; readonly valid: true; readonly event: BehaviourEvent }
  | {
      readonly index: number;
      readonly valid: false;
      readonly errors: readonly string[];
      readonly value: unknown;
    };

export type ParsedRequest =
  | { readonly kind: "batch"; readonly entries: readonly BatchEntry[] }
  /** Refused whole; the client still holds the events (nothing was accepted). */
  | { readonly kind: "refused"; readonly statusCode: 413 | 415; readonly message: string }
  /** Not a batch at all: the body goes to the dead-letter queue as it came. */
  | { readonly kind: "malformed"; readonly message: string; readonly body: string };

export function parseRequest(headers: Headers, body: string, limits: RequestLimits): ParsedRequest {
  const type = (header(headers, "content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(type)) {
    return {
      kind: "refused",
      statusCode: 415,
      message: `Content-Type ${JSON.stringify(type)} is not accepted; send ${ACCEPTED_CONTENT_TYPES.join(" or ")} with a JSON body {"events": [...]}`,
    };
  }
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > limits.maxRequestBytes) {
    return {
      kind: "refused",
      statusCode: 413,
      message: `the body is ${bytes} bytes; the limit is ${limits.maxRequestBytes}: send the events in smaller batches`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return {
      kind: "malformed",
      message: `the body is not JSON (${(error as Error).message})`,
      body,
    };
  }
  const shape = batchShapeProblem(parsed);
  if (shape) return { kind: "malformed", message: shape, body };
  const events = (parsed as { events: unknown[] }).events;
  if (events.length > limits.maxEventsPerRequest) {
    return {
      kind: "refused",
      statusCode: 413,
      message: `the batch has ${events.length} events; the limit is ${limits.maxEventsPerRequest}: send them in smaller batches`,
    };
  }
  return { kind: "batch", entries: events.map(validateEntry) };
}

function batchShapeProblem(parsed: unknown): string | undefined {
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return 'the body must be a JSON object {"events": [...]}';
  }
  const extra = Object.keys(parsed).filter((key) => key !== "events");
  if (extra.length > 0) {
    return `unknown field ${JSON.stringify(extra[0])}; the body must be {"events": [...]} alone`;
  }
  const events = (parsed as { events?: unknown }).events;
  if (!Array.isArray(events)) return 'the body must have an "events" array';
  if (events.length === 0) return '"events" must hold at least one event';
  return undefined;
}

function validateEntry(value: unknown, index: number): BatchEntry {
  const result = validateEvent(value);
  return result.valid
    ? { index, valid: true, event: result.event }
    : { index, valid: false, errors: result.errors.slice(0, MAX_ERRORS_PER_EVENT), value };
}
