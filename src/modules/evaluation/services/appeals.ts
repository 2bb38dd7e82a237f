import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { can, unitContains, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx, Tx } from "../../../db/client.js";
import { APPEAL_OUTCOME_LABELS, APPEAL_STATE_LABELS, appealLastDay, appealPeriodProblem, rescoreSeatConflicts, type AppealState } from "../../../domain/appeal-period.js";
import { vnToday } from "../../../lib/dates.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import { audit } from "../../audit/index.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { AppealDecisionInput, AppealInput, AppealView, DossierAppeals } from "../inputs.js";
import { loadRound, readableDossier } from "../queries.js";
import { dossierEvents, dossiers, evaluationRounds, resultAppeals, roundDossiers, roundResults, scoreSheets } from "../schema.js";

/*
 * Appeals of a council result (khiếu nại kết quả). The producer appeals a final result within the period of
 * domain/appeal-period.ts, with its grounds; the office that ran the round decides: upheld and re-scored by members
 * who did not score it, upheld with another remedy, or rejected, each with its reasons. A re-score is a fresh
 * assignment of the dossier to a round of the same level whose council holds none of the result's scorers; its
 * result, finalised by the same council rules, is then the dossier's latest and replaces the appealed one for
 * recognition (certificates take a dossier's latest result only).
 */

const fe = (path: string, vi: string, en: string) => ({ path, message: en, vi, en });

const appealQuery = (db: DbOrTx) =>
  db
    .select({ a: resultAppeals, level: evaluationRounds.level, roundName: evaluationRounds.name, roundId: evaluationRounds.id, unitPath: adminUnits.path, productName: products.name, producerId: dossiers.producerId, score: roundResults.officialScore, stars: roundResults.stars, publishedAt: roundResults.finalisedAt })
    .from(resultAppeals)
    .innerJoin(roundDossiers, eq(roundDossiers.id, resultAppeals.roundDossierId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .innerJoin(adminUnits, eq(adminUnits.id, evaluationRounds.unitId))
    .innerJoin(roundResults, eq(roundResults.roundDossierId, roundDossiers.id))
    .innerJoin(dossiers, eq(dossiers.id, resultAppeals.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId));
type AppealRow = Awaited<ReturnType<ReturnType<typeof appealQuery>["limit"]>>[number];

async function viewsOf(db: DbOrTx, rows: AppealRow[]): Promise<AppealView[]> {
  const rescoreIds = rows.map((r) => r.a.rescoreRoundDossierId).filter((x): x is number => x !== null);
  const rescored = rescoreIds.length
    ? await db.select({ rdId: roundDossiers.id, roundId: roundDossiers.roundId, score: roundResults.officialScore, stars: roundResults.stars, finalisedAt: roundResults.finalisedAt }).from(roundDossiers).leftJoin(roundResults, eq(roundResults.roundDossierId, roundDossiers.id)).where(inArray(roundDossiers.id, rescoreIds))
    : [];
  return rows.map((x) => {
    const r = rescored.find((y) => y.rdId === x.a.rescoreRoundDossierId);
    return {
      id: x.a.id,
      dossierId: x.a.dossierId,
      productName: x.productName,
      roundDossierId: x.a.roundDossierId,
      roundId: x.roundId,
      roundName: x.roundName,
      level: x.level,
      result: { officialScore: x.score ?? null, stars: x.stars, publishedOn: vnToday(x.publishedAt), lastDay: appealLastDay(x.publishedAt) },
      grounds: x.a.grounds,
      state: x.a.state,
      stateLabel: APPEAL_STATE_LABELS[x.a.state],
      outcome: x.a.outcome,
      outcomeLabel: x.a.outcome ? APPEAL_OUTCOME_LABELS[x.a.outcome] : null,
      reason: x.a.decisionReason,
      remedy: x.a.remedy,
      rescore: r ? { roundDossierId: r.rdId, roundId: r.roundId, officialScore: r.score ?? null, stars: r.stars ?? null, final: r.finalisedAt !== null } : null,
      filedAt: x.a.filedAt.toISOString(),
      decidedAt: x.a.decidedAt?.toISOString() ?? null,
    };
  });
}

/** Each dossier's newest assignment: a result later than it has replaced it. */
async function latestAssignment(db: DbOrTx, dossierId: number): Promise<number> {
  const [row] = await db.select({ id: max(roundDossiers.id) }).from(roundDossiers).where(eq(roundDossiers.dossierId, dossierId));
  return row?.id ?? 0;
}

/** The people who scored a result: anyone holding a sheet on it (a draft too: they have read and weighed it). */
async function scorersOf(db: DbOrTx, rdId: number): Promise<string[]> {
  return (await db.select({ userId: scoreSheets.userId }).from(scoreSheets).where(eq(scoreSheets.roundDossierId, rdId))).map((r) => r.userId);
}

/** What the producer may appeal now: the dossier's latest final result, if in time, not appealed, not itself a re-score. */
async function appealable(db: DbOrTx, dossierId: number, now: Date): Promise<DossierAppeals["appealable"]> {
  const latest = await latestAssignment(db, dossierId);
  if (!latest) return null;
  const [res] = await db.select({ at: roundResults.finalisedAt }).from(roundResults).where(eq(roundResults.roundDossierId, latest)).limit(1);
  if (!res) return null;
  const [taken] = await db.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.roundDossierId, latest)).limit(1);
  const [rescore] = await db.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.rescoreRoundDossierId, latest)).limit(1);
  if (taken || rescore || appealPeriodProblem(res.at, now)) return null;
  return { roundDossierId: latest, lastDay: appealLastDay(res.at) };
}

