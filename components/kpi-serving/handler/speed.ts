/**
 * The speed view read by time range: one Query per channel over its minute rows
 * `[fromMs, toMs)`, through the view's own key functions so the read cannot drift from what the
 * engines write.
 */
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { channelKey, isoMinute } from "../../realtime-analytics/view";
import type { SpeedMinute } from "./merge";

export async function channelMinutes(
  client: DynamoDBDocumentClient,
  tableName: string,
  channels: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<SpeedMinute[]> {
  // The last minute that starts before toMs.
  const first = isoMinute(fromMs);
  const last = isoMinute(Math.max(fromMs, toMs - 1));
  const perChannel = channels.map(async (channel) => {
    const rows: SpeedMinute[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": channelKey(channel, first).pk,
            ":from": channelKey(channel, first).sk,
            ":to": channelKey(channel, last).sk,
          },
          // Only what the merge reads: the claim sets and TTL stay in the table.
          ProjectionExpression: "#ws, impressions, clicks",
          ExpressionAttributeNames: { "#ws": "window_start" },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        rows.push({
          channel,
          windowStart: String(item.window_start),
          impressions: Number(item.impressions ?? 0),
          clicks: Number(item.clicks ?? 0),
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rows;
  });
  return (await Promise.all(perChannel)).flat();
}
