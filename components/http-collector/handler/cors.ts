/**
 * CORS for the collector, decided by the function rather than the gateway so that the deployed
 * endpoint and the local one the browser tests use answer exactly alike. Browsers enforce CORS
 * only on what a page may read; a beacon is a "simple" request that is sent without a preflight,
 * so a disallowed Origin is also refused outright (403), not only left unreadable.
 */
import { PREFLIGHT_MAX_AGE_SECONDS } from "../limits";

/**
 * Headers a signed request carries: SigV4's (Authorization, X-Amz-Date, X-Amz-Security-Token,
 * X-Amz-Content-Sha256) and the body's type. Anything else in a preflight is refused.
 */
export const ALLOWED_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "x-amz-content-sha256",
  "x-amz-date",
  "x-amz-security-token",
] as const;

export type Headers = Readonly<Record<string, string | undefined>>;

/** Header lookup by lower-case name: API Gateway passes headers with the client's casing. */
export function header(headers: Headers | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

export type OriginDecision =
  /** No Origin header: a native app or a server, authenticated by its signature alone. */
  | { readonly kind: "none" }
  | { readonly kind: "allowed"; readonly origin: string }
  | { readonly kind: "refused"; readonly origin: string };

export function decideOrigin(headers: Headers, allowedOrigins: readonly string[]): OriginDecision {
  const origin = header(headers, "origin");
  if (origin === undefined) return { kind: "none" };
  return allowedOrigins.includes(origin)
    ? { kind: "allowed", origin }
    : { kind: "refused", origin };
}

/** Headers of every response to an allowed origin (Vary: caches must not share across origins). */
export function corsHeaders(decision: OriginDecision): Record<string, string> {
  return decision.kind === "allowed"
    ? { "Access-Control-Allow-Origin": decision.origin, Vary: "Origin" }
    : { Vary: "Origin" };
}

export interface PreflightAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
}

/**
 * The answer to `OPTIONS /events`: 204 with the allowed method and headers when the origin is
 * configured, the method is POST and every requested header is one a signed request needs;
 * otherwise 403 without CORS headers, which the browser reports as a CORS failure.
 */
export function preflight(headers: Headers, allowedOrigins: readonly string[]): PreflightAnswer {
  const decision = decideOrigin(headers, allowedOrigins);
  const method = header(headers, "access-control-request-method");
  const requested = (header(headers, "access-control-request-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const headersOk = requested.every((h) =>
    (ALLOWED_REQUEST_HEADERS as readonly string[]).includes(h),
  );
  if (decision.kind !== "allowed" || method !== "POST" || !headersOk) {
    return { statusCode: 403, headers: { Vary: "Origin" } };
  }
  return {
    statusCode: 204,
    headers: {
      ...corsHeaders(decision),
      "Access-Control-Allow-Methods": "POST",
      "Access-Control-Allow-Headers": ALLOWED_REQUEST_HEADERS.join(", "),
      "Access-Control-Max-Age": String(PREFLIGHT_MAX_AGE_SECONDS),
    },
  };
}
