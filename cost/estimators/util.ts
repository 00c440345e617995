/** Small helpers the estimators share. */
import { HOURS_PER_MONTH } from "../../components/shared/workload";

export const HOURS = HOURS_PER_MONTH;

/** A whole-number input (numbers may arrive as strings from Firehose parameters). */
export function int(value: unknown, fallback: number): number {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : fallback;
}

/** Quantities are shown and billed to 4 decimals so the basis recomputes exactly. */
export const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** `pulumi-nodejs:dynamic/personalize:Solution` → "Solution" (dynamic resources by kind). */
export function dynamicKind(type: string): string | undefined {
  const m = /^pulumi-nodejs:dynamic(?:\/[^:]+)?:(\w+)$/.exec(type);
  return m?.[1];
}
