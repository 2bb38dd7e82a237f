import { and, asc, count, eq, inArray } from "drizzle-orm";
import { can } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import type { Tx } from "../../db/client.js";
import { isIdeaEditable, transition, type IdeaAction, type IdeaState } from "../../domain/idea-workflow.js";
import { chainHasDistrict, type LevelChain } from "../../domain/level-chain.js";
import { standInNote } from "../../domain/successor.js";
import { vnToday } from "../../lib/dates.js";
import type { WorkflowError } from "../../domain/workflow.js";
import { AppError, type FieldError, conflict, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { workflowProblem } from "../../http/workflow-problem.js";
import { checkUpload } from "../../lib/uploads.js";
import { UPLOAD_LIMITS } from "../../lib/upload-limits.js";
import { audit } from "../audit/index.js";
import { provinceIdOfPath } from "../cycles/index.js";
import { cycles } from "../cycles/schema.js";
import { storedFiles } from "../files/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";
import { isLate } from "../../domain/cycle-deadlines.js";
import { formatDate } from "../../lib/i18n.js";
import { IDEA_FORM_FIELDS, IDEA_FORM_FIELD_NAMES, type BulkIdeaActionInput, type DraftIdeaInput, type IdeaActionInput, type IdeaDetail, type IdeaView, type UpdateIdeaInput } from "./inputs.js";
import { type IdeaRow, type LoadedIdea, ideaActingWays, ideaDetail, ideaResource, ideaView, loadIdea, readableIdea, selectIdeas, withStewards } from "./queries.js";
import { ideaAttachments, ideaEvents, productIdeas } from "./schema.js";

/** The registration form as it stands: what a submission snapshot and the audit record keep. */
const formOf = (i: IdeaRow) => Object.fromEntries(IDEA_FORM_FIELD_NAMES.map((f) => [f, i[f]]));
const audited = (i: IdeaRow) => ({ ...i, createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString() });

// ---- the registration form ------------------------------------------------------------------------------

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/** The producer an account writes for: its only one, or the one it names. */
function authorProducer(principal: Principal, producerId: number | undefined): number {
  const own = ownProducerIds(principal);
  if (producerId !== undefined) return producerId;
  if (own.length === 1) return own[0]!;
  if (own.length === 0) {
    throw forbidden({ vi: "Chỉ thành viên của chủ thể OCOP mới đăng ký ý tưởng sản phẩm.", en: "Only a member of an OCOP producer registers product ideas." });
  }
  throw validationError([fieldError("producerId", "Tài khoản thuộc nhiều chủ thể: hãy chọn chủ thể.", "The account belongs to several producers: choose one.")]);
}

/**
 * The fields a form still lacks to be sent: a draft may be saved half filled, but the commune decides on a
 * complete registration. Each message says what to enter, as the form's own validation would.
 */
export function missingIdeaFields(i: Pick<IdeaRow, (typeof IDEA_FORM_FIELD_NAMES)[number]>): FieldError[] {
  const out: FieldError[] = [];
  for (const f of IDEA_FORM_FIELD_NAMES) {
    const r = IDEA_FORM_FIELDS[f].safeParse(i[f] ?? undefined);
    if (!r.success) {
      const [vi, en] = (r.error.issues[0]?.message ?? "").split(" | ");
      out.push(fieldError(f, vi ?? "", en ?? vi ?? ""));
    }
  }
  return out;
}

const incomplete = (errors: FieldError[]) =>
  validationError(errors, { vi: "Phiếu đăng ký chưa đủ thông tin để gửi: hãy bổ sung các mục được nêu rồi gửi lại.", en: "The form is not complete enough to send: fill in the fields listed, then send it." });

export async function createIdea({ ctx, input }: { ctx: ServiceCtx; input: DraftIdeaInput }): Promise<IdeaDetail> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  const producerId = authorProducer(principal, input.producerId);
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx
      .select({ id: producers.id, communeId: producers.communeId, path: adminUnits.path, parentId: adminUnits.parentId })
      .from(producers)
      .innerJoin(adminUnits, eq(adminUnits.id, producers.communeId))
      .where(eq(producers.id, producerId))
      .limit(1);
    if (!p || !can(principal, "ideas.author", { unitPath: p.path, producerId })) {
      throw forbidden({ vi: "Bạn chỉ đăng ký ý tưởng cho chủ thể của mình.", en: "You register ideas only for your own producer." });
    }
    const [cycle] = await tx.select().from(cycles).where(eq(cycles.id, input.cycleId)).limit(1);
    if (!cycle || cycle.provinceId !== provinceIdOfPath(p.path)) {
      throw validationError([fieldError("cycleId", "Không có chu trình này ở tỉnh của chủ thể.", "There is no such cycle in the producer's province.")]);
    }
    // A closed cycle takes no new ideas: its registration could never be sent.
    if (isLate(cycle.deadlines.registration, ctx.now)) {
      const by = formatDate(cycle.deadlines.registration);
      throw validationError([fieldError("cycleId", `Chu trình năm ${cycle.year} đã hết hạn đăng ký (${by}).`, `The ${cycle.year} cycle closed its registration on ${by}.`)]);
    }
    await checkCommuneFitsChain(tx, p.parentId, cycle.chain);
    const { cycleId: _c, producerId: _p, ...typed } = input;
    const form = { description: "", coreBenefit: "", rawMaterials: "", rawMaterialOrigin: "", packaging: "", expectedMarket: "", ...typed, criteriaSetId: typed.criteriaSetId ?? null };
    const [row] = await tx
      .insert(productIdeas)
      .values({ ...form, cycleId: cycle.id, producerId, communeId: p.communeId, createdBy: principal.userId, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    const idea = row!;
    await tx.insert(ideaEvents).values({ ideaId: idea.id, attempt: 1, kind: "create", fromState: null, toState: "draft", actorId: principal.userId, actorRole: "producer_member", at: ctx.now });
    await audit(tx, ctx, { action: "idea.create", subjectType: "idea", subjectId: idea.id, after: audited(idea) });
    return ideaDetail(tx, principal, (await loadIdea(tx, idea.id, vnToday(ctx.now)))!);
  });
}

