import { and, eq, max } from "drizzle-orm";
import { authorize, unitScopes } from "../../../auth/policy.js";
import type { Tx } from "../../../db/client.js";
import { checkRuleParams, checkTarget, type IndicatorRule, type RuleParams } from "../../../domain/programme-indicators.js";
import { vnToday } from "../../../lib/dates.js";
import { conflict, type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { adminUnits } from "../../units/schema.js";
import type { CreatePlanInput, IndicatorInput, PlanView, UpdatePlanInput } from "../inputs.js";
import { indicatorsOf, listPlanRows, loadPlanView, planView, readScopes, visiblePlan } from "../queries/plans.js";
import { programmeIndicators, programmePlans } from "../schema.js";

/*
 * The year's plan (kế hoạch OCOP năm N) as the provincial office enters it: number, date, title, and its
 * indicators, each a wording, a measuring rule from the domain's fixed list and a target. Every change is audited
 * in its transaction; progress is never written (see services/progress.ts).
 */

const field = (path: string, vi: string, en: string): FieldError => ({ path, vi, en, message: en });

type CheckedIndicator = { label: string; rule: IndicatorRule; params: RuleParams; targetMin: number | null; targetMax: number | null };

function checkIndicator(input: IndicatorInput, year: number, prefix: string): { value?: CheckedIndicator; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const p = checkRuleParams(input.rule, input.params ?? {}, year);
  if (!p.ok) errors.push(...p.errors.map((e) => field(`${prefix}${e.path}`, e.vi, e.en)));
  const target = { min: input.targetMin ?? null, max: input.targetMax ?? null };
  errors.push(...checkTarget(input.rule, target).map((e) => field(`${prefix}${e.path}`, e.vi, e.en)));
  if (errors.length || !p.ok) return { errors };
  return { value: { label: input.label, rule: input.rule, params: p.params, targetMin: target.min, targetMax: target.max }, errors };
}

/** The province the plan is for: the one given, or the single province the caller's office role is held in. */
async function provinceFor(ctx: ServiceCtx, unitId: number | undefined) {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "programme.manage");
  if (!scopes.length) throw forbidden({ vi: "Chỉ Văn phòng Điều phối tỉnh lập kế hoạch OCOP năm.", en: "Only the provincial coordination office enters the year's OCOP plan." });
  const id = unitId ?? (scopes.length === 1 && !scopes[0]!.includes(".") ? Number(scopes[0]) : undefined);
  if (id === undefined) throw validationError([field("unitId", "Chọn tỉnh của kế hoạch", "Choose the plan's province")]);
  const [unit] = await ctx.db.select().from(adminUnits).where(eq(adminUnits.id, id)).limit(1);
  const today = vnToday(ctx.now);
  if (!unit || unit.level !== "province" || (unit.validTo !== null && unit.validTo <= today)) throw validationError([field("unitId", "Kế hoạch OCOP năm là của một tỉnh hiện còn tồn tại", "The year's plan belongs to a province in force today")]);
  authorize(ctx.principal, "programme.manage", { unitPath: unit.path });
  return unit;
}

const snapshot = (p: typeof programmePlans.$inferSelect) => ({ unitId: p.unitId, year: p.year, number: p.number, issuedOn: p.issuedOn, title: p.title });

export async function createProgrammePlan({ ctx, input }: { ctx: ServiceCtx; input: CreatePlanInput }): Promise<PlanView> {
  const unit = await provinceFor(ctx, input.unitId);
  const checked = (input.indicators ?? []).map((ind, i) => checkIndicator(ind, input.year, `indicators.${i}.`));
  const errors = checked.flatMap((c) => c.errors);
  if (errors.length) throw validationError(errors);
  return ctx.db.transaction(async (tx) => {
    const [dup] = await tx.select({ id: programmePlans.id }).from(programmePlans).where(and(eq(programmePlans.unitId, unit.id), eq(programmePlans.year, input.year))).limit(1);
    if (dup) throw conflict("plan-exists", { vi: "Đã có kế hoạch năm này", en: "This year's plan exists" }, { vi: `${unit.name} đã có kế hoạch OCOP năm ${input.year}; hãy sửa kế hoạch đó.`, en: `${unit.name} already has its ${input.year} OCOP plan; edit that one.` });
    const [row] = await tx.insert(programmePlans).values({ unitId: unit.id, year: input.year, number: input.number, issuedOn: input.issuedOn, title: input.title, createdBy: ctx.principal!.userId, createdAt: ctx.now, updatedAt: ctx.now }).returning();
    const indicators = checked.map((c, i) => ({ ...c.value!, planId: row!.id, position: i + 1 }));
    if (indicators.length) await tx.insert(programmeIndicators).values(indicators);
    await audit(tx, ctx, { action: "programme.plan_create", subjectType: "programme_plan", subjectId: row!.id, after: { ...snapshot(row!), indicators: indicators.map(({ planId: _p, ...x }) => x) } });
    return loadPlanView(tx, ctx.principal, row!.id);
  });
}

