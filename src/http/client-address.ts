import type { Context } from "hono";
import { networkOf } from "../domain/ip-network.js";
import type { AppEnv } from "./env.js";

/**
 * The client's address. Behind TRUST_PROXY, X-Forwarded-For is read from the right: each proxy appends the
 * address it received the request from, so the entry `proxyHops` from the right was written by our own outermost
 * proxy, and everything left of it is whatever the client chose to send (reading the first entry, as before,
 * let any client pick a new address per request and walk past every per-address limit). Without TRUST_PROXY,
 * the socket's address (@hono/node-server), else "unknown".
 */
export function clientAddress(c: Context<AppEnv>): string {
  const config = c.get("deps").config;
  if (config.trustProxy) {
    const hops = c.req.header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
    const forwarded = hops[hops.length - Math.max(1, config.proxyHops)] ?? hops[0];
    if (forwarded) return forwarded.slice(0, 100);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * The key a client's requests are limited under: its IPv4 address, or its IPv6 /64 (a host picks any address
 * of its /64 at will, so one IPv6 address names nothing).
 */
export const clientKey = (c: Context<AppEnv>): string => networkOf(clientAddress(c), CLIENT_PREFIXES);
const CLIENT_PREFIXES = { ipv4Bits: 32, ipv6Bits: 64 } as const;
