import { eq } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import type { Tx } from "../../../db/client.js";
import { dossierTransition, isDossierEditable, type DossierAction } from "../../../domain/dossier-workflow.js";
import type { CycleDeadlines } from "../../../domain/cycle-deadlines.js";
import { chainHasDistrict, type LevelChain } from "../../../domain/level-chain.js";
import type { WorkflowError } from "../../../domain/workflow.js";
import { vnToday } from "../../../lib/dates.js";
import { conflict, forbidden, unauthenticated } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { workflowProblem } from "../../../http/workflow-problem.js";
import { onDossierFiled } from "../../certificates/index.js";
import { audit } from "../../audit/index.js";
import { cycles } from "../../cycles/schema.js";
import { products } from "../../products/schema.js";
import { loadRubric, rubricFor } from "../../rubrics/index.js";
import { scoreSheet } from "../../rubrics/index.js";
import { adminUnits } from "../../units/schema.js";
import type {
  CommuneReviewInput,
  CreateDossierInput,
  DossierActionInput,
  DossierDetail,
  SelfScoreChangesInput,
  SelfScoreInput,
  UpdateDossierInput,
} from "../inputs.js";
import { dossierEvents, dossiers } from "../schema.js";
import { carryForward, refuseExpiredRequired } from "./carry-forward.js";
import { tenths } from "../../../domain/score-units.js";
import { checkChoices } from "./scoring.js";
import { actingRoles, communeStandIn, dossierDetail, dossierResource, loadDossier, readableDossier, selfScoreOf, type DossierRow, type JoinedDossier } from "../queries.js";
import { standInNote } from "../../../domain/successor.js";

const audited = (d: DossierRow) => ({ ...d, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(), reviewedAt: d.reviewedAt?.toISOString() ?? null });

async function lockDossier(tx: Tx, ctx: ServiceCtx, id: number): Promise<JoinedDossier> {
  if (!ctx.principal) throw unauthenticated();
  await tx.select({ id: dossiers.id }).from(dossiers).where(eq(dossiers.id, id)).for("update").limit(1);
  return readableDossier(tx, ctx.principal, id, vnToday(ctx.now));
}

// ---- the producer's forms ---------------------------------------------------------------------------------

const notEditable = () =>
  conflict("dossier-not-editable", { vi: "Không thể sửa hồ sơ lúc này", en: "The dossier cannot be edited now" }, {
    vi: "Hồ sơ chỉ sửa được khi đang soạn hoặc bị xã trả lại.",
    en: "A dossier can be edited only as a draft or after the commune returned it.",
  });

/**
 * Files a dossier for a product. The rubric is the one in force today for the product's criteria set; the
 * chain (whether a district council scores first) is the product's cycle's, or the two-tier chain for a
 * product certified before the registry.
 */
