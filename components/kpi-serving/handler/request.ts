/**
 * Query parameters of the KPI serving API, validated all at once so a caller sees every problem
 * in one 400, each naming the parameter, the bad value and what is allowed.
 *
 *   GET ?channels=home-rfy,popular&from=2026-11-20&to=2026-11-26   merged daily KPIs
 *   GET ?channels=home-rfy,popular&minutes=60                      CTR by minute (speed view)
 */
import { SLUG } from "../../../events/experiment";

/** Channels per request: each is one view Query and one IN-list entry. */
export const MAX_CHANNELS = 20;
/** The longest range: a year of daily rows stays one small Athena result. */
export const MAX_RANGE_DAYS = 366;
/** The speed view keeps two days; a minute series longer than a day belongs to the batch KPIs. */
export const MAX_MINUTES = 1440;

export type KpiRequest =
  | {
      readonly kind: "daily";
      readonly channels: readonly string[];
      readonly from: string;
      readonly to: string;
    }
  | { readonly kind: "minutes"; readonly channels: readonly string[]; readonly minutes: number };

export type ParsedKpiRequest =
  | { readonly ok: true; readonly request: KpiRequest }
  | { readonly ok: false; readonly problems: readonly string[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function parseKpiQuery(
  query: Readonly<Record<string, string | undefined>> | undefined,
): ParsedKpiRequest {
  const q = query ?? {};
  const problems: string[] = [];
  const known = ["channels", "from", "to", "minutes"];
  for (const key of Object.keys(q)) {
    if (!known.includes(key))
      problems.push(`unknown parameter ${JSON.stringify(key)}; use ${known.join(", ")}`);
  }
  const channels = (q.channels ?? "").split(",").filter((c) => c !== "");
  if (channels.length === 0) {
    problems.push("channels is required: pass ?channels=home-rfy,popular");
  } else if (channels.length > MAX_CHANNELS) {
    problems.push(`channels lists ${channels.length}; at most ${MAX_CHANNELS} per request`);
  }
  for (const c of channels) {
    if (!SLUG.test(c) || c.length > 64)
      problems.push(`channel ${JSON.stringify(c)} is not a lower-case slug like "home-rfy"`);
  }
  if (new Set(channels).size !== channels.length) problems.push("channels repeats a channel");
  if (q.minutes !== undefined) {
    if (q.from !== undefined || q.to !== undefined) {
      problems.push("minutes cannot be combined with from/to; ask for one or the other");
    }
    const minutes = Number(q.minutes);
    if (!/^\d+$/.test(q.minutes) || minutes < 1 || minutes > MAX_MINUTES) {
      problems.push(
        `minutes must be a whole number from 1 to ${MAX_MINUTES}, got ${JSON.stringify(q.minutes)}`,
      );
    }
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, request: { kind: "minutes", channels, minutes } };
  }
  for (const key of ["from", "to"] as const) {
    const value = q[key];
    if (value === undefined) problems.push(`${key} is required: pass ?${key}=YYYY-MM-DD`);
    else if (!isDate(value))
      problems.push(`${key} ${JSON.stringify(value)} is not a date; use YYYY-MM-DD`);
  }
  if (problems.length === 0) {
    const from = q.from!;
    const to = q.to!;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (from > to) problems.push(`from ${from} is after to ${to}; the range is inclusive`);
    else if (days > MAX_RANGE_DAYS)
      problems.push(`the range is ${days} days; at most ${MAX_RANGE_DAYS} per request`);
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, request: { kind: "daily", channels, from: q.from!, to: q.to! } };
}
