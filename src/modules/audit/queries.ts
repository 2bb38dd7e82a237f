import { and, asc, desc, eq, gte, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { adminUnits } from "../units/schema.js";
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
  // Vietnam days (UTC+7, no daylight saving): from its midnight, up to the next day's midnight.
  if (q.from) where.push(gte(auditLog.at, new Date(`${q.from}T00:00:00+07:00`)));
  if (q.to) where.push(lt(auditLog.at, new Date(Date.parse(`${q.to}T00:00:00+07:00`) + 86_400_000)));
  if (q.unitPath) {
    where.push(
      sql`exists (select 1 from ${roleAssignments} ra join ${adminUnits} u on u.id = ra.unit_id where ra.user_id = ${auditLog.actorId} and (u.path = ${q.unitPath} or u.path like ${q.unitPath + ".%"}))`,
    );
  }
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

/** The people who appear in the log, for the page's person picker (name and username, never the user id to type). */
export async function auditActors(db: DbOrTx): Promise<{ id: string; name: string; code: string }[]> {
  const rows = await db
    .selectDistinct({ id: users.id, name: users.displayName, code: users.username })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorId))
    .where(isNotNull(auditLog.actorId));
  return rows.sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

/** Display names of the given accounts (those that still exist), by id. */
export async function accountNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id.toLowerCase(), r.name]));
}

/** The units people hold roles in, for the page's unit picker: official code, name and level. */
export async function auditUnits(db: DbOrTx): Promise<{ id: number; name: string; code: string; path: string; level: string; validTo: string | null }[]> {
  return db
    .select({ id: adminUnits.id, name: adminUnits.name, code: adminUnits.code, path: adminUnits.path, level: adminUnits.level, validTo: adminUnits.validTo })
    .from(adminUnits)
    .where(inArray(adminUnits.level, ["country", "province", "district", "commune"]))
    .orderBy(asc(adminUnits.path));
}

/** What a person did last (their newest records), for their home page. */
export async function lastActionsOf(db: DbOrTx, actorId: string, limit = 5): Promise<AuditRecord[]> {
  return (await listAuditRecords(db, { actorId, limit } as AuditPageRequest)).items;
}
