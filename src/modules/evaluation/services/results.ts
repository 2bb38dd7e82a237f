import { and, asc, desc, eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { AppError, conflict, forbidden, validationError } from "../../../lib/problem.js";
import { can } from "../../../auth/policy.js";
import { certificates } from "../../certificates/schema.js";
import { vnToday } from "../../../lib/dates.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { certificatesChanged } from "../../certificates/index.js";
import { notifyProvinceOffice, onReevaluationEnded } from "../../certificates/index.js";
import { audit } from "../../audit/index.js";
import { loadRubric } from "../../rubrics/index.js";
import { scoreSheet } from "../../rubrics/index.js";
import { dossierChairId, loadRound, roundDossierAccess, scores, standing, type RoundDossierAccess } from "../queries.js";
import { councilMinimums, councilResult } from "../../../domain/council-result.js";
import type { StarLevel } from "../../../domain/rubric.js";
import { points } from "../../../domain/score-units.js";
import { ELIMINATED, RESULT_STATUS, formatScore, officialScore, rankStars } from "../../../domain/stars.js";
import { readableDossier } from "../queries.js";
import type { ActingChairInput, EliminationInput, FeedbackView, FinaliseInput, NoteInput, ResultView } from "../inputs.js";
import { assignDossierTx } from "./rounds.js";
import { closeRescoredAppeal } from "./appeals.js";
import { alreadyFinal, isChair, lockRoundDossier } from "../queries.js";
import { dossierEvents, dossiers, evaluationRounds, roundDossiers, roundResults, scoreSheets, type RoundLevel } from "../schema.js";

type SheetRow = typeof scoreSheets.$inferSelect;

/*
 * The seam between this area's rows and the pure rules: council-result.ts (official mean, median, spread,
 * quorum, divergence, band edge, whether the result may be finalised) and stars.ts (bands, minimums,
 * forwarding). Nothing here decides a rule; it only translates this module's rows into their inputs.
 */

export type Reason = { code: string; vi: string; en: string };

export type CouncilFacts = {
  /** Every scoring seat (chair and members); totalTenths is null until the seat's sheet is submitted. */
  members: { id: string; chair: boolean; recused: boolean; totalTenths: number | null }[];
  quorum: { numerator: number; denominator: number };
  divergenceLimitTenths: number;
  bandEdgeTenths: number;
  discussionRecorded: boolean;
  chairNoteRecorded: boolean;
};

export type CouncilAnalysis = {
  /** The official score in points, as council-result.ts returns it; null while nothing counts. */
  official: number | null;
  canFinalise: boolean;
  reasons: Reason[];
  /** council-result.ts's whole answer, kept with the result and shown to the council. */
  raw: Record<string, unknown>;
};

export function analyseCouncil(f: CouncilFacts): CouncilAnalysis {
  const r = councilResult({
    members: f.members.map((m) => ({ id: m.id, role: m.chair ? ("chair" as const) : ("member" as const), recused: m.recused, sheet: m.totalTenths !== null ? ("submitted" as const) : ("none" as const), total: m.totalTenths === null ? null : points(m.totalTenths) })),
    quorum: f.quorum,
    divergenceLimit: points(f.divergenceLimitTenths),
    bandEdgeWithin: points(f.bandEdgeTenths),
    discussionRecorded: f.discussionRecorded,
    chairNoteRecorded: f.chairNoteRecorded,
  });
  return { official: r.officialScore ?? null, canFinalise: r.canFinalise, reasons: r.reasons, raw: { ...r } };
}

export type StarsOutcome = { stars: number | null; certifiable: boolean; forwardTo: RoundLevel | null; raw: Record<string, unknown> };

/** The stars of a result; an eliminated dossier may have no score at all (the council stopped before scoring). */
export function starsFor(input: { score: number | null; level: RoundLevel; unmetStarMinimums: Record<StarLevel, string[]>; eliminated: boolean }): StarsOutcome | null {
  if (input.score === null) {
    if (!input.eliminated) return null;
    return { stars: null, certifiable: false, forwardTo: null, raw: { bandStars: null, qualifiedStars: 0, stars: 0, certifiable: false, authority: null, forwardTo: null, returnTo: null, status: { code: "eliminated", ...RESULT_STATUS.eliminated }, reasons: [ELIMINATED] } };
  }
  const r = rankStars({ ...input, score: input.score });
  return { stars: r.stars === 0 ? null : r.stars, certifiable: r.certifiable, forwardTo: (r.forwardTo ?? null) as RoundLevel | null, raw: { ...r } };
}

/** A part's mean for the producer's feedback, computed the way the official mean is. */
export function meanOf(totalsTenths: number[]): number {
  return totalsTenths.length ? officialScore(totalsTenths.map(points)) : 0;
}

/** The sheets that count: submitted, by a scoring seat without a standing conflict. */
async function countedSheets(db: DbOrTx, a: RoundDossierAccess): Promise<SheetRow[]> {
  const rows = await db.select().from(scoreSheets).where(and(eq(scoreSheets.roundDossierId, a.rd.id), eq(scoreSheets.state, "submitted"))).orderBy(asc(scoreSheets.id));
  const recused = new Set(a.conflicts.filter(standing).map((c) => c.userId));
  return rows.filter((s) => scores(a.council.find((c) => c.userId === s.userId)) && !recused.has(s.userId));
}

/**
 * Everything the rules need, from the round's configuration and the current sheets, conflicts and notes. An
 * eliminated dossier ends there (Annex II: "Hồ sơ bị loại khi…"): it may be finalised by its chair without a
 * quorum of sheets, since no score can give it a star.
 */
async function analysis(db: DbOrTx, a: RoundDossierAccess) {
  const eliminated = a.rd.eliminatedAt !== null;
  const sheets = await countedSheets(db, a);
  const recused = new Set(a.conflicts.filter(standing).map((c) => c.userId));
  const submitted = new Map(sheets.map((s) => [s.userId, s]));
  const chairId = dossierChairId(a);
  const council = analyseCouncil({
    members: a.council
      .filter((s) => scores(s))
      .map((s) => ({ id: s.userId, chair: s.userId === chairId, recused: recused.has(s.userId), totalTenths: submitted.get(s.userId)?.totalTenths ?? null })),
    quorum: { numerator: a.r.quorumNumerator, denominator: a.r.quorumDenominator },
    divergenceLimitTenths: a.r.divergenceLimitTenths,
    bandEdgeTenths: a.r.bandEdgeTenths,
    discussionRecorded: a.rd.discussionAt !== null,
    chairNoteRecorded: a.rd.chairNoteAt !== null,
  });
  const rubric = loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId);
  const unmet = councilMinimums(sheets.map((s) => scoreSheet(rubric, s.choices).unmetStarMinimums));
  const stars = starsFor({ score: council.official, level: a.r.level, unmetStarMinimums: unmet, eliminated });
  if (eliminated) {
    const chairGone = chairId === null || recused.has(chairId);
    const reasons = chairGone ? council.reasons.filter((r) => r.code === "chair_recused") : [];
    return { sheets, council: { ...council, canFinalise: reasons.length === 0, reasons }, stars };
  }
  return { sheets, council, stars };
}

