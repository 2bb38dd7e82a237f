import { z } from "zod";
import type { Bilingual } from "../lib/i18n.js";
import { vnToday } from "../lib/dates.js";
import type { BudgetParts, Vnd } from "./budget.js";

/*
 * The monthly OCOP report (báo cáo tháng) each reporting unit files with the provincial coordination office.
 *
 * Which month is due when. Seed 004 ends "Định kỳ hàng tháng báo cáo … về Văn phòng Điều phối nông thôn mới tỉnh
 * (trước ngày 20)". Seed 001 is the September 2020 report, compiled by hand around 20/9 with figures "đến ngày
 * 20/9". The registry counts whole calendar months instead, so a report's figures never change with the day
 * it is opened: the report FOR month M covers 1 M 00:00 to the end of its last day (Vietnam time), may be filed
 * from the 1st of M+1, and is DUE ON THE 20th OF M+1, that whole day included (Vietnam time, Asia/Ho_Chi_Minh,
 * UTC+7 all year). Filed 20/(M+1) 23:59 +07 is on time; 21/(M+1) 00:00 +07 is late. "Trước ngày 20" is read as
 * "by the 20th", as the cycle's deadlines are (cycle-deadlines.ts: a deadline day ends at midnight).
 *
 * Who reports. Before the two-tier reform (1 July 2025) the district-level units reported (the seeds: "các
 * huyện, thành phố, thị xã"); after it the communes do. Which level is not written as a date here: a month is
 * reported by the district level while the province had districts in force on the month's last day, and by the
 * commune level otherwise (so June 2025 is the districts' last month; its report, due 20 July 2025 when they
 * no longer exist, is filed by the province standing in, as for every task of an abolished district).
 */

export const REPORT_DUE_DAY = 20;
/** A report not yet filed is "due soon" on its home card from this many days before its due date. */
export const DUE_SOON_DAYS = 5;

/** "YYYY-MM", a calendar month. */
export type ReportMonth = string;
export const reportMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "Tháng phải có dạng YYYY-MM | Month must be YYYY-MM" })
  .refine((m) => m.startsWith("20"), { message: "Năm ngoài khoảng 2000–2099 | Year outside 2000–2099" });

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const parts = (m: ReportMonth) => ({ y: Number(m.slice(0, 4)), mo: Number(m.slice(5, 7)) });

export function addMonths(m: ReportMonth, k: number): ReportMonth {
  const { y, mo } = parts(m);
  const i = y * 12 + (mo - 1) + k;
  return `${pad(Math.floor(i / 12), 4)}-${pad((i % 12) + 1)}`;
}

/** The Vietnam calendar month a moment falls in. */
export const monthOf = (now: Date): ReportMonth => vnToday(now).slice(0, 7);

/** The month whose report is the one to file now: last month. */
export const reportingMonthAt = (now: Date): ReportMonth => addMonths(monthOf(now), -1);

const lastDayOf = (m: ReportMonth) => {
  const { y, mo } = parts(m);
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
};

/** Midnight at the start of a Vietnam calendar day, as an instant (Vietnam has kept UTC+7 since 1975). */
export const vnMidnight = (isoDate: string): Date => new Date(`${isoDate}T00:00:00+07:00`);

export type MonthSpan = {
  month: ReportMonth;
  firstDay: string;
  lastDay: string;
  /** [start, end) as instants: the month in Vietnam time. */
  start: Date;
  end: Date;
  /** 1 January of the month's year, for the figures "lũy kế từ đầu năm". */
  yearStart: Date;
  yearFirstDay: string;
};

export function monthSpan(m: ReportMonth): MonthSpan {
  const firstDay = `${m}-01`;
  const lastDay = `${m}-${pad(lastDayOf(m))}`;
  const yearFirstDay = `${m.slice(0, 4)}-01-01`;
  return { month: m, firstDay, lastDay, start: vnMidnight(firstDay), end: vnMidnight(`${addMonths(m, 1)}-01`), yearStart: vnMidnight(yearFirstDay), yearFirstDay };
}

/** The last day on which the report for `m` is on time: the 20th of the following month. */
export const dueDateOf = (m: ReportMonth): string => `${addMonths(m, 1)}-${pad(REPORT_DUE_DAY)}`;

