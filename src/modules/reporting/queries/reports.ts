import { and, eq, inArray } from "drizzle-orm";
import { can, unitContains, unitScopes } from "../../../auth/policy.js";
import type { DbOrTx } from "../../../db/client.js";
import {
  type ReportMonth,
  addMonths,
  canFileAt,
  dueDateOf,
  figuresFromJson,
  figuresToJson,
  fileableFromOf,
  formatMillions,
  monthLabel,
  monthOf,
  monthSpan,
  reportStatus,
  reportingMonthAt,
  sumFigures,
  type ReportFigures,
} from "../../../domain/monthly-report.js";
import type { Principal } from "../../../domain/principal.js";
import { vnToday } from "../../../lib/dates.js";
import { badRequest, forbidden, notFound, unauthenticated } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { users } from "../../accounts/schema.js";
import { getUnit, handlerOfUnit } from "../../units/index.js";
import type { MonthlyReport, Overview, Rollup, UnitReports } from "../inputs.js";
import { monthlyReports } from "../schema.js";
import { type ReportingUnit, type UnitFigures, liveFigures, reportingUnitsOf, unattributedFakeReports } from "./figures.js";

export type ReportRow = typeof monthlyReports.$inferSelect;

const REPORT = { vi: "báo cáo tháng", en: "The monthly report" };

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const unitFullName = (u: { name: string; kind: string }) => (u.name.toLowerCase().startsWith(u.kind.toLowerCase()) ? u.name : `${titleCase(u.kind)} ${u.name}`);
const unitRef = (u: ReportingUnit) => ({ id: u.id, name: u.name, fullName: unitFullName(u), level: u.level, code: u.code });

/** The province a unit lies in: the first id of its dotted path (the country unit is apart from the tree). */
const provinceIdOf = (path: string) => Number(path.split(".")[0]);

/** A month that has begun in Vietnam; a later one has nothing to report. */
export function checkMonthBegun(month: ReportMonth, now: Date): void {
  if (month > monthOf(now)) {
    throw badRequest("month-not-begun", { vi: "Tháng chưa bắt đầu", en: "Month not begun" }, { vi: `Tháng ${month} chưa bắt đầu: chưa có gì để báo cáo.`, en: `${month} has not begun: there is nothing to report yet.` });
  }
}

export type ReportContext = {
  unit: ReportingUnit;
  provinceId: number;
  provinceName: string;
  month: ReportMonth;
  row: ReportRow | undefined;
  /** Whether the caller may write and file it, and whether as the province standing in for an ended district. */
  mayFile: boolean;
  standIn: boolean;
  mayReturn: boolean;
};

/**
 * A unit's report for a month, for a caller who may read it: the unit must be one that reports that month (a
 * district before the reform, a commune after), else there is no such report (404).
 */
export async function reportContext(db: DbOrTx, principal: Principal | null, unitId: number, month: ReportMonth, now: Date): Promise<ReportContext> {
  if (!principal) throw unauthenticated();
  const unit = await getUnit(db, unitId);
  if (!unit) throw notFound(REPORT);
  const provinceId = provinceIdOf(unit.path);
  const span = monthSpan(month);
  const { units } = await reportingUnitsOf(db, provinceId, span);
  const ru = units.find((u) => u.id === unitId);
  if (!ru) throw notFound(REPORT);
  const res = { unitPath: ru.path };
  const today = vnToday(now);
  // A district abolished by the reform has no officer left: the province files its last reports in its place.
  const passed = ru.level === "district" && (await handlerOfUnit(db, ru.id, today)).kind === "province";
  const standIn = passed && can(principal, "monthly_reports.stand_in", res);
  const mayFile = can(principal, "monthly_reports.file", res) || standIn;
  const mayReturn = can(principal, "monthly_reports.return", res);
  if (!mayFile && !can(principal, "monthly_reports.read", res)) throw notFound(REPORT);
  const [row] = await db.select().from(monthlyReports).where(and(eq(monthlyReports.unitId, unitId), eq(monthlyReports.month, month))).limit(1);
  const province = await getUnit(db, provinceId);
  return { unit: ru, provinceId, provinceName: province?.name ?? "", month, row, mayFile, standIn, mayReturn };
}

