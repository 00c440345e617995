import { expect } from "chai";
import { commonArgsProblems, resolveCommonArgs } from "../../components/shared/common-args";
import { TIER_DEFAULTS } from "../../components/shared/tiers";
import { TIER_PROFILES } from "../../stacks/tiers";

describe("common args (tier, workload, log retention, data protection)", () => {
  it("defaults to dev's profile", () => {
    expect(resolveCommonArgs({})).to.deep.equal({
      tier: "dev",
      workload: TIER_DEFAULTS.dev.workload,
      logRetentionDays: 14,
      protectData: false,
    });
  });

  it("takes prod's retention and protection from the tier, and keeps what is given", () => {
    const workload = { ...TIER_DEFAULTS.dev.workload, avgEventsPerSecond: 7 };
    expect(resolveCommonArgs({ tier: "prod" })).to.deep.include({
      logRetentionDays: 365,
      protectData: true,
    });
    expect(
      resolveCommonArgs({ tier: "prod", workload, logRetentionDays: 30, protectData: false }),
    ).to.deep.equal({ tier: "prod", workload, logRetentionDays: 30, protectData: false });
  });

  it("resolves an unknown tier with dev's defaults so every other problem is still collected", () => {
    expect(resolveCommonArgs({ tier: "staging" as never }).workload).to.equal(
      TIER_DEFAULTS.dev.workload,
    );
  });

  it("names the bad tier and a retention CloudWatch Logs refuses, with the allowed values", () => {
    expect(commonArgsProblems({ tier: "staging" as never, logRetentionDays: 10 })).to.deep.equal([
      'tier is "staging"; allowed: dev, prod. Fix: pass one of those.',
      "logRetentionDays is 10; CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days. Fix: pass one of those.",
    ]);
    expect(commonArgsProblems({ tier: "prod", logRetentionDays: 30 })).to.deep.equal([]);
  });

  it("is where the stack profiles take each tier's workload, retention and protection from", () => {
    for (const tier of ["dev", "prod"] as const) {
      const { workload, logRetentionDays, protectData } = TIER_PROFILES[tier];
      expect({ workload, logRetentionDays, protectData }).to.deep.equal(TIER_DEFAULTS[tier]);
    }
  });
});
