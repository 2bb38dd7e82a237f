import { and, asc, eq } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import type { Tx } from "../../../db/client.js";
import { vnToday } from "../../../lib/dates.js";
import { roundWindowProblem, sheetSubmitProblems } from "../../../domain/sheet-rules.js";
import { conflict, type FieldError, forbidden, notFound, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { loadRubric, scoredItems } from "../../rubrics/index.js";
import { scoreSheet } from "../../rubrics/index.js";
import { alreadyFinal, isChair, lockRoundDossier, roundDossierAccess, scores, standing, type RoundDossierAccess } from "../queries.js";
import type { ReasonInput, SheetInput, SheetView } from "../inputs.js";
import { conflicts, scoreSheetHistory, scoreSheets, type Choices } from "../schema.js";
import { points, tenths } from "../../../domain/score-units.js";

type SheetRow = typeof scoreSheets.$inferSelect;
const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/** Rejects choices that are not items/options of the rubric, so a sheet never stores what cannot be scored. */
export function checkChoices(rubricVersion: string, setId: number, choices: Choices, texts: Record<string, Record<string, string>> = {}): void {
  const rubric = loadRubric(rubricVersion, setId);
  const s = scoreSheet(rubric, choices);
  const items = new Set(scoredItems(rubric).map((i) => i.item.id));
  const errors: FieldError[] = s.invalid.map((id) => fieldError(`choices.${id}`, `"${id}" không phải tiêu chí hoặc phương án của bộ tiêu chí này.`, `"${id}" is not an item or option of this criteria set.`));
  for (const [field, map] of Object.entries(texts)) {
    for (const id of Object.keys(map)) if (!items.has(id)) errors.push(fieldError(`${field}.${id}`, `"${id}" không phải tiêu chí được chấm điểm.`, `"${id}" is not a scored item.`));
  }
  if (errors.length) throw validationError(errors);
}

export function sheetView(a: RoundDossierAccess, s: SheetRow, withName: boolean): SheetView {
  const score = scoreSheet(loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId), s.choices);
  const seat = a.council.find((c) => c.userId === s.userId);
  return {
    id: s.id,
    roundDossierId: s.roundDossierId,
    userId: withName ? s.userId : null,
    memberName: withName ? (seat?.displayName ?? null) : null,
    state: s.state,
    version: s.version,
    choices: s.choices,
    notes: s.notes,
    evidence: s.evidence,
    total: points(s.totalTenths),
    partTotals: { A: points(s.partATenths), B: points(s.partBTenths), C: points(s.partCTenths) },
    missing: score.missing,
    unmetStarMinimums: score.unmetStarMinimums,
    notAssessed: score.notAssessed,
    submittedAt: s.submittedAt?.toISOString() ?? null,
  };
}

// ---- conflicts of interest ------------------------------------------------------------------------------------

/** A seat declares its own conflict on one dossier; from then on it neither sees nor scores it, nor counts in the quorum. */
export async function declareConflict({ ctx, input }: { ctx: ServiceCtx; input: ReasonInput & { roundId: number; rdId: number } }) {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!a.seat) throw forbidden({ vi: "Chỉ thành viên hội đồng khai báo xung đột lợi ích.", en: "Only council members declare conflicts of interest." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const mine = a.conflicts.find((c) => c.userId === ctx.principal!.userId);
    if (mine && standing(mine)) throw conflict("already-declared", { vi: "Đã khai báo", en: "Already declared" });
    if (mine) {
      await tx.update(conflicts).set({ reason: input.reason, declaredAt: ctx.now, waivedAt: null, waivedBy: null, waiverReason: null }).where(eq(conflicts.id, mine.id));
    } else {
      await tx.insert(conflicts).values({ roundDossierId: a.rd.id, userId: ctx.principal!.userId, reason: input.reason, declaredAt: ctx.now });
    }
    await audit(tx, ctx, { action: "round.conflict.declare", subjectType: "round_dossier", subjectId: a.rd.id, before: null, after: { userId: ctx.principal!.userId, reason: input.reason } });
    return { declared: true };
  });
}

