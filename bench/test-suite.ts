/**
 * `npm test` wall time: the type check and every suite, as CI runs them. It takes minutes, so the
 * default is one run (the median of one); pass more runs when the machine is otherwise idle.
 */
import type { BenchResult } from "./result";
import { Timer, median, spawnTimer } from "./plan";

export interface TestSuiteBenchOptions {
  /** @default 1 */
  readonly runs?: number;
  readonly timer?: Timer;
}

export async function run(options: TestSuiteBenchOptions = {}): Promise<BenchResult[]> {
  const runs = options.runs ?? 1;
  const timer = options.timer ?? spawnTimer;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(timer("npm", ["test", "--silent"]));
  return [
    {
      name: "npm_test.seconds",
      unit: "s",
      value: Number((median(times) / 1000).toFixed(1)),
      detail: `median of ${runs} run(s) of npm test (tsc --noEmit + mocha): ${times.map((t) => (t / 1000).toFixed(1)).join(", ")} s`,
    },
  ];
}
