/**
 * The collector's request contract, shared by the component (which validates its args against
 * it), the handler (which enforces it) and the browser client (which batches within it).
 */

/**
 * An origin as browsers send it: https, a host, an optional port. Plain http only for localhost,
 * so a developer can point a local page at a dev stack without opening it to every http site.
 */
export const ORIGIN_PATTERN =
  /^(https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/;

/** Where clients POST batches of events. */
export const EVENTS_PATH = "/events";

/**
 * Default largest request body: 64 KiB is what browsers let `navigator.sendBeacon` and
 * `fetch(..., { keepalive: true })` queue per page, so a batch that fits normal sends also fits
 * the page-hide flush.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

/**
 * Upper bound of the body limit: the handler copies an unparseable body whole into one dead-letter
 * message, and SQS messages stop at 256 KiB (the rest is the message's own fields).
 */
export const MAX_REQUEST_BYTES_LIMIT = 192 * 1024;

/** Default events per request: 100 keeps one request's work well inside the function's timeout. */
export const DEFAULT_MAX_EVENTS_PER_REQUEST = 100;

/** Kinesis takes at most 500 records per PutRecords call; one request is one call. */
export const MAX_EVENTS_PER_REQUEST_LIMIT = 500;

/** Browsers cap a preflight's cache at 2 hours (Chromium), so a longer max-age buys nothing. */
export const PREFLIGHT_MAX_AGE_SECONDS = 7200;

/** What one event of a request became, in request order. */
export type RecordResult =
  | { readonly status: "accepted" }
  /** Not a valid event: kept in the dead-letter queue; sending it again cannot succeed. */
  | { readonly status: "invalid"; readonly errors: readonly string[] }
  /** The stream did not take it (throttled or failing): the client should send it again. */
  | { readonly status: "retry"; readonly code: string };

/** The body of every 200 response to POST /events. */
export interface CollectResponse {
  readonly accepted: number;
  readonly invalid: number;
  readonly retry: number;
  readonly results: readonly RecordResult[];
}
