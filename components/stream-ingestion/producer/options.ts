/**
 * EventProducer options: defaults and the validation that runs before the producer exists, listing
 * every problem at once.
 */
import type { KinesisClient } from "@aws-sdk/client-kinesis";
import type { FailedRecord } from "./failures";
import { throwIfProblems } from "../../shared/args-error";

export interface EventProducerOptions {
  /** Stream to put into, by name. Give this or `streamArn`, not both. */
  readonly streamName?: string;
  /** Stream to put into, by ARN (needed for a stream in another account). */
  readonly streamArn?: string;
  /** A configured client (endpoint, credentials, handler). @default a new KinesisClient for `region` */
  readonly client?: KinesisClient;
  /** Region of the default client. @default the SDK's region resolution (AWS_REGION, profile) */
  readonly region?: string;
  /**
   * Records held at once (queued, in flight, waiting to retry, or failed and not yet reported);
   * put() waits beyond it. Bounds memory when Kinesis slows down or failures go unread.
   * @default 10000
   */
  readonly maxBufferedRecords?: number;
  /** Longest a record waits for a fuller batch before it is sent. @default 100 (the KPL's default) */
  readonly flushIntervalMs?: number;
  /**
   * How long a record is retried, from its first send, before it counts as failed. Two minutes
   * outlast a throttled shard (seconds), an on-demand stream doubling its capacity and a shard
   * split (a minute or two); close() and the exit drain may wait this long. @default 120000
   */
  readonly retryBudgetMs?: number;
  /**
   * Longest one PutRecords call may take before it is abandoned and its records retried (the
   * response may be lost after Kinesis stored them: at-least-once). @default 10000
   */
  readonly callTimeoutMs?: number;
  /**
   * Drain on `beforeExit`, SIGTERM and SIGINT, so records put without a close() are still sent;
   * after a signal the producer re-raises it when nothing else listens for it. Set false when
   * the application calls close() in its own shutdown. @default true
   */
  readonly drainOnExit?: boolean;
  /** Backoff ceiling of the first retry; doubles each attempt. @default 100 */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling. @default 5000 */
  readonly maxDelayMs?: number;
  /** PutRecords calls in flight at once. @default 4 */
  readonly maxConcurrentCalls?: number;
  /**
   * Receives records that failed, as they fail (a dead-letter store). Records neither taken here
   * nor by a `failure` event listener are kept (counting against maxBufferedRecords) until
   * flush(), close() or takeFailures() reports them. If it throws, they are kept the same way.
   */
  readonly onFailure?: (failures: readonly FailedRecord[]) => void | Promise<void>;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface ResolvedOptions {
  readonly stream: { readonly StreamName: string } | { readonly StreamARN: string };
  readonly maxBufferedRecords: number;
  readonly flushIntervalMs: number;
  readonly retryBudgetMs: number;
  readonly callTimeoutMs: number;
  readonly drainOnExit: boolean;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxConcurrentCalls: number;
  readonly onFailure?: (failures: readonly FailedRecord[]) => void | Promise<void>;
  readonly random: () => number;
}

const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Applies defaults; throws one error listing every bad option with its fix. */
export function resolveOptions(options: EventProducerOptions): ResolvedOptions {
  const problems: string[] = [];
  const { streamName, streamArn } = options;
  if ((streamName === undefined) === (streamArn === undefined)) {
    problems.push(
      `give exactly one of streamName or streamArn, got ${streamName === undefined ? "neither" : "both"}`,
    );
  } else if (streamName !== undefined && !STREAM_NAME.test(streamName)) {
    problems.push(
      `streamName must be 1-128 characters of a-z A-Z 0-9 _ . -, got ${JSON.stringify(streamName)}`,
    );
  } else if (streamArn !== undefined && !STREAM_ARN.test(streamArn)) {
    problems.push(
      `streamArn must look like arn:aws:kinesis:<region>:<account>:stream/<name>, got ${JSON.stringify(streamArn)}`,
    );
  }
  const integer = (
    key: keyof EventProducerOptions,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const value = options[key] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problems.push(
        `${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
      );
    }
    return value as number;
  };
  const resolved = {
    maxBufferedRecords: integer("maxBufferedRecords", 10_000, 1, 10_000_000),
    flushIntervalMs: integer("flushIntervalMs", 100, 1, 60_000),
    retryBudgetMs: integer("retryBudgetMs", 120_000, 0, 86_400_000),
    callTimeoutMs: integer("callTimeoutMs", 10_000, 100, 600_000),
    baseDelayMs: integer("baseDelayMs", 100, 1, 60_000),
    maxDelayMs: integer("maxDelayMs", 5_000, 1, 600_000),
    maxConcurrentCalls: integer("maxConcurrentCalls", 4, 1, 64),
  };
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    problems.push(
      `maxDelayMs (${resolved.maxDelayMs}) must be at least baseDelayMs (${resolved.baseDelayMs})`,
    );
  }
  if (options.drainOnExit !== undefined && typeof options.drainOnExit !== "boolean") {
    problems.push(`drainOnExit must be true or false, got ${JSON.stringify(options.drainOnExit)}`);
  }
  throwIfProblems("EventProducer", undefined, problems);
  return {
    ...resolved,
    stream: streamName !== undefined ? { StreamName: streamName } : { StreamARN: streamArn! },
    drainOnExit: options.drainOnExit ?? true,
    ...(options.onFailure && { onFailure: options.onFailure }),
    random: options.random ?? Math.random,
  };
}
