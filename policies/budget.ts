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
import { formatUsd, roundCents } from "../cost/bill";
import { PRICES } from "../cost/prices";
import { estimateCost, topItems } from "../cost/model";
import type { CostResource } from "../cost/types";

/** How many of the largest lines the message names. */
const BIGGEST_LINES = 3;

export interface MonthlyBudgetConfig extends WorkloadProfile {
  readonly monthlyBudgetUsd: number;
  readonly region: string;
}

/** A line the cost model cannot price, accepted by the stack's config with its own estimate. */
export interface AcceptedUnpriced {
  /** The resource's logical name, as the plan and `npm run cost` show it. */
  readonly resource: string;
  readonly monthlyUsd: number;
  /** Where the estimate comes from (a quote, a pricing page, last month's bill). */
  readonly reason: string;
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
      acceptedRegion: {
        type: "object",
        description:
          "A region cost/prices.ts does not price, accepted with the stack's own estimate of its whole monthly cost.",
        required: ["region", "monthlyUsd", "reason"],
        additionalProperties: false,
        properties: {
          region: { type: "string", minLength: 1 },
          monthlyUsd: { type: "number", minimum: 0 },
          reason: { type: "string", minLength: 1 },
        },
      },
      acceptedUnpriced: {
        type: "array",
        default: [],
        description:
          "Lines the cost model cannot price, each accepted with the stack's own monthly estimate (added to the total).",
        items: {
          type: "object",
          required: ["resource", "monthlyUsd", "reason"],
          additionalProperties: false,
          properties: {
            resource: { type: "string", minLength: 1 },
            monthlyUsd: { type: "number", minimum: 0 },
            reason: { type: "string", minLength: 1 },
          },
        },
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { monthlyBudgetUsd, region, acceptedUnpriced, acceptedRegion, ...workload } =
      args.getConfig<
        MonthlyBudgetConfig & {
          acceptedUnpriced: AcceptedUnpriced[];
          acceptedRegion?: { region: string; monthlyUsd: number; reason: string };
        }
      >();
    // Fail closed: a region without prices makes every line unknown, so nothing can be judged,
    // unless the stack accepts the region with its own estimate of the whole stack.
    if (!PRICES[region]) {
      if (acceptedRegion?.region !== region) {
        reportViolation(
          `region ${region} has no prices in cost/prices.ts (priced: ${Object.keys(PRICES).join(", ")}), so the stack's cost cannot be estimated and the budget cannot hold; add the region's list prices to cost/prices.ts, or accept the region in monthly-budget.acceptedRegion in the stack's policy pack config as { region, monthlyUsd, reason } with your own estimate of the whole stack.`,
        );
      } else if (acceptedRegion.monthlyUsd > monthlyBudgetUsd) {
        reportViolation(
          `the accepted estimate ${formatUsd(acceptedRegion.monthlyUsd)} for region ${region} (${acceptedRegion.reason}) exceeds the budget of ${formatUsd(monthlyBudgetUsd)}; lower the stack's sizing or raise monthlyBudgetUsd.`,
        );
      }
      return;
    }
    // Analyzers are not told which resources are components; a component is a parent of others.
    const parents = new Set(args.resources.map((r) => r.parent?.urn));
    const resources: CostResource[] = args.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: !parents.has(r.urn),
      inputs: r.props,
      dependencies: r.dependencies.map((d) => d.urn),
    }));
    const cost = estimateCost(resources, { region, workload });
    const nameOf = (urn: string) => urn.split("::").pop() as string;
    const unpriced = cost.items.filter((i) => i.monthly === null);
    const accepted = acceptedUnpriced.filter((a) =>
      unpriced.some((i) => nameOf(i.urn) === a.resource),
    );
    const unaccepted = unpriced.filter((i) => !accepted.some((a) => a.resource === nameOf(i.urn)));
    if (unaccepted.length > 0) {
      reportViolation(
        `${unaccepted.length} line(s) cannot be priced, so the estimate would leave them out and the budget cannot hold: ${unaccepted.map((i) => `${nameOf(i.urn)} (${i.type}): ${i.basis.replace(/^unknown: /, "")}`).join("; ")}. Fix: price them in cost/prices.ts and cost/estimators, or accept each in monthly-budget.acceptedUnpriced in the stack's policy pack config as { resource, monthlyUsd, reason } with your own estimate.`,
      );
    }
    const acceptedUsd = accepted.reduce((sum, a) => sum + a.monthlyUsd, 0);
    const total = roundCents(cost.monthlyTotal + acceptedUsd);
    if (total <= monthlyBudgetUsd) return;
    const biggest = topItems(cost, BIGGEST_LINES)
      .filter((i) => i.monthly !== null)
      .map((i) => `${nameOf(i.urn)} ${formatUsd(i.monthly as number)} (${i.type})`);
    const withAccepted =
      accepted.length > 0
        ? `, including ${formatUsd(acceptedUsd)} accepted for ${accepted.length} unpriced line(s),`
        : "";
    reportViolation(
      `the estimated monthly cost ${formatUsd(total)} (${region} list prices)${withAccepted} exceeds the budget of ${formatUsd(monthlyBudgetUsd)} by ${formatUsd(total - monthlyBudgetUsd)}; biggest lines: ${biggest.join(", ")}. Fix: shrink those lines (workload sizing, tier choices) or raise monthly-budget.monthlyBudgetUsd in the stack's policy pack config together with monthlyBudgetUsd in Pulumi.<stack>.yaml; npm run cost -- --stack <name> shows every line.`,
    );
  },
};
