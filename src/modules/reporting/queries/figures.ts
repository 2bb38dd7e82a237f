import { type AnyColumn, and, eq, gte, inArray, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { type MonthSpan, type ReportFigures, type ReportingLevel, addFigures, emptyFigures, reportingLevelOf } from "../../../domain/monthly-report.js";
import { certificates } from "../../certificates/schema.js";
import { cycles } from "../../cycles/schema.js";
import { dossierEvents, dossiers } from "../../evaluation/schema.js";
import { ideaEvents, productIdeas } from "../../ideas/schema.js";
import { businessPlans } from "../../plans/schema.js";
import { products } from "../../products/schema.js";
import { fakeReports, stampBatches } from "../../stamps/schema.js";
import { getUnit, handlerOfUnit, listUnits } from "../../units/index.js";
import { adminUnits } from "../../units/schema.js";

/*
 * The registry's figures for every reporting unit of a province over a month and over its year to the month's
 * end. Each figure is one grouped query per commune the records lie in (a province has a few hundred), then
 * each commune is given to the unit that reports it for that month (reportingUnitFor). So a unit's report and
 * the province's roll-up are the same numbers by construction.
 */

export type ReportingUnit = { id: number; name: string; kind: string; code: string; path: string; level: "district" | "commune"; parentId: number | null; validTo: string | null };
export type UnitFigures = { month: ReportFigures; yearToDate: ReportFigures };

const toReportingUnit = (u: { id: number; name: string; kind: string; code: string; path: string; level: string; parentId: number | null; validTo: string | null }): ReportingUnit => ({
  id: u.id,
  name: u.name,
  kind: u.kind,
  code: u.code,
  path: u.path,
  level: u.level as ReportingUnit["level"],
  parentId: u.parentId,
  validTo: u.validTo,
});

/** The province's units that report month `span`, and at which level (monthly-report.ts). */
export async function reportingUnitsOf(db: DbOrTx, provinceId: number, span: MonthSpan): Promise<{ level: ReportingLevel; units: ReportingUnit[] }> {
  const province = await getUnit(db, provinceId);
  if (!province) return { level: "commune", units: [] };
  const under = (p: string) => p.startsWith(province.path + ".");
  const districts = (await listUnits(db, { level: "district", at: span.lastDay })).filter((u) => under(u.path));
  const level = reportingLevelOf(districts.length);
  const units = level === "district" ? districts : (await listUnits(db, { level: "commune", at: span.lastDay })).filter((u) => under(u.path));
  const coll = new Intl.Collator("vi");
  return { level, units: units.map(toReportingUnit).sort((a, b) => coll.compare(a.name, b.name)) };
}

/**
 * The unit that reports, for the month ending `lastDay`, what lies in `communeId`: the commune itself, or, where
 * the reform (or an earlier merger) ended it, the unit that took its work over on that day (the first of them
 * after a split, so nothing is counted twice); at the district level, the district that commune lies in.
 */
export async function reportingUnitFor(db: DbOrTx, communeId: number, lastDay: string, level: ReportingLevel): Promise<number | null> {
  const h = await handlerOfUnit(db, communeId, lastDay);
  const here = h.unitIds[0];
  if (here === undefined) return null;
  if (level === "commune") return (await getUnit(db, here))?.level === "commune" ? here : null;
  for (let u = await getUnit(db, here); u; u = u.parentId !== null ? await getUnit(db, u.parentId) : undefined) if (u.level === "district") return u.id;
  return null;
}

type Row = { communeId: number } & Record<string, string | number | null>;
const n = (v: unknown) => Number(v ?? 0);
const big = (v: unknown) => BigInt(String(v ?? 0));

/** The raw figures per commune the records lie in, for [yearStart, end) with the month's part beside. */
async function perCommune(db: DbOrTx, provincePath: string, span: MonthSpan): Promise<Map<number, UnitFigures>> {
  const inMonth = (at: AnyColumn) => sql`${at} >= ${span.start.toISOString()}::timestamptz`;
  const inYear = (at: AnyColumn) => and(gte(at, span.yearStart), lt(at, span.end));
  const commune = adminUnits;
  const inProvince = withinUnits(commune.path, [provincePath]);

  const [registered, sent, plans, proposed, certified, stamps, fakes] = await Promise.all([
    // An idea counts once, in the month its producer first sent the registration (resubmissions are attempts).
    db
      .select({ communeId: productIdeas.communeId, m: sql<number>`count(distinct ${productIdeas.id}) filter (where ${inMonth(ideaEvents.at)})`, y: sql<number>`count(distinct ${productIdeas.id})` })
      .from(ideaEvents)
      .innerJoin(productIdeas, eq(productIdeas.id, ideaEvents.ideaId))
      .innerJoin(commune, eq(commune.id, productIdeas.communeId))
      .where(and(eq(ideaEvents.kind, "submit"), inYear(ideaEvents.at), inProvince))
      .groupBy(productIdeas.communeId),
    // Sent to the province: by the district's selection on the seeds' chain, by the commune's list after the reform.
    db
      .select({ communeId: productIdeas.communeId, m: sql<number>`count(distinct ${productIdeas.id}) filter (where ${inMonth(ideaEvents.at)})`, y: sql<number>`count(distinct ${productIdeas.id})` })
      .from(ideaEvents)
      .innerJoin(productIdeas, eq(productIdeas.id, ideaEvents.ideaId))
      .innerJoin(cycles, eq(cycles.id, productIdeas.cycleId))
      .innerJoin(commune, eq(commune.id, productIdeas.communeId))
      .where(
        and(
          or(and(eq(ideaEvents.kind, "district_select"), eq(cycles.chain, "commune-district-province")), and(eq(ideaEvents.kind, "commune_forward"), eq(cycles.chain, "commune-province"))),
          inYear(ideaEvents.at),
          inProvince,
        ),
      )
      .groupBy(productIdeas.communeId),
    db
      .select({
        communeId: businessPlans.communeId,
        m: sql<number>`count(*) filter (where ${inMonth(businessPlans.approvedAt)})`,
        y: sql<number>`count(*)`,
        ...Object.fromEntries(
          (
            [
              ["own", businessPlans.ownCapital],
              ["loans", businessPlans.loans],
              ["other", businessPlans.otherSources],
              ["support", businessPlans.estimatedStateSupport],
            ] as const
          ).flatMap(([k, col]) => [
            [`${k}M`, sql<string>`coalesce(sum(${col}) filter (where ${inMonth(businessPlans.approvedAt)}), 0)::text`],
            [`${k}Y`, sql<string>`coalesce(sum(${col}), 0)::text`],
          ]),
        ),
      })
      .from(businessPlans)
      .innerJoin(commune, eq(commune.id, businessPlans.communeId))
      .where(and(eq(businessPlans.state, "approved"), isNotNull(businessPlans.approvedAt), inYear(businessPlans.approvedAt), inProvince))
      .groupBy(businessPlans.communeId),
    db
      .select({ communeId: dossiers.communeId, m: sql<number>`count(distinct ${dossiers.id}) filter (where ${inMonth(dossierEvents.at)})`, y: sql<number>`count(distinct ${dossiers.id})` })
      .from(dossierEvents)
      .innerJoin(dossiers, eq(dossiers.id, dossierEvents.dossierId))
      .innerJoin(commune, eq(commune.id, dossiers.communeId))
      .where(and(eq(dossierEvents.kind, "propose"), inYear(dossierEvents.at), inProvince))
      .groupBy(dossiers.communeId),
    // Certificates carry their decision's calendar date (Vietnam), so the span is compared as dates.
    db
      .select({
        communeId: certificates.communeId,
        m: sql<number>`count(*) filter (where ${certificates.decisionDate} >= ${span.firstDay})`,
        y: sql<number>`count(*)`,
        ...Object.fromEntries(
          [3, 4, 5].flatMap((s) => [
            [`s${s}M`, sql<number>`count(*) filter (where ${certificates.stars} = ${s} and ${certificates.decisionDate} >= ${span.firstDay})`],
            [`s${s}Y`, sql<number>`count(*) filter (where ${certificates.stars} = ${s})`],
          ]),
        ),
      })
      .from(certificates)
      .innerJoin(commune, eq(commune.id, certificates.communeId))
      .where(and(gte(certificates.decisionDate, span.yearFirstDay), lte(certificates.decisionDate, span.lastDay), inProvince))
      .groupBy(certificates.communeId),
    db
      .select({
        communeId: products.communeId,
        m: sql<number>`coalesce(sum(${stampBatches.quantity}) filter (where ${inMonth(stampBatches.issuedAt)}), 0)`,
        y: sql<number>`coalesce(sum(${stampBatches.quantity}), 0)`,
      })
      .from(stampBatches)
      .innerJoin(products, eq(products.id, stampBatches.productId))
      .innerJoin(commune, eq(commune.id, products.communeId))
      .where(and(inArray(stampBatches.state, ["issued", "printed"]), isNotNull(stampBatches.issuedAt), inYear(stampBatches.issuedAt), inProvince))
      .groupBy(products.communeId),
    // A report of an unknown or forged code names no product, so no unit: the roll-up counts those apart.
    db
      .select({ communeId: products.communeId, m: sql<number>`count(*) filter (where ${inMonth(fakeReports.createdAt)})`, y: sql<number>`count(*)` })
      .from(fakeReports)
      .innerJoin(products, eq(products.id, fakeReports.productId))
      .innerJoin(commune, eq(commune.id, products.communeId))
      .where(and(inYear(fakeReports.createdAt), inProvince))
      .groupBy(products.communeId),
  ]);

  const out = new Map<number, UnitFigures>();
  const of = (id: number) => out.get(id) ?? out.set(id, { month: emptyFigures(), yearToDate: emptyFigures() }).get(id)!;
  const each = (rows: Row[], f: (fig: ReportFigures, r: Row, part: "M" | "Y") => void) => {
    for (const r of rows) {
      const u = of(r.communeId);
      f(u.month, r, "M");
      f(u.yearToDate, r, "Y");
    }
  };
  const pick = (r: Row, part: "M" | "Y") => (part === "M" ? r.m : r.y);
  each(registered as Row[], (f, r, p) => (f.ideasRegistered += n(pick(r, p))));
  each(sent as Row[], (f, r, p) => (f.ideasSent += n(pick(r, p))));
  each(plans as unknown as Row[], (f, r, p) => {
    f.plansApproved += n(pick(r, p));
    const own = big(r[`own${p}`]);
    const loans = big(r[`loans${p}`]);
    const other = big(r[`other${p}`]);
    const support = big(r[`support${p}`]);
    f.funding.ownCapital += own;
    f.funding.loans += loans;
    f.funding.otherSources += other;
    f.funding.stateSupport += support;
    f.funding.total += own + loans + other + support;
  });
  each(proposed as Row[], (f, r, p) => (f.dossiersProposed += n(pick(r, p))));
  each(certified as unknown as Row[], (f, r, p) => {
    f.productsCertified += n(pick(r, p));
    for (const s of [3, 4, 5] as const) f.certifiedByStars[s] += n(r[`s${s}${p}`]);
  });
  each(stamps as Row[], (f, r, p) => (f.stampsIssued += n(pick(r, p))));
  each(fakes as Row[], (f, r, p) => (f.fakeReports += n(pick(r, p))));
  return out;
}

/** Fake reports in the province whose code named no product, for the span (the roll-up's extra line). */
export async function unattributedFakeReports(db: DbOrTx, span: MonthSpan): Promise<{ month: number; yearToDate: number }> {
  const [r] = await db
    .select({ m: sql<number>`count(*) filter (where ${fakeReports.createdAt} >= ${span.start.toISOString()}::timestamptz)`, y: sql<number>`count(*)` })
    .from(fakeReports)
    .where(and(sql`${fakeReports.productId} is null`, gte(fakeReports.createdAt, span.yearStart), lt(fakeReports.createdAt, span.end)));
  return { month: n(r?.m), yearToDate: n(r?.y) };
}

/**
 * Live figures of every reporting unit of the province for the month (and its year to date), keyed by unit id.
 * Records in communes no reporting unit takes (none should exist) are left out and counted in `unplaced`.
 */
export async function liveFigures(db: DbOrTx, provinceId: number, span: MonthSpan): Promise<{ level: ReportingLevel; units: ReportingUnit[]; figures: Map<number, UnitFigures>; unplaced: number }> {
  const province = await getUnit(db, provinceId);
  const { level, units } = await reportingUnitsOf(db, provinceId, span);
  const figures = new Map<number, UnitFigures>(units.map((u) => [u.id, { month: emptyFigures(), yearToDate: emptyFigures() }]));
  let unplaced = 0;
  if (!province) return { level, units, figures, unplaced };
  const raw = await perCommune(db, province.path, span);
  for (const [communeId, f] of raw) {
    const to = await reportingUnitFor(db, communeId, span.lastDay, level);
    const target = to !== null ? figures.get(to) : undefined;
    if (!target) {
      unplaced++;
      continue;
    }
    addFigures(target.month, f.month);
    addFigures(target.yearToDate, f.yearToDate);
  }
  return { level, units, figures, unplaced };
}