/** The live figures of one reporting unit (the province's are computed and this unit's taken: one code path). */
export async function unitLiveFigures(db: DbOrTx, provinceId: number, unitId: number, month: ReportMonth): Promise<UnitFigures> {
  const live = await liveFigures(db, provinceId, monthSpan(month));
  return live.figures.get(unitId)!;
}

async function nameOf(db: DbOrTx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
  return u?.name ?? null;
}

export async function reportView(db: DbOrTx, rc: ReportContext, now: Date): Promise<MonthlyReport> {
  const r = rc.row;
  const filed = r?.state === "filed";
  const figs = filed ? { month: figuresFromJson(r.figures!.month), yearToDate: figuresFromJson(r.figures!.yearToDate) } : await unitLiveFigures(db, rc.provinceId, rc.unit.id, rc.month);
  return {
    id: r?.id ?? null,
    unit: unitRef(rc.unit),
    provinceName: rc.provinceName,
    month: rc.month,
    state: r?.state ?? "none",
    status: reportStatus(rc.month, filed ? r.filedAt : null, now, r?.late),
    dueDate: dueDateOf(rc.month),
    fileableFrom: fileableFromOf(rc.month),
    late: filed ? r.late : null,
    live: !filed,
    figures: figuresToJson(figs.month),
    yearToDate: figuresToJson(figs.yearToDate),
    number: r?.number ?? "",
    place: r?.place ?? "",
    recipients: r?.recipients ?? "",
    signerName: r?.signerName ?? "",
    signerTitle: r?.signerTitle ?? "",
    results: r?.results ?? "",
    difficulties: r?.difficulties ?? "",
    proposals: r?.proposals ?? "",
    filedAt: r?.filedAt?.toISOString() ?? null,
    filedByName: await nameOf(db, r?.filedBy ?? null),
    standInNote: r?.standInNote ?? null,
    returnReason: !filed ? (r?.returnReason ?? null) : null,
    returnedAt: !filed ? (r?.returnedAt?.toISOString() ?? null) : null,
    canFile: rc.mayFile && !filed && canFileAt(rc.month, now),
    canReturn: rc.mayReturn && filed,
    editable: rc.mayFile && !filed,
  };
}

export async function getReport({ ctx, input }: { ctx: ServiceCtx; input: { unitId: number; month: ReportMonth } }): Promise<MonthlyReport> {
  checkMonthBegun(input.month, ctx.now);
  return reportView(ctx.db, await reportContext(ctx.db, ctx.principal, input.unitId, input.month, ctx.now), ctx.now);
}

/** A unit's last 12 months (the current one first), with where each report stands. */
export async function listUnitReports({ ctx, input }: { ctx: ServiceCtx; input: { unitId: number } }): Promise<UnitReports> {
  if (!ctx.principal) throw unauthenticated();
  const unit = await getUnit(ctx.db, input.unitId);
  if (!unit || !can(ctx.principal, "monthly_reports.read", { unitPath: unit.path })) throw notFound({ vi: "đơn vị", en: "The unit" });
  const rows = await ctx.db.select().from(monthlyReports).where(eq(monthlyReports.unitId, unit.id));
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const current = monthOf(ctx.now);
  const items: UnitReports["items"] = [];
  const provinceId = provinceIdOf(unit.path);
  for (let k = 0; k < 12; k++) {
    const m = addMonths(current, -k);
    // Only the months this unit reports (a commune has none before the reform, a district none after).
    const { units } = await reportingUnitsOf(ctx.db, provinceId, monthSpan(m));
    if (!units.some((u) => u.id === unit.id) && !byMonth.has(m)) continue;
    const r = byMonth.get(m);
    items.push({ month: m, state: r?.state ?? "none", status: reportStatus(m, r?.state === "filed" ? r.filedAt : null, ctx.now, r?.late), dueDate: dueDateOf(m), filedAt: r?.filedAt?.toISOString() ?? null });
  }
  const level = unit.level === "district" ? "district" : "commune";
  return { unit: { id: unit.id, name: unit.name, fullName: unitFullName(unit), level, code: unit.code }, items };
}