function eliminationView(a: RoundDossierAccess): ResultView["elimination"] {
  if (!a.rd.eliminatedAt || !a.rd.eliminationRuleId) return null;
  const rule = loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId).eliminationRules.find((e) => e.id === a.rd.eliminationRuleId);
  return { ruleId: a.rd.eliminationRuleId, rule: rule?.vi ?? "", note: a.rd.eliminationNote ?? "" };
}

async function resultView(db: DbOrTx, a: RoundDossierAccess): Promise<ResultView> {
  const [final] = await db.select().from(roundResults).where(eq(roundResults.roundDossierId, a.rd.id)).limit(1);
  const { council, stars } = await analysis(db, a);
  return {
    roundDossierId: a.rd.id,
    final: !!final,
    council: final ? final.summary : council.raw,
    stars: final ? ((final.summary["stars"] as Record<string, unknown> | undefined) ?? null) : (stars?.raw ?? null),
    canFinalise: !final && council.canFinalise,
    reasons: final ? [] : council.reasons,
    discussionNote: a.rd.discussionNote,
    chairNote: a.rd.chairNote,
    chairId: dossierChairId(a),
    actingChair: a.rd.actingChairId !== null,
    elimination: eliminationView(a),
    auditHash: final?.auditHash ?? null,
    forwardedRoundDossierId: final?.forwardedRoundDossierId ?? null,
  };
}

