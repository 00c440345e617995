/**
 * Step Functions workflows and what starts them: how often a state machine runs (its schedules),
 * which service tasks it holds, and how many transitions a run makes. The Personalize and Athena
 * estimators read the same numbers, so a retrain cadence changes every line it drives.
 */
import { lookbackDaysFor } from "../../components/training-pipeline/lookback";
import { DAYS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostResource } from "../types";
import { int } from "./util";

export const STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
export const SCHEDULE = "aws:scheduler/schedule:Schedule";

export interface TaskState {
  readonly name: string;
  readonly resource: string;
  readonly parameters: Record<string, any>;
  readonly next?: string;
}

interface Definition {
  readonly states: Record<string, any>;
}

/** Every state, including those of Parallel branches and Map iterators. */
export function statesOf(sm: CostResource): Map<string, any> {
  const out = new Map<string, any>();
  let definition: Definition;
  try {
    const parsed =
      typeof sm.inputs.definition === "string"
        ? JSON.parse(sm.inputs.definition)
        : sm.inputs.definition;
    definition = { states: parsed?.States ?? {} };
  } catch {
    return out;
  }
  const walk = (states: Record<string, any>) => {
    for (const [name, state] of Object.entries(states ?? {})) {
      out.set(name, state);
      for (const branch of state?.Branches ?? []) walk(branch.States);
      walk(state?.Iterator?.States ?? state?.ItemProcessor?.States ?? {});
    }
  };
  walk(definition.states);
  return out;
}

export function tasksOf(sm: CostResource, resourceSuffix: string): TaskState[] {
  return [...statesOf(sm).entries()]
    .filter(([, s]) => s?.Type === "Task" && String(s.Resource ?? "").includes(resourceSuffix))
    .map(([name, s]) => ({
      name,
      resource: String(s.Resource),
      parameters: s.Parameters ?? {},
      next: s.Next,
    }));
}

/** Runs a day of a `rate(...)` or `cron(...)` expression; undefined when it cannot be read. */
export function runsPerDay(expression: string): number | undefined {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const perDay = { minute: 1440, hour: 24, day: 1 }[
      rate[2].replace(/s$/, "") as "minute" | "hour" | "day"
    ];
    return perDay / n;
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (cron) {
    const [minutes, hours, dayOfMonth, , dayOfWeek] = cron[1].split(/\s+/);
    const count = (field: string | undefined, size: number): number => {
      if (!field || field === "*" || field === "?") return size;
      return field.split(",").reduce((sum, part) => {
        const [range, step] = part.split("/");
        const [a, b] = range === "*" ? [0, size - 1] : range.split("-").map(Number);
        const span = (b ?? (step ? size - 1 : a)) - a + 1;
        return sum + Math.ceil(span / (step ? Number(step) : 1));
      }, 0);
    };
    const days =
      dayOfWeek && dayOfWeek !== "?" && dayOfWeek !== "*"
        ? count(dayOfWeek, 7) / 7
        : dayOfMonth && dayOfMonth !== "*" && dayOfMonth !== "?"
          ? count(dayOfMonth, 31) / DAYS_PER_MONTH
          : 1;
    return count(minutes, 60) * count(hours, 24) * days;
  }
  if (/^at\(/.test(expression.trim())) return 0;
  return undefined;
}

/** Invocations a month of a schedule (undefined when its expression cannot be read). */
export function scheduleInvocations(schedule: CostResource): number | undefined {
  if (schedule.inputs.state === "DISABLED") return 0;
  const perDay = runsPerDay(String(schedule.inputs.scheduleExpression ?? ""));
  return perDay === undefined ? undefined : perDay * DAYS_PER_MONTH;
}

/** Runs a month of a state machine: the sum of the schedules that target it. */
export function runsPerMonth(sm: CostResource, ctx: CostContext): number {
  return ctx.dependentsOf(sm, SCHEDULE).reduce((sum, s) => sum + (scheduleInvocations(s) ?? 0), 0);
}

/** Interactions one training run exports: the pipeline's lookback window of events. */
export function interactionsPerRun(ctx: CostContext): number {
  return ctx.workload.avgEventsPerSecond * 86_400 * lookbackDaysFor(ctx.workload);
}

export function trainingHoursPerRun(ctx: CostContext): number {
  const a = ctx.assumptions;
  return (
    a.trainingHoursBase + (interactionsPerRun(ctx) / 1e6) * a.trainingHoursPerMillionInteractions
  );
}

/**
 * Transitions one run makes: every state once (the happy path visits fewer, the bound is
 * simpler), plus three per poll of each Wait loop (Wait, describe, choice) for as long as the
 * thing it waits for takes: training, a campaign deployment, else ten minutes.
 */
export function transitionsPerRun(
  sm: CostResource,
  ctx: CostContext,
): { total: number; detail: string } {
  const states = statesOf(sm);
  let polls = 0;
  const loops: string[] = [];
  for (const [name, state] of states) {
    if (state?.Type !== "Wait") continue;
    const seconds = int(state.Seconds, 60);
    const polled = String(states.get(state.Next)?.Resource ?? "");
    const waitMinutes = polled.includes("describeSolutionVersion")
      ? trainingHoursPerRun(ctx) * 60
      : polled.includes("describeCampaign")
        ? ctx.assumptions.campaignDeployMinutes
        : 10;
    const n = Math.ceil((waitMinutes * 60) / seconds);
    polls += n;
    loops.push(`${name} ${n} polls`);
  }
  return {
    total: states.size + 3 * polls,
    detail: `${states.size} states + 3 × ${polls} polls${loops.length ? ` (${loops.join(", ")})` : ""}`,
  };
}