/**
 * The chair lifts a declared conflict with a reason (the member may then see and score the dossier again).
 * The chair cannot lift their own: someone else must judge a conflict.
 */
export async function waiveConflict({ ctx, input }: { ctx: ServiceCtx; input: ReasonInput & { roundId: number; rdId: number; conflictId: number } }) {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!isChair(a)) throw forbidden({ vi: "Chỉ chủ tịch hội đồng miễn trừ xung đột lợi ích.", en: "Only the council's chair waives conflicts of interest." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const c = a.conflicts.find((x) => x.id === input.conflictId);
    if (!c) throw notFound({ vi: "khai báo xung đột lợi ích", en: "The conflict declaration" });
    if (c.userId === ctx.principal!.userId) throw forbidden({ vi: "Chủ tịch không tự miễn trừ xung đột của mình.", en: "The chair cannot waive their own conflict." });
    if (!standing(c)) throw conflict("already-waived", { vi: "Đã miễn trừ", en: "Already waived" });
    await tx.update(conflicts).set({ waivedAt: ctx.now, waivedBy: ctx.principal!.userId, waiverReason: input.reason }).where(eq(conflicts.id, c.id));
    await audit(tx, ctx, { action: "round.conflict.waive", subjectType: "round_dossier", subjectId: a.rd.id, before: { conflictId: c.id, userId: c.userId, reason: c.reason }, after: { waiverReason: input.reason } });
    return { waived: true };
  });
}

export async function listConflicts({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number; rdId: number } }) {
  const a = await roundDossierAccess(ctx.db, ctx.principal, input.roundId, input.rdId);
  const visible = a.manager || isChair(a) || a.seat?.role === "secretary" ? a.conflicts : a.conflicts.filter((c) => c.userId === ctx.principal!.userId);
  return {
    items: visible.map((c) => ({
      id: c.id,
      userId: c.userId,
      memberName: a.council.find((s) => s.userId === c.userId)?.displayName ?? "",
      reason: c.reason,
      declaredAt: c.declaredAt.toISOString(),
      waived: !standing(c),
      waiverReason: c.waiverReason,
    })),
  };
}

// ---- the member's own sheet ------------------------------------------------------------------------------------

async function ownSheet(tx: Tx | ServiceCtx["db"], rdId: number, userId: string): Promise<SheetRow | undefined> {
  const [s] = await tx.select().from(scoreSheets).where(and(eq(scoreSheets.roundDossierId, rdId), eq(scoreSheets.userId, userId))).limit(1);
  return s;
}

/** What a scoring step needs: a scoring seat held through the council role, an open round, a result not yet final. */
function mayScore(ctx: ServiceCtx, a: RoundDossierAccess): void {
  if (!scores(a.seat) || !can(ctx.principal, "rounds.score", { unitPath: a.unitPath })) {
    throw forbidden({ vi: "Chỉ chủ tịch và thành viên hội đồng của đợt này chấm điểm.", en: "Only the chair and members of this round's council score." });
  }
  if (a.recused) throw notFound({ vi: "hồ sơ trong đợt đánh giá", en: "The dossier in this round" });
  if (a.rd.finalisedAt) throw alreadyFinal();
  const closed = roundWindowProblem(vnToday(ctx.now), a.r);
  if (closed) throw conflict("round-not-open", { vi: "Đợt đánh giá không mở", en: "The round is not open" }, closed);
}

const emptySheet = (a: RoundDossierAccess, userId: string): SheetRow => ({
  id: 0,
  roundDossierId: a.rd.id,
  userId,
  state: "draft",
  version: 1,
  choices: {},
  notes: {},
  evidence: {},
  totalTenths: 0,
  partATenths: 0,
  partBTenths: 0,
  partCTenths: 0,
  submittedAt: null,
  createdAt: a.rd.assignedAt,
  updatedAt: a.rd.assignedAt,
});

