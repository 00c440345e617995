/**
 * The HTTP collector's front door: REST API requests and the WAF web ACL in front of them. Both
 * bill per request, so both follow the events that come through the collector.
 */
import type { CostContext } from "../context";
import type { CostItem, CostResource } from "../types";

/** POSTs a month to a collector: its share of the events, in batches. */
export function collectorRequestsPerMonth(ctx: CostContext): number {
  const a = ctx.assumptions;
  return Math.ceil(
    (ctx.volumes.eventsPerMonth * a.collectorEventsShare) / a.collectorEventsPerRequest,
  );
}

const basis = (ctx: CostContext) =>
  `${ctx.assumptions.collectorEventsShare * 100}% of the events through the collector, ${ctx.assumptions.collectorEventsPerRequest} per request (CORS preflights are cached by browsers and not counted)`;

export function restApi(r: CostResource, ctx: CostContext): CostItem[] {
  return [
    ctx
      .bill()
      .note(basis(ctx))
      .charge(collectorRequestsPerMonth(ctx), "requests", "apigateway.restMillionRequests", 1e6)
      .item(r.urn, r.type),
  ];
}

export function webAcl(r: CostResource, ctx: CostContext): CostItem[] {
  const rules = Array.isArray(r.inputs.rules) ? r.inputs.rules.length : 0;
  return [
    ctx
      .bill()
      .note(`${rules} rule(s); ${basis(ctx)}`)
      .charge(1, "web ACL", "waf.webAclMonth")
      .charge(rules, "rules", "waf.ruleMonth")
      .charge(collectorRequestsPerMonth(ctx), "requests inspected", "waf.millionRequests", 1e6)
      .item(r.urn, r.type),
  ];
}
