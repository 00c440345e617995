/** The cost model: prices, assumptions, estimators, and the stack-level helpers. */
export * from "./types";
export * from "./prices";
export * from "./assumptions";
export { estimateCost, isFree, topItems } from "./model";
export { costOfStack, planAtRate, SCALING_RATES } from "./stack";
export { formatBreakdown, formatScaling, itemLabel } from "./format";
export { formatUsd } from "./bill";
