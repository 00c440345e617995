/**
 * Fault injection for PutRecords on a real client: a middleware that throttles whole calls or
 * fails chosen entries with ProvisionedThroughputExceededException before they reach Kinesis,
 * exactly as a hot shard answers, and passes the rest through to the server.
 */
import {
  KinesisClient,
  PutRecordsCommandInput,
  PutRecordsCommandOutput,
  PutRecordsResultEntry,
  ProvisionedThroughputExceededException,
} from "@aws-sdk/client-kinesis";

export interface FaultPlan {
  /** Throttle this whole call (the n-th PutRecords call, from 0)? */
  readonly throttleCall?: (call: number) => boolean;
  /** Fail this entry of the call with ProvisionedThroughputExceededException? */
  readonly failEntry?: (data: string, call: number) => boolean;
  /** Awaited before each call reaches the server (to hold calls in flight). */
  readonly gate?: () => Promise<void>;
}

export interface FaultLog {
  /** Records per PutRecords call that reached the middleware, in order. */
  readonly callSizes: number[];
  throttledCalls: number;
  failedEntries: number;
}

export function injectFaults(client: KinesisClient, plan: FaultPlan): FaultLog {
  const log: FaultLog = { callSizes: [], throttledCalls: 0, failedEntries: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "PutRecordsCommand") return next(args);
      const call = log.callSizes.length;
      const input = args.input as PutRecordsCommandInput;
      const records = input.Records ?? [];
      log.callSizes.push(records.length);
      await plan.gate?.();
      if (plan.throttleCall?.(call)) {
        log.throttledCalls++;
        throw new ProvisionedThroughputExceededException({
          message: "Rate exceeded for stream under account 123456789012.",
          $metadata: { httpStatusCode: 400 },
        });
      }
      const failing = records.map(
        (r) => plan.failEntry?.(Buffer.from(r.Data!).toString("utf8"), call) ?? false,
      );
      const passing = records.filter((_, i) => !failing[i]);
      let passed: PutRecordsResultEntry[] = [];
      let output: PutRecordsCommandOutput = { $metadata: {}, Records: [], FailedRecordCount: 0 };
      if (passing.length > 0) {
        const result = await next({ ...args, input: { ...input, Records: passing } });
        output = result.output as PutRecordsCommandOutput;
        passed = output.Records ?? [];
      }
      const merged: PutRecordsResultEntry[] = [];
      let p = 0;
      for (const fails of failing) {
        if (fails) {
          log.failedEntries++;
          merged.push({
            ErrorCode: "ProvisionedThroughputExceededException",
            ErrorMessage:
              "Rate exceeded for shard shardId-000000000000 in stream under account 123456789012.",
          });
        } else merged.push(passed[p++]);
      }
      const failedCount = merged.filter((r) => r.ErrorCode).length;
      return {
        response: {},
        output: { ...output, Records: merged, FailedRecordCount: failedCount },
      };
    },
    { step: "initialize", name: "injectFaults" },
  );
  return log;
}
