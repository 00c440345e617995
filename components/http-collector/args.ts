/**
 * HttpCollector's args, their defaults and their validation: pure, run before any resource,
 * every problem reported at once.
 */
import { throwIfProblems } from "../shared/args-error";
import type { CommonArgs, StreamRefs } from "../shared/contracts";
import type { Tier } from "../shared/workload";
import {
  DEFAULT_MAX_EVENTS_PER_REQUEST,
  DEFAULT_MAX_REQUEST_BYTES,
  MAX_EVENTS_PER_REQUEST_LIMIT,
  MAX_REQUEST_BYTES_LIMIT,
  ORIGIN_PATTERN,
} from "./limits";
import { DEFAULT_STAGE_THROTTLE, type StageThrottle, stageThrottle } from "./sizing";

export interface HttpCollectorArgs extends CommonArgs {
  /** The stream events are written to (StreamIngestion's refs). */
  readonly stream: StreamRefs;
  /**
   * Origins browsers may send from, exactly as the browser sends them (`https://shop.example.com`,
   * no path, no trailing slash). No default: a public endpoint names its sites.
   */
  readonly allowedOrigins: readonly string[];
  /** Largest request body in bytes. @default 65536 (the sendBeacon/keepalive budget) */
  readonly maxRequestBytes?: number;
  /** Most events in one request. @default 100 */
  readonly maxEventsPerRequest?: number;
  /**
   * Requests one client IP may make in 5 minutes before WAF answers 429. @default 1000 (a client
   * flushing every 5 s makes 60; the rest is headroom for many users behind one NAT)
   */
  readonly requestsPerClientPer5Minutes?: number;
  /** Mean events per request, which sizes the stage throttle from the workload. @default 10 */
  readonly expectedEventsPerRequest?: number;
  /**
   * Set API Gateway's account-level CloudWatch Logs role, which REST API access logging needs.
   * It is one setting per account and region: leave it to one stack. @default true
   */
  readonly manageAccountLogRole?: boolean;
}

export interface ResolvedCollectorArgs {
  readonly tier: Tier;
  readonly allowedOrigins: readonly string[];
  readonly maxRequestBytes: number;
  readonly maxEventsPerRequest: number;
  readonly requestsPerClientPer5Minutes: number;
  readonly throttle: StageThrottle;
  readonly logRetentionDays: number;
  readonly protectData: boolean;
  readonly manageAccountLogRole: boolean;
}

export const DEFAULT_REQUESTS_PER_CLIENT_PER_5_MINUTES = 1000;
export const DEFAULT_EXPECTED_EVENTS_PER_REQUEST = 10;
/** WAF rate-based rules count from 10 to 2,000,000,000 requests per window. */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

const wholeIn = (v: number, min: number, max: number) =>
  Number.isInteger(v) && v >= min && v <= max;

/** Problems with the args; empty when they are valid. */
export function validateCollectorArgs(args: HttpCollectorArgs): string[] {
  const problems: string[] = [];
  const tier = args.tier ?? "dev";
  if (tier !== "dev" && tier !== "prod") {
    problems.push(`tier is ${JSON.stringify(tier)}; it must be one of dev, prod.`);
  }
  const origins = args.allowedOrigins ?? [];
  if (origins.length === 0) {
    problems.push(
      'allowedOrigins is empty; a public collector must name the sites that send to it. Fix: allowedOrigins: ["https://shop.example.com"].',
    );
  }
  for (const origin of origins) {
    if (!ORIGIN_PATTERN.test(origin)) {
      problems.push(
        `allowedOrigins has ${JSON.stringify(origin)}; each must be an origin like https://shop.example.com (lower-case https, no "*", path or trailing slash; http only for localhost).`,
      );
    }
  }
  const bytes = args.maxRequestBytes;
  if (bytes !== undefined && !wholeIn(bytes, 1024, MAX_REQUEST_BYTES_LIMIT)) {
    problems.push(
      `maxRequestBytes is ${bytes}; it must be a whole number from 1024 to ${MAX_REQUEST_BYTES_LIMIT} (a rejected body must fit one SQS message).`,
    );
  }
  const events = args.maxEventsPerRequest;
  if (events !== undefined && !wholeIn(events, 1, MAX_EVENTS_PER_REQUEST_LIMIT)) {
    problems.push(
      `maxEventsPerRequest is ${events}; it must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST_LIMIT} (one request is one PutRecords call).`,
    );
  }
  const rate = args.requestsPerClientPer5Minutes;
  if (rate !== undefined && !wholeIn(rate, WAF_RATE_LIMIT.min, WAF_RATE_LIMIT.max)) {
    problems.push(
      `requestsPerClientPer5Minutes is ${rate}; WAF rate-based rules accept ${WAF_RATE_LIMIT.min} to ${WAF_RATE_LIMIT.max}.`,
    );
  }
  const perRequest = args.expectedEventsPerRequest;
  if (perRequest !== undefined && !wholeIn(perRequest, 1, MAX_EVENTS_PER_REQUEST_LIMIT)) {
    problems.push(
      `expectedEventsPerRequest is ${perRequest}; it must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST_LIMIT}.`,
    );
  }
  return problems;
}

/** Validates and applies defaults; throws `ComponentArgsError` listing every problem. */
export function resolveCollectorArgs(name: string, args: HttpCollectorArgs): ResolvedCollectorArgs {
  throwIfProblems("HttpCollector", name, validateCollectorArgs(args));
  const tier = args.tier ?? "dev";
  const prod = tier === "prod";
  return {
    tier,
    allowedOrigins: [...args.allowedOrigins],
    maxRequestBytes: args.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    maxEventsPerRequest: args.maxEventsPerRequest ?? DEFAULT_MAX_EVENTS_PER_REQUEST,
    requestsPerClientPer5Minutes:
      args.requestsPerClientPer5Minutes ?? DEFAULT_REQUESTS_PER_CLIENT_PER_5_MINUTES,
    throttle: args.workload
      ? stageThrottle(
          args.workload,
          args.expectedEventsPerRequest ?? DEFAULT_EXPECTED_EVENTS_PER_REQUEST,
        )
      : DEFAULT_STAGE_THROTTLE[tier],
    logRetentionDays: args.logRetentionDays ?? (prod ? 365 : 14),
    protectData: args.protectData ?? prod,
    manageAccountLogRole: args.manageAccountLogRole ?? true,
  };
}
