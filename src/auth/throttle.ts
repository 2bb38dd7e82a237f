import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { loginThrottle } from "../modules/accounts/schema.js";

/**
 * Failed sign-ins counted in the database so every app process shares them. A username may fail 5 times in
 * 15 minutes; an address 20 times, because a commune or district office often signs in from behind one NAT.
 * Reaching the limit locks the key for 15 minutes.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
  userLimit: 5,
  addressLimit: 20,
} as const;

export type ThrottleKey = { key: string; limit: number };

export function throttleKeys(username: string, address: string): ThrottleKey[] {
  return [
    { key: `user:${username.trim().toLowerCase().slice(0, 200)}`, limit: THROTTLE.userLimit },
    { key: `addr:${address}`, limit: THROTTLE.addressLimit },
  ];
}

/** Seconds until the latest lock on any of the keys ends, or 0 when none is locked. */
export async function lockedFor(db: DbOrTx, keys: ThrottleKey[], now: Date): Promise<number> {
  const rows = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.key, keys.map((k) => k.key)), gt(loginThrottle.lockedUntil, now)));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Counts one failure against each key in one statement per key, so concurrent failures are all counted. */
export async function recordFailure(db: DbOrTx, keys: ThrottleKey[], now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - THROTTLE.windowMs);
  const lockUntil = new Date(now.getTime() + THROTTLE.lockMs);
  for (const { key, limit } of keys) {
    const stale = sql`${loginThrottle.windowStart} <= ${ts(cutoff)}`;
    const next = sql`(case when ${stale} then 1 else ${loginThrottle.failures} + 1 end)`;
    await db
      .insert(loginThrottle)
      .values({ key, failures: 1, windowStart: now, lockedUntil: limit <= 1 ? lockUntil : null })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: next,
          windowStart: sql`case when ${stale} then ${ts(now)} else ${loginThrottle.windowStart} end`,
          lockedUntil: sql`case when ${next} >= ${limit} then ${ts(lockUntil)} when ${stale} then null else ${loginThrottle.lockedUntil} end`,
        },
      });
  }
}

export async function clearFailures(db: DbOrTx, key: ThrottleKey, now: Date): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key.key));
  // Rows of guessed usernames pile up otherwise; a successful sign-in is a cheap, infrequent moment to sweep.
  const cutoff = new Date(now.getTime() - THROTTLE.windowMs);
  await db
    .delete(loginThrottle)
    .where(and(lt(loginThrottle.windowStart, cutoff), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, now))));
}
