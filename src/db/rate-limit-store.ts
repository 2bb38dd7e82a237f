import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { ClaimStore } from "../lib/rate-limiter.js";
import type { Db } from "./types.js";

/*
 * The rate limiter's shared store (lib/rate-limiter.ts): one row per rule, key, window and process, holding that
 * process's hits and its claim on the window's budget. Each process writes only its own rows; the sums over
 * processes are read under one advisory lock, so claims are decided one process at a time. Rows live as long as
 * their window (a minute for scans, an hour for reports) and are swept after it.
 */
export const rateLimitClaims = pgTable(
  "rate_limit_claims",
  {
    limiter: text("limiter").notNull(),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    node: text("node").notNull(),
    hits: integer("hits").notNull(),
    claimed: integer("claimed").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.limiter, t.key, t.windowStart, t.node] }), index("rate_limit_claims_expires_idx").on(t.expiresAt)],
);

// pg_advisory_xact_lock's key for the claims: one lock for all rules (reconciles are a few a second per process).
const CLAIMS_LOCK = 0x0c0b_7a7e;

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : ((r as { rows: T[] }).rows ?? [])) as T[];

export function postgresClaimStore(db: Db): ClaimStore {
  return {
    async reconcile(node, refs, decide) {
      await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${CLAIMS_LOCK})`);
        const keys = JSON.stringify(refs.map((r, i) => ({ i, l: r.limiter, k: r.key, w: r.windowStart.toISOString() })));
        const found = rowsOf<{ i: number; hits: number; claimed: number }>(
          await tx.execute(sql`select x.i, coalesce(sum(c.hits), 0)::int as hits, coalesce(sum(c.claimed), 0)::int as claimed
            from json_to_recordset(${keys}::json) as x(i int, l text, k text, w timestamptz)
            left join rate_limit_claims c on c.limiter = x.l and c.key = x.k and c.window_start = x.w and c.node <> ${node}
            group by x.i`),
        );
        const others = refs.map(() => ({ hits: 0, claimed: 0 }));
        for (const f of found) others[Number(f.i)] = { hits: Number(f.hits), claimed: Number(f.claimed) };
        const mine = decide(others);
        const rows = JSON.stringify(refs.map((r, i) => ({ l: r.limiter, k: r.key, w: r.windowStart.toISOString(), e: r.expiresAt.toISOString(), h: mine[i]!.hits, c: mine[i]!.claimed })));
        await tx.execute(sql`insert into rate_limit_claims (limiter, key, window_start, node, hits, claimed, expires_at)
          select l, k, w, ${node}, h, c, e from json_to_recordset(${rows}::json) as x(l text, k text, w timestamptz, e timestamptz, h int, c int)
          on conflict (limiter, key, window_start, node) do update set hits = excluded.hits, claimed = excluded.claimed`);
      });
    },
    async sweep(now) {
      await db.execute(sql`delete from rate_limit_claims where expires_at < ${now.toISOString()}::timestamptz`);
    },
  };
}
