/**
 * The EventBridge Scheduler expression grammar (`CreateSchedule`'s `ScheduleExpression`):
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and
 * `at(yyyy-mm-ddThh:mm:ss)`. The API accepts any 1–256 character string and fails at deploy time;
 * checking the grammar here turns `rate(0 days)` or `cron(bogus)` into a message before any
 * resource exists (and before the cost model prices a retrain every 0 days as infinite).
 */

/** Why `expression` is not a valid schedule expression, or undefined when it is. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const form = /^(rate|cron|at)\((.*)\)$/s.exec(expression);
  if (!form) return "it must be rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss)";
  const [, kind, body] = form;
  if (kind === "rate") return rateProblem(body);
  if (kind === "at") return atProblem(body);
  return cronProblem(body);
}

function rateProblem(body: string): string | undefined {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!match) return "a rate is rate(value unit) with unit minute(s), hour(s) or day(s)";
  if (Number(match[1]) < 1) return "a rate's value must be a positive whole number";
  return undefined;
}

function atProblem(body: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) return "a one-time schedule is at(yyyy-mm-ddThh:mm:ss)";
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const real =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  return real ? undefined : `${body} is not a real date and time`;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra single tokens the field accepts (`?`, `L`, `W` forms). */
  readonly special?: RegExp;
}

const CRON_FIELDS: readonly CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|([1-9]|[12]\d|3[01])W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5])$/ },
  { name: "year", min: 1970, max: 2199 },
];

function valueOf(token: string, field: CronField): number | undefined {
  if (/^\d+$/.test(token)) return Number(token);
  const index = field.names?.indexOf(token.toUpperCase()) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

/** One comma-separated item: `*`, `v`, `a-b`, each optionally `/step`. */
function itemProblem(item: string, field: CronField): string | undefined {
  if (field.special?.test(item.toUpperCase())) return undefined;
  const [range, step, ...extra] = item.split("/");
  if (extra.length > 0 || (step !== undefined && !/^[1-9]\d*$/.test(step))) {
    return `${field.name} "${item}" has an invalid /step`;
  }
  if (range === "*") return undefined;
  const bounds = range.split("-");
  if (bounds.length > 2) return `${field.name} "${item}" is not a value or a range`;
  for (const bound of bounds) {
    const value = valueOf(bound, field);
    if (value === undefined || value < field.min || value > field.max) {
      const names = field.names
        ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}`
        : "";
      return `${field.name} "${bound}" is outside ${field.min}-${field.max}${names}`;
    }
  }
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); "${body}" has ${parts.length}`;
  }
  for (const [i, field] of CRON_FIELDS.entries()) {
    const text = parts[i];
    if (text === "?" && !field.special) return `${field.name} cannot be "?"`;
    for (const item of text.split(",")) {
      const issue = itemProblem(item, field);
      if (issue) return issue;
    }
  }
  // Scheduler, like EventBridge rules, needs one of the two day fields left open with "?".
  if ((parts[2] === "?") === (parts[4] === "?")) {
    return 'exactly one of day-of-month and day-of-week must be "?"';
  }
  return undefined;
}