export async function getOwnSheet({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number; rdId: number } }): Promise<{ access: RoundDossierAccess; sheet: SheetView }> {
  const a = await roundDossierAccess(ctx.db, ctx.principal, input.roundId, input.rdId);
  if (!scores(a.seat)) throw forbidden({ vi: "Chỉ chủ tịch và thành viên hội đồng có phiếu chấm.", en: "Only the chair and members have score sheets." });
  const s = (await ownSheet(ctx.db, a.rd.id, ctx.principal!.userId)) ?? emptySheet(a, ctx.principal!.userId);
  return { access: a, sheet: sheetView(a, s, true) };
}

const locked = () =>
  conflict("sheet-locked", { vi: "Phiếu đã nộp", en: "The sheet is submitted" }, {
    vi: "Phiếu đã nộp bị khoá; chỉ chủ tịch hội đồng mở lại được (có lý do) trước khi chốt kết quả.",
    en: "A submitted sheet is locked; only the chair can reopen it, with a reason, before the result is final.",
  });

/** Saves the member's draft (incomplete is fine). Returns the sheet as stored. */
export async function saveSheet({ ctx, input }: { ctx: ServiceCtx; input: SheetInput & { roundId: number; rdId: number } }): Promise<SheetView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    mayScore(ctx, a);
    return sheetView(a, await writeDraft(tx, ctx, a, input), true);
  });
}

async function writeDraft(tx: Tx, ctx: ServiceCtx, a: RoundDossierAccess, input: SheetInput): Promise<SheetRow> {
  const before = await ownSheet(tx, a.rd.id, ctx.principal!.userId);
  if (before?.state === "submitted") throw locked();
  checkChoices(a.r.rubricVersion, a.dossier.d.criteriaSetId, input.choices, { notes: input.notes, evidence: input.evidence });
  const score = scoreSheet(loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId), input.choices);
  const values = {
    choices: input.choices,
    notes: dropEmpty(input.notes),
    evidence: dropEmpty(input.evidence),
    totalTenths: tenths(score.total),
    partATenths: tenths(score.partTotals.A),
    partBTenths: tenths(score.partTotals.B),
    partCTenths: tenths(score.partTotals.C),
    updatedAt: ctx.now,
  };
  const [row] = before
    ? await tx.update(scoreSheets).set(values).where(eq(scoreSheets.id, before.id)).returning()
    : await tx.insert(scoreSheets).values({ ...values, roundDossierId: a.rd.id, userId: ctx.principal!.userId, createdAt: ctx.now }).returning();
  return row!;
}

const dropEmpty = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v.trim() !== ""));

/**
 * Submits (optionally saving the given values first). A sheet must tick one option per scored item and give a
 * note wherever it withholds points (an option below the item's maximum), so the producer learns why.
 */
export async function submitSheet({ ctx, input }: { ctx: ServiceCtx; input: Partial<SheetInput> & { roundId: number; rdId: number } }): Promise<SheetView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    mayScore(ctx, a);
    let s = await ownSheet(tx, a.rd.id, ctx.principal!.userId);
    if (s?.state === "submitted") throw locked();
    if (input.choices) s = await writeDraft(tx, ctx, a, { choices: input.choices, notes: input.notes ?? {}, evidence: input.evidence ?? {} });
    if (!s) s = emptySheet(a, ctx.principal!.userId);
    const errors = sheetSubmitProblems(loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId), s.choices, s.notes).map((p) => fieldError(p.path, p.vi, p.en));
    if (errors.length) throw validationError(errors, { vi: "Phiếu chưa đủ để nộp.", en: "The sheet is not complete enough to submit." });
    const [row] = await tx.update(scoreSheets).set({ state: "submitted", submittedAt: ctx.now, updatedAt: ctx.now }).where(eq(scoreSheets.id, s.id)).returning();
    await audit(tx, ctx, {
      action: "round.sheet.submit",
      subjectType: "score_sheet",
      subjectId: row!.id,
      before: null,
      after: { roundDossierId: a.rd.id, userId: row!.userId, version: row!.version, choices: row!.choices, notes: row!.notes, evidence: row!.evidence, totalTenths: row!.totalTenths },
    });
    return sheetView(a, row!, true);
  });
}

