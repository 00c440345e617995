import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { budgetOf } from "../../policies/budget";
import { effectiveConfig } from "../../policies/effective-config";
import { runPolicyGate } from "../../policies/gate";
import { stackSettings } from "../../offline/stack-settings";
import { DEV_CONFIG, PROD_CONFIG, res } from "../policies/helpers";

const ROOT = path.join(__dirname, "..", "..");
const STREAM = "aws:kinesis/stream:Stream";
const FLINK = "aws:kinesisanalyticsv2/application:Application";

/** A stack of three resources whose bill is worked out by hand below. */
const resources = [
  res(STREAM, "events", { shardCount: 2, retentionPeriod: 24 }),
  res(FLINK, "kpis", {
    applicationConfiguration: {
      flinkApplicationConfiguration: {
        parallelismConfiguration: {
          configurationType: "CUSTOM",
          parallelism: 4,
          parallelismPerKpu: 2,
        },
      },
    },
  }),
  res("aws:kms/key:Key", "key", { enableKeyRotation: true }),
];
// events: 1,460 shard-hours × $0.015 + 26,280,000 PUT units × $0.014/M = $22.27
// kpis: 3 KPU × 730 h × $0.11 + 100 GB × $0.10 = $250.90; key: $1 + 5 × $0.03 = $1.15 → $274.32
const WORKLOAD = {
  avgEventsPerSecond: 10,
  peakEventsPerSecond: 100,
  avgEventBytes: 1000,
  retentionDays: 90,
  queriesPerDay: 10,
};

function configWithBudget(base: string, budget: number): string {
  const config = JSON.parse(fs.readFileSync(base, "utf8"));
  config["monthly-budget"] = {
    ...config["monthly-budget"],
    monthlyBudgetUsd: budget,
    region: "us-east-1",
    ...WORKLOAD,
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "budget-")), path.basename(base));
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

async function budgetViolations(configFile: string) {
  const result = await runPolicyGate({ resources, stack: "test", tier: "prod", configFile });
  return result.violations.filter((v) => v.policy === "monthly-budget");
}

describe("monthly-budget", () => {
  it("accepts a stack whose estimate stays within the budget", async () => {
    expect(await budgetViolations(configWithBudget(PROD_CONFIG, 300))).to.deep.equal([]);
  });

  it("rejects a stack over budget in prod, naming the biggest lines", async () => {
    expect(await budgetViolations(configWithBudget(PROD_CONFIG, 100))).to.deep.equal([
      {
        policy: "monthly-budget",
        enforcementLevel: "mandatory",
        urn: "",
        message:
          "the estimated monthly cost $274.32 (us-east-1 list prices) exceeds the budget of $100.00 by $174.32; biggest lines: kpis $250.90 (aws:kinesisanalyticsv2/application:Application), events $22.27 (aws:kinesis/stream:Stream), key $1.15 (aws:kms/key:Key). Fix: shrink those lines (workload sizing, tier choices) or raise monthly-budget.monthlyBudgetUsd in the stack's policy pack config together with monthlyBudgetUsd in Pulumi.<stack>.yaml; npm run cost -- --stack <name> shows every line.",
      },
    ]);
  });

  it("only advises in dev", async () => {
    const found = await budgetViolations(configWithBudget(DEV_CONFIG, 100));
    expect(found.map((v) => v.enforcementLevel)).to.deep.equal(["advisory"]);
  });

  for (const stack of ["dev", "prod"]) {
    it(`carries ${stack}'s own budget, region and workload in policies/config/${stack}.json`, () => {
      const settings = stackSettings(ROOT, stack);
      const config = JSON.parse(
        fs.readFileSync(path.join(ROOT, "policies", "config", `${stack}.json`), "utf8"),
      );
      const { enforcementLevel: _level, ...budget } = config["monthly-budget"];
      expect(budget).to.deep.equal({
        monthlyBudgetUsd: settings.monthlyBudgetUsd,
        region: settings.aws.region,
        ...settings.workload,
      });
    });
  }
});

describe("monthly-budget for a stack without its own pack config", () => {
  /** A project with a third stack, staging: tier dev, a $100 budget and twice dev's traffic. */
  function stagingProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "staging-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(
      path.join(dir, "Pulumi.staging.yaml"),
      [
        "config:",
        "  aws:region: us-east-1",
        "  reco-analytics:tier: dev",
        "  reco-analytics:owner: data-platform",
        "  reco-analytics:costCenter: cc-staging",
        "  reco-analytics:monthlyBudgetUsd: 100",
        "  reco-analytics:avgEventsPerSecond: 10",
        "",
      ].join("\n"),
    );
    return dir;
  }

  it("borrows its tier's file, and with it the tier's budget, when the gate is not given its own", async () => {
    const result = await runPolicyGate({ resources, stack: "staging", tier: "dev" });
    expect(result.configFile).to.equal(DEV_CONFIG);
    // dev.json's workload is 5 events/s: 13,140,000 PUT units × $0.014/M = $0.18 instead of
    // $0.37, so $274.13 against dev's $150.
    expect(
      result.violations
        .filter((v) => v.policy === "monthly-budget")
        .map((v) => [v.enforcementLevel, v.message.split(";")[0]]),
    ).to.deep.equal([
      [
        "advisory",
        "the estimated monthly cost $274.13 (us-east-1 list prices) exceeds the budget of $150.00 by $124.13",
      ],
    ]);
  });

  it("is held to its own budget, region and workload when the gate is given them", async () => {
    const settings = stackSettings(stagingProject(), "staging");
    const budget = budgetOf(settings);
    expect(budget).to.deep.equal({
      monthlyBudgetUsd: 100,
      region: "us-east-1",
      avgEventsPerSecond: 10,
      peakEventsPerSecond: 50,
      avgEventBytes: 600,
      retentionDays: 30,
      queriesPerDay: 20,
    });
    const result = await runPolicyGate({ resources, stack: "staging", tier: "dev", budget });
    // Staging's own 10 events/s and $100: the hand-computed $274.32 above.
    const found = result.violations.filter((v) => v.policy === "monthly-budget");
    expect(found.map((v) => [v.enforcementLevel, v.message.split(";")[0]])).to.deep.equal([
      [
        "advisory",
        "the estimated monthly cost $274.32 (us-east-1 list prices) exceeds the budget of $100.00 by $174.32",
      ],
    ]);
  });

  it("writes the same overlay for pulumi preview: the tier's file with the stack's own budget", () => {
    const { baseFile, config } = effectiveConfig(stagingProject(), "staging");
    const devFile = JSON.parse(fs.readFileSync(DEV_CONFIG, "utf8"));
    expect(baseFile).to.equal(DEV_CONFIG);
    expect(config).to.deep.equal({
      ...devFile,
      "monthly-budget": {
        enforcementLevel: "advisory",
        monthlyBudgetUsd: 100,
        region: "us-east-1",
        avgEventsPerSecond: 10,
        peakEventsPerSecond: 50,
        avgEventBytes: 600,
        retentionDays: 30,
        queriesPerDay: 20,
      },
    });
  });

  it("leaves a shipped stack's file as it is (its budget already matches)", () => {
    for (const stack of ["dev", "prod"]) {
      const file = path.join(ROOT, "policies", "config", `${stack}.json`);
      expect(effectiveConfig(ROOT, stack).config).to.deep.equal(
        JSON.parse(fs.readFileSync(file, "utf8")),
      );
    }
  });
});
