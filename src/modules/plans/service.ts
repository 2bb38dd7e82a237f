import { eq } from "drizzle-orm";
import { authorize } from "../../auth/policy.js";
import type { Tx } from "../../db/client.js";
import { checkBudget, checkProjection, type BudgetError } from "../../domain/budget.js";
import { isPlanEditable, transition } from "../../domain/plan-workflow.js";
import type { WorkflowError } from "../../domain/workflow.js";
import { standInNote } from "../../domain/successor.js";
import { vnToday } from "../../lib/dates.js";
import { conflict, type FieldError, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { workflowProblem } from "../../http/workflow-problem.js";
import { audit } from "../audit/index.js";
import { readableIdea } from "../ideas/index.js";
import { productIdeas } from "../ideas/schema.js";
import { checkResponsible, createProductForPlan } from "../products/index.js";
import type { CreatePlanInput, PlanActionInput, PlanDetail, UpdatePlanInput } from "./inputs.js";
import { type Joined, type PlanRow, loadPlan, planActingWays, planDetail, readablePlan, resourceOf } from "./queries.js";
import { businessPlans, planEvents } from "./schema.js";

/** The plan as audit records and submission snapshots keep it: amounts as decimal strings. */
function snapshotOf(b: PlanRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v instanceof Date ? v.toISOString() : v]));
}

// ---- amounts -------------------------------------------------------------------------------------------

const budgetField: Record<string, string> = { ownCapital: "budget.ownCapital", loans: "budget.loans", otherSources: "budget.otherSources", stateSupport: "budget.requestedSupport" };
const toField = (e: BudgetError, map: (f: string) => string): FieldError => ({ path: map(e.field), message: e.en, vi: e.vi, en: e.en });

/** The plan's money through the domain's checks: every bad amount at once, named as the form names it. */
function checkedAmounts(input: { projection?: CreatePlanInput["projection"] | undefined; budget?: CreatePlanInput["budget"] | undefined }) {
  const errors: FieldError[] = [];
  const set: Partial<PlanRow> = {};
  if (input.projection) {
    const p = checkProjection(input.projection);
    if (!p.ok) errors.push(...p.errors.map((e) => toField(e, (f) => f)));
    else {
      [set.revenueYear1, set.revenueYear2, set.revenueYear3] = p.value.map((y) => y.revenue) as [bigint, bigint, bigint];
      [set.profitYear1, set.profitYear2, set.profitYear3] = p.value.map((y) => y.profit) as [bigint, bigint, bigint];
    }
  }
  if (input.budget) {
    const b = checkBudget({ ownCapital: input.budget.ownCapital, loans: input.budget.loans, otherSources: input.budget.otherSources, stateSupport: input.budget.requestedSupport });
    if (!b.ok) errors.push(...b.errors.map((e) => toField(e, (f) => budgetField[f] ?? f)));
    else Object.assign(set, { ownCapital: b.value.ownCapital, loans: b.value.loans, otherSources: b.value.otherSources, requestedSupport: b.value.stateSupport });
  }
  if (errors.length) throw validationError(errors);
  return set;
}
// ---- writing -------------------------------------------------------------------------------------------

/** A plan is written for an approved idea, one per idea, by the idea's producer. */
export async function createPlan({ ctx, input }: { ctx: ServiceCtx; input: CreatePlanInput & { ideaId: number } }): Promise<PlanDetail> {
  const { ideaId, projection, budget, ...text } = input;
  const amounts = checkedAmounts({ projection, budget });
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: productIdeas.id }).from(productIdeas).where(eq(productIdeas.id, ideaId)).for("update").limit(1);
    const idea = await readableIdea(tx, ctx.principal, ideaId, vnToday(ctx.now));
    authorize(ctx.principal, "plans.author", { unitPath: idea.unitPath, producerId: idea.i.producerId });
    if (idea.i.state !== "approved") {
      throw conflict("idea-not-approved", { vi: "Ý tưởng chưa được thẩm định đạt", en: "The idea is not approved" }, {
        vi: "Chỉ lập phương án sản xuất kinh doanh cho ý tưởng đã được cấp tỉnh thẩm định đạt.",
        en: "A business plan is written only for an idea the province has approved.",
      });
    }
    if (idea.planId !== null) {
      throw conflict("plan-exists", { vi: "Đã có phương án", en: "Plan exists" }, {
        vi: "Ý tưởng này đã có phương án sản xuất kinh doanh; hãy sửa phương án đó.",
        en: "This idea already has a business plan; edit that one.",
      });
    }
    const [row] = await tx
      .insert(businessPlans)
      .values({ ...(text as Required<typeof text>), ...(amounts as Required<typeof amounts>), ideaId, cycleId: idea.i.cycleId, producerId: idea.i.producerId, communeId: idea.i.communeId, createdBy: ctx.principal!.userId, createdAt: ctx.now, updatedAt: ctx.now } as typeof businessPlans.$inferInsert)
      .returning();
    await tx.insert(planEvents).values({ planId: row!.id, attempt: 1, kind: "create", fromState: null, toState: "draft", actorId: ctx.principal!.userId, actorRole: "producer_member", at: ctx.now });
    await audit(tx, ctx, { action: "plan.create", subjectType: "plan", subjectId: row!.id, after: snapshotOf(row!) });
    return planDetail(tx, ctx.principal, (await loadPlan(tx, row!.id, vnToday(ctx.now)))!);
  });
}