/**
 * The result as it stands. Before it is final, a scoring member sees it only after submitting (as with the
 * sheets); the office and the secretary see it at any time.
 */
export async function getResult({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number; rdId: number } }): Promise<ResultView> {
  const a = await roundDossierAccess(ctx.db, ctx.principal, input.roundId, input.rdId);
  // An eliminated dossier's figures decide nothing, so its chair and members may see them before scoring.
  if (scores(a.seat) && !a.rd.finalisedAt && !a.rd.eliminatedAt) {
    const [mine] = await ctx.db.select({ state: scoreSheets.state }).from(scoreSheets).where(and(eq(scoreSheets.roundDossierId, a.rd.id), eq(scoreSheets.userId, ctx.principal!.userId)));
    if (mine?.state !== "submitted") {
      throw conflict("own-sheet-first", { vi: "Hãy nộp phiếu của bạn trước", en: "Submit your own sheet first" }, { vi: "Thành viên xem kết quả tạm tính sau khi đã nộp phiếu.", en: "A member sees the running result after submitting." });
    }
  }
  return resultView(ctx.db, a);
}

/** The chair's notes: the council's discussion of diverging totals, or the note on a band-edge result. */
export async function recordNote({ ctx, input }: { ctx: ServiceCtx; input: NoteInput & { roundId: number; rdId: number; kind: "discussion" | "band_edge" } }): Promise<ResultView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!isChair(a)) throw forbidden({ vi: "Chỉ chủ tịch hội đồng ghi biên bản thảo luận và ý kiến.", en: "Only the council's chair records the discussion and notes." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const set = input.kind === "discussion" ? { discussionNote: input.note, discussionAt: ctx.now } : { chairNote: input.note, chairNoteAt: ctx.now };
    await tx.update(roundDossiers).set(set).where(eq(roundDossiers.id, a.rd.id));
    await audit(tx, ctx, { action: `round.${input.kind === "discussion" ? "discussion" : "chair_note"}`, subjectType: "round_dossier", subjectId: a.rd.id, before: input.kind === "discussion" ? a.rd.discussionNote : a.rd.chairNote, after: input.note });
    return resultView(tx, await roundDossierAccess(tx, ctx.principal, input.roundId, input.rdId));
  });
}

/**
 * The office seats an acting chair for one dossier when the council's chair has a standing conflict on it
 * (Art. 7.3b lets the chairman delegate the chair). The person must be a scoring member without a conflict
 * on the dossier. Audited; refused once the result is final.
 */
