/**
 * The experiment readout SQL on generated logs whose answer is known: an independent computation
 * of every number, a planted click-rate uplift recovered within its interval, an A/A split with
 * no significant difference, and a broken split caught by the sample-ratio check.
 */
import { expect } from "chai";
import { type GenerateOptions, generateEvents } from "../../events";
import type { ExperimentAllocation } from "../../events/experiment";
import type { ExperimentReadoutRow } from "../../components/kpi-dashboard/experiment-queries";
import { experimentReadout } from "../../cli/kpi/experiment";
import { lakeRange, runKpiQuery } from "../../cli/kpi/compute";
import { openLocalLake } from "../../cli/kpi/lake";
import { removeTempDirs, writeTempLake } from "./lake-helpers";
import { referenceReadout, twoSided } from "./experiment-reference";

const SPLIT: ExperimentAllocation = {
  name: "reco-vs-popular",
  salt: "2026-11-23",
  variants: [
    { name: "control", weight: 1 },
    { name: "treatment", weight: 1 },
  ],
};
const BASE: GenerateOptions = { users: 1500, items: 150, days: 5, seed: 18 };

async function readout(
  options: GenerateOptions,
  allocation: ExperimentAllocation,
  alternative?: ExperimentAllocation,
) {
  const { events } = generateEvents(options);
  const lake = await openLocalLake(await writeTempLake(events));
  try {
    const range = await lakeRange(lake.connection);
    const rows = await experimentReadout(lake.connection, allocation, range);
    const other = alternative
      ? await experimentReadout(lake.connection, alternative, range)
      : undefined;
    const channels = await runKpiQuery(lake.connection, "channel_kpis", range);
    return { events, rows, other, channels };
  } finally {
    lake.close();
  }
}

const row = (rows: ExperimentReadoutRow[], variant: string, metric: string) =>
  rows.find((r) => r.variant === variant && r.metric === metric)!;

describe("KPI SQL: experiment readout", function () {
  this.timeout(60_000);
  after(removeTempDirs);

  describe("with a planted 25 % click-rate uplift", () => {
    const planted = { ...SPLIT, clickRateFactors: { treatment: 1.25 } };
    let result: Awaited<ReturnType<typeof readout>>;
    before(async () => {
      result = await readout({ ...BASE, experiment: planted }, SPLIT);
    });

    it("counts every variant as the independent computation does", () => {
      const reference = referenceReadout(result.events, SPLIT);
      for (const want of reference) {
        for (const metric of ["ctr", "conversion_rate", "revenue_per_user"] as const) {
          const got = row(result.rows, want.variant, metric);
          for (const key of [
            "users",
            "impressions",
            "clicks",
            "conversions",
            "converters",
          ] as const)
            expect(got[key], `${want.variant} ${key}`).to.equal(want[key]);
          expect(got.revenue).to.be.closeTo(want.revenue, 1e-6);
          expect(got.value, `${want.variant} ${metric}`).to.be.closeTo(want[metric].value, 1e-9);
          const half = 1.959963984540054 * Math.sqrt(want[metric].variance);
          expect(got.ci_low!).to.be.closeTo(want[metric].value - half, 1e-9);
          expect(got.ci_high!).to.be.closeTo(want[metric].value + half, 1e-9);
        }
      }
    });

    it("tests each metric as the textbook formulas do, p-values to 1e-6", () => {
      const [control, treatment] = referenceReadout(result.events, SPLIT);
      for (const metric of ["ctr", "revenue_per_user"] as const) {
        const diff = treatment[metric].value - control[metric].value;
        const z = diff / Math.sqrt(treatment[metric].variance + control[metric].variance);
        const got = row(result.rows, "treatment", metric);
        expect(got.difference!).to.be.closeTo(diff, 1e-9);
        expect(got.z!).to.be.closeTo(z, 1e-9);
        expect(got.p_value!, metric).to.be.closeTo(twoSided(z), 1e-6);
      }
      const pooled =
        (control.converters + treatment.converters) / (control.users + treatment.users);
      const z =
        (treatment.conversion_rate.value - control.conversion_rate.value) /
        Math.sqrt(pooled * (1 - pooled) * (1 / control.users + 1 / treatment.users));
      const got = row(result.rows, "treatment", "conversion_rate");
      expect(got.z!).to.be.closeTo(z, 1e-9);
      expect(got.p_value!).to.be.closeTo(twoSided(z), 1e-6);
      const expected = (control.users + treatment.users) / 2;
      const chi =
        (control.users - expected) ** 2 / expected + (treatment.users - expected) ** 2 / expected;
      expect(got.srm_chi_square).to.be.closeTo(chi, 1e-9);
      expect(got.srm_p_value).to.be.closeTo(twoSided(Math.sqrt(chi)), 1e-6);
      // The control is compared with nothing.
      expect(row(result.rows, "control", "ctr")).to.include({
        difference: null,
        z: null,
        p_value: null,
      });
    });

    it("recovers the planted CTR uplift within its 95 % interval, significantly", () => {
      const ctr = row(result.rows, "treatment", "ctr");
      const planted = row(result.rows, "control", "ctr").value! * 0.25;
      expect(planted).to.be.within(ctr.difference_low!, ctr.difference_high!);
      expect(ctr.p_value!).to.be.below(0.001);
      expect(ctr.srm_p_value).to.be.above(0.001);
    });

    it("attributes the same buys as the channel KPIs (every list click carries the variant)", () => {
      const experimentBuys = result.rows
        .filter((r) => r.metric === "ctr")
        .reduce((n, r) => n + r.conversions, 0);
      const channelBuys = result.channels
        .filter((c) => c.channel !== "email-reco")
        .reduce((n, c) => n + Number(c.conversions), 0);
      expect(experimentBuys).to.equal(channelBuys);
    });
  });

  it("finds no significant difference in an A/A split and no sample-ratio mismatch", async () => {
    const { rows } = await readout({ ...BASE, seed: 19, experiment: SPLIT }, SPLIT);
    for (const r of rows.filter((r) => r.variant === "treatment")) {
      expect(r.p_value!, r.metric).to.be.above(0.05);
      expect(r.difference_low!, r.metric).to.be.below(0);
      expect(r.difference_high!, r.metric).to.be.above(0);
    }
    expect(rows[0].srm_p_value).to.be.above(0.001);
  });

  it("flags a sample-ratio mismatch when users did not split as configured", async () => {
    const skewed = {
      ...SPLIT,
      variants: [
        { name: "control", weight: 3 },
        { name: "treatment", weight: 2 },
      ],
    };
    const { rows, other } = await readout({ ...BASE, experiment: skewed }, SPLIT, skewed);
    expect(rows[0].srm_p_value).to.be.below(0.001);
    // Read with the allocation actually used, the same users are consistent with it.
    expect(other![0].srm_p_value).to.be.above(0.001);
    expect(other![0].allocation).to.equal(0.6);
  });
});
