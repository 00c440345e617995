/**
 * Proves the offline plan offline: while it runs, any attempt to open a network connection fails
 * with a message naming the destination, instead of silently reaching a cloud API.
 */
import * as net from "node:net";

export class NetworkCallError extends Error {
  override name = "NetworkCallError";
}

/** Blocks outbound connections until the returned function is called. */
export function blockNetwork(): () => void {
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function blocked(this: net.Socket, ...args: unknown[]) {
    // net.connect() hands Socket#connect its arguments normalised into an array.
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const target = first as { host?: string; port?: number; path?: string } | number | string;
    const where =
      typeof target === "object"
        ? (target.path ?? `${target.host ?? "localhost"}:${target.port}`)
        : String(target);
    throw new NetworkCallError(
      `the offline plan must not open network connections (tried ${where})`,
    );
  } as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}
