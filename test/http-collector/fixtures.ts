/** Events and requests the collector tests share. */
import type { BehaviourEvent } from "../../events/schema";

export const ORIGIN = "https://shop.example.com";

export const view: BehaviourEvent = {
  event_id: "0f8fad5b-d9cb-469f-a165-70867728950e",
  event_type: "view",
  event_time: "2026-11-26T03:22:36.123Z",
  user_id: "u-1",
  session_id: "s-1",
  item_id: "i-1",
  device: "web",
};

export const buy: BehaviourEvent = {
  event_id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  event_type: "buy",
  event_time: "2026-11-26T03:25:00.000Z",
  user_id: "u-2",
  session_id: "s-2",
  item_id: "i-9",
  price: 19.99,
  quantity: 2,
};

/** A buy without its price: invalid for exactly one reason. */
export const buyWithoutPrice = {
  ...buy,
  event_id: "9b2e1f4a-0c3d-4e5f-8a7b-6c5d4e3f2a1b",
  price: undefined,
};

export const CONFIG = {
  allowedOrigins: [ORIGIN, "https://m.shop.example.com"],
  maxRequestBytes: 4096,
  maxEventsPerRequest: 5,
};

export function post(body: string, headers: Record<string, string> = {}) {
  return {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json", ...headers },
    body,
    requestId: "req-1",
  };
}