export async function setActingChair({ ctx, input }: { ctx: ServiceCtx; input: ActingChairInput & { roundId: number; rdId: number } }): Promise<ResultView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!a.manager) throw forbidden({ vi: "Chỉ cơ quan tổ chức đợt đánh giá cử người chủ trì thay.", en: "Only the round's office seats an acting chair." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const chair = a.council.find((s) => s.role === "chair");
    const standingIds = new Set(a.conflicts.filter(standing).map((c) => c.userId));
    if (!chair || !standingIds.has(chair.userId)) {
      throw conflict("chair-not-conflicted", { vi: "Chủ tịch Hội đồng không vướng xung đột lợi ích", en: "The chair is not conflicted" }, {
        vi: "Chỉ cử người chủ trì thay khi Chủ tịch Hội đồng đã khai xung đột lợi ích với hồ sơ này.",
        en: "An acting chair is seated only when the council's chair has declared a conflict on this dossier.",
      });
    }
    const seat = a.council.find((s) => s.userId === input.userId);
    if (!seat || seat.role !== "member" || standingIds.has(seat.userId)) {
      throw validationError([{ path: "userId", message: "Choose a scoring member of this council without a conflict on the dossier.", vi: "Chọn một thành viên chấm điểm của Hội đồng không vướng xung đột lợi ích với hồ sơ.", en: "Choose a scoring member of this council without a conflict on the dossier." }]);
    }
    await tx.update(roundDossiers).set({ actingChairId: seat.userId, actingChairReason: input.reason }).where(eq(roundDossiers.id, a.rd.id));
    await audit(tx, ctx, { action: "round.acting_chair", subjectType: "round_dossier", subjectId: a.rd.id, before: a.rd.actingChairId, after: { userId: seat.userId, reason: input.reason } });
    return resultView(tx, await roundDossierAccess(tx, ctx.principal, input.roundId, input.rdId));
  });
}

/**
 * The chair records that one of the criteria set's elimination rules applies (or withdraws it, with the
 * grounds, before the result is final). Audited with the rule and the grounds.
 */
export async function recordElimination({ ctx, input }: { ctx: ServiceCtx; input: EliminationInput & { roundId: number; rdId: number } }): Promise<ResultView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!isChair(a)) throw forbidden({ vi: "Chỉ người chủ trì Hội đồng đối với hồ sơ ghi nhận việc loại hồ sơ.", en: "Only the dossier's chair records an elimination." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const rules = loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId).eliminationRules;
    if (input.ruleId !== null && !rules.some((r) => r.id === input.ruleId)) {
      const ids = rules.map((r) => r.id).join(", ") || "—";
      throw validationError([{ path: "ruleId", message: `Not an elimination rule of this criteria set (${ids}).`, vi: `Không phải quy định loại hồ sơ của bộ tiêu chí này (${ids}).`, en: `Not an elimination rule of this criteria set (${ids}).` }]);
    }
    if (input.ruleId === null && !a.rd.eliminatedAt) throw conflict("not-eliminated", { vi: "Hồ sơ chưa bị loại", en: "The dossier is not eliminated" }, { vi: "Không có quyết định loại hồ sơ nào để rút lại.", en: "There is no elimination to withdraw." });
    const set =
      input.ruleId === null
        ? { eliminationRuleId: null, eliminationNote: null, eliminatedBy: null, eliminatedAt: null }
        : { eliminationRuleId: input.ruleId, eliminationNote: input.note, eliminatedBy: ctx.principal!.userId, eliminatedAt: ctx.now };
    await tx.update(roundDossiers).set(set).where(eq(roundDossiers.id, a.rd.id));
    await audit(tx, ctx, {
      action: input.ruleId === null ? "round.elimination_withdrawn" : "round.eliminate",
      subjectType: "round_dossier",
      subjectId: a.rd.id,
      before: a.rd.eliminatedAt ? { ruleId: a.rd.eliminationRuleId, note: a.rd.eliminationNote } : null,
      after: { ruleId: input.ruleId, note: input.note },
    });
    return resultView(tx, await roundDossierAccess(tx, ctx.principal, input.roundId, input.rdId));
  });
}

/**
 * The chair finalises: refused (409, with every reason) until the rules allow it. The result keeps the
 * council analysis and the stars as computed, and the hash of its own audit record. A dossier that reaches
 * the next level's threshold is forwarded — the dossier, not the scores: it waits for a round there, or is
 * assigned at once to the round named.
 */
