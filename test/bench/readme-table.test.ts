import { expect } from "chai";
import type { BenchReport } from "../../bench/result";
import { TABLE_END, TABLE_START, readmeTable, withReadmeTable } from "../../bench/readme-table";

const result = (name: string, value: number, detail?: string) => ({
  name,
  unit: "",
  value,
  detail,
});

const REPORT: BenchReport = {
  date: "2026-12-05T16:00:00.000Z",
  machine: { nproc: 2, memoryGiB: 23.5, cpu: "Test CPU", node: "v20.20.2", platform: "linux" },
  suites: {
    plan: [
      result("plan.sdk_floor.ms", 500),
      result("plan.dev.ms", 1000),
      result("plan.prod.ms", 1250),
    ],
    "npm-test": [result("npm_test.typecheck_floor.seconds", 10), result("npm_test.seconds", 55)],
    producer: [
      result("producer.batched.throughput", 12000),
      result("producer.batched.records_per_call", 500),
      result("producer.single.throughput", 1000),
      result("producer.ceiling.throughput", 15000),
    ],
  },
};

describe("bench: README's table", () => {
  it("sets each figure of the run against its floor from the same run", () => {
    expect(readmeTable(REPORT).split("\n")).to.deep.equal([
      "From one `npm run bench` on 2026-12-05, on 2 CPUs with 23.5 GiB and Node v20.20.2; each figure is set against its floor measured in the same run, so ratios travel better than times:",
      "",
      "| measure | result |",
      "| --- | --- |",
      "| offline plan, dev / prod | 1.00 s / 1.25 s: 2.0× / 2.5× the 0.50 s it takes to load `@pulumi/pulumi` and `@pulumi/aws` alone |",
      "| `npm test` (type-check + every suite, PyFlink and API models already installed) | 55.0 s: 5.5× the 10.0 s of its one `tsc --noEmit` alone |",
      "| producer against kinesalite | 12,000 events/s batched (500 records per PutRecords call) vs 1,000 events/s with one PutRecord per event: 12.0×; the emulator's own ceiling (bare PutRecords loop) is 15,000 events/s, 15.0× single, and the producer reaches 80 % of it |",
    ]);
  });

  it("replaces only what stands between the markers", () => {
    const readme = `# R\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nafter\n`;
    expect(withReadmeTable(readme, "new table")).to.equal(
      `# R\n\n${TABLE_START}\nnew table\n${TABLE_END}\n\nafter\n`,
    );
  });

  it("refuses a README without the markers, naming them", () => {
    expect(() => withReadmeTable("# R\n", "t")).to.throw(
      `README.md has no benchmark table markers. Fix: put ${TABLE_START} and ${TABLE_END} around the table`,
    );
  });
});
