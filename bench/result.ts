/** The shapes bench/results.json holds: one figure, the machine, one run. */

/** One benchmark figure as bench/results.json and docs/benchmarks.md show it. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly detail?: string;
}

/** The machine a run measured on. */
export interface Machine {
  readonly nproc: number;
  readonly memoryGiB: number;
  readonly cpu: string;
  readonly node: string;
  readonly platform: string;
}

/** One `npm run bench`: bench/results.json. */
export interface BenchReport {
  readonly date: string;
  readonly machine: Machine;
  readonly suites: Record<string, BenchResult[]>;
  /** Suites that could not run, with why (a failing command is not timed). */
  readonly failures?: Record<string, string>;
}
