/**
 * Terminal views of a cost block: the breakdown (largest lines first, unknown lines named) and
 * the scaling table.
 */
import { formatUsd } from "./bill";
import { topItems } from "./model";
import type { CostBlock, CostItem } from "./types";

/** `lake-events (aws:s3/bucket:Bucket)`: the logical name from the URN, and the type. */
export function itemLabel(item: CostItem): string {
  return `${item.urn.split("::").pop()} (${item.type})`;
}

const money = (n: number | null) => (n === null ? "unknown" : formatUsd(n));

/** Total line, then every item, largest first, each with its basis indented under it. */
export function formatBreakdown(
  block: CostBlock,
  options: { top?: number; basis?: boolean } = {},
): string {
  const items = topItems(block, options.top);
  const lines = [
    `Estimated monthly cost (${block.region}, list prices): ${formatUsd(block.monthlyTotal)}${block.unpriced > 0 ? ` + ${block.unpriced} unknown line(s)` : ""}`,
  ];
  for (const item of items) {
    lines.push(`  ${money(item.monthly).padStart(12)}  ${itemLabel(item)}`);
    if (options.basis) lines.push(`                ${item.basis}`);
  }
  if (options.top !== undefined && block.items.length > options.top) {
    lines.push(
      `  … ${block.items.length - options.top} more line(s): npm run cost -- --stack <name>`,
    );
  }
  return lines.join("\n");
}

export interface ScalingRow {
  readonly eventsPerSecond: number;
  /** The peak the plan was sized for; the program's warnings quote it, so the table shows it. */
  readonly peakEventsPerSecond: number;
  readonly cost: CostBlock;
}

/** The bill at each rate, with its three largest lines so the driver of growth is visible. */
export function formatScaling(rows: readonly ScalingRow[]): string {
  const lines = [
    "How the bill grows with the workload (the program re-planned at each average rate, the peak",
    "keeping the stack's peak-to-average ratio):",
    `  ${"events/s".padStart(9)}  ${"peak".padStart(9)}  ${"monthly".padStart(12)}  largest lines`,
  ];
  for (const row of rows) {
    const top = topItems(row.cost, 3)
      .map((i) => `${i.urn.split("::").pop()} ${money(i.monthly)}`)
      .join(", ");
    const unknown = row.cost.unpriced > 0 ? ` (+${row.cost.unpriced} unknown)` : "";
    lines.push(
      `  ${row.eventsPerSecond.toLocaleString("en-US").padStart(9)}  ${row.peakEventsPerSecond.toLocaleString("en-US").padStart(9)}  ${formatUsd(row.cost.monthlyTotal).padStart(12)}  ${top}${unknown}`,
    );
  }
  return lines.join("\n");
}
