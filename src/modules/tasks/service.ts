import { and, eq, sql } from "drizzle-orm";
import { authorize, can, unitScopes } from "../../auth/policy.js";
import type { Tx } from "../../db/client.js";
import type { Principal } from "../../domain/principal.js";
import { notInForceProblem } from "../../domain/successor.js";
import { officeStep, reportStep, type TaskStep } from "../../domain/task-workflow.js";
import { vnToday } from "../../lib/dates.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import { UPLOAD_LIMITS } from "../../lib/upload-limits.js";
import { checkUpload, type UploadedFile } from "../../lib/uploads.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { audit } from "../audit/index.js";
import { storedFiles } from "../files/schema.js";
import { adminUnits } from "../units/schema.js";
import type { AgencyInput, AgencyView, CancelTaskInput, CreateTaskInput, TaskDetail, TaskReportInput, UpdateAgencyInput, UpdateTaskInput } from "./inputs.js";
import { agenciesOf, readableTask, resourceOf, taskDetail, type TaskRow } from "./queries.js";
import { agencies, taskEvents, tasks } from "./schema.js";

const fieldError = (path: string, vi: string, en: string) => validationError([{ path, message: en, vi, en }], { vi, en });

const stepProblem = (s: Extract<TaskStep, { ok: false }>) => conflict(s.code, { vi: "Nhiệm vụ đã kết thúc", en: "The task is closed" }, { vi: s.vi, en: s.en });

// ---- agencies ------------------------------------------------------------------------------------------

/** The province an office acts for: the one given, or the only one it manages. */
function officeProvince(principal: Principal, given: number | undefined): number {
  const held = principal.grants.filter((g) => g.role === "province_office" && g.unitId !== undefined).map((g) => g.unitId!);
  if (given !== undefined) {
    if (!held.includes(given)) throw forbidden({ vi: "Bạn không quản lý danh sách cơ quan của tỉnh này.", en: "You do not keep this province's list of agencies." });
    return given;
  }
  if (held.length === 1) return held[0]!;
  if (!held.length) throw forbidden();
  throw fieldError("provinceId", "Chọn tỉnh của cơ quan, đơn vị (provinceId).", "Choose the agency's province (provinceId).");
}

async function agencyView(tx: Tx, ctx: ServiceCtx, id: number): Promise<AgencyView> {
  return (await agenciesOf(tx, ctx.principal!, { id }))[0]!;
}

const agencyExists = (name: string) =>
  conflict("agency-exists", { vi: "Đã có cơ quan, đơn vị này", en: "The agency exists" }, { vi: `Danh sách đã có "${name}".`, en: `The list already holds "${name}".` });

async function assertNameFree(tx: Tx, provinceId: number, name: string, except?: number) {
  const [dup] = await tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.provinceId, provinceId), eq(sql`lower(${agencies.name})`, name.toLowerCase())))
    .limit(1);
  if (dup && dup.id !== except) throw agencyExists(name);
}

export async function createAgency({ ctx, input }: { ctx: ServiceCtx; input: AgencyInput }): Promise<AgencyView> {
  if (!ctx.principal) throw unauthenticated();
  const provinceId = officeProvince(ctx.principal, input.provinceId);
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx.select({ path: adminUnits.path, level: adminUnits.level }).from(adminUnits).where(eq(adminUnits.id, provinceId)).limit(1);
    if (!p || p.level !== "province") throw fieldError("provinceId", "Không có tỉnh này.", "No such province.");
    authorize(ctx.principal, "agencies.manage", { unitPath: p.path });
    await assertNameFree(tx, provinceId, input.name);
    const [row] = await tx
      .insert(agencies)
      .values({ provinceId, name: input.name, shortName: input.shortName ?? null, kind: input.kind, createdBy: ctx.principal!.userId, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    await audit(tx, ctx, { action: "agency.create", subjectType: "agency", subjectId: row!.id, after: row });
    return agencyView(tx, ctx, row!.id);
  });
}

export async function updateAgency({ ctx, input }: { ctx: ServiceCtx; input: UpdateAgencyInput & { agencyId: number } }): Promise<AgencyView> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: agencies, path: adminUnits.path })
      .from(agencies)
      .innerJoin(adminUnits, eq(adminUnits.id, agencies.provinceId))
      .where(eq(agencies.id, input.agencyId))
      .for("update", { of: agencies })
      .limit(1);
    if (!row) throw notFound({ vi: "cơ quan, đơn vị", en: "The agency" });
    authorize(ctx.principal, "agencies.manage", { unitPath: row.path });
    if (input.name !== undefined) await assertNameFree(tx, row.a.provinceId, input.name, row.a.id);
    const set = Object.fromEntries(Object.entries({ name: input.name, shortName: input.shortName === "" ? null : input.shortName, kind: input.kind, active: input.active }).filter(([, v]) => v !== undefined));
    const [after] = await tx.update(agencies).set({ ...set, updatedAt: ctx.now }).where(eq(agencies.id, row.a.id)).returning();
    await audit(tx, ctx, { action: "agency.update", subjectType: "agency", subjectId: row.a.id, before: row.a, after });
    return agencyView(tx, ctx, row.a.id);
  });
}