/** The plan locked for a change by someone who manages it (404 if they may not see it, 403 if only see it). */
async function managedPlan(tx: Tx, ctx: ServiceCtx, id: number) {
  const { plan } = await visiblePlan(tx, ctx.principal, id);
  authorize(ctx.principal, "programme.manage", { unitPath: plan.unitPath });
  await tx.select({ id: programmePlans.id }).from(programmePlans).where(eq(programmePlans.id, id)).for("update");
  return plan;
}

export async function updateProgrammePlan({ ctx, input }: { ctx: ServiceCtx; input: UpdatePlanInput & { planId: number } }): Promise<PlanView> {
  const { planId, ...set } = input;
  return ctx.db.transaction(async (tx) => {
    const plan = await managedPlan(tx, ctx, planId);
    const changes = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length) {
      const [after] = await tx.update(programmePlans).set({ ...changes, updatedAt: ctx.now }).where(eq(programmePlans.id, planId)).returning();
      await audit(tx, ctx, { action: "programme.plan_update", subjectType: "programme_plan", subjectId: planId, before: snapshot(plan), after: snapshot(after!) });
    }
    return loadPlanView(tx, ctx.principal, planId);
  });
}

export async function addIndicator({ ctx, input }: { ctx: ServiceCtx; input: IndicatorInput & { planId: number } }): Promise<PlanView> {
  const { planId, ...ind } = input;
  return ctx.db.transaction(async (tx) => {
    const plan = await managedPlan(tx, ctx, planId);
    const c = checkIndicator(ind, plan.year, "");
    if (c.errors.length) throw validationError(c.errors);
    const [last] = await tx.select({ n: max(programmeIndicators.position) }).from(programmeIndicators).where(eq(programmeIndicators.planId, planId));
    const [row] = await tx.insert(programmeIndicators).values({ ...c.value!, planId, position: (last?.n ?? 0) + 1 }).returning();
    await audit(tx, ctx, { action: "programme.indicator_add", subjectType: "programme_plan", subjectId: planId, after: { indicatorId: row!.id, ...c.value! } });
    return loadPlanView(tx, ctx.principal, planId);
  });
}

async function indicatorOf(tx: Tx, planId: number, indicatorId: number) {
  const [row] = await tx.select().from(programmeIndicators).where(and(eq(programmeIndicators.id, indicatorId), eq(programmeIndicators.planId, planId))).limit(1);
  if (!row) throw notFound({ vi: "chỉ tiêu này trong kế hoạch", en: "This indicator of the plan" });
  return row;
}

export async function replaceIndicator({ ctx, input }: { ctx: ServiceCtx; input: IndicatorInput & { planId: number; indicatorId: number } }): Promise<PlanView> {
  const { planId, indicatorId, ...ind } = input;
  return ctx.db.transaction(async (tx) => {
    const plan = await managedPlan(tx, ctx, planId);
    const before = await indicatorOf(tx, planId, indicatorId);
    const c = checkIndicator(ind, plan.year, "");
    if (c.errors.length) throw validationError(c.errors);
    await tx.update(programmeIndicators).set(c.value!).where(eq(programmeIndicators.id, indicatorId));
    const { planId: _p, id: _i, ...was } = before;
    await audit(tx, ctx, { action: "programme.indicator_update", subjectType: "programme_plan", subjectId: planId, before: { indicatorId, ...was }, after: { indicatorId, ...c.value! } });
    return loadPlanView(tx, ctx.principal, planId);
  });
}

export async function removeIndicator({ ctx, input }: { ctx: ServiceCtx; input: { planId: number; indicatorId: number } }): Promise<PlanView> {
  return ctx.db.transaction(async (tx) => {
    await managedPlan(tx, ctx, input.planId);
    const before = await indicatorOf(tx, input.planId, input.indicatorId);
    await tx.delete(programmeIndicators).where(eq(programmeIndicators.id, input.indicatorId));
    const { planId: _p, id: _i, ...was } = before;
    await audit(tx, ctx, { action: "programme.indicator_remove", subjectType: "programme_plan", subjectId: input.planId, before: { indicatorId: input.indicatorId, ...was } });
    return loadPlanView(tx, ctx.principal, input.planId);
  });
}

export async function getProgrammePlan({ ctx, input }: { ctx: ServiceCtx; input: { planId: number } }): Promise<PlanView> {
  const { plan } = await visiblePlan(ctx.db, ctx.principal, input.planId);
  return planView(ctx.principal, plan, (await indicatorsOf(ctx.db, [plan.id])).get(plan.id)!);
}

export async function listProgrammePlans({ ctx }: { ctx: ServiceCtx }): Promise<PlanView[]> {
  const rows = await listPlanRows(ctx.db, readScopes(ctx.principal));
  const inds = await indicatorsOf(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => planView(ctx.principal, r, inds.get(r.id)!));
}

/** Provinces the caller may enter a plan for (the form's choice). */
export function manageableProvincePaths(ctx: ServiceCtx): string[] {
  return unitScopes(ctx.principal, "programme.manage").filter((s) => !s.includes("."));
}

