import { aliasedTable, and, asc, count, desc, eq, gt, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { agencyScopes, can, unitScopes, type Resource } from "../../auth/policy.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import type { Principal } from "../../domain/principal.js";
import { daysOverdue, doneLate, isOverdue } from "../../domain/task-workflow.js";
import { vnToday } from "../../lib/dates.js";
import { notFound, unauthenticated } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { storedFiles } from "../files/schema.js";
import { adminUnits } from "../units/schema.js";
import type { AgencyView, ListTasksQuery, TaskDetail, TaskList, TaskView, UnitChoice } from "./inputs.js";
import { agencies, taskEvents, tasks } from "./schema.js";

const province = aliasedTable(adminUnits, "task_province");
const assigneeUnit = aliasedTable(adminUnits, "task_unit");

/** Where a task lies for the policy: in its assignee unit, or in the province of the agency it is assigned to. */
const placePath = sql<string>`coalesce(${assigneeUnit.path}, ${province.path})`;

const columns = {
  t: tasks,
  provincePath: province.path,
  unitPath: assigneeUnit.path,
  unitName: assigneeUnit.name,
  unitKind: assigneeUnit.kind,
  agencyName: agencies.name,
};
export type TaskRow = { t: typeof tasks.$inferSelect; provincePath: string; unitPath: string | null; unitName: string | null; unitKind: string | null; agencyName: string | null };

const joined = (db: DbOrTx) =>
  db
    .select(columns)
    .from(tasks)
    .innerJoin(province, eq(province.id, tasks.provinceId))
    .leftJoin(assigneeUnit, eq(assigneeUnit.id, tasks.unitId))
    .leftJoin(agencies, eq(agencies.id, tasks.agencyId));

export function resourceOf(r: Pick<TaskRow, "t" | "provincePath" | "unitPath">): Resource {
  return r.t.agencyId !== null ? { unitPath: r.provincePath, agencyId: r.t.agencyId } : { unitPath: r.unitPath! };
}

/** The one filter of what a principal may read: tasks in its units (by where they lie), and its agencies' tasks. */
export function visibleTasks(principal: Principal): SQL {
  const units = unitScopes(principal, "tasks.read");
  const mine = agencyScopes(principal, "tasks.read");
  const parts = [withinUnits(placePath, units)];
  if (mine.length) parts.push(inArray(tasks.agencyId, mine));
  return or(...parts)!;
}

const unitTitle = (name: string, kind: string) => (name.toLowerCase().startsWith(kind.toLowerCase()) ? name : `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${name}`);

export function taskView(r: TaskRow, principal: Principal | null, now: Date): TaskView {
  const t = r.t;
  const res = resourceOf(r);
  return {
    id: t.id,
    provinceId: t.provinceId,
    title: t.title,
    details: t.details,
    source: { kind: t.sourceKind, number: t.sourceNumber, date: t.sourceDate, title: t.sourceTitle },
    assignee: t.agencyId !== null ? { kind: "agency", id: t.agencyId, name: r.agencyName ?? "" } : { kind: "unit", id: t.unitId!, name: unitTitle(r.unitName ?? "", r.unitKind ?? "") },
    deadline: t.deadline,
    state: t.state,
    overdue: isOverdue(t, now),
    daysOverdue: isOverdue(t, now) ? daysOverdue(t.deadline, now) : 0,
    doneAt: t.doneAt?.toISOString() ?? null,
    doneLate: doneLate(t.deadline, t.doneAt),
    lastReportAt: t.lastReportAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    canReport: can(principal, "tasks.report", res),
    canManage: can(principal, "tasks.manage", res),
  };
}

async function countWhere(db: DbOrTx, where: SQL | undefined): Promise<number> {
  // drizzle types a joined select of one aggregate as never[]; the row is { n } all the same.
  const rows: { n: number }[] = await db.select({ n: count() }).from(tasks).innerJoin(province, eq(province.id, tasks.provinceId)).leftJoin(assigneeUnit, eq(assigneeUnit.id, tasks.unitId)).where(where);
  return rows[0]?.n ?? 0;
}

/** SQL twin of the domain's isOverdue: open, and the deadline day before today in Vietnam. */
const overdueWhere = (today: string) => and(inArray(tasks.state, ["assigned", "in_progress"]), lt(tasks.deadline, today));

export async function listTasks({ ctx, input }: { ctx: ServiceCtx; input: ListTasksQuery }): Promise<TaskList> {
  if (!ctx.principal) throw unauthenticated();
  const today = vnToday(ctx.now);
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => "\\" + m)}%` : undefined;
  const where = and(
    visibleTasks(ctx.principal),
    input.state ? eq(tasks.state, input.state) : undefined,
    input.agencyId ? eq(tasks.agencyId, input.agencyId) : undefined,
    input.unitId ? eq(tasks.unitId, input.unitId) : undefined,
    input.overdue === true ? overdueWhere(today) : input.overdue === false ? sql`not (${overdueWhere(today)})` : undefined,
    q ? or(ilike(tasks.title, q), ilike(tasks.sourceTitle, q), ilike(tasks.sourceNumber, q)) : undefined,
  );
  const [rows, total] = await Promise.all([
    // Open tasks first, the nearest deadline first; closed ones after them, the latest first.
    joined(ctx.db)
      .where(where)
      .orderBy(sql`case when ${tasks.state} in ('assigned', 'in_progress') then 0 else 1 end`, asc(tasks.deadline), desc(tasks.id))
      .limit(input.limit)
      .offset(input.offset),
    countWhere(ctx.db, where),
  ]);
  return { items: rows.map((r) => taskView(r as TaskRow, ctx.principal, ctx.now)), total };
}

/** A task the principal may read, or 404 (a task one may not see does not exist for one). */
export async function readableTask(db: DbOrTx, principal: Principal | null, taskId: number): Promise<TaskRow> {
  if (!principal) throw unauthenticated();
  const [row] = await joined(db).where(and(eq(tasks.id, taskId), visibleTasks(principal))).limit(1);
  if (!row) throw notFound({ vi: "nhiệm vụ", en: "The task" });
  return row as TaskRow;
}

export async function taskDetail(db: DbOrTx, principal: Principal | null, row: TaskRow, now: Date): Promise<TaskDetail> {
  const events = await db
    .select({ e: taskEvents, actorName: users.displayName, fileName: storedFiles.name, fileSize: storedFiles.size })
    .from(taskEvents)
    .leftJoin(users, eq(users.id, taskEvents.actorId))
    .leftJoin(storedFiles, eq(storedFiles.id, taskEvents.fileId))
    .where(eq(taskEvents.taskId, row.t.id))
    .orderBy(asc(taskEvents.id));
  return {
    ...taskView(row, principal, now),
    events: events.map(({ e, actorName, fileName, fileSize }) => ({
      id: e.id,
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      note: e.note,
      file: e.fileId !== null ? { id: e.fileId, name: fileName ?? "", size: fileSize ?? 0 } : null,
      changes: (e.changes as Record<string, [unknown, unknown]> | null) ?? null,
      actorName,
      actorRole: e.actorRole,
      at: e.at.toISOString(),
    })),
  };
}

export async function getTask({ ctx, input }: { ctx: ServiceCtx; input: { taskId: number } }): Promise<TaskDetail> {
  return taskDetail(ctx.db, ctx.principal, await readableTask(ctx.db, ctx.principal, input.taskId), ctx.now);
}

/** A report's file, for whoever may read the task. */
export async function taskFile({ ctx, input }: { ctx: ServiceCtx; input: { taskId: number; fileId: number } }) {
  await readableTask(ctx.db, ctx.principal, input.taskId);
  const [f] = await ctx.db
    .select({ name: storedFiles.name, contentType: storedFiles.contentType, bytes: storedFiles.bytes })
    .from(taskEvents)
    .innerJoin(storedFiles, eq(storedFiles.id, taskEvents.fileId))
    .where(and(eq(taskEvents.taskId, input.taskId), eq(taskEvents.fileId, input.fileId)))
    .limit(1);
  if (!f) throw notFound({ vi: "tệp", en: "The file" });
  return f;
}

/**
 * The overdue tasks a principal's home shows: the office sees what its province assigned, an assignee what it
 * was given. The count is of all of them; `items` the oldest deadlines first.
 */
export async function overdueTasks(db: DbOrTx, principal: Principal, now: Date, limit = 10): Promise<{ items: TaskView[]; total: number }> {
  if (unitScopes(principal, "tasks.read").length === 0 && agencyScopes(principal, "tasks.read").length === 0) return { items: [], total: 0 };
  const where = and(visibleTasks(principal), overdueWhere(vnToday(now)));
  const [rows, total] = await Promise.all([joined(db).where(where).orderBy(asc(tasks.deadline), asc(tasks.id)).limit(limit), countWhere(db, where)]);
  return { items: rows.map((r) => taskView(r as TaskRow, principal, now)), total };
}

// ---- agencies ------------------------------------------------------------------------------------------

const agencyProvince = aliasedTable(adminUnits, "agency_province");

/** The agencies of the provinces the principal manages, with their active staff and open tasks counted. */
export async function listAgencies({ ctx, input = {} }: { ctx: ServiceCtx; input?: { activeOnly?: boolean } }): Promise<AgencyView[]> {
  if (!ctx.principal) throw unauthenticated();
  return agenciesOf(ctx.db, ctx.principal, input);
}

export async function agenciesOf(db: DbOrTx, principal: Principal, input: { activeOnly?: boolean; id?: number } = {}): Promise<AgencyView[]> {
  const scopes = unitScopes(principal, "agencies.manage");
  const staff = db
    .select({ agencyId: roleAssignments.agencyId, n: count().as("staff_n") })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.role, "agency_staff"), isNull(roleAssignments.revokedAt)))
    .groupBy(roleAssignments.agencyId)
    .as("agency_staff_n");
  const open = db
    .select({ agencyId: tasks.agencyId, n: count().as("open_n") })
    .from(tasks)
    .where(inArray(tasks.state, ["assigned", "in_progress"]))
    .groupBy(tasks.agencyId)
    .as("agency_open_n");
  const rows = await db
    .select({ a: agencies, provinceName: agencyProvince.name, staff: staff.n, open: open.n })
    .from(agencies)
    .innerJoin(agencyProvince, eq(agencyProvince.id, agencies.provinceId))
    .leftJoin(staff, eq(staff.agencyId, agencies.id))
    .leftJoin(open, eq(open.agencyId, agencies.id))
    .where(and(withinUnits(agencyProvince.path, scopes), input.activeOnly ? eq(agencies.active, true) : undefined, input.id !== undefined ? eq(agencies.id, input.id) : undefined))
    .orderBy(desc(agencies.active), asc(agencies.name));
  return rows.map((r) => ({
    id: r.a.id,
    provinceId: r.a.provinceId,
    provinceName: r.provinceName,
    name: r.a.name,
    shortName: r.a.shortName,
    kind: r.a.kind,
    active: r.a.active,
    staff: Number(r.staff ?? 0),
    openTasks: Number(r.open ?? 0),
  }));
}

/** The names of agencies (for the home's role cards). */
export async function agencyNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}


/** The communes and districts in force today in the office's provinces: who else a task can go to. */
export async function assignableUnits(db: DbOrTx, principal: Principal, now: Date): Promise<UnitChoice[]> {
  const scopes = unitScopes(principal, "tasks.manage");
  if (!scopes.length) return [];
  const today = vnToday(now);
  const rows = await db
    .select({ id: adminUnits.id, name: adminUnits.name, kind: adminUnits.kind, level: adminUnits.level })
    .from(adminUnits)
    .where(and(withinUnits(adminUnits.path, scopes), inArray(adminUnits.level, ["district", "commune"]), lte(adminUnits.validFrom, today), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today))))
    .orderBy(asc(adminUnits.level), asc(adminUnits.name));
  return rows.map((r) => ({ id: r.id, name: unitTitle(r.name, r.kind), level: r.level as "district" | "commune" }));
}