/** In a chain with a district, the producer's commune must lie in a district, or nobody could select the idea. */
async function checkCommuneFitsChain(tx: Tx, parentId: number | null, chain: LevelChain): Promise<void> {
  if (!chainHasDistrict(chain)) return;
  const [parent] = parentId !== null ? await tx.select({ level: adminUnits.level }).from(adminUnits).where(eq(adminUnits.id, parentId)) : [];
  if (parent?.level !== "district") {
    throw validationError([
      fieldError(
        "cycleId",
        "Chu trình này xét duyệt qua cấp huyện, nhưng xã của chủ thể không thuộc huyện nào (đơn vị sau sắp xếp năm 2025).",
        "This cycle goes through a district, but the producer's commune belongs to none (a unit after the 2025 reform).",
      ),
    ]);
  }
}

const notEditable = () =>
  conflict("idea-not-editable", { vi: "Không thể sửa lúc này", en: "Not editable now" }, {
    vi: "Ý tưởng đang được cấp trên xem xét; chỉ sửa được khi đang soạn, bị trả lại hoặc không đạt.",
    en: "The idea is being decided on; it can be edited only as a draft, or after a return or rejection.",
  });

async function lockIdea(tx: Tx, ctx: ServiceCtx, id: number): Promise<LoadedIdea> {
  if (!ctx.principal) throw unauthenticated();
  await tx.select({ id: productIdeas.id }).from(productIdeas).where(eq(productIdeas.id, id)).for("update").limit(1);
  return readableIdea(tx, ctx.principal, id, vnToday(ctx.now));
}

export async function updateIdea({ ctx, input }: { ctx: ServiceCtx; input: (UpdateIdeaInput | Partial<DraftIdeaInput>) & { ideaId: number } }): Promise<IdeaDetail> {
  const { ideaId, ...changes } = input;
  return ctx.db.transaction(async (tx) => {
    const r = await lockIdea(tx, ctx, ideaId);
    if (!can(ctx.principal, "ideas.author", ideaResource(r))) throw forbidden();
    if (!isIdeaEditable(r.i.state)) throw notEditable();
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const [after] = await tx.update(productIdeas).set({ ...set, updatedAt: ctx.now }).where(eq(productIdeas.id, ideaId)).returning();
    await audit(tx, ctx, { action: "idea.edit", subjectType: "idea", subjectId: ideaId, before: formOf(r.i), after: formOf(after!) });
    return ideaDetail(tx, ctx.principal, (await loadIdea(tx, ideaId, vnToday(ctx.now)))!);
  });
}

const sends = (a: IdeaAction) => a === "submit" || a === "resubmit";

// ---- workflow steps --------------------------------------------------------------------------------------

