/**
 * OpenSearch Serverless: billed by OCU-hour with a floor whatever the load (1 OCU, half indexing
 * and half search, without standby replicas; 2 with them), plus managed storage by the GB-month.
 */
import { DAYS_PER_MONTH } from "../assumptions";
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";
import { HOURS, round } from "./util";

export const AOSS_COLLECTION = "aws:opensearch/serverlessCollection:ServerlessCollection";
export const AOSS_LIFECYCLE = "aws:opensearch/serverlessLifecyclePolicy:ServerlessLifecyclePolicy";

/** Days the stack's retention policies keep indexes (the longest), or undefined without one. */
function retentionDays(ctx: CostContext): number | undefined {
  const days = ctx.ofType(AOSS_LIFECYCLE).flatMap((p) => {
    try {
      const doc = JSON.parse(String(p.inputs.policy)) as {
        Rules?: { MinIndexRetention?: string }[];
      };
      return (doc.Rules ?? []).map((r) => {
        const m = /^(\d+)([dh])$/.exec(r.MinIndexRetention ?? "");
        return m ? Number(m[1]) / (m[2] === "h" ? 24 : 1) : NaN;
      });
    } catch {
      return [];
    }
  });
  const known = days.filter((d) => Number.isFinite(d));
  return known.length > 0 ? Math.max(...known) : undefined;
}

export function serverlessCollection(r: CostResource, ctx: CostContext): CostItem[] {
  const standby = r.inputs.standbyReplicas !== "DISABLED";
  const ocus = standby ? 2 : 1;
  const days = retentionDays(ctx);
  const bill = ctx
    .bill()
    .note(
      `${ocus} OCU floor (${standby ? "with" : "without"} standby replicas; OCUs are shared by the account's collections on one key), ${days === undefined ? "no retention policy: storage grows without bound, priced as 30 days" : `${days} days kept`}`,
    )
    .charge(ocus * HOURS, "OCU-hours", "opensearch.serverlessOcuHour");
  // Indexed JSON takes about its own size on disk (source plus inverted index, compressed).
  const kept = (ctx.volumes.jsonGbPerMonth / DAYS_PER_MONTH) * (days ?? 30);
  bill.charge(round(kept), "GB-months indexed", "opensearch.serverlessStorageGbMonth");
  return [bill.item(r.urn, r.type)];
}

/** The collection's VPC endpoint: every indexed document passes through it. */
export function serverlessVpcEndpoint(r: CostResource, ctx: CostContext): CostItem[] {
  const zones = Array.isArray(r.inputs.subnetIds) ? r.inputs.subnetIds.length : 1;
  const gb = ctx.volumes.jsonGbPerMonth;
  return [
    ctx
      .bill()
      .note(`endpoint in ${zones} zone(s), carrying every event indexed`)
      .charge(zones * HOURS, "endpoint zone-hours", "vpc.interfaceEndpointZoneHour")
      .charge(round(gb), "GB processed", "vpc.interfaceEndpointGb")
      .item(r.urn, r.type),
  ];
}
