import { aliasedTable, and, asc, count, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { authorize, can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../auth/types.js";
import { withinUnits } from "../../auth/unit-filter.js";
import { actingGrants, waitingWhere } from "../../auth/workflow-access.js";
import type { DbOrTx, Tx } from "../../db/client.js";
import { budgetTotal, checkBudget, checkProjection, sumBudgets, type BudgetError, type BudgetParts } from "../../domain/budget.js";
import type { LevelChain } from "../../domain/level-chain.js";
import { PLAN_STATES, availableActions, isPlanEditable, transition, type PlanAction } from "../../domain/plan-workflow.js";
import type { WorkflowError } from "../../domain/workflow.js";
import { conflict, type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { workflowProblem } from "../../http/workflow-problem.js";
import { users } from "../accounts/schema.js";
import { writeAudit } from "../audit/index.js";
import { cycles } from "../cycles/schema.js";
import { readableIdea } from "../ideas/index.js";
import { productIdeas } from "../ideas/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { checkResponsible, createProductForPlan } from "../products/index.js";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";
import type { BudgetReport, BudgetRowView, CreatePlanInput, ListPlansQuery, PlanActionInput, PlanDetail, PlanEventView, PlanList, PlanView, UpdatePlanInput } from "./inputs.js";
import { businessPlans, planEvents } from "./schema.js";

type PlanRow = typeof businessPlans.$inferSelect;

const planNotFound = () => notFound({ vi: "phương án sản xuất kinh doanh", en: "The business plan" });

const commune = aliasedTable(adminUnits, "plan_commune");
const parentUnit = aliasedTable(adminUnits, "plan_commune_parent");

type Joined = {
  b: PlanRow;
  ideaName: string;
  criteriaSetId: number;
  ideaDescription: string;
  year: number;
  chain: LevelChain;
  deadlines: typeof cycles.$inferSelect.deadlines;
  producerName: string;
  communeName: string;
  unitPath: string;
  parentUnitName: string | null;
  productId: number | null;
};

function selectPlans(db: DbOrTx) {
  return db
    .select({
      b: businessPlans,
      ideaName: productIdeas.name,
      criteriaSetId: productIdeas.criteriaSetId,
      ideaDescription: productIdeas.description,
      year: cycles.year,
      chain: cycles.chain,
      deadlines: cycles.deadlines,
      producerName: producers.name,
      communeName: commune.name,
      unitPath: commune.path,
      parentUnitName: parentUnit.name,
      productId: products.id,
    })
    .from(businessPlans)
    .innerJoin(productIdeas, eq(productIdeas.id, businessPlans.ideaId))
    .innerJoin(cycles, eq(cycles.id, businessPlans.cycleId))
    .innerJoin(producers, eq(producers.id, businessPlans.producerId))
    .innerJoin(commune, eq(commune.id, businessPlans.communeId))
    .leftJoin(parentUnit, eq(parentUnit.id, commune.parentId))
    .leftJoin(products, eq(products.planId, businessPlans.id));
}

const resourceOf = (r: { unitPath: string; b: { producerId: number } }) => ({ unitPath: r.unitPath, producerId: r.b.producerId });

const partsOf = (b: PlanRow, support: "requested" | "estimated"): BudgetParts => ({
  ownCapital: b.ownCapital,
  loans: b.loans,
  otherSources: b.otherSources,
  stateSupport: support === "requested" ? b.requestedSupport : (b.estimatedStateSupport ?? 0n),
});

function planView(principal: Principal | null, r: Joined): PlanView {
  const b = r.b;
  const actions = new Set<PlanAction>();
  for (const g of actingGrants(principal, "plans.act", resourceOf(r))) for (const a of availableActions(b.state, r.chain, g.role)) actions.add(a);
  return {
    id: b.id,
    ideaId: b.ideaId,
    ideaName: r.ideaName,
    cycleId: b.cycleId,
    cycleYear: r.year,
    chain: r.chain,
    producerId: b.producerId,
    producerName: r.producerName,
    communeId: b.communeId,
    communeName: r.communeName,
    parentUnitName: r.parentUnitName,
    state: b.state,
    attempt: b.attempt,
    production: b.production,
    rawMaterialArea: b.rawMaterialArea,
    technology: b.technology,
    packaging: b.packaging,
    markets: b.markets,
    projection: [
      { revenue: String(b.revenueYear1), profit: String(b.profitYear1) },
      { revenue: String(b.revenueYear2), profit: String(b.profitYear2) },
      { revenue: String(b.revenueYear3), profit: String(b.profitYear3) },
    ],
    budget: {
      ownCapital: String(b.ownCapital),
      loans: String(b.loans),
      otherSources: String(b.otherSources),
      requestedSupport: String(b.requestedSupport),
      total: String(budgetTotal(partsOf(b, "requested"))),
    },
    estimatedStateSupport: b.estimatedStateSupport === null ? null : String(b.estimatedStateSupport),
    lastReason: b.lastReason,
    approvedAt: b.approvedAt?.toISOString() ?? null,
    actions: [...actions],
    editable: isPlanEditable(b.state) && can(principal, "plans.author", resourceOf(r)),
    productId: r.productId,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

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

// ---- reading -------------------------------------------------------------------------------------------

function readable(principal: Principal | null): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "plans.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(scopes.length ? withinUnits(commune.path, scopes) : undefined, own.length ? inArray(businessPlans.producerId, own) : undefined);
}

export async function listPlans({ ctx, input }: { ctx: ServiceCtx; input: ListPlansQuery }): Promise<PlanList> {
  const where = and(
    readable(ctx.principal),
    input.waiting ? waitingWhere(ctx.principal!, PLAN_STATES, availableActions, { state: businessPlans.state, chain: cycles.chain, producerId: businessPlans.producerId, unitPath: commune.path }) : undefined,
    input.cycleId ? eq(businessPlans.cycleId, input.cycleId) : undefined,
    input.state ? eq(businessPlans.state, input.state) : undefined,
    input.producerId ? eq(businessPlans.producerId, input.producerId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectPlans(ctx.db).where(where).orderBy(desc(cycles.year), asc(commune.name), asc(businessPlans.id)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(businessPlans).innerJoin(cycles, eq(cycles.id, businessPlans.cycleId)).innerJoin(commune, eq(commune.id, businessPlans.communeId)).where(where),
  ]);
  return { items: rows.map((r) => planView(ctx.principal, r)), total: total?.n ?? 0 };
}

async function loadPlan(db: DbOrTx, id: number): Promise<Joined | undefined> {
  const [r] = await selectPlans(db).where(eq(businessPlans.id, id)).limit(1);
  return r;
}

async function readablePlan(db: DbOrTx, principal: Principal | null, id: number): Promise<Joined> {
  if (!principal) throw unauthenticated();
  const r = await loadPlan(db, id);
  if (!r || !can(principal, "plans.read", resourceOf(r))) throw planNotFound();
  return r;
}

async function eventsOf(db: DbOrTx, planId: number): Promise<PlanEventView[]> {
  const rows = await db.select({ e: planEvents, actorName: users.displayName }).from(planEvents).leftJoin(users, eq(users.id, planEvents.actorId)).where(eq(planEvents.planId, planId)).orderBy(asc(planEvents.id));
  return rows.map(({ e, actorName }) => ({
    id: e.id,
    attempt: e.attempt,
    kind: e.kind,
    fromState: e.fromState,
    toState: e.toState,
    actorName: actorName ?? null,
    actorRole: e.actorRole,
    reason: e.reason,
    estimatedStateSupport: e.estimatedStateSupport === null ? null : String(e.estimatedStateSupport),
    at: e.at.toISOString(),
  }));
}

async function detail(db: DbOrTx, principal: Principal | null, r: Joined): Promise<PlanDetail> {
  return { ...planView(principal, r), events: await eventsOf(db, r.b.id) };
}

export async function getPlan({ ctx, input }: { ctx: ServiceCtx; input: { planId: number } }): Promise<PlanDetail> {
  return detail(ctx.db, ctx.principal, await readablePlan(ctx.db, ctx.principal, input.planId));
}

// ---- writing -------------------------------------------------------------------------------------------

/** A plan is written for an approved idea, one per idea, by the idea's producer. */
export async function createPlan({ ctx, input }: { ctx: ServiceCtx; input: CreatePlanInput & { ideaId: number } }): Promise<PlanDetail> {
  const { ideaId, projection, budget, ...text } = input;
  const amounts = checkedAmounts({ projection, budget });
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: productIdeas.id }).from(productIdeas).where(eq(productIdeas.id, ideaId)).for("update").limit(1);
    const idea = await readableIdea(tx, ctx.principal, ideaId);
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
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "plan.create", subjectType: "plan", subjectId: row!.id, after: snapshotOf(row!), requestId: ctx.requestId ?? null }, ctx.now);
    return detail(tx, ctx.principal, (await loadPlan(tx, row!.id))!);
  });
}