/**
 * One step on one locked idea: find a grant through which the principal may take it, let the workflow table
 * decide (role, state, chain, reason, deadline), then write the new state, the event and the audit record in
 * the caller's transaction. Returns the refusal instead of throwing so bulk steps can report every idea.
 */
async function step(tx: Tx, ctx: ServiceCtx, r: LoadedIdea, action: IdeaAction, reason: string | undefined): Promise<{ ok: true } | { ok: false; error: WorkflowError }> {
  const principal = ctx.principal!;
  let refusal: WorkflowError | undefined;
  // Across the 2025 reform a successor takes the step of the ended unit (src/domain/successor.ts): the new
  // commune's officer for a former commune, the province for a district whose tasks passed to it.
  for (const { g, as, standIn } of ideaActingWays(principal, r)) {
    const res = transition({ state: r.i.state, attempt: r.i.attempt }, action, { chain: r.chain, role: as, now: ctx.now, deadlines: r.deadlines, reason });
    if (!res.ok) {
      // Keep the most telling refusal: "not your role" only when no grant got further than that.
      if (!refusal || refusal.code === "role_forbidden") refusal = res.error;
      continue;
    }
    const next = res.next;
    const isReturn = next.state === "returned" || next.state === "rejected";
    const submitting = action === "submit" || action === "resubmit";
    const cleanReason = reason?.trim() || null;
    const ended = standIn === "district" ? r.stewards.districtPassed : standIn === "commune" ? r.stewards.formerCommune : null;
    const note = ended ? standInNote(ended.name, ended.validTo) : null;
    const eventReason = [note, cleanReason].filter(Boolean).join(" — ") || null;
    await tx
      .update(productIdeas)
      .set({ state: next.state, attempt: next.attempt, lastReason: isReturn ? cleanReason : submitting ? null : r.i.lastReason, updatedAt: ctx.now })
      .where(eq(productIdeas.id, r.i.id));
    await tx.insert(ideaEvents).values({
      ideaId: r.i.id,
      attempt: next.attempt,
      kind: action,
      fromState: r.i.state,
      toState: next.state,
      actorId: principal.userId,
      actorRole: g.role,
      reason: eventReason,
      form: submitting ? formOf(r.i) : null,
      at: ctx.now,
    });
    await audit(tx, ctx, {
      action: `idea.${action}`,
      subjectType: "idea",
      subjectId: r.i.id,
      before: { state: r.i.state, attempt: r.i.attempt },
      after: { state: next.state, attempt: next.attempt, role: g.role, reason: cleanReason, ...(ended ? { inPlaceOf: { unitId: ended.id, role: as, note } } : {}), ...(submitting ? { form: formOf(r.i) } : {}) },
    });
    return { ok: true };
  }
  return {
    ok: false,
    error: refusal ?? { code: "role_forbidden", vi: "Tài khoản của bạn không xử lý ý tưởng này.", en: "Your account does not act on this idea." },
  };
}

export async function actOnIdea({ ctx, input }: { ctx: ServiceCtx; input: IdeaActionInput & { ideaId: number } }): Promise<IdeaDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockIdea(tx, ctx, input.ideaId);
    const missing = sends(input.action) && can(ctx.principal, "ideas.author", ideaResource(r)) ? missingIdeaFields(r.i) : [];
    if (missing.length) throw incomplete(missing);
    const res = await step(tx, ctx, r, input.action, input.reason);
    if (!res.ok) throw workflowProblem(res.error);
    return ideaDetail(tx, ctx.principal, (await loadIdea(tx, input.ideaId, vnToday(ctx.now)))!);
  });
}

/**
 * A commune sends its list, a district its selection: many ideas, one decision. All or nothing, so a list is
 * never half sent; when any idea refuses, nothing changes and the problem lists every refusal by position.
 */