export async function finalise({ ctx, input }: { ctx: ServiceCtx; input: FinaliseInput & { roundId: number; rdId: number } }): Promise<ResultView> {
  return ctx.db.transaction(async (tx) => {
    const a = await lockRoundDossier(tx, ctx, input.roundId, input.rdId);
    if (!isChair(a)) throw forbidden({ vi: "Chỉ chủ tịch hội đồng chốt kết quả.", en: "Only the council's chair finalises the result." });
    if (a.rd.finalisedAt) throw alreadyFinal();
    const { sheets, council, stars } = await analysis(tx, a);
    if (!council.canFinalise || !stars) {
      throw new AppError(409, "cannot-finalise", { vi: "Chưa thể chốt kết quả", en: "The result cannot be finalised yet" }, {
        vi: council.reasons.map((r) => r.vi).join(" "),
        en: council.reasons.map((r) => r.en).join(" "),
      }, { reasons: council.reasons });
    }
    const summary = { ...council.raw, stars: stars.raw, elimination: eliminationView(a), sheets: sheets.map((s) => ({ sheetId: s.id, userId: s.userId, version: s.version, totalTenths: s.totalTenths })) };
    const forwardTo = stars.forwardTo;
    const { seq, hash } = await audit(tx, ctx, {
      action: "round.finalise",
      subjectType: "round_dossier",
      subjectId: a.rd.id,
      after: { roundId: a.r.id, dossierId: a.rd.dossierId, level: a.r.level, officialScore: council.official, stars: stars.stars, forwardTo, summary },
    });
    await tx.insert(roundResults).values({
      roundDossierId: a.rd.id,
      officialScore: council.official,
      summary,
      stars: stars.stars,
      certifiable: String(stars.certifiable),
      forwardTo,
      auditSeq: seq,
      auditHash: hash,
      finalisedBy: ctx.principal!.userId,
      finalisedAt: ctx.now,
    });
    await tx.update(roundDossiers).set({ finalisedAt: ctx.now }).where(eq(roundDossiers.id, a.rd.id));
    await closeRescoredAppeal(tx, ctx, a.rd.id, council.official, stars.stars);
    const d = a.dossier.d;
    const next = forwardTo ? "forwarded" : "decided";
    await tx.update(dossiers).set({ state: next, awaitingLevel: forwardTo, updatedAt: ctx.now }).where(eq(dossiers.id, d.id));
    await tx.insert(dossierEvents).values({ dossierId: d.id, attempt: d.attempt, kind: forwardTo ? "forward" : "decide", fromState: d.state, toState: next, actorId: ctx.principal!.userId, actorRole: "council_member", reason: null, at: ctx.now });
    if (d.kind === "reevaluation" && !forwardTo && !stars.certifiable) {
      await certificatesChanged(tx, await onReevaluationEnded(tx, { dossierId: d.id, now: ctx.now, actorId: ctx.principal!.userId }), ctx.now);
    }
    if (a.r.level === "central") await notifyCentralOutcome(tx, ctx, a, council.official, stars);
    if (forwardTo && input.forwardRoundId) {
      const target = await loadRound(tx, input.forwardRoundId);
      const refusal = !target || target.r.level !== forwardTo ? { vi: `Đợt số ${input.forwardRoundId} không phải đợt cấp tiếp theo.`, en: `Round ${input.forwardRoundId} is not a round of the next level.` } : await assignDossierTx(tx, ctx, target, d.id, a.rd.id);
      if (refusal) throw conflict("forward-refused", { vi: "Không chuyển được hồ sơ", en: "The dossier could not be forwarded" }, refusal);
      const [rd] = await tx.select({ id: roundDossiers.id }).from(roundDossiers).where(and(eq(roundDossiers.roundId, target!.r.id), eq(roundDossiers.dossierId, d.id)));
      await tx.update(roundResults).set({ forwardedRoundDossierId: rd!.id }).where(eq(roundResults.roundDossierId, a.rd.id));
    }
    return resultView(tx, await roundDossierAccess(tx, ctx.principal, input.roundId, input.rdId));
  });
}

