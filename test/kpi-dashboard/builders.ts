/**
 * Terse builders for hand-built behaviour logs: every event is schema-valid, ids are readable
 * (`id(7)` → `00000000-0000-4000-8000-000000000007`) so a test can order them on purpose.
 */
import type { BehaviourEvent } from "../../events";

export const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

let next = 1_000;
const fresh = () => id(next++);

interface Common {
  readonly id?: string;
  readonly user?: string;
}

const base = (type: BehaviourEvent["event_type"], time: string, o: Common) => ({
  event_id: o.id ?? fresh(),
  event_type: type,
  event_time: time,
  user_id: o.user ?? "u1",
  session_id: `s-${o.user ?? "u1"}`,
});

export const visit = (time: string, o: Common = {}): BehaviourEvent => base("visit", time, o);

export const view = (time: string, item: string, o: Common = {}): BehaviourEvent => ({
  ...base("view", time, o),
  item_id: item,
});

export const cart = (time: string, item: string, o: Common = {}): BehaviourEvent => ({
  ...base("cart", time, o),
  item_id: item,
});

export const impression = (
  time: string,
  item: string,
  channel: string,
  o: Common = {},
): BehaviourEvent => ({
  ...base("impression", time, o),
  item_id: item,
  channel,
  recommendation_id: `rec-${channel}`,
  position: 1,
});

export const click = (
  time: string,
  item: string,
  channel: string,
  o: Common = {},
): BehaviourEvent => ({
  ...base("click", time, o),
  item_id: item,
  channel,
  recommendation_id: `rec-${channel}`,
});

export const buy = (
  time: string,
  item: string,
  price: number,
  quantity = 1,
  o: Common = {},
): BehaviourEvent => ({ ...base("buy", time, o), item_id: item, price, quantity });

/** A channel row as the KPI query returns it, with zeros and nulls by default. */
export const row = (
  dt: string,
  channel: string,
  values: Partial<Record<string, number | null>>,
) => ({
  dt,
  channel,
  impressions: 0,
  clicks: 0,
  ctr: null,
  conversions: 0,
  cvr: null,
  revenue: 0,
  coverage: 0,
  ...values,
});
