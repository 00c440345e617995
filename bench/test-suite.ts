/**
 * `npm test` wall time: the type check and every suite, as CI runs them, against its floor in the
 * same run: one plain `tsc --noEmit`, the type check the command always includes. It takes
 * minutes, so the default is one run (the median of one); pass more runs when the machine is
 * otherwise idle.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchResult } from "./result";
import { ROOT, Timer, median, spawnTimer } from "./plan";
import { PLAN_CACHES, TRANSPILE_CACHE } from "../offline/cache-dirs";

/** What npm test may reuse from an earlier run; cleared so each timed run starts as a clone does. */
const RUN_CACHES = ["tsc", ...PLAN_CACHES, TRANSPILE_CACHE].map((dir) =>
  path.join(ROOT, ".cache", dir),
);

export interface TestSuiteBenchOptions {
  /** @default 1 */
  readonly runs?: number;
  readonly timer?: Timer;
  /** @default removes the type-check, plan and transpile caches under .cache/ */
  readonly clearRunCaches?: () => void;
}

function clearRunCaches(): void {
  for (const dir of RUN_CACHES) fs.rmSync(dir, { recursive: true, force: true });
}

export async function run(options: TestSuiteBenchOptions = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 1;
  const timer = options.timer ?? spawnTimer;
  const times: number[] = [];
  const floor: number[] = [];
  const tsc = require.resolve("typescript/bin/tsc");
  for (let i = 0; i < runs; i++) {
    floor.push(timer(process.execPath, [tsc, "--noEmit"]));
    (options.clearRunCaches ?? clearRunCaches)();
    times.push(timer("npm", ["test", "--silent"]));
  }
  const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
  return [
    {
      name: "npm_test.typecheck_floor.seconds",
      unit: "s",
      value: seconds(median(floor)),
      detail: `median of ${runs} run(s) of tsc --noEmit alone (no incremental build info)`,
    },
    {
      name: "npm_test.seconds",
      unit: "s",
      value: Number((median(times) / 1000).toFixed(1)),
      detail: `median of ${runs} run(s) of npm test (one tsc, emitting for the packaging suite, beside mocha --parallel; no type-check, plan or transpile cache from an earlier run): ${times.map((t) => (t / 1000).toFixed(1)).join(", ")} s`,
    },
    {
      name: "npm_test.ratio_to_typecheck",
      unit: "ratio",
      value: Number((median(times) / median(floor)).toFixed(2)),
      detail: "npm test median / tsc --noEmit median, same run",
    },
  ];
}
