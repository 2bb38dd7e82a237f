import { z } from "@hono/zod-openapi";
import { REPORT_STATUSES, SECTION_MAX } from "../../domain/monthly-report.js";
import { bi, zQueryId } from "../../lib/validation.js";
import { idParamSchema } from "../../http/openapi-kit.js";

// Input and output shapes of the monthly reports' API, shared by the JSON routes, the pages and the service.

/** A calendar month "YYYY-MM" (the same pattern as the domain's reportMonthSchema, declared for the OpenAPI document). */
const MonthString = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, bi("Tháng phải có dạng YYYY-MM", "Month must be YYYY-MM"));
export const MonthParam = MonthString.openapi({ param: { name: "month", in: "path" }, example: "2026-10" });
export const UnitMonthParams = z.object({ unitId: idParamSchema("unitId"), month: MonthParam });
export const UnitParams = z.object({ unitId: idParamSchema("unitId") });

const section = z.string().max(SECTION_MAX, bi(`Tối đa ${SECTION_MAX} ký tự`, `At most ${SECTION_MAX} characters`));
const line = (max: number) => z.string().trim().max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

/** The parts of a report its unit writes; every field optional on a draft save (what is absent is kept). */
export const ReportTextInput = z
  .strictObject({
    number: line(60).optional().openapi({ description: "Số văn bản", example: "15/BC-UBND" }),
    place: line(100).optional().openapi({ description: "Địa danh of the date line", example: "Phúc Trạch" }),
    recipients: z.string().max(2000).optional().openapi({ description: "Nơi nhận, one per line" }),
    signerName: line(120).optional(),
    signerTitle: line(120).optional().openapi({ example: "Chủ tịch UBND xã" }),
    results: section.optional().openapi({ description: "Kết quả thực hiện" }),
    difficulties: section.optional().openapi({ description: "Tồn tại, hạn chế, khó khăn" }),
    proposals: section.optional().openapi({ description: "Đề xuất, kiến nghị" }),
  })
  .openapi("MonthlyReportText");
export type ReportTextInput = z.infer<typeof ReportTextInput>;

export const ReturnInput = z
  .strictObject({ reason: z.string().trim().min(1, bi("Nhập lý do trả lại", "Enter the reason for returning it")).max(2000, bi("Tối đa 2000 ký tự", "At most 2000 characters")) })
  .openapi("MonthlyReportReturn");
export type ReturnInput = z.infer<typeof ReturnInput>;

export const OverviewQuery = z.strictObject({
  month: MonthString.optional().openapi({ description: "YYYY-MM; last month when absent." }),
  provinceId: zQueryId().optional().openapi({ description: "The province; the caller's own when absent." }),
});
export type OverviewQuery = z.infer<typeof OverviewQuery>;

const Money = z.string().openapi({ description: "Whole đồng as a decimal string", example: "630087000000" });
export const FiguresSchema = z
  .object({
    ideasRegistered: z.number().int(),
    ideasSent: z.number().int(),
    plansApproved: z.number().int(),
    funding: z.object({ ownCapital: Money, loans: Money, otherSources: Money, stateSupport: Money, total: Money }),
    dossiersProposed: z.number().int(),
    productsCertified: z.number().int(),
    certifiedByStars: z.object({ 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
    stampsIssued: z.number().int(),
    fakeReports: z.number().int(),
  })
  .openapi("MonthlyReportFigures");

const Status = z.enum(REPORT_STATUSES);
const UnitRef = z.object({ id: z.number().int(), name: z.string(), fullName: z.string(), level: z.enum(["district", "commune"]), code: z.string() });

export const MonthlyReportSchema = z
  .object({
    id: z.number().int().nullable().openapi({ description: "Null while nothing has been saved for this unit and month." }),
    unit: UnitRef,
    provinceName: z.string(),
    month: z.string(),
    state: z.enum(["none", "draft", "filed"]),
    status: Status,
    dueDate: z.string().openapi({ format: "date", description: "The last day on time (the 20th of the next month, Vietnam time)." }),
    fileableFrom: z.string().openapi({ format: "date" }),
    late: z.boolean().nullable(),
    live: z.boolean().openapi({ description: "True: the figures are read from the registry now; false: frozen when the report was filed." }),
    figures: FiguresSchema,
    yearToDate: FiguresSchema,
    number: z.string(),
    place: z.string(),
    recipients: z.string(),
    signerName: z.string(),
    signerTitle: z.string(),
    results: z.string(),
    difficulties: z.string(),
    proposals: z.string(),
    filedAt: z.string().nullable(),
    filedByName: z.string().nullable(),
    standInNote: z.string().nullable(),
    returnReason: z.string().nullable().openapi({ description: "Why the office returned the report for correction (while it is a draft again)." }),
    returnedAt: z.string().nullable(),
    canFile: z.boolean(),
    canReturn: z.boolean(),
    editable: z.boolean(),
  })
  .openapi("MonthlyReport");
export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;

export const UnitReportsSchema = z
  .object({ unit: UnitRef, items: z.array(z.object({ month: z.string(), state: z.enum(["none", "draft", "filed"]), status: Status, dueDate: z.string(), filedAt: z.string().nullable() })) })
  .openapi("MonthlyReportsOfUnit");
export type UnitReports = z.infer<typeof UnitReportsSchema>;

const OverviewRow = z.object({ unit: UnitRef, state: z.enum(["none", "draft", "filed"]), status: Status, filedAt: z.string().nullable(), late: z.boolean().nullable(), returned: z.boolean() });
export const OverviewSchema = z
  .object({
    provinceId: z.number().int(),
    provinceName: z.string(),
    month: z.string(),
    level: z.enum(["district", "commune"]),
    dueDate: z.string(),
    counts: z.object({ filed: z.number().int(), filedLate: z.number().int(), overdue: z.number().int(), notFiled: z.number().int(), total: z.number().int() }),
    rows: z.array(OverviewRow),
  })
  .openapi("MonthlyReportsOverview");
export type Overview = z.infer<typeof OverviewSchema>;

const RollupRow = z.object({ unit: UnitRef, source: z.enum(["filed", "live"]), figures: FiguresSchema, yearToDate: FiguresSchema });
export const RollupSchema = z
  .object({
    provinceId: z.number().int(),
    provinceName: z.string(),
    month: z.string(),
    level: z.enum(["district", "commune"]),
    rows: z.array(RollupRow),
    total: FiguresSchema,
    totalYearToDate: FiguresSchema,
    unattributedFakeReports: z.object({ month: z.number().int(), yearToDate: z.number().int() }),
    summary: z.object({ vi: z.string(), en: z.string() }).openapi({ description: "Seed 001's sentence on plans, funding and proposed products, from the totals." }),
  })
  .openapi("MonthlyReportsRollup");
export type Rollup = z.infer<typeof RollupSchema>;
