import { and, asc, eq, gte, inArray, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { unitScopes } from "../../auth/policy.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import { BUDGET_PARTS, budgetTotal, type BudgetParts } from "../../domain/budget.js";
import { vnToday } from "../../lib/dates.js";
import { forbidden, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { resolvePick } from "../../web/picker.js";
import { certificatesInForce, inForceFigures } from "../certificates/index.js";
import { certificates } from "../certificates/schema.js";
import { cycles } from "../cycles/schema.js";
import { dossiers, evaluationRounds, roundDossiers, roundResults } from "../evaluation/schema.js";
import { productIdeas } from "../ideas/schema.js";
import { businessPlans } from "../plans/schema.js";
import { products } from "../products/schema.js";
import { openFakeReports, stampFigures, type MonthPeriod } from "../stamps/index.js";
import { adminUnits } from "../units/schema.js";
import type { Dashboard, DashboardQuery, DashboardUnit, Funding } from "./inputs.js";

/*
 * The province's dashboard, for the office (the province) and for a district's or a commune's officials (their
 * unit): every figure is of records whose commune lies in the chosen unit, and the unit must lie in the caller's.
 * A year is the Vietnam calendar year; "in force" is counted on today for this year and on 31 December for a past
 * one. Each figure is one aggregate query (or two), so the page's cost does not grow with the years kept: the
 * heavy ones (scans) read a monthly roll-up, and certificates are read back at most 48 months (certificates.ts).
 */

const VN = "+07:00";
const dayStart = (date: string) => new Date(`${date}T00:00:00${VN}`);
const DAY_MS = 86_400_000;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** How far ahead "expiring" looks: the re-evaluation window opens 180 days before expiry (Art. 7.6a). */
export const EXPIRING_DAYS = 180;

const commune = alias(adminUnits, "dash_commune");
const parent = alias(adminUnits, "dash_parent");

/** The units the caller may look at (its units and everything under them), for the picker and the check. */
export async function dashboardUnits(db: DbOrTx, scopes: readonly string[], today: string): Promise<DashboardUnit[]> {
  const rows = await db
    .select({ id: adminUnits.id, code: adminUnits.code, name: adminUnits.name, level: adminUnits.level, path: adminUnits.path, validTo: adminUnits.validTo })
    .from(adminUnits)
    .where(and(withinUnits(adminUnits.path, scopes), inArray(adminUnits.level, ["province", "district", "commune"])))
    .orderBy(asc(adminUnits.path));
  const rank = { province: 0, district: 1, commune: 2 } as Record<string, number>;
  const coll = new Intl.Collator("vi");
  return rows
    .map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, path: r.path, ended: r.validTo !== null && r.validTo <= today }))
    .sort((a, b) => (rank[a.level] ?? 9) - (rank[b.level] ?? 9) || Number(a.ended) - Number(b.ended) || coll.compare(a.name, b.name));
}

const UNIT = { field: "unit", noun: { vi: "đơn vị", en: "a unit" } };

/** The caller's scopes and the unit asked for (its own first unit when none), checked to lie within them. */
export async function dashboardScope(ctx: ServiceCtx, q: DashboardQuery): Promise<{ units: DashboardUnit[]; unit: DashboardUnit; year: number; today: string }> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "dashboard.read");
  if (!scopes.length) throw forbidden({ vi: "Chỉ cán bộ quản lý OCOP các cấp xem được bảng số liệu.", en: "Only OCOP officials may see the dashboard." });
  const today = vnToday(ctx.now);
  const thisYear = Number(today.slice(0, 4));
  const year = q.year ?? thisYear;
  if (year > thisYear) throw validationError([{ path: "year", message: `No figures for a year to come (${year})`, vi: `Chưa có số liệu của năm ${year}.`, en: `No figures for ${year} yet.` }]);
  const units = await dashboardUnits(ctx.db, scopes, today);
  let unit: DashboardUnit | undefined;
  if (q.unitId !== undefined) {
    unit = units.find((u) => u.id === q.unitId);
    if (!unit) throw forbidden({ vi: "Đơn vị này không thuộc địa bàn của bạn.", en: "This unit is not in your area." });
  } else if (q.unit) {
    unit = resolvePick(q.unit, units.map((u) => ({ ...u, hint: u.ended ? "đã kết thúc hoạt động" : null })), UNIT);
  } else {
    // The caller's own unit: the widest of its scopes (a province office's province).
    const own = [...scopes].sort((a, b) => a.split(".").length - b.split(".").length)[0]!;
    unit = units.find((u) => u.path === own);
  }
  if (!unit) throw forbidden();
  return { units, unit, year, today };
}

