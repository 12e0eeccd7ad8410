import { BlockList, isIP } from "node:net";
import type { Context } from "hono";
import type { SimEnv } from "../http/types";

/**
 * The address Mist would see. Requests driven in-process (`app.request()`) have no socket, and
 * count as coming from 127.0.0.1. **Assumed**: a harness convention, nothing in Mist.
 */
export function callerAddress(c: Context<SimEnv>): string {
  const raw = c.env?.incoming?.socket.remoteAddress ?? "127.0.0.1";
  // A dual-stack socket reports IPv4 callers as IPv4-mapped IPv6.
  return raw.startsWith("::ffff:") && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw;
}

/** An address or a CIDR subnet, IPv4 or IPv6, as `api_policy.src_ips` takes them. */
export function isSourceEntry(entry: string): boolean {
  const [addr, prefix, extra] = entry.split("/");
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Whether `address` lies in one of `entries` (addresses or subnets); malformed entries never match. */
export function addressAllowed(address: string, entries: readonly string[]): boolean {
  const list = new BlockList();
  for (const entry of entries) {
    if (!isSourceEntry(entry)) continue;
    const [addr = "", prefix] = entry.split("/");
    const type = isIP(addr) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  }
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? "ipv4" : "ipv6");
}