/** The units whose reports the caller files (commune officers, district offices), for their lists and home. */
export async function filingUnitsOf(db: DbOrTx, principal: Principal | null): Promise<{ id: number; name: string; fullName: string; path: string }[]> {
  const out = [];
  for (const g of principal?.grants ?? []) {
    if ((g.role !== "commune_officer" && g.role !== "district_office") || g.unitId === undefined) continue;
    const u = await getUnit(db, g.unitId);
    if (u) out.push({ id: u.id, name: u.name, fullName: unitFullName(u), path: u.path });
  }
  return out;
}

// ---- the office's month ---------------------------------------------------------------------------------

/** The province the office asks about: the one given, if within its scope, else the province of its first scope. */
function officeProvince(principal: Principal | null, provinceId: number | undefined): number {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "monthly_reports.overview");
  if (scopes.length === 0) throw forbidden();
  if (provinceId === undefined) return provinceIdOf(scopes[0]!);
  if (!scopes.some((s) => unitContains(s, String(provinceId)) || unitContains(String(provinceId), s))) throw forbidden();
  return provinceId;
}

async function monthRows(db: DbOrTx, principal: Principal, provinceId: number, month: ReportMonth) {
  const scopes = unitScopes(principal, "monthly_reports.overview");
  const { level, units } = await reportingUnitsOf(db, provinceId, monthSpan(month));
  const visible = units.filter((u) => scopes.some((s) => unitContains(s, u.path)));
  const rows = visible.length ? await db.select().from(monthlyReports).where(and(eq(monthlyReports.month, month), inArray(monthlyReports.unitId, visible.map((u) => u.id)))) : [];
  return { level, units: visible, byUnit: new Map(rows.map((r) => [r.unitId, r])) };
}

export async function monthOverview({ ctx, input }: { ctx: ServiceCtx; input: { month?: ReportMonth | undefined; provinceId?: number | undefined } }): Promise<Overview> {
  const provinceId = officeProvince(ctx.principal, input.provinceId);
  const month = input.month ?? reportingMonthAt(ctx.now);
  checkMonthBegun(month, ctx.now);
  const province = await getUnit(ctx.db, provinceId);
  if (!province) throw notFound({ vi: "tỉnh", en: "The province" });
  const { level, units, byUnit } = await monthRows(ctx.db, ctx.principal!, provinceId, month);
  const rows = units.map((u) => {
    const r = byUnit.get(u.id);
    const filedAt = r?.state === "filed" ? r.filedAt : null;
    return { unit: unitRef(u), state: r?.state ?? ("none" as const), status: reportStatus(month, filedAt, ctx.now, r?.late), filedAt: filedAt?.toISOString() ?? null, late: filedAt ? r!.late : null, returned: r?.state === "draft" && r.returnedAt !== null };
  });
  const c = (s: string) => rows.filter((r) => r.status === s).length;
  return {
    provinceId,
    provinceName: province.name,
    month,
    level,
    dueDate: dueDateOf(month),
    counts: { filed: c("filed"), filedLate: c("filed_late"), overdue: c("overdue"), notFiled: rows.filter((r) => r.state !== "filed").length, total: rows.length },
    rows,
  };
}

/**
 * The province's month: one row per reporting unit, from its filed report where it filed (the figures it signed)
 * and from the registry where it has not, and their sum. Seed 001's sentence is written from the sums.
 */
