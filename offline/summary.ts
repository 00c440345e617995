/**
 * The human-readable plan summary: resources per component and type, then the stack outputs. The
 * cost breakdown that follows it is the cost model's own view (`cost/format.ts`), appended by the
 * command that priced the plan.
 */
import type { PlanResource, PlanResult } from "./plan";

function topComponentOf(
  r: PlanResource,
  byUrn: Map<string, PlanResource>,
): PlanResource | undefined {
  let current: PlanResource | undefined = r;
  while (current) {
    const parent: PlanResource | undefined = current.parent ? byUrn.get(current.parent) : undefined;
    if (!parent || parent.type === "pulumi:pulumi:Stack")
      return current === r ? undefined : current;
    current = parent;
  }
  return undefined;
}

function formatValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

export function summarisePlan(plan: PlanResult): string {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const custom = plan.resources.filter((r) => r.custom);
  const lines = [
    `Offline plan of ${plan.project}/${plan.stack}${plan.tier ? ` (tier ${plan.tier})` : ""}`,
    "Ran the real program under Pulumi's mock runtime: no cloud calls, no Pulumi CLI. This is an",
    "offline plan, not a provider preview: values AWS would compute are shaped by the mocks.",
    "",
    `Resources: ${plan.resources.length} (${custom.length} cloud resources, ${
      plan.resources.length - custom.length
    } components)`,
  ];
  const groups = new Map<string, PlanResource[]>();
  for (const r of plan.resources) {
    if (r.type === "pulumi:pulumi:Stack") continue;
    const top = topComponentOf(r, byUrn);
    const key = top ? `${top.type} ${top.name}` : "(top level)";
    if (!top && !r.custom) continue; // a top-level component heads its own group
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  for (const [group, members] of [...groups.entries()].sort()) {
    lines.push(`  ${group}: ${members.length}`);
    const counts = new Map<string, number>();
    for (const m of members) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    for (const [type, n] of [...counts.entries()].sort())
      lines.push(`      ${String(n).padStart(3)}  ${type}`);
  }
  const protectedCount = plan.resources.filter((r) => r.protect || r.retainOnDelete).length;
  lines.push(`  protected or retained on delete: ${protectedCount}`);
  lines.push("", "Outputs:");
  const outputs = Object.entries(plan.outputs);
  if (outputs.length === 0) lines.push("  (none)");
  for (const [key, value] of outputs) lines.push(`  ${key.padEnd(28)} ${formatValue(value)}`);
  return lines.join("\n");
}
