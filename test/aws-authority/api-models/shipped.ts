/** The shipped stacks whose plans give the request checks their concrete values. */
import type { PlanResult } from "../../../cli/offline/plan";
import { shippedPlan } from "../../realtime/plans";

export const SHIPPED_STACKS = ["dev", "prod"] as const;

export function shippedPlans(): Promise<PlanResult[]> {
  return Promise.all(SHIPPED_STACKS.map((stack) => shippedPlan(stack)));
}
