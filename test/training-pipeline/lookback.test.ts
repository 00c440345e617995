import { expect } from "chai";
import { lookbackDaysFor } from "../../components/training-pipeline/lookback";
import { TIER_PROFILES } from "../../stacks/tiers";

describe("training lookback", () => {
  it("exports 90 days when they fit Personalize's import limit (dev: 5 events/s)", () => {
    expect(lookbackDaysFor(TIER_PROFILES.dev.workload)).to.equal(90);
  });

  it("shortens the window so one import stays within 100 GB (prod: 500 events/s)", () => {
    // 100 GB / 100 B a row = 1e9 rows; 500 × 86,400 = 43.2 M rows a day; 1e9 / 43.2e6 = 23.1 days.
    expect(lookbackDaysFor(TIER_PROFILES.prod.workload)).to.equal(23);
  });

  it("never goes below one day, however busy the stream", () => {
    expect(lookbackDaysFor({ avgEventsPerSecond: 100_000 })).to.equal(1);
  });
});