export async function monthRollup({ ctx, input }: { ctx: ServiceCtx; input: { month?: ReportMonth | undefined; provinceId?: number | undefined } }): Promise<Rollup> {
  const provinceId = officeProvince(ctx.principal, input.provinceId);
  const month = input.month ?? reportingMonthAt(ctx.now);
  checkMonthBegun(month, ctx.now);
  const province = await getUnit(ctx.db, provinceId);
  if (!province) throw notFound({ vi: "tỉnh", en: "The province" });
  const span = monthSpan(month);
  const { level, units, byUnit } = await monthRows(ctx.db, ctx.principal!, provinceId, month);
  const live = await liveFigures(ctx.db, provinceId, span);
  const rows = units.map((u) => {
    const r = byUnit.get(u.id);
    const filed = r?.state === "filed" && r.figures;
    const f: UnitFigures = filed ? { month: figuresFromJson(r.figures!.month), yearToDate: figuresFromJson(r.figures!.yearToDate) } : live.figures.get(u.id)!;
    return { unit: u, source: filed ? ("filed" as const) : ("live" as const), f };
  });
  const total = sumFigures(rows.map((r) => r.f.month));
  const totalYtd = sumFigures(rows.map((r) => r.f.yearToDate));
  return {
    provinceId,
    provinceName: province.name,
    month,
    level,
    rows: rows.map((r) => ({ unit: unitRef(r.unit), source: r.source, figures: figuresToJson(r.f.month), yearToDate: figuresToJson(r.f.yearToDate) })),
    total: figuresToJson(total),
    totalYearToDate: figuresToJson(totalYtd),
    unattributedFakeReports: await unattributedFakeReports(ctx.db, span),
    summary: summaryOf(month, total, rows.map((r) => ({ name: unitFullName(r.unit), proposed: r.f.month.dossiersProposed }))),
  };
}

/** Seed 001's sentence (section III): plans approved, their funding in million đồng by source, products proposed per unit. */
export function summaryOf(month: ReportMonth, t: ReportFigures, perUnit: { name: string; proposed: number }[]): { vi: string; en: string } {
  const m = monthLabel(month);
  const f = t.funding;
  const proposing = perUnit.filter((u) => u.proposed > 0);
  const vi =
    `Trong ${m.vi}, đã chấp thuận ${t.plansApproved} phương án sản xuất kinh doanh. Tổng kinh phí thực hiện theo phương án là ${formatMillions(f.total)} triệu đồng, ` +
    `trong đó vốn chủ cơ sở ${formatMillions(f.ownCapital)} triệu đồng, vốn vay ${formatMillions(f.loans)} triệu đồng, vốn khác ${formatMillions(f.otherSources)} triệu đồng ` +
    `và vốn ngân sách nhà nước dự kiến hỗ trợ ${formatMillions(f.stateSupport)} triệu đồng. ` +
    (proposing.length
      ? `Có ${proposing.length} đơn vị đề xuất đánh giá, phân hạng với ${t.dossiersProposed} sản phẩm, gồm: ${proposing.map((u) => `${u.name} (${u.proposed} sản phẩm)`).join("; ")}.`
      : "Chưa có đơn vị nào đề xuất đánh giá, phân hạng sản phẩm.");
  const en =
    `In ${m.en}, ${t.plansApproved} business plans were approved, with total funding of ${formatMillions(f.total)} million đồng: own capital ${formatMillions(f.ownCapital)}, ` +
    `loans ${formatMillions(f.loans)}, other ${formatMillions(f.otherSources)} and expected state support ${formatMillions(f.stateSupport)} million đồng. ` +
    (proposing.length ? `${proposing.length} units proposed ${t.dossiersProposed} products for rating: ${proposing.map((u) => `${u.name} (${u.proposed})`).join("; ")}.` : "No unit proposed products for rating.");
  return { vi, en };
}
