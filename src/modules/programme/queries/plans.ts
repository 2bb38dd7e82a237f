import { asc, eq, inArray, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { can, unitContains, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import type { Principal } from "../../../domain/principal.js";
import { RULE_LABELS, RULE_UNIT } from "../../../domain/programme-indicators.js";
import { forbidden, notFound, unauthenticated } from "../../../lib/problem.js";
import { adminUnits } from "../../units/schema.js";
import type { IndicatorView, PlanView } from "../inputs.js";
import { programmeIndicators, programmePlans } from "../schema.js";

/*
 * Who sees what of the programme: an official whose unit contains the plan's or event's unit sees all of it; one
 * whose unit lies inside it (a commune officer under the province's plan) sees it too, with figures and records
 * for its own units only. Anything else is answered as if it did not exist.
 */

export type Visibility = { whole: boolean; scopes: string[] };

export function visibilityOf(principal: Principal | null, unitPath: string): Visibility | null {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "programme.read");
  if (scopes.some((s) => unitContains(s, unitPath))) return { whole: true, scopes };
  const inner = scopes.filter((s) => unitContains(unitPath, s));
  return inner.length ? { whole: false, scopes: inner } : null;
}

/** The caller's unit scopes for reading the programme; 403 when it holds none (a producer has only its record). */
export function readScopes(principal: Principal | null): string[] {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "programme.read");
  if (!scopes.length) throw forbidden({ vi: "Tài khoản của bạn không theo dõi chương trình OCOP của đơn vị nào.", en: "Your account follows no unit's OCOP programme." });
  return scopes;
}

/** SQL: the unit path lies within one of the scopes or contains one of them. */
export function relatedTo(path: SQLWrapper, scopes: readonly string[]): SQL {
  if (!scopes.length) return sql`false`;
  return or(withinUnits(path, scopes), ...scopes.map((s) => sql`(${s} like ${path} || '.%')`))!;
}

export const noSuchPlan = () => notFound({ vi: "kế hoạch", en: "The plan" });

export type PlanRow = typeof programmePlans.$inferSelect & { unitName: string; unitPath: string };

export async function findPlan(db: DbOrTx, id: number): Promise<PlanRow | undefined> {
  const [row] = await db
    .select({ p: programmePlans, unitName: adminUnits.name, unitPath: adminUnits.path })
    .from(programmePlans)
    .innerJoin(adminUnits, eq(adminUnits.id, programmePlans.unitId))
    .where(eq(programmePlans.id, id))
    .limit(1);
  return row ? { ...row.p, unitName: row.unitName, unitPath: row.unitPath } : undefined;
}

/** The plan if the caller may see it, with how much of it; 404 otherwise (ids are not walked). */
export async function visiblePlan(db: DbOrTx, principal: Principal | null, id: number): Promise<{ plan: PlanRow; vis: Visibility }> {
  readScopes(principal);
  const plan = await findPlan(db, id);
  const vis = plan ? visibilityOf(principal, plan.unitPath) : null;
  if (!plan || !vis) throw noSuchPlan();
  return { plan, vis };
}

export function indicatorView(r: typeof programmeIndicators.$inferSelect): IndicatorView {
  return { id: r.id, position: r.position, label: r.label, rule: r.rule, ruleLabel: RULE_LABELS[r.rule], params: r.params ?? {}, unit: RULE_UNIT[r.rule], targetMin: r.targetMin, targetMax: r.targetMax };
}

export async function indicatorsOf(db: DbOrTx, planIds: readonly number[]): Promise<Map<number, IndicatorView[]>> {
  const out = new Map<number, IndicatorView[]>(planIds.map((id) => [id, []]));
  if (!planIds.length) return out;
  const rows = await db.select().from(programmeIndicators).where(inArray(programmeIndicators.planId, [...planIds])).orderBy(asc(programmeIndicators.position), asc(programmeIndicators.id));
  for (const r of rows) out.get(r.planId)!.push(indicatorView(r));
  return out;
}

export function planView(principal: Principal | null, plan: PlanRow, indicators: IndicatorView[]): PlanView {
  return {
    id: plan.id,
    unitId: plan.unitId,
    unitName: plan.unitName,
    year: plan.year,
    number: plan.number,
    issuedOn: plan.issuedOn,
    title: plan.title,
    indicators,
    canManage: can(principal, "programme.manage", { unitPath: plan.unitPath }),
  };
}

export async function loadPlanView(db: DbOrTx, principal: Principal | null, id: number): Promise<PlanView> {
  const plan = (await findPlan(db, id))!;
  return planView(principal, plan, (await indicatorsOf(db, [id])).get(id)!);
}

export async function listPlanRows(db: DbOrTx, scopes: readonly string[]): Promise<PlanRow[]> {
  const rows = await db
    .select({ p: programmePlans, unitName: adminUnits.name, unitPath: adminUnits.path })
    .from(programmePlans)
    .innerJoin(adminUnits, eq(adminUnits.id, programmePlans.unitId))
    .where(relatedTo(adminUnits.path, scopes))
    .orderBy(sql`${programmePlans.year} desc`, asc(adminUnits.name))
    .limit(500);
  return rows.map((r) => ({ ...r.p, unitName: r.unitName, unitPath: r.unitPath }));
}