async function lockPlan(tx: Tx, principal: Principal | null, id: number): Promise<Joined> {
  if (!principal) throw unauthenticated();
  await tx.select({ id: businessPlans.id }).from(businessPlans).where(eq(businessPlans.id, id)).for("update").limit(1);
  return readablePlan(tx, principal, id);
}

export async function updatePlan({ ctx, input }: { ctx: ServiceCtx; input: UpdatePlanInput & { planId: number } }): Promise<PlanDetail> {
  const { planId, projection, budget, ...text } = input;
  const amounts = checkedAmounts({ projection, budget });
  return ctx.db.transaction(async (tx) => {
    const r = await lockPlan(tx, ctx.principal, planId);
    authorize(ctx.principal, "plans.author", resourceOf(r));
    if (!isPlanEditable(r.b.state)) {
      throw conflict("plan-not-editable", { vi: "Không thể sửa lúc này", en: "Not editable now" }, {
        vi: "Phương án đang chờ phê duyệt hoặc đã được phê duyệt; chỉ sửa được khi đang soạn hoặc được yêu cầu chỉnh sửa.",
        en: "The plan is awaiting approval or approved; it can be edited only as a draft or when a revision was requested.",
      });
    }
    const set = { ...Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)), ...amounts };
    const [after] = await tx.update(businessPlans).set({ ...set, updatedAt: ctx.now }).where(eq(businessPlans.id, planId)).returning();
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "plan.edit", subjectType: "plan", subjectId: planId, before: snapshotOf(r.b), after: snapshotOf(after!), requestId: ctx.requestId ?? null }, ctx.now);
    return detail(tx, ctx.principal, (await loadPlan(tx, planId))!);
  });
}

