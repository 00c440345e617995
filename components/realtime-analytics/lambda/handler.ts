/**
 * The Lambda engine: a Kinesis consumer with 60-second tumbling windows. Each invocation claims
 * its events (exactly once across windows, see claims.ts) and folds them into the window's state;
 * the final invocation of the window writes the counts to the view (exactly once per row, see
 * write.ts) and refreshes the trending list of the latest closed 5-minute window.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { KinesisStreamTumblingWindowEvent, KinesisStreamStateResponse } from "aws-lambda";
import { classify, count, hasSeen, restoreState, windowCounts } from "./aggregate";
import { type ClaimRequest, claimEvents } from "./claims";
import { ViewTarget, applyContribution, topClickedItems, writeTrending } from "./write";
import { MINUTE_MS } from "../view/keys";

export interface HandlerConfig {
  readonly tableName: string;
  readonly latenessMs: number;
  readonly retentionSeconds: number;
  readonly topN: number;
}

function positiveInt(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `environment variable ${name} must be a non-negative integer, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** Reads the function's configuration (set by the component) once per cold start. */
export function configFromEnv(env: NodeJS.ProcessEnv): HandlerConfig {
  if (!env.VIEW_TABLE_NAME) throw new Error("environment variable VIEW_TABLE_NAME must be set");
  return {
    tableName: env.VIEW_TABLE_NAME,
    latenessMs: positiveInt("LATENESS_SECONDS", env.LATENESS_SECONDS) * 1000,
    retentionSeconds: positiveInt("RETENTION_SECONDS", env.RETENTION_SECONDS),
    topN: positiveInt("TRENDING_TOP_N", env.TRENDING_TOP_N),
  };
}

type TumblingEvent = KinesisStreamTumblingWindowEvent & { shardId?: string };

/** Builds the handler for a client and configuration (tests pass a dynalite client). */
export function createHandler(client: DynamoDBDocumentClient, config: HandlerConfig) {
  const target: ViewTarget = {
    client,
    tableName: config.tableName,
    retentionSeconds: config.retentionSeconds,
  };
  return async (event: TumblingEvent): Promise<KinesisStreamStateResponse> => {
    const state = restoreState(event.state);
    state.shardId ??= event.Records[0]?.eventID.split(":")[0];
    const shardId = event.shardId ?? state.shardId ?? "unknown-shard";
    // One id per shard window: the claims and the view rows both name it, so a retry is a no-op.
    const contributionId = `${shardId}#${event.window.start}`;
    const classified = event.Records.map((record) =>
      classify(
        { data: record.kinesis.data, arrivalMs: record.kinesis.approximateArrivalTimestamp * 1000 },
        config.latenessMs,
      ),
    );
    // Claim the events this window has not counted yet, once each; a throw retries the batch.
    const requests = new Map<string, ClaimRequest>();
    for (const c of classified) {
      if (c.outcome === "countable" && !hasSeen(state, c.event.event_id)) {
        requests.set(c.event.event_id, { eventId: c.event.event_id, minute: c.minute });
      }
    }
    const held = await claimEvents(target, contributionId, [...requests.values()]);
    for (const c of classified) count(state, c, (id) => held.has(id));
    if (!event.isFinalInvokeForWindow) return { state, batchItemFailures: [] };

    const counts = windowCounts(state);
    // Throwing makes Lambda retry the window (bounded); the contribution id makes the retry a no-op
    // for rows already written.
    await applyContribution(target, contributionId, counts);
    // The latest sliding window that no on-time event can still change, by this window's clock.
    const closedEndMs =
      Math.floor((Date.parse(event.window.end) - config.latenessMs) / MINUTE_MS) * MINUTE_MS;
    const top = await topClickedItems(target, closedEndMs, config.topN);
    if (top.length > 0) await writeTrending(target, closedEndMs, top);
    // Invalid and late records are not lost: the lake keeps every event (invalid ones under
    // failed/), and the batch KPIs count late ones. The metric makes their rate visible.
    console.log(
      JSON.stringify({
        _aws: {
          Timestamp: Date.parse(event.window.end),
          CloudWatchMetrics: [
            {
              Namespace: "RecoAnalytics/Realtime",
              Dimensions: [[]],
              Metrics: [
                { Name: "InvalidEvents", Unit: "Count" },
                { Name: "LateEvents", Unit: "Count" },
                { Name: "DuplicateEvents", Unit: "Count" },
              ],
            },
          ],
        },
        InvalidEvents: state.dropped.invalid,
        LateEvents: state.dropped.late,
        DuplicateEvents: state.dropped.duplicate,
        shardId,
        window: event.window,
        channelRows: counts.channels.length,
        itemRows: counts.items.length,
      }),
    );
    return { state: {}, batchItemFailures: [] };
  };
}

let cached: ReturnType<typeof createHandler> | undefined;

export async function handler(event: TumblingEvent): Promise<KinesisStreamStateResponse> {
  cached ??= createHandler(
    DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    configFromEnv(process.env),
  );
  return cached(event);
}