/**
 * The sheets of a dossier. A scoring member sees the others only once their own is submitted (no anchoring);
 * drafts are never shown to anyone but their owner. The office and the secretary see the submitted sheets.
 */
export async function listSheets({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number; rdId: number } }): Promise<SheetView[]> {
  const a = await roundDossierAccess(ctx.db, ctx.principal, input.roundId, input.rdId);
  const me = ctx.principal!.userId;
  const rows = await ctx.db.select().from(scoreSheets).where(eq(scoreSheets.roundDossierId, a.rd.id)).orderBy(asc(scoreSheets.id));
  if (scores(a.seat)) {
    const mine = rows.find((s) => s.userId === me);
    if (mine?.state !== "submitted" && !a.rd.finalisedAt) {
      throw conflict("own-sheet-first", { vi: "Hãy nộp phiếu của bạn trước", en: "Submit your own sheet first" }, {
        vi: "Thành viên chỉ xem phiếu của người khác sau khi đã nộp phiếu của mình.",
        en: "A member sees the others' sheets only after submitting their own.",
      });
    }
  }
  return rows.filter((s) => s.userId === me || s.state === "submitted").map((s) => sheetView(a, s, true));
}

/** The chair reopens a submitted sheet before the result is final; the submitted values go to the history. */
export async function reopenSheet({ ctx, input }: { ctx: ServiceCtx; input: ReasonInput & { roundId: number; rdId: number; sheetId: number } }): Promise<SheetView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!isChair(a)) throw forbidden({ vi: "Chỉ chủ tịch hội đồng mở lại phiếu đã nộp.", en: "Only the council's chair reopens a submitted sheet." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const [s] = await tx.select().from(scoreSheets).where(and(eq(scoreSheets.id, input.sheetId), eq(scoreSheets.roundDossierId, a.rd.id))).limit(1);
    if (!s) throw notFound({ vi: "phiếu chấm", en: "The score sheet" });
    if (s.state !== "submitted") throw conflict("sheet-not-submitted", { vi: "Phiếu chưa nộp", en: "The sheet is not submitted" });
    await tx.insert(scoreSheetHistory).values({
      sheetId: s.id,
      version: s.version,
      choices: s.choices,
      notes: s.notes,
      evidence: s.evidence,
      totalTenths: s.totalTenths,
      submittedAt: s.submittedAt,
      reopenedBy: ctx.principal!.userId,
      reopenReason: input.reason,
      reopenedAt: ctx.now,
    });
    const [row] = await tx.update(scoreSheets).set({ state: "draft", version: s.version + 1, submittedAt: null, updatedAt: ctx.now }).where(eq(scoreSheets.id, s.id)).returning();
    await audit(tx, ctx, {
      action: "round.sheet.reopen",
      subjectType: "score_sheet",
      subjectId: s.id,
      before: { version: s.version, choices: s.choices, totalTenths: s.totalTenths },
      after: { version: row!.version, reason: input.reason, userId: s.userId },
    });
    return sheetView(a, row!, true);
  });
}

export async function sheetHistory({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number; rdId: number; sheetId: number } }) {
  const a = await roundDossierAccess(ctx.db, ctx.principal, input.roundId, input.rdId);
  const [s] = await ctx.db.select().from(scoreSheets).where(and(eq(scoreSheets.id, input.sheetId), eq(scoreSheets.roundDossierId, a.rd.id))).limit(1);
  if (!s || !(s.userId === ctx.principal!.userId || isChair(a) || a.manager)) throw notFound({ vi: "phiếu chấm", en: "The score sheet" });
  const rows = await ctx.db.select().from(scoreSheetHistory).where(eq(scoreSheetHistory.sheetId, s.id)).orderBy(asc(scoreSheetHistory.version));
  return {
    items: rows.map((h) => ({ version: h.version, choices: h.choices, total: points(h.totalTenths), submittedAt: h.submittedAt?.toISOString() ?? null, reopenedAt: h.reopenedAt.toISOString(), reason: h.reopenReason })),
  };
}