/** The dossier's appeals and what may be appealed, for whoever may read the dossier (the producer, officials). */
export async function dossierAppeals({ ctx, input }: { ctx: ServiceCtx; input: { dossierId: number } }): Promise<DossierAppeals> {
  const d = await readableDossier(ctx.db, ctx.principal, input.dossierId, vnToday(ctx.now));
  const rows = await appealQuery(ctx.db).where(eq(resultAppeals.dossierId, d.d.id)).orderBy(asc(resultAppeals.id));
  const mayFile = can(ctx.principal, "appeals.file", { producerId: d.d.producerId });
  return { dossierId: d.d.id, items: await viewsOf(ctx.db, rows), appealable: mayFile ? await appealable(ctx.db, d.d.id, ctx.now) : null };
}

/** The producer appeals a final result of its dossier, within the period, once per result. Audited. */
export async function fileAppeal({ ctx, input }: { ctx: ServiceCtx; input: AppealInput & { dossierId: number } }): Promise<AppealView> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.id, input.dossierId)).for("update").limit(1);
    const d = await readableDossier(tx, ctx.principal, input.dossierId, vnToday(ctx.now));
    if (!can(ctx.principal, "appeals.file", { producerId: d.d.producerId })) throw forbidden({ vi: "Chỉ chủ thể có hồ sơ khiếu nại kết quả đánh giá của mình.", en: "Only the dossier's producer appeals its result." });
    const [rd] = await tx.select({ id: roundDossiers.id }).from(roundDossiers).where(and(eq(roundDossiers.id, input.roundDossierId), eq(roundDossiers.dossierId, d.d.id))).limit(1);
    const [res] = rd ? await tx.select({ at: roundResults.finalisedAt }).from(roundResults).where(eq(roundResults.roundDossierId, rd.id)).limit(1) : [];
    if (!rd || !res) throw validationError([fe("roundDossierId", "Hồ sơ không có kết quả đã công bố này.", "The dossier has no such published result.")]);
    const late = appealPeriodProblem(res.at, ctx.now);
    if (late) throw conflict("appeal-period-over", { vi: "Quá thời hạn khiếu nại", en: "The appeal period is over" }, late);
    const [taken] = await tx.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.roundDossierId, rd.id)).limit(1);
    if (taken) throw conflict("appeal-exists", { vi: "Kết quả này đã được khiếu nại", en: "This result has already been appealed" }, { vi: "Mỗi kết quả được khiếu nại một lần; theo dõi khiếu nại đã gửi trên trang hồ sơ.", en: "A result is appealed once; follow the appeal on the dossier's page." });
    const [rescore] = await tx.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.rescoreRoundDossierId, rd.id)).limit(1);
    if (rescore) {
      throw conflict("rescore-final", { vi: "Kết quả chấm lại không khiếu nại lại tại đây", en: "A re-score's result is not appealed again here" }, {
        vi: "Đây là kết quả giải quyết khiếu nại lần đầu; khiếu nại lần hai gửi người có thẩm quyền cấp trên hoặc khởi kiện (Điều 7 Luật Khiếu nại 2011).",
        en: "This is the first-instance resolution of an appeal; a second appeal goes to the higher authority or to court (Art. 7 of the Law on Complaints 2011).",
      });
    }
    if ((await latestAssignment(tx, d.d.id)) > rd.id) throw conflict("result-replaced", { vi: "Kết quả đã được thay thế", en: "The result has been replaced" }, { vi: "Hồ sơ đã được đánh giá tiếp sau kết quả này.", en: "The dossier has been evaluated again since this result." });
    const [row] = await tx.insert(resultAppeals).values({ roundDossierId: rd.id, dossierId: d.d.id, grounds: input.grounds, filedBy: ctx.principal!.userId, filedAt: ctx.now }).returning();
    await audit(tx, ctx, { action: "appeal.file", subjectType: "result_appeal", subjectId: row!.id, after: { dossierId: d.d.id, roundDossierId: rd.id, grounds: input.grounds } });
    return (await viewsOf(tx, await appealQuery(tx).where(eq(resultAppeals.id, row!.id)).limit(1)))[0]!;
  });
}

