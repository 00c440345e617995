import { expect } from "chai";
import { BenchReport, renderMarkdown } from "../../bench";
import { SDK_FLOOR, median, run as runPlanBench, summarisePlanRuns } from "../../bench/plan";
import { run as runTestSuiteBench } from "../../bench/test-suite";

describe("benchmark runner (fake timings, no clocks)", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([30, 10, 20])).to.equal(20);
    expect(median([40, 10, 30, 20])).to.equal(25);
    expect(() => median([])).to.throw("median of no values");
  });

  it("turns raw timings into medians and per-stack ratios to the SDK floor", () => {
    expect(
      summarisePlanRuns([1000, 1200, 1100], { dev: [3000, 3600, 3300], prod: [4400, 4000, 4200] }),
    ).to.deep.equal([
      {
        name: "plan.sdk_floor.ms",
        unit: "ms",
        value: 1100,
        detail: `median of 3 runs of node -e "require('@pulumi/pulumi');require('@pulumi/aws')": 1000, 1200, 1100`,
      },
      {
        name: "plan.dev.ms",
        unit: "ms",
        value: 3300,
        detail: "median of 3 runs of npm run plan -- --stack dev: 3000, 3600, 3300",
      },
      {
        name: "plan.dev.ratio_to_sdk_floor",
        unit: "ratio",
        value: 3,
        detail: "plan median 3300 ms / SDK load median 1100 ms, same run",
      },
      {
        name: "plan.prod.ms",
        unit: "ms",
        value: 4200,
        detail: "median of 3 runs of npm run plan -- --stack prod: 4400, 4000, 4200",
      },
      {
        name: "plan.prod.ratio_to_sdk_floor",
        unit: "ratio",
        value: 3.82,
        detail: "plan median 4200 ms / SDK load median 1100 ms, same run",
      },
    ]);
  });

  it("interleaves the floor and the stacks so that noise hits both", async () => {
    const calls: string[] = [];
    const fake = [100, 300, 110, 330, 90, 270];
    const results = await runPlanBench({
      runs: 3,
      stacks: ["dev"],
      timer: (_command, args) => {
        calls.push(args === SDK_FLOOR ? "floor" : args.slice(-1)[0]);
        return fake[calls.length - 1];
      },
    });
    expect(calls).to.deep.equal(["floor", "dev", "floor", "dev", "floor", "dev"]);
    expect(results.map((r) => [r.name, r.value])).to.deep.equal([
      ["plan.sdk_floor.ms", 100],
      ["plan.dev.ms", 300],
      ["plan.dev.ratio_to_sdk_floor", 3],
    ]);
  });

  it("times cold plans after removing the plan's caches, in the same interleaved run", async () => {
    const calls: string[] = [];
    const fake = [100, 300, 500, 100, 300, 700, 100, 300, 600];
    const results = await runPlanBench({
      runs: 3,
      stacks: ["prod"],
      coldStacks: ["prod"],
      clearPlanCaches: () => calls.push("clear"),
      timer: (_command, args) => {
        calls.push(args === SDK_FLOOR ? "floor" : args.slice(-1)[0]);
        return fake[calls.filter((c) => c !== "clear").length - 1];
      },
    });
    const once = ["floor", "prod", "clear", "prod"];
    expect(calls).to.deep.equal([...once, ...once, ...once]);
    expect(results.slice(-2)).to.deep.equal([
      {
        name: "plan.prod_cold.ms",
        unit: "ms",
        value: 600,
        detail:
          "median of 3 runs of npm run plan -- --stack prod with the plan's caches removed first: 500, 700, 600",
      },
      {
        name: "plan.prod_cold.ratio_to_sdk_floor",
        unit: "ratio",
        value: 6,
        detail: "plan median 600 ms / SDK load median 100 ms, same run",
      },
    ]);
  });

  it("reports npm test in seconds against one tsc --noEmit timed in the same run", async () => {
    const commands: string[] = [];
    const results = await runTestSuiteBench({
      runs: 3,
      clearRunCaches: () => commands.push("clear caches"),
      timer: (() => {
        let i = 0;
        return (command, args) => {
          commands.push(command === "npm" ? "npm test" : "tsc");
          expect(command === "npm" ? args : args.slice(1)).to.deep.equal(
            command === "npm" ? ["test", "--silent"] : ["--noEmit"],
          );
          return [10_000, 200_000, 8_000, 180_000, 12_000, 240_000][i++];
        };
      })(),
    });
    const once = ["tsc", "clear caches", "npm test"];
    expect(commands).to.deep.equal([...once, ...once, ...once]);
    expect(results).to.deep.equal([
      {
        name: "npm_test.typecheck_floor.seconds",
        unit: "s",
        value: 10,
        detail: "median of 3 run(s) of tsc --noEmit alone (no incremental build info)",
      },
      {
        name: "npm_test.seconds",
        unit: "s",
        value: 200,
        detail:
          "median of 3 run(s) of npm test (one tsc, emitting for the packaging suite, beside mocha --parallel; no type-check, plan or transpile cache from an earlier run): 200.0, 180.0, 240.0 s",
      },
      {
        name: "npm_test.ratio_to_typecheck",
        unit: "ratio",
        value: 20,
        detail: "npm test median / tsc --noEmit median, same run",
      },
    ]);
  });

  it("summarises a report in markdown with the machine it ran on", () => {
    const report: BenchReport = {
      date: "2026-11-26T00:00:00.000Z",
      machine: {
        nproc: 2,
        memoryGiB: 7.8,
        cpu: "Test CPU",
        node: "v20.19.0",
        platform: "linux 6 x64",
      },
      suites: {
        lake: [
          {
            name: "lake.parquet_to_jsonl_ratio",
            unit: "ratio",
            value: 0.18,
            detail: "1,000 events",
          },
        ],
      },
    };
    expect(renderMarkdown(report).split("\n").slice(5)).to.deep.equal([
      "Machine: 2 CPUs (Test CPU), 7.8 GiB memory, Node v20.19.0, linux 6 x64.",
      "",
      "## lake",
      "",
      "| measure | value | unit | how |",
      "| --- | ---: | --- | --- |",
      "| `lake.parquet_to_jsonl_ratio` | 0.18 | ratio | 1,000 events |",
      "",
    ]);
  });

  it("says which suite could not be measured and why", () => {
    const report: BenchReport = {
      date: "2026-11-26T00:00:00.000Z",
      machine: {
        nproc: 2,
        memoryGiB: 7.8,
        cpu: "Test CPU",
        node: "v20.19.0",
        platform: "linux 6 x64",
      },
      suites: {},
      failures: { "npm-test": "npm test --silent exited with 1:\nsome trace" },
    };
    expect(renderMarkdown(report).split("\n").slice(6)).to.deep.equal([
      "",
      "## npm-test",
      "",
      "Not measured: npm test --silent exited with 1:",
      "",
    ]);
  });
});
