/**
 * The cost of a stack's offline plan: the stack's own settings (region, workload) applied to the
 * resources the plan recorded. Also re-plans a stack at another event rate, because sizes such as
 * shards and Flink parallelism follow the workload: re-running the program is the honest way to
 * see what a higher rate costs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify, parse } from "yaml";
import { readStackConfig } from "../offline/stack-config";
import { runOfflinePlan } from "../offline/plan";
import { stackSettings } from "../offline/stack-settings";
import type { StackSettings } from "../stacks/settings";
import { estimateCost } from "./model";
import type { CostBlock, CostResource } from "./types";

/** The plan's `cost` block for a stack whose resources were recorded. */
export function costOfStack(
  resources: readonly CostResource[],
  settings: Pick<StackSettings, "aws" | "workload">,
): CostBlock {
  return estimateCost(resources, {
    region: settings.aws.region || "us-east-1",
    workload: settings.workload,
  });
}

export interface RatePlan {
  readonly eventsPerSecond: number;
  readonly peakEventsPerSecond: number;
  readonly settings: StackSettings;
  readonly cost: CostBlock;
}

/**
 * Plans `stack` offline with its average rate set to `eventsPerSecond` (the peak keeps the
 * stack's peak-to-average ratio) and costs the result. The override lives in a scratch copy of
 * the project's stack files; the program itself is the project's.
 */
export async function planAtRate(
  projectDir: string,
  stack: string,
  eventsPerSecond: number,
): Promise<RatePlan> {
  const base = stackSettings(projectDir, stack);
  const ratio = base.workload.peakEventsPerSecond / Math.max(base.workload.avgEventsPerSecond, 1);
  const peak = Math.max(eventsPerSecond, Math.round(eventsPerSecond * ratio));
  const project = readStackConfig(projectDir, stack).project;
  const stackFile = ["yaml", "yml"]
    .map((ext) => path.join(projectDir, `Pulumi.${stack}.${ext}`))
    .find((f) => fs.existsSync(f))!;
  const doc = (parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as {
    config?: Record<string, unknown>;
  };
  doc.config = {
    ...doc.config,
    [`${project}:avgEventsPerSecond`]: eventsPerSecond,
    [`${project}:peakEventsPerSecond`]: peak,
  };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "reco-cost-"));
  try {
    fs.copyFileSync(path.join(projectDir, "Pulumi.yaml"), path.join(scratch, "Pulumi.yaml"));
    fs.writeFileSync(path.join(scratch, `Pulumi.${stack}.yaml`), stringify(doc));
    const plan = await runOfflinePlan({
      projectDir: scratch,
      stack,
      program: path.join(projectDir, "index.ts"),
    });
    const settings = stackSettings(scratch, stack);
    return {
      eventsPerSecond,
      peakEventsPerSecond: peak,
      settings,
      cost: costOfStack(plan.resources, settings),
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export const SCALING_RATES = [10, 100, 1_000, 10_000] as const;