export async function createDossier({ ctx, input }: { ctx: ServiceCtx; input: CreateDossierInput }): Promise<DossierDetail> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx
      .select({ p: products, path: adminUnits.path, chain: cycles.chain })
      .from(products)
      .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
      .leftJoin(cycles, eq(cycles.id, products.cycleId))
      .where(eq(products.id, input.productId))
      .limit(1);
    if (!p || !can(principal, "dossiers.author", { unitPath: p.path, producerId: p.p.producerId })) {
      throw forbidden({ vi: "Bạn chỉ lập hồ sơ cho sản phẩm của chủ thể mình.", en: "You file dossiers only for your own producer's products." });
    }
    const rubric = rubricFor(p.p.criteriaSetId, vnToday(ctx.now));
    if (!rubric) {
      throw conflict("no-rubric-in-force", { vi: "Chưa có bộ tiêu chí có hiệu lực", en: "No criteria set in force" }, {
        vi: `Hôm nay chưa có bộ tiêu chí nào có hiệu lực cho nhóm sản phẩm số ${p.p.criteriaSetId}.`,
        en: `No version of criteria set ${p.p.criteriaSetId} is in force today.`,
      });
    }
    const chain: LevelChain = p.chain ?? "commune-province";
    const [row] = await tx
      .insert(dossiers)
      .values({
        productId: p.p.id,
        producerId: p.p.producerId,
        communeId: p.p.communeId,
        chain,
        criteriaSetId: p.p.criteriaSetId,
        rubricVersion: rubric.version,
        kind: input.kind,
        representativeName: input.representativeName,
        representativePosition: input.representativePosition,
        phone: input.phone,
        email: input.email ?? null,
        sampleCount: input.sampleCount,
        changes: input.changes ?? null,
        createdBy: principal.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await tx.insert(dossierEvents).values({ dossierId: row!.id, attempt: 1, kind: "create", fromState: null, toState: "draft", actorId: principal.userId, actorRole: "producer_member", at: ctx.now });
    // An upgrade or re-evaluation starts from the product's certified dossier (Art. 6.1b–c), copied as unchanged.
    const carried = input.kind === "first" ? null : await carryForward(tx, ctx, row!);
    await audit(tx, ctx, { action: "dossier.create", subjectType: "dossier", subjectId: row!.id, after: { ...audited(row!), ...(carried ? { carriedForward: carried } : {}) } });
    return dossierDetail(tx, principal, (await loadDossier(tx, row!.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

export async function lockEditable(tx: Tx, ctx: ServiceCtx, id: number): Promise<JoinedDossier> {
  const r = await lockDossier(tx, ctx, id);
  if (!can(ctx.principal, "dossiers.author", dossierResource(r))) throw forbidden();
  if (!isDossierEditable(r.d.state)) throw notEditable();
  return r;
}

export async function updateDossier({ ctx, input }: { ctx: ServiceCtx; input: UpdateDossierInput & { dossierId: number } }): Promise<DossierDetail> {
  const { dossierId, ...changes } = input;
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, dossierId);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const [after] = await tx.update(dossiers).set({ ...set, updatedAt: ctx.now }).where(eq(dossiers.id, dossierId)).returning();
    await audit(tx, ctx, { action: "dossier.edit", subjectType: "dossier", subjectId: dossierId, before: audited(r.d), after: audited(after!) });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, dossierId, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

/**
 * The self-assessment (Mẫu 02) scored on the dossier's rubric. Incomplete sheets are kept: the producer sees
 * the running total, what is missing and which star minimums are not met while writing.
 */
export async function saveSelfScore({ ctx, input }: { ctx: ServiceCtx; input: SelfScoreInput & { dossierId: number } }): Promise<DossierDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, input.dossierId);
    checkChoices(r.d.rubricVersion, r.d.criteriaSetId, input.choices, { notes: input.notes });
    const s = scoreSheet(loadRubric(r.d.rubricVersion, r.d.criteriaSetId), input.choices);
    await tx.update(dossiers).set({ selfChoices: input.choices, selfNotes: input.notes, selfTotalTenths: tenths(s.total), updatedAt: ctx.now }).where(eq(dossiers.id, r.d.id));
    await audit(tx, ctx, { action: "dossier.self_score", subjectType: "dossier", subjectId: r.d.id, before: { choices: r.d.selfChoices, totalTenths: r.d.selfTotalTenths }, after: { choices: input.choices, totalTenths: tenths(s.total) } });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

/**
 * Only what changed: the listed items' answers and notes replace those carried forward (or saved before);
 * every other item keeps its answer. A note sent as "" clears it.
 */
export async function saveSelfScoreChanges({ ctx, input }: { ctx: ServiceCtx; input: SelfScoreChangesInput & { dossierId: number } }): Promise<DossierDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, input.dossierId);
    const choices = { ...r.d.selfChoices, ...input.choices };
    const notes = Object.fromEntries(Object.entries({ ...r.d.selfNotes, ...input.notes }).filter(([, v]) => v.trim()));
    checkChoices(r.d.rubricVersion, r.d.criteriaSetId, choices, { notes });
    const s = scoreSheet(loadRubric(r.d.rubricVersion, r.d.criteriaSetId), choices);
    await tx.update(dossiers).set({ selfChoices: choices, selfNotes: notes, selfTotalTenths: tenths(s.total), updatedAt: ctx.now }).where(eq(dossiers.id, r.d.id));
    await audit(tx, ctx, {
      action: "dossier.self_score",
      subjectType: "dossier",
      subjectId: r.d.id,
      before: { choices: Object.fromEntries(Object.keys(input.choices).map((k) => [k, r.d.selfChoices[k] ?? null])), totalTenths: r.d.selfTotalTenths },
      after: { choices: input.choices, notes: input.notes, totalTenths: tenths(s.total) },
    });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

// ---- the commune's report and the workflow steps ------------------------------------------------------------

/** The commune's report (Mẫu 03), written while the dossier is filed with it and required before proposing. */
export async function reviewDossier({ ctx, input }: { ctx: ServiceCtx; input: CommuneReviewInput & { dossierId: number } }): Promise<DossierDetail> {
  const { dossierId, ...review } = input;
  return ctx.db.transaction(async (tx) => {
    const r = await lockDossier(tx, ctx, dossierId);
    if (!can(ctx.principal, "dossiers.review", dossierResource(r))) throw forbidden();
    if (r.d.state !== "submitted") {
      throw conflict("wrong-state", { vi: "Không thể thực hiện ở trạng thái hiện tại", en: "Not possible in the current state" }, {
        vi: "Xã chỉ lập báo cáo khi hồ sơ đã nộp và chưa được đề xuất.",
        en: "The commune writes its report while the dossier is filed and not yet proposed.",
      });
    }
    await tx.update(dossiers).set({ communeReview: review, reviewedBy: ctx.principal!.userId, reviewedAt: ctx.now, updatedAt: ctx.now }).where(eq(dossiers.id, dossierId));
    await audit(tx, ctx, { action: "dossier.review", subjectType: "dossier", subjectId: dossierId, before: r.d.communeReview ?? null, after: review });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, dossierId, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

/** What must be true before a step, beyond the state machine: what the commune and the province rely on. */
function preconditions(r: JoinedDossier, action: DossierAction): WorkflowError | null {
  if (action === "submit" || action === "resubmit") {
    const self = selfScoreOf(r.d);
    if (self.missing.length) {
      return { code: "wrong_state", vi: `Tự đánh giá chưa đủ: còn thiếu ${self.missing.join(", ")}.`, en: `The self-assessment is incomplete: ${self.missing.join(", ")} missing.` };
    }
    if ((r.d.kind === "upgrade" || r.d.kind === "reevaluation") && !r.d.changes?.trim()) {
      return { code: "wrong_state", vi: "Hồ sơ nâng hạng / đánh giá lại cần thuyết minh những thay đổi.", en: "An upgrade or re-evaluation dossier must explain what changed." };
    }
  }
  if (action === "propose" && !r.d.communeReview) {
    return { code: "wrong_state", vi: "Xã cần lập báo cáo (Mẫu 03) trước khi đề xuất.", en: "The commune must write its report (Mẫu 03) before proposing." };
  }
  return null;
}

// Dossier steps carry no cycle deadline (none of DOSSIER_TRANSITIONS names one): rounds have their own dates.
const NO_DEADLINES = {} as CycleDeadlines;

export async function actOnDossier({ ctx, input }: { ctx: ServiceCtx; input: DossierActionInput & { dossierId: number } }): Promise<DossierDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockDossier(tx, ctx, input.dossierId);
    const roles = actingRoles(ctx.principal, r);
    let refusal: WorkflowError = { code: "role_forbidden", vi: "Tài khoản của bạn không xử lý hồ sơ này.", en: "Your account does not act on this dossier." };
    for (const role of roles) {
      const res = dossierTransition({ state: r.d.state, attempt: r.d.attempt }, input.action, { chain: r.d.chain, role, now: ctx.now, deadlines: NO_DEADLINES, reason: input.reason });
      if (!res.ok) {
        if (refusal.code === "role_forbidden") refusal = res.error;
        continue;
      }
      const pre = preconditions(r, input.action);
      if (pre) throw workflowProblem(pre);
      if (input.action === "submit" || input.action === "resubmit") await refuseExpiredRequired(tx, r.d, vnToday(ctx.now));
      const next = res.next;
      const reason = input.reason?.trim() || null;
      // The first level that scores: the district council in the seeds' chain, the province after the reform;
      // and the province where the dossier's district has ended and its council task passed to the province.
      const passed = r.stewards?.districtPassed ?? null;
      const districtFirst = chainHasDistrict(r.d.chain) && !passed;
      const awaitingLevel = input.action === "propose" ? (districtFirst ? "district" : "province") : null;
      const formerCommune = role === "commune_officer" ? communeStandIn(ctx.principal, r) : null;
      const notes = [
        formerCommune ? standInNote(formerCommune.name, formerCommune.validTo) : null,
        input.action === "propose" && chainHasDistrict(r.d.chain) && passed ? standInNote(passed.name, passed.validTo) : null,
      ].filter((n): n is string => !!n);
      const eventReason = [...notes, reason].filter(Boolean).join(" — ") || null;
      // The first filing of an upgrade or re-evaluation needs the certificate (and, for a re-evaluation, its window).
      if (input.action === "submit") await onDossierFiled(tx, { productId: r.d.productId, dossierId: r.d.id, kind: r.d.kind, now: ctx.now, actorId: ctx.principal!.userId });
      await tx
        .update(dossiers)
        .set({ state: next.state, attempt: next.attempt, awaitingLevel, lastReason: input.action === "return" ? reason : null, updatedAt: ctx.now })
        .where(eq(dossiers.id, r.d.id));
      await tx.insert(dossierEvents).values({ dossierId: r.d.id, attempt: next.attempt, kind: input.action, fromState: r.d.state, toState: next.state, actorId: ctx.principal!.userId, actorRole: role, reason: eventReason, at: ctx.now });
      await audit(tx, ctx, {
        action: `dossier.${input.action}`,
        subjectType: "dossier",
        subjectId: r.d.id,
        before: { state: r.d.state, attempt: r.d.attempt },
        after: { state: next.state, attempt: next.attempt, role, reason, awaitingLevel, ...(notes.length ? { inPlaceOf: notes } : {}), ...(input.action === "submit" || input.action === "resubmit" ? { selfTotalTenths: r.d.selfTotalTenths } : {}) },
      });
      return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
    }
    throw workflowProblem(refusal);
  });
}