/**
 * One workflow step. Approval records the estimated state support and creates the product (with its code)
 * in the same transaction as the plan's new state, its event and the audit records.
 */
export async function actOnPlan({ ctx, input }: { ctx: ServiceCtx; input: PlanActionInput & { planId: number } }): Promise<PlanDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockPlan(tx, ctx.principal, input.planId);
    const principal = ctx.principal!;
    let refusal: WorkflowError | undefined;
    for (const g of actingGrants(principal, "plans.act", resourceOf(r))) {
      const res = transition({ state: r.b.state, attempt: r.b.attempt }, input.action, {
        chain: r.chain,
        role: g.role,
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
      const reason = input.reason?.trim() || null;
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
      await writeAudit(
        tx,
        {
          actorId: principal.userId,
          action: `plan.${input.action}`,
          subjectType: "plan",
          subjectId: r.b.id,
          before: { state: r.b.state, attempt: r.b.attempt },
          after: { state: res.next.state, attempt: res.next.attempt, role: g.role, reason, ...(approving ? { estimatedStateSupport: String(res.estimatedStateSupport) } : {}), ...(submitting ? { plan: snapshotOf(r.b) } : {}) },
          requestId: ctx.requestId ?? null,
        },
        ctx.now,
      );
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
      return detail(tx, principal, (await loadPlan(tx, r.b.id))!);
    }
    throw workflowProblem(refusal ?? { code: "role_forbidden", vi: "Tài khoản của bạn không xử lý phương án này.", en: "Your account does not act on this plan." });
  });
}

// ---- budget totals -------------------------------------------------------------------------------------

/**
 * Totals of the approved plans of a cycle, to the đồng: own capital + loans + other sources + the state
 * support the approving level estimated = total, per district (the unit above the commune; communes directly
 * under the province since 2025 count as their own group) and for the province. Only the caller's units.
 */
export async function budgetReport({ ctx, input }: { ctx: ServiceCtx; input: { cycleId: number } }): Promise<BudgetReport> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "plans.report");
  if (scopes.length === 0) throw forbidden();
  const [cycle] = await ctx.db.select({ c: cycles, provinceName: adminUnits.name }).from(cycles).innerJoin(adminUnits, eq(adminUnits.id, cycles.provinceId)).where(eq(cycles.id, input.cycleId));
  if (!cycle) throw notFound({ vi: "chu trình OCOP", en: "The OCOP cycle" });
  // drizzle types a nested table beside left-joined alias columns as never; the shape is spelled out instead.
  type ReportRow = { b: PlanRow; communeId: number; communeName: string; parentId: number | null; parentName: string | null; parentLevel: string | null };
  const rows = (await ctx.db
    .select({ b: businessPlans, communeId: commune.id, communeName: commune.name, parentId: parentUnit.id, parentName: parentUnit.name, parentLevel: parentUnit.level })
    .from(businessPlans)
    .innerJoin(commune, eq(commune.id, businessPlans.communeId))
    .leftJoin(parentUnit, eq(parentUnit.id, commune.parentId))
    .where(and(eq(businessPlans.cycleId, input.cycleId), eq(businessPlans.state, "approved"), withinUnits(commune.path, scopes)))) as unknown as ReportRow[];
  const groups = new Map<number, { name: string; parts: BudgetParts[] }>();
  for (const r of rows) {
    const [id, name] = r.parentLevel === "district" ? [r.parentId!, r.parentName!] : [r.communeId, r.communeName];
    const g = groups.get(id) ?? groups.set(id, { name, parts: [] }).get(id)!;
    g.parts.push(partsOf(r.b, "estimated"));
  }
  const row = (unitId: number, unitName: string, parts: BudgetParts[]): BudgetRowView => {
    const s = sumBudgets(parts);
    return { unitId, unitName, count: s.count, ownCapital: String(s.ownCapital), loans: String(s.loans), otherSources: String(s.otherSources), stateSupport: String(s.stateSupport), total: String(s.total) };
  };
  const coll = new Intl.Collator("vi");
  const byDistrict = [...groups.entries()].map(([id, g]) => row(id, g.name, g.parts)).sort((a, b) => coll.compare(a.unitName, b.unitName));
  return {
    cycleId: cycle.c.id,
    cycleYear: cycle.c.year,
    provinceName: cycle.provinceName,
    byDistrict,
    province: row(cycle.c.provinceId, cycle.provinceName, [...groups.values()].flatMap((g) => g.parts)),
  };
}
