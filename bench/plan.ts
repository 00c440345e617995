/**
 * Offline plan benchmark: wall time of `npm run plan` per stack (a fresh Node process each run,
 * as CI and developers run it) against the floor of loading the Pulumi SDKs alone in a fresh
 * process, measured in the same run and interleaved so that machine noise hits both alike. The
 * ratio says how much of a plan is the program's own work.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchResult } from "./result";
import { PLAN_CACHES, TRANSPILE_CACHE } from "../offline/cache-dirs";

export const ROOT = path.join(__dirname, "..");

/** The command whose time is the floor: nothing but loading the SDKs. */
export const SDK_FLOOR = ["-e", "require('@pulumi/pulumi');require('@pulumi/aws')"];

/** Runs a command once and returns its wall time in milliseconds; throws when it fails. */
export type Timer = (command: string, args: readonly string[]) => number;

export const spawnTimer: Timer = (command, args) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, [...args], { cwd: ROOT, encoding: "utf8", env: process.env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.status ?? result.signal}:\n${(result.stderr ?? "").slice(-2000)}`,
    );
  }
  return ms;
};

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));
const list = (values: readonly number[]) => values.map((v) => Math.round(v)).join(", ");

/** Medians and ratios from raw timings; pure, so the arithmetic is tested with fake timings. */
export function summarisePlanRuns(
  floorMs: readonly number[],
  stacksMs: Readonly<Record<string, readonly number[]>>,
): BenchResult[] {
  const floor = median(floorMs);
  const results: BenchResult[] = [
    {
      name: "plan.sdk_floor.ms",
      unit: "ms",
      value: round(floor, 1),
      detail: `median of ${floorMs.length} runs of node -e "require('@pulumi/pulumi');require('@pulumi/aws')": ${list(floorMs)}`,
    },
  ];
  for (const [stack, runs] of Object.entries(stacksMs)) {
    const m = median(runs);
    results.push(
      {
        name: `plan.${stack}.ms`,
        unit: "ms",
        value: round(m, 1),
        detail: `median of ${runs.length} runs of npm run plan -- --stack ${stack.replace(/_cold$/, "")}${stack.endsWith("_cold") ? " with the plan's caches removed first" : ""}: ${list(runs)}`,
      },
      {
        name: `plan.${stack}.ratio_to_sdk_floor`,
        unit: "ratio",
        value: round(m / floor, 2),
        detail: `plan median ${Math.round(m)} ms / SDK load median ${Math.round(floor)} ms, same run`,
      },
    );
  }
  return results;
}

export interface PlanBenchOptions {
  /** Runs per command. @default 3 */
  readonly runs?: number;
  /** @default ["dev", "prod"] */
  readonly stacks?: readonly string[];
  /** @default spawnTimer (real processes) */
  readonly timer?: Timer;
  /**
   * Stacks also planned cold: with the plan's caches and the transpile cache under .cache/
   * removed before each run, as on a fresh clone's first plan. @default []
   */
  readonly coldStacks?: readonly string[];
  /** @default removes the plan's caches under .cache/ */
  readonly clearPlanCaches?: () => void;
}

function clearPlanCaches(): void {
  for (const dir of [...PLAN_CACHES, TRANSPILE_CACHE]) {
    fs.rmSync(path.join(ROOT, ".cache", dir), { recursive: true, force: true });
  }
}

const planCommand = (stack: string) => ["-r", "./cli/register.js", "cli/plan.ts", "--stack", stack];

/** Interleaves floor and stack runs (floor, dev, prod, floor, dev, prod, ...). */
export async function run(options: PlanBenchOptions = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 3;
  const stacks = options.stacks ?? ["dev", "prod"];
  const timer = options.timer ?? spawnTimer;
  const floor: number[] = [];
  const cold = options.coldStacks ?? [];
  const perStack: Record<string, number[]> = Object.fromEntries(
    [...stacks, ...cold.map((s) => `${s}_cold`)].map((s) => [s, []]),
  );
  for (let i = 0; i < runs; i++) {
    floor.push(timer(process.execPath, SDK_FLOOR));
    for (const stack of stacks) perStack[stack].push(timer(process.execPath, planCommand(stack)));
    for (const stack of cold) {
      (options.clearPlanCaches ?? clearPlanCaches)();
      perStack[`${stack}_cold`].push(timer(process.execPath, planCommand(stack)));
    }
  }
  return summarisePlanRuns(floor, perStack);
}
