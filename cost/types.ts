/**
 * The cost model's contract: what it reads (a recorded resource: type, inputs and the URNs it
 * depends on) and what it writes (the plan's `cost` block). Any source of resources fits: the
 * offline plan, the policy analyzer's stack resources, or a list built by hand in a test.
 */
import type { WorkloadProfile } from "../components/shared/workload";

export interface CostResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** False for component resources, which cost nothing themselves. @default true */
  readonly custom?: boolean;
  readonly inputs: Record<string, any>;
  /** URNs this resource depends on: how a Lambda is joined to its trigger, a bucket to its rules. */
  readonly dependencies?: readonly string[];
}

/** One line of the bill: a resource (or a service a resource starts) and its monthly estimate. */
export interface CostItem {
  readonly urn: string;
  /** The resource type, or `<type> → <service>` for a charge a resource causes elsewhere. */
  readonly type: string;
  /** USD per month, rounded to the cent; null when a price or an estimator is unknown. */
  readonly monthly: number | null;
  /** The arithmetic, or why the line is unknown. */
  readonly basis: string;
}

/** The `cost` block of the offline plan JSON. */
export interface CostBlock {
  readonly currency: "USD";
  readonly region: string;
  /** Sum of the priced items; items with `monthly: null` are left out and counted in `unpriced`. */
  readonly monthlyTotal: number;
  readonly unpriced: number;
  readonly items: CostItem[];
}

export interface CostOptions {
  readonly region: string;
  readonly workload: WorkloadProfile;
}