async function lockPlan(tx: Tx, ctx: ServiceCtx, id: number): Promise<Joined> {
  if (!ctx.principal) throw unauthenticated();
  await tx.select({ id: businessPlans.id }).from(businessPlans).where(eq(businessPlans.id, id)).for("update").limit(1);
  return readablePlan(tx, ctx.principal, id, vnToday(ctx.now));
}

export async function updatePlan({ ctx, input }: { ctx: ServiceCtx; input: UpdatePlanInput & { planId: number } }): Promise<PlanDetail> {
  const { planId, projection, budget, ...text } = input;
  const amounts = checkedAmounts({ projection, budget });
  return ctx.db.transaction(async (tx) => {
    const r = await lockPlan(tx, ctx, planId);
    authorize(ctx.principal, "plans.author", resourceOf(r));
    if (!isPlanEditable(r.b.state)) {
      throw conflict("plan-not-editable", { vi: "Không thể sửa lúc này", en: "Not editable now" }, {
        vi: "Phương án đang chờ phê duyệt hoặc đã được phê duyệt; chỉ sửa được khi đang soạn hoặc được yêu cầu chỉnh sửa.",
        en: "The plan is awaiting approval or approved; it can be edited only as a draft or when a revision was requested.",
      });
    }
    const set = { ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)), ...amounts };
    const [after] = await tx.update(businessPlans).set({ ...set, updatedAt: ctx.now }).where(eq(businessPlans.id, planId)).returning();
    await audit(tx, ctx, { action: "plan.edit", subjectType: "plan", subjectId: planId, before: snapshotOf(r.b), after: snapshotOf(after!) });
    return planDetail(tx, ctx.principal, (await loadPlan(tx, planId, vnToday(ctx.now)))!);
  });
}

/**
 * One workflow step. Approval records the estimated state support and creates the product (with its code)
 * in the same transaction as the plan's new state, its event and the audit records.
 */
export async function actOnPlan({ ctx, input }: { ctx: ServiceCtx; input: PlanActionInput & { planId: number } }): Promise<PlanDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockPlan(tx, ctx, input.planId);
    const principal = ctx.principal!;
    let refusal: WorkflowError | undefined;
    // A plan waiting at a district the reform abolished is decided by the province (src/domain/successor.ts).
    const passed = r.stewards.districtPassed;
    for (const { g, as, standIn } of planActingWays(principal, r)) {
      const res = transition({ state: r.b.state, attempt: r.b.attempt }, input.action, {
        chain: r.chain,
        role: as,
        now: ctx.now,
        deadlines: r.deadlines,
        reason: input.reason,
        estimatedStateSupport: input.estimatedStateSupport,
      });
      if (!res.ok) {
        if (!refusal || refusal.code === "role_forbidden") refusal = res.error;
        continue;
      }
      const approving = input.action === "approve";
      if (approving && input.responsibleUserId) await checkResponsible(tx, input.responsibleUserId, r.unitPath, "responsibleUserId");
      const note = standIn === "district" && passed ? standInNote(passed.name, passed.validTo) : null;
      const reason = [note, input.reason?.trim()].filter(Boolean).join(" — ") || null;
      const submitting = input.action === "submit" || input.action === "resubmit";
      const [after] = await tx
        .update(businessPlans)
        .set({
          state: res.next.state,
          attempt: res.next.attempt,
          lastReason: input.action === "request_revision" ? reason : submitting ? null : r.b.lastReason,
          ...(approving ? { estimatedStateSupport: res.estimatedStateSupport!, approvedAt: ctx.now, approvedBy: principal.userId } : {}),
          updatedAt: ctx.now,
        })
        .where(eq(businessPlans.id, r.b.id))
        .returning();
      await tx.insert(planEvents).values({
        planId: r.b.id,
        attempt: res.next.attempt,
        kind: input.action,
        fromState: r.b.state,
        toState: res.next.state,
        actorId: principal.userId,
        actorRole: g.role,
        reason,
        snapshot: submitting ? JSON.stringify(snapshotOf(r.b)) : null,
        estimatedStateSupport: approving ? res.estimatedStateSupport! : null,
        at: ctx.now,
      });
      await audit(tx, ctx, {
        action: `plan.${input.action}`,
        subjectType: "plan",
        subjectId: r.b.id,
        before: { state: r.b.state, attempt: r.b.attempt },
        after: { state: res.next.state, attempt: res.next.attempt, role: g.role, reason, ...(note ? { inPlaceOf: { unitId: passed!.districtId, role: as, note } } : {}), ...(approving ? { estimatedStateSupport: String(res.estimatedStateSupport) } : {}), ...(submitting ? { plan: snapshotOf(r.b) } : {}) },
      });
      if (approving) {
        await createProductForPlan(tx, ctx, {
          id: after!.id,
          cycleId: after!.cycleId,
          producerId: after!.producerId,
          communeId: after!.communeId,
          year: r.year,
          name: r.ideaName,
          criteriaSetId: r.criteriaSetId,
          description: r.ideaDescription,
          responsibleUserId: input.responsibleUserId ?? null,
        });
      }
      return planDetail(tx, principal, (await loadPlan(tx, r.b.id, vnToday(ctx.now)))!);
    }
    throw workflowProblem(refusal ?? { code: "role_forbidden", vi: "Tài khoản của bạn không xử lý phương án này.", en: "Your account does not act on this plan." });
  });
}
