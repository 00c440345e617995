/**
 * The monthly budget: a stack policy that prices every resource of the stack with the cost model
 * and reports when the estimate exceeds the stack's budget, naming the biggest lines. Mandatory in
 * prod, advisory in dev (policies/config/<stack>.json).
 *
 * A policy sees resources and its own config, not the stack's settings, so the pack config carries
 * the budget, region and workload. Under `pulumi preview` they come from the config file (a test
 * keeps dev.json and prod.json equal to what each Pulumi.<stack>.yaml resolves to); the offline
 * gate and `policies/effective-config.ts` replace them with the stack's own (`budgetOf`), so a
 * stack that borrows its tier's file is still held to its own budget.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { WorkloadProfile } from "../components/shared/workload";
import type { StackSettings } from "../stacks/settings";
import { TIER_PROFILES } from "../stacks/tiers";
import { formatUsd } from "../cost/bill";
import { estimateCost, topItems } from "../cost/model";
import type { CostResource } from "../cost/types";

/** How many of the largest lines the message names. */
const BIGGEST_LINES = 3;

export interface MonthlyBudgetConfig extends WorkloadProfile {
  readonly monthlyBudgetUsd: number;
  readonly region: string;
}

/** The cost model's region when a stack names none (the provider's usual default). */
const DEFAULT_REGION = "us-east-1";

/** The monthly-budget settings of a stack: its own budget, region and workload. */
export function budgetOf(
  settings: Pick<StackSettings, "monthlyBudgetUsd" | "aws" | "workload">,
): MonthlyBudgetConfig {
  return {
    monthlyBudgetUsd: settings.monthlyBudgetUsd,
    region: settings.aws.region || DEFAULT_REGION,
    ...settings.workload,
  };
}

const DEV = TIER_PROFILES.dev;
const workloadProperty = (description: string, fallback: number) => ({
  type: "number" as const,
  minimum: 0,
  default: fallback,
  description,
});

export const monthlyBudget: StackValidationPolicy = {
  name: "monthly-budget",
  description: "Checks whether the stack's estimated monthly cost stays within its budget.",
  configSchema: {
    properties: {
      monthlyBudgetUsd: {
        type: "number",
        minimum: 0,
        default: DEV.monthlyBudgetUsd,
        description: "The stack's monthlyBudgetUsd: most the estimate may reach, in USD a month.",
      },
      region: {
        type: "string",
        default: DEFAULT_REGION,
        description: "Region whose list prices apply (the stack's aws:region).",
      },
      avgEventsPerSecond: workloadProperty(
        "Workload: mean events per second.",
        DEV.workload.avgEventsPerSecond,
      ),
      peakEventsPerSecond: workloadProperty(
        "Workload: peak events per second.",
        DEV.workload.peakEventsPerSecond,
      ),
      avgEventBytes: workloadProperty(
        "Workload: mean event size in bytes.",
        DEV.workload.avgEventBytes,
      ),
      retentionDays: workloadProperty(
        "Workload: days events are kept.",
        DEV.workload.retentionDays,
      ),
      queriesPerDay: workloadProperty(
        "Workload: Athena queries per day.",
        DEV.workload.queriesPerDay,
      ),
    },
  },
  validateStack: (args, reportViolation) => {
    const { monthlyBudgetUsd, region, ...workload } = args.getConfig<MonthlyBudgetConfig>();
    const resources: CostResource[] = args.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      inputs: r.props,
      dependencies: r.dependencies.map((d) => d.urn),
    }));
    const cost = estimateCost(resources, { region, workload });
    if (cost.monthlyTotal <= monthlyBudgetUsd) return;
    const biggest = topItems(cost, BIGGEST_LINES)
      .filter((i) => i.monthly !== null)
      .map((i) => `${i.urn.split("::").pop()} ${formatUsd(i.monthly as number)} (${i.type})`);
    const unknown =
      cost.unpriced > 0
        ? ` ${cost.unpriced} line(s) could not be priced and are not included.`
        : "";
    reportViolation(
      `the estimated monthly cost ${formatUsd(cost.monthlyTotal)} (${region} list prices) exceeds the budget of ${formatUsd(monthlyBudgetUsd)} by ${formatUsd(cost.monthlyTotal - monthlyBudgetUsd)}; biggest lines: ${biggest.join(", ")}.${unknown} Fix: shrink those lines (workload sizing, tier choices) or raise monthly-budget.monthlyBudgetUsd in the stack's policy pack config together with monthlyBudgetUsd in Pulumi.<stack>.yaml; npm run cost -- --stack <name> shows every line.`,
    );
  },
};