/**
 * Art. 7.4g: the Ministry tells the province the central council's outcome. The notice goes to the office of
 * the province the dossier came from (the first unit of its commune's path) and says what the province may do
 * now: nothing for a 5★ result (the Ministry recognises it), recognise 3★/4★ on the central result or evaluate
 * again for a result below 90, nothing for one without a star. Audited in the finalising transaction.
 */
async function notifyCentralOutcome(tx: Parameters<typeof audit>[0], ctx: ServiceCtx, a: RoundDossierAccess, score: number | null, stars: StarsOutcome): Promise<void> {
  const provinceId = Number(a.dossier.unitPath.split(".")[0]);
  const name = a.dossier.productName;
  const s = score === null ? null : { vi: formatScore(score, "vi"), en: formatScore(score, "en") };
  const got = stars.stars ?? 0;
  const text =
    got === 5
      ? { vi: `Hội đồng cấp trung ương chấm "${name}" ${s!.vi} điểm: đạt 5 sao, Bộ Nông nghiệp và Môi trường xem xét công nhận.`, en: `The central council scored "${name}" ${s!.en} points: 5 stars, for the Ministry of Agriculture and Environment to recognise.` }
      : got >= 3
        ? { vi: `Hội đồng cấp trung ương chấm "${name}" ${s!.vi} điểm, không đạt 90 điểm: Chủ tịch UBND tỉnh có thể căn cứ kết quả này công nhận ${got} sao, hoặc tổ chức đánh giá lại theo thẩm quyền (Điều 7.4g).`, en: `The central council scored "${name}" ${s!.en} points, below 90: the provincial chairman may recognise ${got} stars on this result, or have the province evaluate it again (Art. 7.4g).` }
        : { vi: `Hội đồng cấp trung ương không xếp hạng sao cho "${name}"${s ? ` (${s.vi} điểm)` : ""}.`, en: `The central council ranked no star for "${name}"${s ? ` (${s.en} points)` : ""}.` };
  await notifyProvinceOffice(tx, { provinceId, kind: "central_outcome", text, dedupeKey: `central_outcome:${a.rd.id}`, now: ctx.now });
  await audit(tx, ctx, { action: "central.notify_province", subjectType: "round_dossier", subjectId: a.rd.id, after: { provinceId, dossierId: a.rd.dossierId, officialScore: score, stars: stars.stars, text } });
}

/**
 * Art. 7.4g, the province's other choice after a central result below 90: instead of recognising 3★/4★ on the
 * central council's result, the provincial chairman "tổ chức đánh giá và phân hạng sản phẩm theo thẩm quyền".
 * The province's office sends the dossier back to wait for a province round (the dossier, not the scores:
 * the province council scores afresh). Only for a dossier whose last result is that central one, returned to
 * the province and not recognised; the central result can then no longer be recognised (issueDecision refuses
 * a result its dossier has moved past). Audited with the reason.
 */
