/** One benchmark figure as bench/results.json and docs/benchmarks.md show it. */
export interface BenchResult {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly detail?: string;
}
