/** The shipped stacks whose plans give the request checks their concrete values. */
import type { PlanResult } from "../../../offline/plan";
import { shippedPlan } from "../../offline/plans";

export const SHIPPED_STACKS = ["dev", "prod"] as const;

/** Both plans, one after the other: the offline engine's mocks are global to the process. */
export async function shippedPlans(): Promise<PlanResult[]> {
  const plans: PlanResult[] = [];
  for (const stack of SHIPPED_STACKS) plans.push(await shippedPlan(stack));
  return plans;
}