async function lockFiled(tx: Tx, ctx: ServiceCtx, appealId: number): Promise<AppealRow> {
  if (!ctx.principal) throw unauthenticated();
  if (!unitScopes(ctx.principal, "appeals.decide").length) throw forbidden({ vi: "Chỉ cơ quan tổ chức đánh giá giải quyết khiếu nại kết quả.", en: "Only the office that runs evaluation decides appeals." });
  await tx.select({ id: resultAppeals.id }).from(resultAppeals).where(eq(resultAppeals.id, appealId)).for("update").limit(1);
  const [x] = await appealQuery(tx).where(eq(resultAppeals.id, appealId)).limit(1);
  if (!x || !can(ctx.principal, "appeals.decide", { unitPath: x.unitPath })) throw notFound({ vi: "khiếu nại", en: "The appeal" });
  if (x.a.state !== "filed") throw conflict("appeal-decided", { vi: "Khiếu nại đã được giải quyết", en: "The appeal has been decided" }, { vi: `Trạng thái: ${APPEAL_STATE_LABELS[x.a.state].vi}.`, en: `State: ${APPEAL_STATE_LABELS[x.a.state].en}.` });
  return x;
}

/**
 * The office of the round decides an appeal, with its reasons. A re-score names the round whose council scores
 * it again: same level and criteria version, run by the same office, a council holding none of the appealed
 * result's scorers; the dossier is assigned to it at once. Audited.
 */
