/**
 * An in-memory real-time view for the guardrail step: channel-minute rows keyed exactly as the
 * speed layer writes them (view/keys.ts), answering the two Query shapes latestChannelWindows
 * sends (a channel's minutes by sort-key range; every channel of a minute on the by-minute index).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  MINUTE_INDEX,
  MINUTE_MS,
  channelKey,
  isoMinute,
} from "../../components/realtime-analytics/view/keys";

export interface ViewRow {
  readonly pk: string;
  readonly sk: string;
  readonly channel: string;
  readonly minute: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly impressions: number;
  readonly clicks: number;
}

export function viewRow(
  channel: string,
  startMs: number,
  impressions: number,
  clicks: number,
): ViewRow {
  const minute = isoMinute(startMs);
  return {
    ...channelKey(channel, minute),
    channel,
    minute,
    window_start: new Date(startMs).toISOString(),
    window_end: new Date(startMs + MINUTE_MS).toISOString(),
    impressions,
    clicks,
  };
}

/** Spreads a total over `minutes` consecutive minutes from `fromMs` (the first takes the rest). */
export function spread(
  channel: string,
  fromMs: number,
  minutes: number,
  impressions: number,
  clicks: number,
): ViewRow[] {
  const each = (n: number) => Math.floor(n / minutes);
  return Array.from({ length: minutes }, (_, k) =>
    viewRow(
      channel,
      fromMs + k * MINUTE_MS,
      each(impressions) + (k === 0 ? impressions % minutes : 0),
      each(clicks) + (k === 0 ? clicks % minutes : 0),
    ),
  );
}

/** A DynamoDBDocumentClient stand-in that answers latestChannelWindows' queries from `rows`. */
export function simulatedViewClient(rows: readonly ViewRow[]) {
  const queries: object[] = [];
  return {
    queries,
    async send(command: QueryCommand) {
      const input = command.input;
      queries.push(input);
      const values = input.ExpressionAttributeValues as Record<string, string>;
      const items =
        input.IndexName === MINUTE_INDEX
          ? rows.filter((r) => r.minute === values[":minute"])
          : rows.filter(
              (r) => r.pk === values[":pk"] && r.sk >= values[":from"] && r.sk <= values[":to"],
            );
      return { Items: items };
    },
  };
}