// ---- tasks ---------------------------------------------------------------------------------------------

/** The assignee checked: an active agency, or a commune or district in force today; and the province it lies in. */
async function resolveAssignee(tx: Tx, input: { agencyId?: number | undefined; unitId?: number | undefined }, today: string): Promise<{ provinceId: number; provincePath: string; agencyId: number | null; unitId: number | null; unitPath: string | null }> {
  if (input.agencyId !== undefined) {
    const [a] = await tx.select({ a: agencies, path: adminUnits.path }).from(agencies).innerJoin(adminUnits, eq(adminUnits.id, agencies.provinceId)).where(eq(agencies.id, input.agencyId)).limit(1);
    if (!a) throw fieldError("agencyId", `Không có cơ quan, đơn vị mã ${input.agencyId}.`, `There is no agency ${input.agencyId}.`);
    if (!a.a.active) throw fieldError("agencyId", `"${a.a.name}" đã ngừng hoạt động; không giao nhiệm vụ mới.`, `"${a.a.name}" is inactive; it takes no new tasks.`);
    return { provinceId: a.a.provinceId, provincePath: a.path, agencyId: a.a.id, unitId: null, unitPath: null };
  }
  const [u] = await tx.select().from(adminUnits).where(eq(adminUnits.id, input.unitId!)).limit(1);
  if (!u) throw fieldError("unitId", `Không có đơn vị hành chính mã ${input.unitId}.`, `There is no administrative unit ${input.unitId}.`);
  if (u.level !== "commune" && u.level !== "district") throw fieldError("unitId", `Chỉ giao nhiệm vụ cho UBND cấp xã hoặc cấp huyện; "${u.name}" không phải.`, `Tasks go to a commune or a district; "${u.name}" is neither.`);
  const gone = notInForceProblem(u, today);
  if (gone) throw fieldError("unitId", gone.vi, gone.en);
  const rootId = Number(u.path.split(".")[0]);
  const [p] = await tx.select({ id: adminUnits.id, path: adminUnits.path, level: adminUnits.level }).from(adminUnits).where(eq(adminUnits.id, rootId)).limit(1);
  if (!p || p.level !== "province") throw fieldError("unitId", `"${u.name}" không thuộc tỉnh nào.`, `"${u.name}" lies in no province.`);
  return { provinceId: p.id, provincePath: p.path, agencyId: null, unitId: u.id, unitPath: u.path };
}

async function lockTask(tx: Tx, ctx: ServiceCtx, taskId: number): Promise<TaskRow> {
  if (!ctx.principal) throw unauthenticated();
  await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, taskId)).for("update").limit(1);
  return readableTask(tx, ctx.principal, taskId);
}

/** The role in which the principal acts on the task (kept on the history entry). */
function actingRole(principal: Principal, row: TaskRow, action: "tasks.manage" | "tasks.report"): string {
  const res = resourceOf(row);
  return principal.grants.find((g) => can({ ...principal, grants: [g] }, action, res))?.role ?? "";
}

const auditedTask = (t: typeof tasks.$inferSelect) => ({ ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString(), doneAt: t.doneAt?.toISOString() ?? null, lastReportAt: t.lastReportAt?.toISOString() ?? null });