export async function decideAppeal({ ctx, input }: { ctx: ServiceCtx; input: AppealDecisionInput & { appealId: number } }): Promise<AppealView> {
  return ctx.db.transaction(async (tx) => {
    const x = await lockFiled(tx, ctx, input.appealId);
    let rescoreRdId: number | null = null;
    if (input.outcome === "other_remedy" && !input.remedy) throw validationError([fe("remedy", "Ghi biện pháp giải quyết.", "State the remedy.")]);
    if (input.outcome === "rescore") {
      if (!input.roundId) throw validationError([fe("roundId", "Chọn đợt đánh giá để chấm lại.", "Choose the round that re-scores it.")]);
      const target = await loadRound(tx, input.roundId);
      const [d] = await tx.select().from(dossiers).where(eq(dossiers.id, x.a.dossierId)).for("update").limit(1);
      const [commune] = await tx.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, d!.communeId));
      if (!target || !can(ctx.principal, "rounds.manage", { unitPath: target.unitPath }) || target.r.level !== x.level || (target.r.level !== "central" && !unitContains(target.unitPath, commune!.path))) {
        throw validationError([fe("roundId", "Chọn một đợt cùng cấp với kết quả bị khiếu nại, do cơ quan của bạn tổ chức, có hồ sơ trong địa bàn.", "Choose a round of the appealed result's level, run by your office, whose area holds the dossier.")]);
      }
      if (target.r.rubricVersion !== d!.rubricVersion) throw validationError([fe("roundId", `Đợt dùng bộ tiêu chí ${target.r.rubricVersion}, hồ sơ dùng ${d!.rubricVersion}.`, `The round uses criteria ${target.r.rubricVersion}; the dossier uses ${d!.rubricVersion}.`)]);
      const seats = target.council.filter((s) => s.role !== "secretary");
      if (!seats.some((s) => s.role === "chair")) throw validationError([fe("roundId", "Đợt chưa có Hội đồng (cần chủ tịch và thành viên).", "The round has no council yet (a chair and members).")]);
      const clash = rescoreSeatConflicts(await scorersOf(tx, x.a.roundDossierId), seats.map((s) => s.userId));
      if (clash.length) {
        const names = seats.filter((s) => clash.includes(s.userId)).map((s) => s.displayName).join(", ");
        throw conflict("rescore-council-scored", { vi: "Hội đồng chấm lại có người đã chấm", en: "The re-scoring council holds someone who scored it" }, { vi: `Đã chấm kết quả bị khiếu nại: ${names}. Hội đồng chấm lại gồm những người chưa chấm hồ sơ này.`, en: `Scored the appealed result: ${names}. A re-score is by members who did not score it.` });
      }
      const [dup] = await tx.select({ id: roundDossiers.id }).from(roundDossiers).where(and(eq(roundDossiers.roundId, target.r.id), eq(roundDossiers.dossierId, d!.id))).limit(1);
      if (dup) throw validationError([fe("roundId", "Hồ sơ đã có trong đợt này.", "The dossier is already in this round.")]);
      const [rd] = await tx.insert(roundDossiers).values({ roundId: target.r.id, dossierId: d!.id, forwardedFrom: null, assignedBy: ctx.principal!.userId, assignedAt: ctx.now }).returning({ id: roundDossiers.id });
      rescoreRdId = rd!.id;
      await tx.update(dossiers).set({ state: "in_round", awaitingLevel: null, updatedAt: ctx.now }).where(eq(dossiers.id, d!.id));
      await tx.insert(dossierEvents).values({ dossierId: d!.id, attempt: d!.attempt, kind: "appeal_rescore", fromState: d!.state, toState: "in_round", actorId: ctx.principal!.userId, actorRole: target.r.level === "central" ? "ministry_office" : "province_office", reason: input.reason, at: ctx.now });
    }
    const state: AppealState = input.outcome === "rescore" ? "rescoring" : input.outcome === "reject" ? "rejected" : "upheld";
    await tx
      .update(resultAppeals)
      .set({ state, outcome: input.outcome, decisionReason: input.reason, remedy: input.outcome === "other_remedy" ? input.remedy! : null, rescoreRoundDossierId: rescoreRdId, decidedBy: ctx.principal!.userId, decidedAt: ctx.now, closedAt: state === "rescoring" ? null : ctx.now })
      .where(eq(resultAppeals.id, x.a.id));
    await audit(tx, ctx, { action: "appeal.decide", subjectType: "result_appeal", subjectId: x.a.id, before: { state: x.a.state }, after: { state, outcome: input.outcome, reason: input.reason, remedy: input.remedy ?? null, roundId: input.roundId ?? null, rescoreRoundDossierId: rescoreRdId } });
    return (await viewsOf(tx, await appealQuery(tx).where(eq(resultAppeals.id, x.a.id)).limit(1)))[0]!;
  });
}