/** The first day the report for `m` may be filed: the month must be over, or its figures are not. */
export const fileableFromOf = (m: ReportMonth): string => `${addMonths(m, 1)}-01`;

export const canFileAt = (m: ReportMonth, now: Date): boolean => vnToday(now) >= fileableFromOf(m);

/** Filed (or, unfiled, looked at) after the due day in Vietnam: late. */
export const isLateAt = (m: ReportMonth, at: Date): boolean => vnToday(at) > dueDateOf(m);

export const REPORT_STATUSES = ["not_open", "open", "due_soon", "overdue", "filed", "filed_late"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Record<ReportStatus, Bilingual> = {
  not_open: { vi: "Tháng chưa kết thúc", en: "Month not over" },
  open: { vi: "Chưa nộp", en: "Not filed yet" },
  due_soon: { vi: "Sắp đến hạn", en: "Due soon" },
  overdue: { vi: "Quá hạn, chưa nộp", en: "Overdue, not filed" },
  filed: { vi: "Đã nộp đúng hạn", en: "Filed on time" },
  filed_late: { vi: "Nộp muộn", en: "Filed late" },
};

/**
 * Where a unit's report for `m` stands at `now`: filed (on time or late), or not filed (open, due soon, overdue).
 * `late` is the lateness recorded at filing (a report refiled after a return keeps its first filing's).
 */
export function reportStatus(m: ReportMonth, filedAt: Date | null, now: Date, late?: boolean | null): ReportStatus {
  if (filedAt) return (late ?? isLateAt(m, filedAt)) ? "filed_late" : "filed";
  const today = vnToday(now);
  if (today < fileableFromOf(m)) return "not_open";
  const due = dueDateOf(m);
  if (today > due) return "overdue";
  const soon = new Date(vnMidnight(due).getTime() - DUE_SOON_DAYS * 86_400_000);
  return today >= vnToday(soon) ? "due_soon" : "open";
}

export type ReportingLevel = "district" | "commune";
/** The district level reports while the province has districts in force on the month's last day. */
export const reportingLevelOf = (districtsInForceOnLastDay: number): ReportingLevel => (districtsInForceOnLastDay > 0 ? "district" : "commune");

// ---- the figures ---------------------------------------------------------------------------------------

/** The figures the registry fills in for a unit over a span (the month, or the year to the month's end). */
export type ReportFigures = {
  /** Ý tưởng sản phẩm đăng ký: ideas whose producer first sent the registration in the span. */
  ideasRegistered: number;
  /** Ý tưởng gửi tỉnh thẩm định: ideas sent on to the province (by the district on the seeds' chain, the commune after). */
  ideasSent: number;
  /** Phương án SXKD được phê duyệt, and their funding with the state support the approving level estimated. */
  plansApproved: number;
  funding: BudgetParts & { total: Vnd };
  /** Hồ sơ sản phẩm xã đề xuất đánh giá, phân hạng. */
  dossiersProposed: number;
  /** Sản phẩm được công nhận (certificates whose decision date lies in the span), and by stars. */
  productsCertified: number;
  certifiedByStars: { 3: number; 4: number; 5: number };
  /** Tem truy xuất đã phát hành (stamps in batches issued in the span). */
  stampsIssued: number;
  /** Phản ánh nghi tem giả (consumers' reports naming a product of the unit). */
  fakeReports: number;
};

export const emptyFigures = (): ReportFigures => ({
  ideasRegistered: 0,
  ideasSent: 0,
  plansApproved: 0,
  funding: { ownCapital: 0n, loans: 0n, otherSources: 0n, stateSupport: 0n, total: 0n },
  dossiersProposed: 0,
  productsCertified: 0,
  certifiedByStars: { 3: 0, 4: 0, 5: 0 },
  stampsIssued: 0,
  fakeReports: 0,
});

/** Adds `b` into `a` (exact: money stays bigint). */
export function addFigures(a: ReportFigures, b: ReportFigures): ReportFigures {
  a.ideasRegistered += b.ideasRegistered;
  a.ideasSent += b.ideasSent;
  a.plansApproved += b.plansApproved;
  for (const k of ["ownCapital", "loans", "otherSources", "stateSupport", "total"] as const) a.funding[k] += b.funding[k];
  a.dossiersProposed += b.dossiersProposed;
  a.productsCertified += b.productsCertified;
  for (const s of [3, 4, 5] as const) a.certifiedByStars[s] += b.certifiedByStars[s];
  a.stampsIssued += b.stampsIssued;
  a.fakeReports += b.fakeReports;
  return a;
}

export const sumFigures = (list: readonly ReportFigures[]): ReportFigures => list.reduce((acc, f) => addFigures(acc, f), emptyFigures());

/** The figures as JSON keeps them (and the filed snapshot stores them): money as decimal strings of đồng. */
export type FiguresJson = Omit<ReportFigures, "funding"> & { funding: Record<keyof ReportFigures["funding"], string> };

export const figuresToJson = (f: ReportFigures): FiguresJson => ({
  ...f,
  certifiedByStars: { ...f.certifiedByStars },
  funding: Object.fromEntries(Object.entries(f.funding).map(([k, v]) => [k, String(v)])) as FiguresJson["funding"],
});

export const figuresFromJson = (j: FiguresJson): ReportFigures => ({
  ...j,
  certifiedByStars: { ...j.certifiedByStars },
  funding: Object.fromEntries(Object.entries(j.funding).map(([k, v]) => [k, BigInt(v)])) as ReportFigures["funding"],
});

/** The counted lines of a report, in the order the report prints them. */
export const COUNT_LINES = [
  ["ideasRegistered", { vi: "Ý tưởng sản phẩm đăng ký mới", en: "Product ideas registered" }],
  ["ideasSent", { vi: "Ý tưởng gửi cấp tỉnh thẩm định", en: "Ideas sent to the province for appraisal" }],
  ["plansApproved", { vi: "Phương án sản xuất kinh doanh được phê duyệt", en: "Business plans approved" }],
  ["dossiersProposed", { vi: "Hồ sơ sản phẩm đề xuất đánh giá, phân hạng", en: "Product dossiers proposed for rating" }],
  ["productsCertified", { vi: "Sản phẩm được công nhận OCOP", en: "Products certified OCOP" }],
  ["stampsIssued", { vi: "Tem truy xuất nguồn gốc đã phát hành", en: "Traceability stamps issued" }],
  ["fakeReports", { vi: "Phản ánh nghi tem, sản phẩm giả", en: "Reports of suspected fakes" }],
] as const satisfies readonly (readonly [keyof ReportFigures, Bilingual])[];

export const FUNDING_LINES = [
  ["total", { vi: "Tổng kinh phí thực hiện theo phương án", en: "Total funding of the plans" }],
  ["ownCapital", { vi: "Vốn chủ cơ sở", en: "Own capital" }],
  ["loans", { vi: "Vốn vay", en: "Loans" }],
  ["otherSources", { vi: "Vốn khác", en: "Other sources" }],
  ["stateSupport", { vi: "Ngân sách nhà nước dự kiến hỗ trợ", en: "Expected state support" }],
] as const satisfies readonly (readonly [keyof ReportFigures["funding"], Bilingual])[];

// ---- the narrative -------------------------------------------------------------------------------------

/** The written sections, as seed 001's report has them: results, shortcomings, and what is asked for next. */
export const SECTION_KEYS = ["results", "difficulties", "proposals"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
export const SECTION_LABELS: Record<SectionKey, Bilingual> = {
  results: { vi: "Kết quả thực hiện", en: "Results" },
  difficulties: { vi: "Tồn tại, hạn chế, khó khăn", en: "Shortcomings and difficulties" },
  proposals: { vi: "Đề xuất, kiến nghị và nhiệm vụ thời gian tới", en: "Proposals and next tasks" },
};
export const SECTION_MAX = 20_000;

/** "630087000000" đồng → "630.087" (triệu đồng), with the fraction kept when the sum is not whole millions. */
export function formatMillions(v: Vnd): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = (a / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const frac = (a % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `,${frac}` : ""}`;
}

/** "tháng 9/2020". */
export const monthLabel = (m: ReportMonth): Bilingual => {
  const { y, mo } = parts(m);
  return { vi: `tháng ${mo}/${y}`, en: `${new Date(Date.UTC(y, mo - 1, 1)).toLocaleString("en", { month: "long", timeZone: "UTC" })} ${y}` };
};