export async function loadDashboard(ctx: ServiceCtx, q: DashboardQuery): Promise<{ dashboard: Dashboard; units: DashboardUnit[] }> {
  const { units, unit, year, today } = await dashboardScope(ctx, q);
  const db = ctx.db;
  const paths = [unit.path];
  const period: MonthPeriod = { since: `${year}-01-01`, until: `${year + 1}-01-01` };
  const yearEnd = `${year}-12-31`;
  const asOf = yearEnd < today ? yearEnd : today;
  const [inForceAsOf, inForceToday, pipeline, fiveStar, funding, fundingByUnit, stamps, fakes] = await Promise.all([
    certificatesInForce(db, asOf, paths),
    asOf === today ? null : certificatesInForce(db, today, paths),
    pipelineOf(db, paths, year),
    fiveStarProposals(db, paths, period),
    fundingOf(db, paths, period),
    fundingByUnitOf(db, paths, period),
    stampFigures(db, paths, period, ctx.now),
    openFakeReports(db, paths, unit.level === "province"),
  ]);
  const horizon = addDays(today, EXPIRING_DAYS);
  const expiring = (inForceToday ?? inForceAsOf)
    .filter((c) => c.validUntil >= today && c.validUntil <= horizon)
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.id - b.id)
    .map((c) => ({ certificateId: c.id, productName: c.productName, commune: c.communeName, stars: c.stars, validUntil: c.validUntil }));
  return {
    units,
    dashboard: {
      year,
      asOf,
      today,
      unit: { id: unit.id, name: unit.name, code: unit.code, level: unit.level },
      inForce: inForceFigures(inForceAsOf),
      pipeline,
      expiring,
      fiveStar,
      funding,
      fundingByUnit,
      stamps,
      fakeReports: fakes,
    },
  };
}

const count = sql<string>`count(*)`;

/**
 * The year's pipeline, each stage its own records: ideas sent in the year's cycle (not drafts), plans of that cycle
 * approved, products coded that year, dossiers filed that year (not drafts), certificates decided that year.
 */
async function pipelineOf(db: DbOrTx, paths: string[], year: number): Promise<Dashboard["pipeline"]> {
  const from = dayStart(`${year}-01-01`);
  const to = dayStart(`${year + 1}-01-01`);
  const one = async (q: Promise<{ n: string }[]>) => Number((await q)[0]?.n ?? 0);
  const [ideas, plans, prods, doss, certified] = await Promise.all([
    one(db.select({ n: count }).from(productIdeas).innerJoin(cycles, eq(cycles.id, productIdeas.cycleId)).innerJoin(commune, eq(commune.id, productIdeas.communeId)).where(and(eq(cycles.year, year), ne(productIdeas.state, "draft"), withinUnits(commune.path, paths)))),
    one(db.select({ n: count }).from(businessPlans).innerJoin(cycles, eq(cycles.id, businessPlans.cycleId)).innerJoin(commune, eq(commune.id, businessPlans.communeId)).where(and(eq(cycles.year, year), eq(businessPlans.state, "approved"), withinUnits(commune.path, paths)))),
    one(db.select({ n: count }).from(products).innerJoin(commune, eq(commune.id, products.communeId)).where(and(eq(products.codeYear, year), withinUnits(commune.path, paths)))),
    one(db.select({ n: count }).from(dossiers).innerJoin(commune, eq(commune.id, dossiers.communeId)).where(and(gte(dossiers.createdAt, from), lt(dossiers.createdAt, to), ne(dossiers.state, "draft"), withinUnits(commune.path, paths)))),
    one(db.select({ n: count }).from(certificates).innerJoin(commune, eq(commune.id, certificates.communeId)).where(and(gte(certificates.decisionDate, `${year}-01-01`), lte(certificates.decisionDate, `${year}-12-31`), withinUnits(commune.path, paths)))),
  ]);
  return { ideas, plans, products: prods, dossiers: doss, certified };
}

// The dossier's central results (a dossier goes to one central round at a time), newest first.
const centralResults = (dossierId: SQL) =>
  sql`from round_dossiers crd join evaluation_rounds cer on cer.id = crd.round_id join round_results crr on crr.round_dossier_id = crd.id where crd.dossier_id = ${dossierId} and cer.level = 'central'`;

/**
 * Products proposed for 5★ (a province result of 90 or more, forwarded to the central level: stars.ts) whose
 * province result was finalised in the period, with the central council's outcome once there is one.
 */
