import { createHash } from "node:crypto";
import { asc, eq, gt, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { DbOrTx, Tx } from "../../db/client.js";
import { canonicalJson } from "../../lib/canonical-json.js";
import type { ChainReport } from "./inputs.js";
import { auditHead, auditLog } from "./schema.js";

export const GENESIS_HASH = "0".repeat(64);
// Any constant works; it only has to be the same for every writer of the chain.
const AUDIT_LOCK_KEY = 7_042_001;

export type AuditEntry = {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | number;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

type Hashable = {
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  prevHash: string;
};

export function hashRecord(r: Hashable): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    actorId: r.actorId,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    before: r.before ?? null,
    after: r.after ?? null,
    requestId: r.requestId,
    prevHash: r.prevHash,
  });
  return createHash("sha256").update(body).digest("hex");
}

/**
 * Appends one record inside the caller's transaction, so the change and its audit record commit or roll back
 * together. The transaction-scoped advisory lock serialises writers: the chain never forks.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry, at: Date): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  // Stored timestamps have microsecond precision and Dates millisecond; hash exactly what is stored.
  const stamp = new Date(Math.floor(at.getTime()));
  const record: Hashable = {
    seq,
    at: stamp,
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: String(entry.subjectId),
    before: normalise(entry.before),
    after: normalise(entry.after),
    requestId: entry.requestId ?? null,
    prevHash,
  };
  const hash = hashRecord(record);
  await tx.insert(auditLog).values({ ...record, hash });
  await tx
    .insert(auditHead)
    .values({ id: 1, seq, hash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash } });
  return { seq, hash };
}

// What jsonb gives back: plain JSON (Dates as ISO strings, undefined dropped).
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(canonicalJson(v));
}

/**
 * Walks the whole chain in pages and reports the first broken link. A live chain grows while it is walked, so
 * the walk and the head are read in one repeatable-read snapshot; otherwise a record committed between the
 * last page and the head read looks like a deleted one.
 */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000): Promise<ChainReport> {
  if (db instanceof PgTransaction) return walkChain(db, pageSize);
  return db.transaction((tx) => walkChain(tx, pageSize), { isolationLevel: "repeatable read", accessMode: "read only" });
}

async function walkChain(db: DbOrTx, pageSize: number): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(pageSize);
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, records, brokenAt: expectedSeq, reason: `record ${expectedSeq} is missing (next is ${r.seq})` };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, records, brokenAt: r.seq, reason: `record ${r.seq} does not point to the hash of record ${r.seq - 1}` };
      }
      const recomputed = hashRecord({ ...r, before: r.before, after: r.after });
      if (recomputed !== r.hash) {
        return { ok: false, records, brokenAt: r.seq, reason: `record ${r.seq} was altered after it was written` };
      }
      prevHash = r.hash;
      expectedSeq++;
      records++;
      lastSeq = r.seq;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const headSeq = head?.seq ?? 0;
  if (headSeq > lastSeq) {
    return { ok: false, records, brokenAt: lastSeq + 1, reason: `the chain ends at record ${lastSeq} but ${headSeq} were written` };
  }
  if (headSeq < lastSeq) {
    return { ok: false, records, brokenAt: headSeq + 1, reason: `records ${headSeq + 1} to ${lastSeq} lie beyond the head (${headSeq}): added outside writeAudit` };
  }
  if (head && head.hash !== prevHash) {
    return { ok: false, records, brokenAt: headSeq, reason: `record ${headSeq} does not match the hash the head remembers` };
  }
  return { ok: true, records, headSeq, headHash: prevHash };
}

/** What a verb records of its change; who acted, when and in which request come from its context. */
export type AuditChange = { action: string; subjectType: string; subjectId: string | number; before?: unknown; after?: unknown };

/**
 * The audit record of a verb's change, in the verb's transaction: the actor, the request id and the time are
 * taken from the service context once, here, instead of by every caller.
 */
export function audit(tx: Tx, ctx: { principal: { userId: string } | null; now: Date; requestId?: string | null | undefined }, change: AuditChange): Promise<{ seq: number; hash: string }> {
  return writeAudit(tx, { ...change, actorId: ctx.principal?.userId ?? null, requestId: ctx.requestId ?? null }, ctx.now);
}
