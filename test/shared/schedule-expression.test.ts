import { expect } from "chai";
import { scheduleExpressionProblem } from "../../components/shared/schedule-expression";

// Cases from the EventBridge Scheduler user guide ("Schedule types on EventBridge Scheduler").
describe("EventBridge Scheduler expression grammar", () => {
  for (const valid of [
    "rate(1 day)",
    "rate(7 days)",
    "rate(15 minutes)",
    "rate(1 hour)",
    "cron(0 3 * * ? *)",
    "cron(15 10 ? * 6L 2026-2030)",
    "cron(0/15 * * * ? *)",
    "cron(0 8 1 * ? *)",
    "cron(0 18 ? * MON-FRI *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 0 L * ? *)",
    "cron(0 0 15W * ? *)",
    "cron(5,35 14 * JAN,MAR ? *)",
    "at(2026-12-31T23:59:00)",
  ]) {
    it(`accepts ${valid}`, () => expect(scheduleExpressionProblem(valid)).to.equal(undefined));
  }

  const invalid: [string, string][] = [
    ["daily", "it must be rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss)"],
    ["rate(0 days)", "a rate's value must be a positive whole number"],
    ["rate(1 week)", "a rate is rate(value unit) with unit minute(s), hour(s) or day(s)"],
    ["rate(-1 days)", "a rate is rate(value unit) with unit minute(s), hour(s) or day(s)"],
    [
      "cron(bogus)",
      'a cron expression has 6 fields (minutes hours day-of-month month day-of-week year); "bogus" has 1',
    ],
    ["cron(0 3 * * * *)", 'exactly one of day-of-month and day-of-week must be "?"'],
    ["cron(60 3 * * ? *)", 'minutes "60" is outside 0-59'],
    ["cron(0 24 * * ? *)", 'hours "24" is outside 0-23'],
    ["cron(0 3 32 * ? *)", 'day-of-month "32" is outside 1-31'],
    ["cron(0 3 ? FOO MON *)", 'month "FOO" is outside 1-12 or JAN-DEC'],
    ["cron(0 3 ? * 8 *)", 'day-of-week "8" is outside 1-7 or SUN-SAT'],
    ["cron(0 3 * * ? 1960)", 'year "1960" is outside 1970-2199'],
    ["cron(0/0 3 * * ? *)", 'minutes "0/0" has an invalid /step'],
    ["cron(? 3 * * ? *)", 'minutes cannot be "?"'],
    ["at(2026-02-30T00:00:00)", "2026-02-30T00:00:00 is not a real date and time"],
    ["at(2026-12-31 23:59)", "a one-time schedule is at(yyyy-mm-ddThh:mm:ss)"],
  ];
  for (const [expression, message] of invalid) {
    it(`refuses ${expression}: ${message}`, () =>
      expect(scheduleExpressionProblem(expression)).to.equal(message));
  }
});