export async function evaluateAgainAtProvince({ ctx, input }: { ctx: ServiceCtx; input: { dossierId: number; reason: string } }): Promise<{ dossierId: number; state: string; awaitingLevel: string }> {
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.id, input.dossierId)).for("update").limit(1);
    const d = await readableDossier(tx, ctx.principal, input.dossierId, vnToday(ctx.now));
    if (!can(ctx.principal, "rounds.manage", { unitPath: d.unitPath, ...(d.successorPaths?.length ? { successorPaths: d.successorPaths } : {}) })) throw forbidden({ vi: "Chỉ Văn phòng Điều phối OCOP của tỉnh gửi hồ sơ đánh giá lại ở cấp tỉnh.", en: "Only the province's OCOP office sends a dossier back for the province's own evaluation." });
    const [last] = await tx
      .select({ rdId: roundDossiers.id, level: evaluationRounds.level, summary: roundResults.summary })
      .from(roundDossiers)
      .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
      .leftJoin(roundResults, eq(roundResults.roundDossierId, roundDossiers.id))
      .where(eq(roundDossiers.dossierId, d.d.id))
      .orderBy(desc(roundDossiers.id))
      .limit(1);
    const returned = (last?.summary?.["stars"] as { returnTo?: string } | undefined)?.returnTo === "province";
    const [cert] = last ? await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.roundDossierId, last.rdId)).limit(1) : [];
    if (d.d.state !== "decided" || !last || last.level !== "central" || !returned || cert) {
      throw conflict("not-returned", { vi: "Hồ sơ không chờ tỉnh xem xét", en: "The dossier is not waiting for the province" }, {
        vi: cert
          ? "Tỉnh đã công nhận sản phẩm theo kết quả của Hội đồng cấp trung ương."
          : "Chỉ đánh giá lại ở cấp tỉnh khi kết quả cuối cùng của hồ sơ là kết quả dưới 90 điểm của Hội đồng cấp trung ương trả về tỉnh (Điều 7.4g).",
        en: cert
          ? "The province has already recognised the product on the central council's result."
          : "Only a dossier whose last result is a central result below 90 returned to the province is evaluated again at the province (Art. 7.4g).",
      });
    }
    await tx.update(dossiers).set({ state: "forwarded", awaitingLevel: "province", updatedAt: ctx.now }).where(eq(dossiers.id, d.d.id));
    await tx.insert(dossierEvents).values({ dossierId: d.d.id, attempt: d.d.attempt, kind: "province_reevaluation", fromState: d.d.state, toState: "forwarded", actorId: ctx.principal!.userId, actorRole: "province_office", reason: input.reason, at: ctx.now });
    await audit(tx, ctx, { action: "dossier.province_reevaluation", subjectType: "dossier", subjectId: d.d.id, before: { state: d.d.state, centralRoundDossierId: last.rdId }, after: { state: "forwarded", awaitingLevel: "province", reason: input.reason } });
    return { dossierId: d.d.id, state: "forwarded", awaitingLevel: "province" };
  });
}

/**
 * What the producer learns from each final result: the official score, stars, the mean of each part and the
 * members' notes per criterion — never who wrote what.
 */
export async function dossierFeedback({ ctx, input }: { ctx: ServiceCtx; input: { dossierId: number } }): Promise<FeedbackView> {
  const d = await readableDossier(ctx.db, ctx.principal, input.dossierId, vnToday(ctx.now));
  const finals = await ctx.db
    .select({ rd: roundDossiers, result: roundResults, level: evaluationRounds.level, roundName: evaluationRounds.name })
    .from(roundDossiers)
    .innerJoin(roundResults, eq(roundResults.roundDossierId, roundDossiers.id))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .where(and(eq(roundDossiers.dossierId, d.d.id), isNotNull(roundDossiers.finalisedAt)))
    .orderBy(asc(roundDossiers.id));
  const rounds: FeedbackView["rounds"] = [];
  for (const f of finals) {
    const counted = ((f.result.summary["sheets"] as { sheetId: number }[] | undefined) ?? []).map((s) => s.sheetId);
    const sheets = (await ctx.db.select().from(scoreSheets).where(eq(scoreSheets.roundDossierId, f.rd.id))).filter((s) => counted.includes(s.id));
    const notes = sheets
      .flatMap((s) => Object.entries(s.notes).map(([criterionId, note]) => ({ criterionId, note })))
      .sort((x, y) => x.criterionId.localeCompare(y.criterionId, undefined, { numeric: true }));
    rounds.push({
      level: f.level,
      roundName: f.roundName,
      officialScore: f.result.officialScore,
      stars: f.result.stars,
      forwardTo: f.result.forwardTo,
      status: ((f.result.summary["stars"] as { status?: { code: string; vi: string; en: string } } | undefined)?.status) ?? null,
      elimination: (f.result.summary["elimination"] as FeedbackView["rounds"][number]["elimination"] | undefined) ?? null,
      partMeans: { A: meanOf(sheets.map((s) => s.partATenths)), B: meanOf(sheets.map((s) => s.partBTenths)), C: meanOf(sheets.map((s) => s.partCTenths)) },
      notes,
    });
  }
  return { dossierId: d.d.id, rounds };
}