async function fiveStarProposals(db: DbOrTx, paths: string[], p: MonthPeriod): Promise<Dashboard["fiveStar"]> {
  const rows = await db
    .select({
      dossierId: dossiers.id,
      productName: products.name,
      commune: commune.name,
      score: roundResults.officialScore,
      finalisedAt: roundResults.finalisedAt,
      centralStars: sql<number | null>`(select crr.stars ${centralResults(sql`${dossiers.id}`)} order by crr.finalised_at desc limit 1)`,
      centralDone: sql<boolean>`exists (select 1 ${centralResults(sql`${dossiers.id}`)})`,
    })
    .from(roundResults)
    .innerJoin(roundDossiers, eq(roundDossiers.id, roundResults.roundDossierId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(commune, eq(commune.id, dossiers.communeId))
    .where(and(eq(evaluationRounds.level, "province"), eq(roundResults.forwardTo, "central"), gte(roundResults.finalisedAt, dayStart(p.since)), lt(roundResults.finalisedAt, dayStart(p.until)), withinUnits(commune.path, paths)))
    .orderBy(asc(roundResults.finalisedAt), asc(dossiers.id));
  return rows.map((r) => ({
    dossierId: r.dossierId,
    productName: r.productName,
    commune: r.commune,
    score: r.score === null ? null : Number(r.score),
    finalisedOn: vnToday(new Date(r.finalisedAt)),
    centralStars: r.centralStars === null ? null : Number(r.centralStars),
    centralDone: r.centralDone === true || (r.centralDone as unknown) === "t",
  }));
}

// The four sources of a plan's funding as approved: the state support is what the approving level estimated.
const sums = {
  plans: sql<string>`count(*)`,
  ownCapital: sql<string>`coalesce(sum(${businessPlans.ownCapital}), 0)::text`,
  loans: sql<string>`coalesce(sum(${businessPlans.loans}), 0)::text`,
  otherSources: sql<string>`coalesce(sum(${businessPlans.otherSources}), 0)::text`,
  stateSupport: sql<string>`coalesce(sum(${businessPlans.estimatedStateSupport}), 0)::text`,
};

function funding(r: { plans: string; ownCapital: string; loans: string; otherSources: string; stateSupport: string } | undefined): Funding {
  const parts = Object.fromEntries(BUDGET_PARTS.map((k) => [k, BigInt(r?.[k] ?? "0")])) as BudgetParts;
  return { plans: Number(r?.plans ?? 0), ownCapital: String(parts.ownCapital), loans: String(parts.loans), otherSources: String(parts.otherSources), stateSupport: String(parts.stateSupport), total: String(budgetTotal(parts)) };
}

const approvedIn = (paths: readonly string[], p: MonthPeriod) =>
  and(eq(businessPlans.state, "approved"), gte(businessPlans.approvedAt, dayStart(p.since)), lt(businessPlans.approvedAt, dayStart(p.until)), withinUnits(commune.path, paths));

/** Plans approved in the period and their funding by source, to the đồng. */
async function fundingOf(db: DbOrTx, paths: string[], p: MonthPeriod): Promise<Funding> {
  const [r] = await db.select(sums).from(businessPlans).innerJoin(commune, eq(commune.id, businessPlans.communeId)).where(approvedIn(paths, p));
  return funding(r);
}

/**
 * Plans approved in a period and their funding by source, per unit: the district a commune lay in (before the
 * 2025 reform), or the commune itself where it sits under the province, as the budget report groups them. The query
 * a month's roll-up needs (the bench times it for one month over five years of plans).
 */
export async function fundingByUnitOf(db: DbOrTx, paths: readonly string[], p: MonthPeriod): Promise<Dashboard["fundingByUnit"]> {
  const unitId = sql<number>`case when ${parent.level} = 'district' then ${parent.id} else ${commune.id} end`;
  const unitName = sql<string>`case when ${parent.level} = 'district' then ${parent.name} else ${commune.name} end`;
  const rows = await db
    .select({ unitId, unitName, ...sums })
    .from(businessPlans)
    .innerJoin(commune, eq(commune.id, businessPlans.communeId))
    .leftJoin(parent, eq(parent.id, commune.parentId))
    .where(approvedIn(paths, p))
    .groupBy(unitId, unitName);
  const coll = new Intl.Collator("vi");
  return rows.map((r) => ({ unitId: Number(r.unitId), unitName: r.unitName, ...funding(r) })).sort((a, b) => coll.compare(a.unitName, b.unitName));
}

