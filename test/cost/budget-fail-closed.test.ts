import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPolicyGate } from "../../policies/gate";
import { PROD_CONFIG, res } from "../policies/helpers";

const WORKLOAD = {
  avgEventsPerSecond: 10,
  peakEventsPerSecond: 100,
  avgEventBytes: 1000,
  retentionDays: 90,
  queriesPerDay: 10,
};
const key = res("aws:kms/key:Key", "key", { enableKeyRotation: true });
// key: $1 + 5 × $0.03 = $1.15. The database has no estimator: the model cannot price it.
const database = res("aws:rds/instance:Instance", "orders-db", {
  instanceClass: "db.r6g.16xlarge",
});

function prodConfig(budget: Record<string, unknown>): string {
  const config = JSON.parse(fs.readFileSync(PROD_CONFIG, "utf8"));
  config["monthly-budget"] = {
    ...config["monthly-budget"],
    region: "us-east-1",
    ...WORKLOAD,
    ...budget,
  };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "budget-")), "prod.json");
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

async function budgetMessages(resources: unknown[], budget: Record<string, unknown>) {
  const result = await runPolicyGate({
    resources: resources as never,
    stack: "test",
    tier: "prod",
    configFile: prodConfig(budget),
  });
  return result.violations
    .filter((v) => v.policy === "monthly-budget")
    .map((v) => [v.enforcementLevel, v.message]);
}

describe("monthly-budget fails closed in prod", () => {
  it("rejects a line the model cannot price, naming it and why", async () => {
    expect(await budgetMessages([key, database], { monthlyBudgetUsd: 6000 })).to.deep.equal([
      [
        "mandatory",
        "1 line(s) cannot be priced, so the estimate would leave them out and the budget cannot hold: orders-db (aws:rds/instance:Instance): no estimator for this type in cost/model.ts. Fix: price them in cost/prices.ts and cost/estimators, or accept each in monthly-budget.acceptedUnpriced in the stack's policy pack config as { resource, monthlyUsd, reason } with your own estimate.",
      ],
    ]);
  });

  it("accepts a line the stack's config names, and adds its estimate to the total", async () => {
    const accepted = [
      { resource: "orders-db", monthlyUsd: 6500, reason: "db.r6g.16xlarge on-demand quote" },
    ];
    expect(
      await budgetMessages([key, database], { monthlyBudgetUsd: 7000, acceptedUnpriced: accepted }),
    ).to.deep.equal([]);
    expect(
      await budgetMessages([key, database], { monthlyBudgetUsd: 6000, acceptedUnpriced: accepted }),
    ).to.deep.equal([
      [
        "mandatory",
        "the estimated monthly cost $6,501.15 (us-east-1 list prices), including $6,500.00 accepted for 1 unpriced line(s), exceeds the budget of $6,000.00 by $501.15; biggest lines: key $1.15 (aws:kms/key:Key). Fix: shrink those lines (workload sizing, tier choices) or raise monthly-budget.monthlyBudgetUsd in the stack's policy pack config together with monthlyBudgetUsd in Pulumi.<stack>.yaml; npm run cost -- --stack <name> shows every line.",
      ],
    ]);
  });

  it("rejects a region without prices instead of passing at $0.00", async () => {
    expect(
      await budgetMessages([key], { monthlyBudgetUsd: 6000, region: "eu-west-3" }),
    ).to.deep.equal([
      [
        "mandatory",
        "region eu-west-3 has no prices in cost/prices.ts (priced: us-east-1, ap-northeast-2), so the stack's cost cannot be estimated and the budget cannot hold; add the region's list prices to cost/prices.ts, or accept the region in monthly-budget.acceptedRegion in the stack's policy pack config as { region, monthlyUsd, reason } with your own estimate of the whole stack.",
      ],
    ]);
  });

  it("accepts an unpriced region the stack's config names with its own estimate, held to the budget", async () => {
    const acceptedRegion = {
      region: "eu-west-3",
      monthlyUsd: 4200,
      reason: "Paris quote, 2026-11",
    };
    expect(
      await budgetMessages([key], { monthlyBudgetUsd: 6000, region: "eu-west-3", acceptedRegion }),
    ).to.deep.equal([]);
    expect(
      await budgetMessages([key], { monthlyBudgetUsd: 4000, region: "eu-west-3", acceptedRegion }),
    ).to.deep.equal([
      [
        "mandatory",
        "the accepted estimate $4,200.00 for region eu-west-3 (Paris quote, 2026-11) exceeds the budget of $4,000.00; lower the stack's sizing or raise monthlyBudgetUsd.",
      ],
    ]);
  });

  it("prices what used to pass unpriced: warm Lambdas, fan-out consumers, provisioned tables, volumes", async () => {
    const fn = res("aws:lambda/function:Function", "api", {
      memorySize: 1024,
      architectures: ["x86_64"],
    });
    const stream = res("aws:kinesis/stream:Stream", "events", { shardCount: 4 });
    const resources = [
      fn,
      res(
        "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
        "api-warm",
        { functionName: "api", qualifier: "live", provisionedConcurrentExecutions: 100 },
        { dependencies: [fn.urn] },
      ),
      stream,
      res(
        "aws:kinesis/streamConsumer:StreamConsumer",
        "fanout",
        { name: "f", streamArn: "s" },
        { dependencies: [stream.urn] },
      ),
      res("aws:dynamodb/table:Table", "orders", {
        billingMode: "PROVISIONED",
        writeCapacity: 10000,
        readCapacity: 10000,
      }),
      res("aws:ebs/volume:Volume", "scratch", { size: 16384, type: "gp3" }),
    ];
    const [[level, message]] = await budgetMessages(resources, { monthlyBudgetUsd: 6000 });
    // api-warm: 100 × 1 GB × 2,628,000 s × $0.0000041667 = $1,095.01; orders: 7,300,000 WCU-h ×
    // $0.00065 + 7,300,000 RCU-h × $0.00013 = $5,694.00; scratch: 16,384 GB × $0.08 = $1,310.72.
    expect(level).to.equal("mandatory");
    // events: 2,920 shard-h × $0.015 + 26.28M PUT units × $0.014/M = $44.17; fanout: 2,920
    // consumer-shard-h × $0.015 + 24.48 GB × $0.013 = $44.12; api (no trigger): $0.02.
    expect(message.split(";")[0]).to.equal(
      "the estimated monthly cost $8,188.04 (us-east-1 list prices) exceeds the budget of $6,000.00 by $2,188.04",
    );
    expect(message).to.include(
      "biggest lines: orders $5,694.00 (aws:dynamodb/table:Table), scratch $1,310.72 (aws:ebs/volume:Volume), api-warm $1,095.01 (aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig)",
    );
  });
});
