/**
 * A local speed view: the channel rows of the real-time view as the speed layer writes them
 * (pk, sk, channel, minute, window_start, window_end, impressions, clicks, ctr), one JSON object
 * a line. `npm run events -- --speed-view` writes one from a generated log with the Lambda
 * engine's own aggregation (classify, count, windowCounts) on the replay clock; `npm run kpi --
 * --speed-view` merges it with the lake's closed days exactly as the serving API does.
 */
import { readFileSync } from "node:fs";
import type { BehaviourEvent } from "../../events";
import {
  type WindowState,
  classify,
  count,
  emptyState,
  windowCounts,
} from "../../components/realtime-analytics/lambda/aggregate";
import {
  MINUTE_MS,
  channelKey,
  ctr,
  minuteStartMs,
} from "../../components/realtime-analytics/view";
import type { SpeedMinute } from "../../components/kpi-serving";
import { KpiInputError } from "./errors";

/** The Lambda engine's default lateness bound. */
export const LOCAL_LATENESS_MS = 30_000;

export interface ViewChannelRow {
  readonly pk: string;
  readonly sk: string;
  readonly channel: string;
  readonly minute: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly ctr: number | null;
}

/**
 * The view's channel rows for a log delivered in order, each record arriving at the newest event
 * time sent so far (a producer with a right clock): late deliveries are dropped and duplicates
 * counted once, as the deployed speed layer does.
 */
export function speedViewRows(events: readonly BehaviourEvent[]): ViewChannelRow[] {
  const windows = new Map<number, WindowState>();
  // The claims' role: the first window to count an event_id holds it.
  const claimed = new Map<string, number>();
  let newest = 0;
  for (const event of events) {
    newest = Math.max(newest, Date.parse(event.event_time));
    const window = Math.floor(newest / MINUTE_MS) * MINUTE_MS;
    const state = windows.get(window) ?? emptyState();
    windows.set(window, state);
    const record = {
      data: Buffer.from(JSON.stringify(event)).toString("base64"),
      arrivalMs: newest,
    };
    count(state, classify(record, LOCAL_LATENESS_MS), (id) => {
      const holder = claimed.get(id) ?? window;
      claimed.set(id, holder);
      return holder === window;
    });
  }
  const totals = new Map<
    string,
    { channel: string; minute: string; impressions: number; clicks: number }
  >();
  for (const state of windows.values()) {
    for (const row of windowCounts(state).channels) {
      const key = `${row.minute}|${row.channel}`;
      const sum = totals.get(key) ?? {
        channel: row.channel,
        minute: row.minute,
        impressions: 0,
        clicks: 0,
      };
      sum.impressions += row.impressions;
      sum.clicks += row.clicks;
      totals.set(key, sum);
    }
  }
  return [...totals.values()]
    .sort((a, b) => a.minute.localeCompare(b.minute) || a.channel.localeCompare(b.channel))
    .map((r) => {
      const start = minuteStartMs(r.minute);
      return {
        ...channelKey(r.channel, r.minute),
        channel: r.channel,
        minute: r.minute,
        window_start: new Date(start).toISOString(),
        window_end: new Date(start + MINUTE_MS).toISOString(),
        impressions: r.impressions,
        clicks: r.clicks,
        ctr: ctr(r.impressions, r.clicks),
      };
    });
}

/** Reads a local speed view; every bad line is reported with its number and the fix. */
export function readSpeedView(file: string): SpeedMinute[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new KpiInputError(`--speed-view ${file} cannot be read: ${(error as Error).message}`);
  }
  const problems: string[] = [];
  const rows: SpeedMinute[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1} is not JSON`);
      return;
    }
    const ok =
      typeof item.channel === "string" &&
      typeof item.window_start === "string" &&
      !Number.isNaN(Date.parse(item.window_start)) &&
      Number.isInteger(item.impressions) &&
      Number.isInteger(item.clicks);
    if (!ok) {
      problems.push(
        `line ${i + 1} is not a view channel row (channel, window_start, impressions, clicks)`,
      );
      return;
    }
    rows.push({
      channel: item.channel as string,
      windowStart: item.window_start as string,
      impressions: item.impressions as number,
      clicks: item.clicks as number,
    });
  });
  if (problems.length > 0) {
    throw new KpiInputError(
      `--speed-view ${file} has bad rows: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}. Write one with npm run events -- --speed-view <file>`,
    );
  }
  return rows;
}
