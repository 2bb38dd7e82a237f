import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { users } from "../accounts/schema.js";
import type { AuditPageRequest, AuditRecord } from "./inputs.js";
import { auditLog } from "./schema.js";

/** Newest first, keyset-paginated by seq so a page never shifts while new records are appended. */
export async function listAuditRecords(db: DbOrTx, q: AuditPageRequest): Promise<{ items: AuditRecord[]; nextCursor: number | null }> {
  const where: SQL[] = [];
  if (q.subjectType) where.push(eq(auditLog.subjectType, q.subjectType));
  if (q.subjectId) where.push(eq(auditLog.subjectId, q.subjectId));
  if (q.actorId) where.push(eq(auditLog.actorId, q.actorId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.cursor !== undefined) where.push(lt(auditLog.seq, q.cursor));
  const rows = await db
    .select({ record: auditLog, actorName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...where))
    .orderBy(desc(auditLog.seq))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map((r) => ({ ...r.record, actorName: r.actorName }));
  const more = rows.length > q.limit;
  return { items, nextCursor: more ? items[items.length - 1]!.seq : null };
}
