/**
 * Offline plans of the shipped stacks, run once per test run (test/shared-plans.ts): the plan,
 * realtime, KPI dashboard, Personalize, ingestion and authority suites read the same two plans
 * (each takes seconds).
 */
import * as path from "node:path";
import { PlanResource, PlanResult, runOfflinePlan } from "../../offline/plan";
import { sharedPlan } from "../shared-plans";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The offline plan of a shipped stack (`dev`, `prod`) from the repository root. */
export function shippedPlan(stack: string): Promise<PlanResult> {
  return sharedPlan(stack, () => runOfflinePlan({ projectDir: REPO_ROOT, stack }));
}

export const ofType = (plan: PlanResult, type: string): PlanResource[] =>
  plan.resources.filter((r) => r.type === type);

/** The one resource of a type (and name), failing with what was found otherwise. */
export function onlyOne(plan: PlanResult, type: string, name?: string): PlanResource {
  const found = ofType(plan, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
    );
  }
  return found[0];
}

/** Resources whose parent chain reaches the component of this type. */
export function descendantsOf(plan: PlanResult, componentType: string): PlanResource[] {
  const root = onlyOne(plan, componentType).urn;
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const under = (r: PlanResource): boolean =>
    r.parent === root || (r.parent !== null && under(byUrn.get(r.parent)!));
  return plan.resources.filter(under);
}

/** Sorted names of the resources of a type among `resources`. */
export const namesOf = (resources: readonly PlanResource[], type: string): string[] =>
  resources
    .filter((r) => r.type === type)
    .map((r) => r.name)
    .sort();
