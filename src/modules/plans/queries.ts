import { aliasedTable, and, asc, count, desc, eq, inArray, or, type SQL } from "drizzle-orm";
import { can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { withinUnits } from "../../auth/unit-filter.js";
import { actingWays, waitingWhere, withinReach, type ReachByPath } from "../../auth/workflow-access.js";
import type { DbOrTx } from "../../db/client.js";
import { budgetTotal, sumBudgets, type BudgetParts } from "../../domain/budget.js";
import type { LevelChain } from "../../domain/level-chain.js";
import { PLAN_STATES, availableActions, isPlanEditable, type PlanAction } from "../../domain/plan-workflow.js";
import { forbidden, notFound, unauthenticated } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { users } from "../accounts/schema.js";
import { cycles } from "../cycles/schema.js";
import { productIdeas } from "../ideas/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { type OfficialView, responsibleCandidates } from "../products/index.js";
import { products } from "../products/schema.js";
import { reachOfGrants, stewardsOf, unitPathOf, type Stewards } from "../units/index.js";
import { vnToday } from "../../lib/dates.js";
import { adminUnits } from "../units/schema.js";
import type { WorkCounter } from "../../web/work-queue.js";
import { type BudgetReport, type BudgetRowView, ListPlansQuery as ListPlansQueryInput, type ListPlansQuery, type PlanDetail, type PlanEventView, type PlanList, type PlanView } from "./inputs.js";
import { businessPlans, planEvents } from "./schema.js";

// The read side of the plans area: the joined select, the views built from it, who may read what, and the
// budget totals.

export type PlanRow = typeof businessPlans.$inferSelect;

const planNotFound = () => notFound({ vi: "phương án sản xuất kinh doanh", en: "The business plan" });

const commune = aliasedTable(adminUnits, "plan_commune");
const parentUnit = aliasedTable(adminUnits, "plan_commune_parent");

export type Joined = {
  b: PlanRow;
  ideaName: string;
  /** Never null here: a plan follows an approved idea, and an idea is sent only complete (its group chosen). */
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
  /** Who looks after the plan's commune and district on the date it was read (src/domain/successor.ts). */
  stewards: Stewards;
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

export const resourceOf = (r: { unitPath: string; b: { producerId: number }; stewards?: Stewards }) => ({
  unitPath: r.unitPath,
  ...(r.stewards?.successorPaths.length ? { successorPaths: r.stewards.successorPaths } : {}),
  producerId: r.b.producerId,
});

/** The ways the principal may take this plan's steps, the province standing in for an ended district included. */
export const planActingWays = (principal: Principal | null, r: Joined) => actingWays(principal, "plans.act", resourceOf(r), r.stewards.districtPassed !== null);

type Row = Omit<Joined, "stewards">;
async function withStewards(db: DbOrTx, rows: Row[], today: string): Promise<Joined[]> {
  return Promise.all(rows.map(async (r) => ({ ...r, stewards: await stewardsOf(db, r.b.communeId, today) })));
}

const partsOf = (b: PlanRow, support: "requested" | "estimated"): BudgetParts => ({
  ownCapital: b.ownCapital,
  loans: b.loans,
  otherSources: b.otherSources,
  stateSupport: support === "requested" ? b.requestedSupport : (b.estimatedStateSupport ?? 0n),
});

function planView(principal: Principal | null, r: Joined): PlanView {
  const b = r.b;
  const actions = new Set<PlanAction>();
  for (const w of planActingWays(principal, r)) for (const a of availableActions(b.state, r.chain, w.as)) actions.add(a);
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
// ---- reading -------------------------------------------------------------------------------------------

/** Plans in the caller's unit scopes (and the former communes they succeeded), or of its own producers. */
function readable(principal: Principal | null, reach: ReachByPath): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "plans.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(scopes.length ? withinReach({ unitPath: commune.path, communeId: businessPlans.communeId }, scopes, reach) : undefined, own.length ? inArray(businessPlans.producerId, own) : undefined);
}

export async function listPlans({ ctx, input }: { ctx: ServiceCtx; input: ListPlansQuery }): Promise<PlanList> {
  if (!ctx.principal) throw unauthenticated();
  const today = vnToday(ctx.now);
  const reach = await reachOfGrants(ctx.db, ctx.principal.grants, today);
  const where = and(
    readable(ctx.principal, reach),
    input.waiting
      ? waitingWhere(ctx.principal, PLAN_STATES, availableActions, { state: businessPlans.state, chain: cycles.chain, producerId: businessPlans.producerId, unitPath: commune.path, communeId: businessPlans.communeId, parentId: commune.parentId }, reach)
      : undefined,
    input.cycleId ? eq(businessPlans.cycleId, input.cycleId) : undefined,
    input.state ? eq(businessPlans.state, input.state) : undefined,
    input.producerId ? eq(businessPlans.producerId, input.producerId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectPlans(ctx.db).where(where).orderBy(desc(cycles.year), asc(commune.name), asc(businessPlans.id)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(businessPlans).innerJoin(cycles, eq(cycles.id, businessPlans.cycleId)).innerJoin(commune, eq(commune.id, businessPlans.communeId)).where(where),
  ]);
  return { items: (await withStewards(ctx.db, rows, today)).map((r) => planView(ctx.principal, r)), total: total?.n ?? 0 };
}

/** One plan as it stands on `today` (who decides it depends on the units in force then). */
export async function loadPlan(db: DbOrTx, id: number, today: string): Promise<Joined | undefined> {
  const [r] = await selectPlans(db).where(eq(businessPlans.id, id)).limit(1);
  return r ? (await withStewards(db, [r], today))[0] : undefined;
}

export async function readablePlan(db: DbOrTx, principal: Principal | null, id: number, today: string): Promise<Joined> {
  if (!principal) throw unauthenticated();
  const r = await loadPlan(db, id, today);
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

export async function planDetail(db: DbOrTx, principal: Principal | null, r: Joined): Promise<PlanDetail> {
  return { ...planView(principal, r), events: await eventsOf(db, r.b.id) };
}

export async function getPlan({ ctx, input }: { ctx: ServiceCtx; input: { planId: number } }): Promise<PlanDetail> {
  return planDetail(ctx.db, ctx.principal, await readablePlan(ctx.db, ctx.principal, input.planId, vnToday(ctx.now)));
}
/** The officials the approver may name responsible for the product: those who serve the plan's commune. */
export async function approvalOfficials(db: DbOrTx, plan: PlanView): Promise<OfficialView[]> {
  return plan.actions.includes("approve") ? responsibleCandidates(db, (await unitPathOf(db, plan.communeId)) ?? "") : [];
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

/** The home page's count: business plans on which the principal can take a step now (/plans?waiting=1). */
export const plansWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "plans.act").length && !ownProducerIds(ctx.principal).length) return [];
  const { total } = await listPlans({ ctx, input: ListPlansQueryInput.parse({ waiting: "true", limit: "1" }) });
  return [{ href: "/plans?waiting=1", label: { vi: "phương án sản xuất kinh doanh chờ bạn xử lý", en: "business plans waiting for your step" }, count: total }];
};
