import { createHash } from "node:crypto";
import { asc, desc, eq, gt, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db, DbOrTx, Tx } from "../../db/client.js";
import { canonicalJson } from "../../lib/canonical-json.js";
import type { ChainReport } from "./inputs.js";
import { type AuditKey, CHECKPOINT_EVERY, DAILY_CHECKPOINT_AFTER_MS, installedAuditKey, openCheckpoint, signCheckpoint } from "./runtime/signing.js";
import { auditCheckpoints, auditHead, auditLog } from "./schema.js";

export const GENESIS_HASH = "0".repeat(64);
// Any constant works; it only has to be the same for every writer of the chain and its checkpoints.
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
  // Before anything is written: no record without the key that anchors it.
  const key = installedAuditKey();
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
  if (seq % CHECKPOINT_EVERY === 0) await insertCheckpoint(tx, key, { seq, hash, at: stamp, reason: "count" });
  return { seq, hash };
}

// What jsonb gives back: plain JSON (Dates as ISO strings, undefined dropped).
function normalise(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(canonicalJson(v));
}

/** Signs the head as it is in this transaction (the caller holds the audit lock). */
export async function insertCheckpoint(tx: Tx, key: AuditKey, c: { seq: number; hash: string; at: Date; reason: "count" | "daily" }): Promise<void> {
  const at = new Date(Math.floor(c.at.getTime()));
  const jws = signCheckpoint(key, { v: 1, seq: c.seq, hash: c.hash, at: at.toISOString(), reason: c.reason });
  await tx.insert(auditCheckpoints).values({ seq: c.seq, hash: c.hash, at, reason: c.reason, kid: key.kid, jws });
}

/**
 * The daily checkpoint: signs the head when it moved past the newest checkpoint and that one is a day old (or
 * there is none yet: the first start after the upgrade anchors the chain written before it). Idempotent, so the
 * hourly job may call it every hour. Returns the seq it signed, or null.
 */
export async function checkpointHead(db: Db, now: Date, key: AuditKey = installedAuditKey()): Promise<number | null> {
  return signHead(db, now, key, DAILY_CHECKPOINT_AFTER_MS);
}

/**
 * Signs the head now if it moved past the newest checkpoint, whatever that one's age: for a record that must
 * name a signed head covering everything written before it (the day's open-data manifest, issue 19). Idempotent.
 */
export async function checkpointHeadNow(db: Db, now: Date, key: AuditKey = installedAuditKey()): Promise<number | null> {
  return signHead(db, now, key, 0);
}

async function signHead(db: Db, now: Date, key: AuditKey, minAgeMs: number): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [head] = await tx.select().from(auditHead);
    if (!head) return null;
    const [last] = await tx.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
    if (last && (head.seq <= last.seq || now.getTime() - last.at.getTime() < minAgeMs)) return null;
    await insertCheckpoint(tx, key, { seq: head.seq, hash: head.hash, at: now, reason: "daily" });
    return head.seq;
  });
}

/**
 * Walks the whole chain in pages and reports the first broken link, then holds it against the signed
 * checkpoints. A live chain grows while it is walked, so the walk, the checkpoints and the head are read in one
 * repeatable-read snapshot; otherwise a record committed between the last page and the head read looks like a
 * deleted one. `key` is the public key the checkpoints must verify under (the installed one by default).
 */
export async function verifyAuditChain(db: DbOrTx, pageSize = 5000, key: AuditKey = installedAuditKey()): Promise<ChainReport> {
  if (db instanceof PgTransaction) return walkChain(db, pageSize, key);
  return db.transaction((tx) => walkChain(tx, pageSize, key), { isolationLevel: "repeatable read", accessMode: "read only" });
}

type Checkpoint = typeof auditCheckpoints.$inferSelect;
type Broken = Extract<ChainReport, { ok: false }>;

const day = (d: Date) => d.toISOString();

/** Each checkpoint row must carry a signature of this key over exactly its own seq, hash and time. */
function forgedCheckpoint(key: AuditKey, cps: Checkpoint[]): Broken | null {
  for (const cp of cps) {
    const p = openCheckpoint(key, cp.jws);
    if (!p || p.seq !== cp.seq || p.hash !== cp.hash || p.at !== cp.at.toISOString() || p.reason !== cp.reason) {
      return { ok: false, records: 0, brokenAt: cp.seq, reason: `the checkpoint of record ${cp.seq} is not signed by the audit key ${key.kid} (forged or altered)` };
    }
  }
  return null;
}

/** After the first checkpoint, every CHECKPOINT_EVERY-th record up to the end has its own: a deleted one shows. */
function missingCheckpoint(cps: Map<number, Checkpoint>, first: number, lastSeq: number): number | null {
  for (let m = (Math.floor(first / CHECKPOINT_EVERY) + 1) * CHECKPOINT_EVERY; m <= lastSeq; m += CHECKPOINT_EVERY) {
    if (!cps.has(m)) return m;
  }
  return null;
}

async function walkChain(db: DbOrTx, pageSize: number, key: AuditKey): Promise<ChainReport> {
  const cpList = await db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
  const forged = forgedCheckpoint(key, cpList);
  if (forged) return forged;
  const cps = new Map(cpList.map((c) => [c.seq, c]));

  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  let lastSeq = 0;
  // The newest checkpoint the walk has matched: everything up to it is anchored by the signature.
  let anchored = 0;
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
      const cp = cps.get(r.seq);
      if (cp && cp.hash !== r.hash) {
        // The links hold, so the hashes were recomputed: the change lies after the last checkpoint that matched.
        return {
          ok: false,
          records: anchored,
          brokenAt: anchored + 1,
          reason: `records ${anchored + 1} to ${r.seq} no longer match the checkpoint signed at record ${r.seq} on ${day(cp.at)}: a record was rewritten and the later hashes recomputed`,
        };
      }
      if (cp) anchored = r.seq;
      prevHash = r.hash;
      expectedSeq++;
      records++;
      lastSeq = r.seq;
    }
    if (rows.length < pageSize) break;
  }
  const beyond = cpList.find((c) => c.seq > lastSeq);
  if (beyond) {
    return { ok: false, records, brokenAt: lastSeq + 1, reason: `the checkpoint signed on ${day(beyond.at)} names record ${beyond.seq}, but the log ends at ${lastSeq}: records were removed` };
  }
  if (cpList.length > 0) {
    const missing = missingCheckpoint(cps, cpList[0]!.seq, lastSeq);
    if (missing !== null) return { ok: false, records, brokenAt: missing, reason: `the signed checkpoint of record ${missing} is missing` };
  } else if (lastSeq >= CHECKPOINT_EVERY) {
    return { ok: false, records, brokenAt: 1, reason: `${lastSeq} records and no signed checkpoint: the chain is not anchored (or its checkpoints were removed)` };
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
  const last = cpList[cpList.length - 1];
  return {
    ok: true,
    records,
    headSeq,
    headHash: prevHash,
    keyId: key.kid,
    checkpoints: cpList.length,
    lastCheckpoint: last ? { seq: last.seq, at: last.at.toISOString(), reason: last.reason, jws: last.jws } : null,
  };
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