export async function actOnIdeas({ ctx, input }: { ctx: ServiceCtx; input: BulkIdeaActionInput }): Promise<IdeaView[]> {
  if (!ctx.principal) throw unauthenticated();
  const ids = [...new Set(input.ideaIds)];
  return ctx.db.transaction(async (tx) => {
    // Lock in id order: two officials sending overlapping lists cannot deadlock.
    await tx.select({ id: productIdeas.id }).from(productIdeas).where(inArray(productIdeas.id, ids)).orderBy(asc(productIdeas.id)).for("update");
    const errors: FieldError[] = [];
    for (const id of ids) {
      const path = `ideaIds.${input.ideaIds.indexOf(id)}`;
      const r = await loadIdea(tx, id, vnToday(ctx.now));
      if (!r || !can(ctx.principal, "ideas.read", ideaResource(r))) {
        errors.push(fieldError(path, `Không tìm thấy ý tưởng số ${id}.`, `Idea ${id} was not found.`));
        continue;
      }
      if (sends(input.action) && missingIdeaFields(r.i).length) {
        errors.push(fieldError(path, `"${r.i.name}": phiếu đăng ký chưa đủ thông tin để gửi.`, `"${r.i.name}": the form is not complete enough to send.`));
        continue;
      }
      const res = await step(tx, ctx, r, input.action, input.reason);
      if (!res.ok) errors.push(fieldError(path, `"${r.i.name}": ${res.error.vi}`, `"${r.i.name}": ${res.error.en}`));
    }
    if (errors.length) {
      throw new AppError(
        409,
        "bulk-refused",
        { vi: "Không thực hiện được cho cả danh sách", en: "The list could not be processed" },
        { vi: "Không ý tưởng nào được thay đổi. Hãy bỏ chọn hoặc xử lý riêng các ý tưởng được nêu.", en: "No idea was changed. Deselect or handle separately the ideas listed." },
        { errors },
      );
    }
    const rows = await selectIdeas(tx).where(inArray(productIdeas.id, ids)).orderBy(asc(productIdeas.id));
    return (await withStewards(tx, rows, vnToday(ctx.now))).map((r) => ideaView(ctx.principal, r));
  });
}

export type { IdeaState };

// ---- attachments ---------------------------------------------------------------------------------------

export const MAX_ATTACHMENTS = 20;

/**
 * A file attached to the registration form, checked by its content (photos of samples, PDFs of certificates).
 * Attachments change with the form: only while the producer may edit it.
 */
export async function addIdeaAttachment({ ctx, input }: { ctx: ServiceCtx; input: { ideaId: number; file: { name: string; bytes: Uint8Array; claimedType?: string } } }): Promise<IdeaDetail> {
  const upload = checkUpload(input.file, UPLOAD_LIMITS.ideaAttachment);
  return ctx.db.transaction(async (tx) => {
    const r = await lockIdea(tx, ctx, input.ideaId);
    if (!can(ctx.principal, "ideas.author", ideaResource(r))) throw forbidden();
    if (!isIdeaEditable(r.i.state)) throw notEditable();
    const [n] = await tx.select({ n: count() }).from(ideaAttachments).where(eq(ideaAttachments.ideaId, r.i.id));
    if ((n?.n ?? 0) >= MAX_ATTACHMENTS) {
      throw validationError([fieldError("file", `Mỗi ý tưởng có tối đa ${MAX_ATTACHMENTS} tệp đính kèm.`, `An idea has at most ${MAX_ATTACHMENTS} attachments.`)]);
    }
    const [file] = await tx
      .insert(storedFiles)
      .values({ name: upload.name, contentType: upload.contentType, size: upload.bytes.byteLength, sha256: upload.sha256, bytes: upload.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .returning({ id: storedFiles.id });
    await tx.insert(ideaAttachments).values({ ideaId: r.i.id, fileId: file!.id, addedAt: ctx.now });
    await audit(tx, ctx, {
      action: "idea.attach",
      subjectType: "idea",
      subjectId: r.i.id,
      after: { fileId: file!.id, name: upload.name, contentType: upload.contentType, size: upload.bytes.byteLength, sha256: upload.sha256 },
    });
    return ideaDetail(tx, ctx.principal, (await loadIdea(tx, r.i.id, vnToday(ctx.now)))!);
  });
}

export async function removeIdeaAttachment({ ctx, input }: { ctx: ServiceCtx; input: { ideaId: number; fileId: number } }): Promise<IdeaDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockIdea(tx, ctx, input.ideaId);
    if (!can(ctx.principal, "ideas.author", ideaResource(r))) throw forbidden();
    if (!isIdeaEditable(r.i.state)) throw notEditable();
    const gone = await tx.delete(ideaAttachments).where(and(eq(ideaAttachments.ideaId, r.i.id), eq(ideaAttachments.fileId, input.fileId))).returning();
    if (gone.length === 0) throw notFound({ vi: "tệp đính kèm", en: "The attachment" });
    await audit(tx, ctx, { action: "idea.detach", subjectType: "idea", subjectId: r.i.id, after: { fileId: input.fileId } });
    return ideaDetail(tx, ctx.principal, (await loadIdea(tx, r.i.id, vnToday(ctx.now)))!);
  });
}