export async function createTask({ ctx, input }: { ctx: ServiceCtx; input: CreateTaskInput }): Promise<TaskDetail> {
  if (!ctx.principal) throw unauthenticated();
  // Who may not assign at all learns nothing about which agencies and units exist.
  if (!managesTasks(ctx.principal)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const who = await resolveAssignee(tx, input, vnToday(ctx.now));
    // The office of the province the assignee lies in assigns; another province's office may not.
    authorize(ctx.principal, "tasks.manage", { unitPath: who.provincePath });
    const [row] = await tx
      .insert(tasks)
      .values({
        provinceId: who.provinceId,
        title: input.title,
        details: input.details ?? null,
        sourceKind: input.source.kind,
        sourceNumber: input.source.number ?? null,
        sourceDate: input.source.date,
        sourceTitle: input.source.title,
        agencyId: who.agencyId,
        unitId: who.unitId,
        deadline: input.deadline,
        state: "assigned",
        createdBy: ctx.principal!.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(taskEvents).values({ taskId: row!.id, kind: "create", fromState: null, toState: "assigned", actorId: ctx.principal!.userId, actorRole: "province_office", at: ctx.now });
    await audit(tx, ctx, { action: "task.create", subjectType: "task", subjectId: row!.id, after: auditedTask(row!) });
    return taskDetail(tx, ctx.principal, await readableTask(tx, ctx.principal, row!.id), ctx.now);
  });
}

export async function updateTask({ ctx, input }: { ctx: ServiceCtx; input: UpdateTaskInput & { taskId: number } }): Promise<TaskDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockTask(tx, ctx, input.taskId);
    authorize(ctx.principal, "tasks.manage", resourceOf(r));
    const step = officeStep(r.t.state, "edit");
    if (!step.ok) throw stepProblem(step);
    const deadline = input.deadline ?? r.t.deadline;
    if (deadline < r.t.sourceDate) throw fieldError("deadline", "Hạn hoàn thành không được trước ngày của văn bản giao nhiệm vụ.", "The deadline cannot be before the source document's date.");
    const wanted = { title: input.title, details: input.details === "" ? null : input.details, deadline: input.deadline };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(wanted)) {
      const before = r.t[k as keyof typeof wanted];
      if (v !== undefined && v !== before) changes[k] = [before, v];
    }
    if (!Object.keys(changes).length) return taskDetail(tx, ctx.principal, r, ctx.now);
    const set = Object.fromEntries(Object.entries(changes).map(([k, [, v]]) => [k, v]));
    const [after] = await tx.update(tasks).set({ ...set, updatedAt: ctx.now }).where(eq(tasks.id, r.t.id)).returning();
    await tx.insert(taskEvents).values({ taskId: r.t.id, kind: "edit", fromState: r.t.state, toState: r.t.state, note: input.note ?? null, changes, actorId: ctx.principal!.userId, actorRole: actingRole(ctx.principal!, r, "tasks.manage"), at: ctx.now });
    await audit(tx, ctx, { action: "task.update", subjectType: "task", subjectId: r.t.id, before: auditedTask(r.t), after: { ...auditedTask(after!), note: input.note ?? null } });
    return taskDetail(tx, ctx.principal, await readableTask(tx, ctx.principal, r.t.id), ctx.now);
  });
}

export async function cancelTask({ ctx, input }: { ctx: ServiceCtx; input: CancelTaskInput & { taskId: number } }): Promise<TaskDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockTask(tx, ctx, input.taskId);
    authorize(ctx.principal, "tasks.manage", resourceOf(r));
    const step = officeStep(r.t.state, "cancel");
    if (!step.ok) throw stepProblem(step);
    await tx.update(tasks).set({ state: step.to, updatedAt: ctx.now }).where(eq(tasks.id, r.t.id));
    await tx.insert(taskEvents).values({ taskId: r.t.id, kind: "cancel", fromState: r.t.state, toState: step.to, note: input.reason, actorId: ctx.principal!.userId, actorRole: actingRole(ctx.principal!, r, "tasks.manage"), at: ctx.now });
    await audit(tx, ctx, { action: "task.cancel", subjectType: "task", subjectId: r.t.id, before: { state: r.t.state }, after: { state: step.to, reason: input.reason } });
    return taskDetail(tx, ctx.principal, await readableTask(tx, ctx.principal, r.t.id), ctx.now);
  });
}

/**
 * The assignee's report: progress (the task is in progress) or completion (done), with a note and at most one
 * file, checked by content and stored with the history entry in the same transaction as its audit record.
 */
export async function reportOnTask({ ctx, input }: { ctx: ServiceCtx; input: TaskReportInput & { taskId: number; file?: UploadedFile | null | undefined } }): Promise<TaskDetail> {
  const upload = input.file ? checkUpload(input.file, UPLOAD_LIMITS.taskReportFile) : null;
  return ctx.db.transaction(async (tx) => {
    const r = await lockTask(tx, ctx, input.taskId);
    authorize(ctx.principal, "tasks.report", resourceOf(r));
    const step = reportStep(r.t.state, input.kind);
    if (!step.ok) throw stepProblem(step);
    const [file] = upload
      ? await tx.insert(storedFiles).values({ name: upload.name, contentType: upload.contentType, size: upload.bytes.byteLength, sha256: upload.sha256, bytes: upload.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now }).returning({ id: storedFiles.id })
      : [];
    await tx
      .update(tasks)
      .set({ state: step.to, lastReportAt: ctx.now, doneAt: step.to === "done" ? ctx.now : null, updatedAt: ctx.now })
      .where(eq(tasks.id, r.t.id));
    const role = actingRole(ctx.principal!, r, "tasks.report");
    await tx.insert(taskEvents).values({ taskId: r.t.id, kind: input.kind, fromState: r.t.state, toState: step.to, note: input.note, fileId: file?.id ?? null, actorId: ctx.principal!.userId, actorRole: role, at: ctx.now });
    await audit(tx, ctx, {
      action: input.kind === "done" ? "task.complete" : "task.progress",
      subjectType: "task",
      subjectId: r.t.id,
      before: { state: r.t.state },
      after: { state: step.to, role, note: input.note, ...(upload ? { file: { id: file!.id, name: upload.name, sha256: upload.sha256 } } : {}) },
    });
    return taskDetail(tx, ctx.principal, await readableTask(tx, ctx.principal, r.t.id), ctx.now);
  });
}

/** Whether the principal manages tasks anywhere (the office's pages). */
export const managesTasks = (principal: Principal | null) => unitScopes(principal, "tasks.manage").length > 0;
