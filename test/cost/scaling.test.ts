import { expect } from "chai";
import * as path from "node:path";
import { SCALING_RATES, formatScaling, planAtRate } from "../../cost";
import { main } from "../../cli/cost";

const FIXTURE = path.join(__dirname, "fixture");

describe("the bill as the workload grows", () => {
  it("re-plans the program at 10, 100, 1,000 and 10,000 events/s and grows at every step", async () => {
    const rows = [];
    for (const rate of SCALING_RATES) rows.push(await planAtRate(FIXTURE, "test", rate));
    // The dev tier's peak is 10× its average, so the override keeps that ratio.
    expect(rows.map((r) => [r.eventsPerSecond, r.peakEventsPerSecond])).to.deep.equal([
      [10, 100],
      [100, 1000],
      [1000, 10000],
      [10000, 100000],
    ]);
    const totals = rows.map((r) => r.cost.monthlyTotal);
    totals
      .slice(1)
      .forEach((t, i) =>
        expect(t, `${SCALING_RATES[i + 1]} events/s`).to.be.greaterThan(totals[i]),
      );
    // Sizes follow the workload: the stream's shard-hours grow with the rate.
    const shardHours = rows.map((r) =>
      Number(/(\d[\d,]*) shard-hours/.exec(r.cost.items[0].basis)![1].replace(/,/g, "")),
    );
    expect(shardHours[3]).to.be.greaterThan(shardHours[0]);
    expect(rows.every((r) => r.cost.unpriced === 0)).to.equal(true);
    const table = formatScaling(
      rows.map((r) => ({
        eventsPerSecond: r.eventsPerSecond,
        peakEventsPerSecond: r.peakEventsPerSecond,
        cost: r.cost,
      })),
    );
    expect(table.split("\n")).to.have.length(3 + SCALING_RATES.length);
    expect(table.split("\n")[3]).to.match(/^ {9}10 {8}100 +\$[\d,.]+ {2}\S/);
  });
});

describe("npm run cost", () => {
  const capture = () => {
    let text = "";
    return { stream: { write: (s: string) => ((text += s), true) }, text: () => text };
  };

  it("prints the breakdown at a given rate and the scaling table", async () => {
    const out = capture();
    const err = capture();
    const result = await main(
      ["--stack", "test", "--project-dir", FIXTURE, "--events-per-second", "50"],
      out.stream,
      err.stream,
    );
    expect(result.exitCode).to.equal(0);
    expect(err.text()).to.equal("");
    expect(out.text()).to.contain(
      "Stack test re-planned at 50 events/s average (500 peak)\nEstimated monthly cost (us-east-1, list prices): $",
    );
    expect(result.scaling!.map((s) => s.eventsPerSecond)).to.deep.equal([10, 100, 1000, 10000]);
  });

  it("refuses a rate that is not a whole number, saying what to pass", async () => {
    const err = capture();
    const result = await main(
      ["--stack", "test", "--events-per-second", "fast"],
      capture().stream,
      err.stream,
    );
    expect(result.exitCode).to.equal(2);
    expect(err.text()).to.equal(
      '--events-per-second is "fast"; it must be a whole number ≥ 1, e.g. --events-per-second 500\n',
    );
  });

  it("prices the idle stack: resources as planned, no events, no queries", async () => {
    const out = capture();
    const result = await main(
      ["--stack", "test", "--project-dir", FIXTURE, "--idle", "--no-scaling"],
      out.stream,
      capture().stream,
    );
    expect(result.exitCode).to.equal(0);
    // Idle, only hours are billed, in the order the program constructs them: 1 shard × 730 h ×
    // $0.015 = $10.95; Firehose bills nothing without records; Flink (1 KPU + 1) × 730 h × $0.11 =
    // $160.60 + 50 GB × $0.10 = $5.00.
    expect(result.cost!.items.map((i) => i.monthly)).to.deep.equal([10.95, 0, 165.6]);
    expect(out.text()).to.contain("Stack test idle: resources as planned for its workload");
  });

  it("refuses --idle together with --events-per-second", async () => {
    const err = capture();
    const result = await main(
      ["--stack", "test", "--idle", "--events-per-second", "5"],
      capture().stream,
      err.stream,
    );
    expect(result.exitCode).to.equal(2);
    expect(err.text()).to.match(
      /^--idle and --events-per-second ask for two different workloads; pass one of them\n/,
    );
  });

  it("names a missing stack file", async () => {
    const err = capture();
    const result = await main(
      ["--stack", "nope", "--project-dir", FIXTURE, "--no-scaling"],
      capture().stream,
      err.stream,
    );
    expect(result.exitCode).to.equal(2);
    expect(err.text()).to.match(/^cost: no stack file Pulumi\.nope\.yaml in /);
  });
});
