import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained. `seq` is assigned under an advisory lock so the chain never forks; the head
 * row remembers the last seq and hash so that deleting the newest records is detected too.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  // By action in time order: the EPCIS events (modules/epcis) page through the stamps' activations and voids.
  (t) => [index("audit_log_subject_idx").on(t.subjectType, t.subjectId), index("audit_log_action_at_idx").on(t.action, t.at)],
);

export const auditHead = pgTable("audit_head", {
  id: smallint("id").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

/**
 * Signed checkpoints of the head: the anchor a database dump cannot forge. The signature is a compact JWS
 * (EdDSA, Ed25519) over `{v, seq, hash, at, reason}` made with a key the database never holds, so rewriting a
 * record and recomputing every later hash, or cutting the tail and moving the head back, no longer verifies.
 * Written in the transaction of every CHECKPOINT_EVERY-th record, and by the daily job for a head that moved.
 * Append-only like the log (trigger in the migration).
 */
export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    hash: text("hash").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    reason: text("reason", { enum: ["count", "daily"] }).notNull(),
    kid: text("kid").notNull(),
    jws: text("jws").notNull(),
  },
  (t) => [check("audit_checkpoints_reason_ck", sql`${t.reason} in ('count', 'daily')`)],
);
