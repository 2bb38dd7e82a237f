import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { postgresClaimStore } from "../db/rate-limit-store.js";
import { RateLimiter } from "../lib/rate-limiter.js";
import { tooManyRequests } from "../lib/problem.js";
import { clientKey } from "./client-address.js";
import type { AppEnv, Deps } from "./env.js";

/*
 * The public writes' and scans' budgets, per client (clientKey: an IPv4 address or an IPv6 /64), enforced across
 * every server process by one reconciled limiter (lib/rate-limiter.ts) per app. Sign-in keeps its own
 * database-counted throttle (auth/throttle.ts): it counts failures, at most a few a second, so a query each is fine.
 *
 * - scan: GET /s/{code}, 120 a minute by default (SCAN_RATE_LIMIT). Two a second, all day, is far beyond a
 *   shopper or a shop's counter; generous because many phones share a carrier's address.
 * - report: POST /s/{code}/report, 10 an hour by default (REPORT_RATE_LIMIT): each is a case for the office.
 * - status: the bulk status lookup (POST /api/registry/status, the shops' page and its PDF), 30 a minute: each
 *   asks up to 1,000 ids, so 30,000 a minute, more than a chain's whole shelf; the day's open data is the way to
 *   read everything.
 */

export type RateLimits = AppEnv["Variables"]["limits"];
export type RateLimitName = keyof RateLimits["rules"];

export function createRateLimits(deps: Deps): RateLimits {
  const r = deps.config.rateLimits;
  const limiter = new RateLimiter(postgresClaimStore(deps.database.db), { node: randomUUID(), syncMs: r.syncMs, now: deps.now, logger: deps.logger });
  return {
    limiter,
    rules: {
      scan: { name: "scan", limit: r.scansPerMinute, windowMs: 60_000 },
      report: { name: "report", limit: r.reportsPerHour, windowMs: 3_600_000 },
      // Complaints about a product (POST /complaints/new): the same budget as fake reports, counted apart.
      complaint: { name: "complaint", limit: r.reportsPerHour, windowMs: 3_600_000 },
      status: { name: "status", limit: 30, windowMs: 60_000 },
    },
  };
}

/**
 * Counts the request against its client's budget: 0 when it may go on, else the seconds to wait. A number on the
 * fast path (no promise, no database), so the scan page pays a Map lookup.
 */
export function limitRequest(c: Context<AppEnv>, name: RateLimitName): number | Promise<number> {
  const limits = c.get("limits");
  return limits.limiter.hit(limits.rules[name], clientKey(c), c.get("deps").now());
}

/** The same, throwing the 429 (problem+json, or the Vietnamese page for a browser: app.ts) when refused. */
export async function enforceLimit(c: Context<AppEnv>, name: RateLimitName): Promise<void> {
  const wait = await limitRequest(c, name);
  if (wait > 0) throw tooManyRequests(wait);
}