/** Called in the finalising transaction: a re-score's result closes its appeal (the new result replaces the old). */
export async function closeRescoredAppeal(tx: Tx, ctx: ServiceCtx, rdId: number, score: number | null, stars: number | null): Promise<void> {
  const [a] = await tx.select().from(resultAppeals).where(and(eq(resultAppeals.rescoreRoundDossierId, rdId), eq(resultAppeals.state, "rescoring"))).limit(1);
  if (!a) return;
  await tx.update(resultAppeals).set({ state: "rescored", closedAt: ctx.now }).where(eq(resultAppeals.id, a.id));
  await audit(tx, ctx, { action: "appeal.rescored", subjectType: "result_appeal", subjectId: a.id, before: { state: a.state, roundDossierId: a.roundDossierId }, after: { state: "rescored", rescoreRoundDossierId: rdId, officialScore: score, stars } });
}

/** The scorers of results under re-score in a round: none of them may be seated on its council (rounds.ts setCouncil). */
export async function rescoreExclusions(db: DbOrTx, roundId: number): Promise<string[]> {
  const rows = await db.select({ rdId: resultAppeals.roundDossierId }).from(resultAppeals).innerJoin(roundDossiers, eq(roundDossiers.id, resultAppeals.rescoreRoundDossierId)).where(and(eq(roundDossiers.roundId, roundId), eq(resultAppeals.state, "rescoring")));
  const out: string[] = [];
  for (const r of rows) out.push(...(await scorersOf(db, r.rdId)));
  return out;
}

/** The office's appeals: those of rounds in its units, by state, newest first. */
export async function listAppeals({ ctx, input = {} }: { ctx: ServiceCtx; input?: { state?: AppealState | undefined } }): Promise<AppealView[]> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "appeals.decide");
  if (!scopes.length) throw forbidden({ vi: "Chỉ cơ quan tổ chức đánh giá giải quyết khiếu nại kết quả.", en: "Only the office that runs evaluation decides appeals." });
  const rows = await appealQuery(ctx.db)
    .where(and(withinUnits(adminUnits.path, scopes), input.state ? eq(resultAppeals.state, input.state) : undefined))
    .orderBy(desc(resultAppeals.id))
    .limit(500);
  return viewsOf(ctx.db, rows);
}

/** The rounds an office may name for a re-score (its own, newest first), for the decision form. */
export async function rescoreRoundChoices(db: DbOrTx, scopes: string[]): Promise<{ id: number; name: string; level: string }[]> {
  if (!scopes.length) return [];
  return db.select({ id: evaluationRounds.id, name: evaluationRounds.name, level: evaluationRounds.level }).from(evaluationRounds).innerJoin(adminUnits, eq(adminUnits.id, evaluationRounds.unitId)).where(withinUnits(adminUnits.path, scopes)).orderBy(desc(evaluationRounds.id)).limit(100);
}

/** The home page's count: appeals waiting for the office's decision (/appeals?state=filed). */
export const appealsWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "appeals.decide").length) return [];
  return [{ href: "/appeals?state=filed", label: { vi: "khiếu nại kết quả đánh giá chờ giải quyết", en: "appeals of council results awaiting a decision" }, count: (await listAppeals({ ctx, input: { state: "filed" } })).length, tone: "warn" }];
};
