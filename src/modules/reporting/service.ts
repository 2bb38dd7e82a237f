import { and, eq } from "drizzle-orm";
import { can } from "../../auth/policy.js";
import type { Tx } from "../../db/client.js";
import { type ReportMonth, canFileAt, figuresToJson, fileableFromOf, isLateAt } from "../../domain/monthly-report.js";
import { standInNote } from "../../domain/successor.js";
import { conflict, forbidden, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { audit } from "../audit/index.js";
import type { MonthlyReport, ReportTextInput, ReturnInput } from "./inputs.js";
import { type ReportContext, checkMonthBegun, reportContext, reportView, unitLiveFigures } from "./queries/reports.js";
import { monthlyReports } from "./schema.js";

type Input = ReportTextInput & { unitId: number; month: ReportMonth };

const alreadyFiled = () =>
  conflict("report-filed", { vi: "Báo cáo đã nộp", en: "Report already filed" }, {
    vi: "Báo cáo tháng này đã nộp; số liệu và nội dung đã chốt, không sửa được nữa.",
    en: "This month's report is filed; its figures and text are final and can no longer be changed.",
  });

const TEXT_KEYS = ["number", "place", "recipients", "signerName", "signerTitle", "results", "difficulties", "proposals"] as const satisfies readonly (keyof ReportTextInput)[];
/** The text fields given (an absent one keeps what the draft holds). */
const textOf = (input: ReportTextInput): Partial<Record<(typeof TEXT_KEYS)[number], string>> => Object.fromEntries(TEXT_KEYS.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));

/** The report's row locked for this transaction, created as an empty draft when the unit had saved nothing yet. */
async function lockedRow(tx: Tx, ctx: ServiceCtx, unitId: number, month: ReportMonth) {
  await tx.insert(monthlyReports).values({ unitId, month, createdBy: ctx.principal!.userId, createdAt: ctx.now, updatedAt: ctx.now }).onConflictDoNothing();
  const [row] = await tx.select().from(monthlyReports).where(and(eq(monthlyReports.unitId, unitId), eq(monthlyReports.month, month))).for("update").limit(1);
  return row!;
}

// Read before the transaction, on the pool: the units' snapshot is cached there, never inside a transaction.
async function writable(ctx: ServiceCtx, input: Input): Promise<ReportContext> {
  checkMonthBegun(input.month, ctx.now);
  const rc = await reportContext(ctx.db, ctx.principal, input.unitId, input.month, ctx.now);
  if (!rc.mayFile) throw forbidden();
  return rc;
}

/** Saves the text of a draft: what is given replaces what was there; the figures stay live until filing. */
export async function saveDraft({ ctx, input }: { ctx: ServiceCtx; input: Input }): Promise<MonthlyReport> {
  const rc = await writable(ctx, input);
  const after = await ctx.db.transaction(async (tx) => {
    const before = await lockedRow(tx, ctx, input.unitId, input.month);
    if (before.state === "filed") throw alreadyFiled();
    const set = textOf(input);
    const [after] = await tx.update(monthlyReports).set({ ...set, updatedAt: ctx.now }).where(eq(monthlyReports.id, before.id)).returning();
    await audit(tx, ctx, { action: "monthly_report.save", subjectType: "monthly_report", subjectId: before.id, before: { state: before.state }, after: { unitId: input.unitId, month: input.month, fields: Object.keys(set) } });
    return after!;
  });
  return reportView(ctx.db, { ...rc, row: after }, ctx.now);
}

/**
 * Files the report: the month must be over; the registry's figures for the unit and month (and the year to
 * date) are frozen into the row with the text; filing after the 20th of the next month (Vietnam) marks it late.
 * The audit record carries the frozen figures, so the chain proves what was filed.
 */
export async function fileReport({ ctx, input }: { ctx: ServiceCtx; input: Input }): Promise<MonthlyReport> {
  if (!canFileAt(input.month, ctx.now)) {
    throw conflict("month-not-over", { vi: "Tháng chưa kết thúc", en: "Month not over" }, {
      vi: `Báo cáo tháng ${input.month} nộp từ ngày ${fileableFromOf(input.month).split("-").reverse().join("/")}, khi số liệu của cả tháng đã đủ.`,
      en: `The ${input.month} report may be filed from ${fileableFromOf(input.month)}, once the whole month's figures are in.`,
    });
  }
  const rc = await writable(ctx, input);
  // Figures are read on the pool just before the row is locked: a record landing in between is one the month
  // had already closed on, so nothing filed can miss what it should hold.
  const live = await unitLiveFigures(ctx.db, rc.provinceId, rc.unit.id, input.month);
  const after = await ctx.db.transaction(async (tx) => {
    const before = await lockedRow(tx, ctx, input.unitId, input.month);
    if (before.state === "filed") throw alreadyFiled();
    const text = { ...before, ...textOf(input) };
    if (!text.results.trim()) {
      throw validationError([{ path: "results", message: "Enter the results section before filing", vi: "Nhập phần kết quả thực hiện trước khi nộp", en: "Enter the results section before filing" }]);
    }
    const figures = { month: figuresToJson(live.month), yearToDate: figuresToJson(live.yearToDate), reportedAt: ctx.now.toISOString() };
    // A report the office returned for correction keeps the lateness of its first filing.
    const late = before.late ?? isLateAt(input.month, ctx.now);
    const note = rc.standIn && !can(ctx.principal, "monthly_reports.file", { unitPath: rc.unit.path }) ? standInNote(rc.unit.name, rc.unit.validTo ?? "") : null;
    const [after] = await tx
      .update(monthlyReports)
      .set({ ...textOf(input), state: "filed", figures, filedAt: ctx.now, filedBy: ctx.principal!.userId, late, standInNote: note, returnReason: null, updatedAt: ctx.now })
      .where(eq(monthlyReports.id, before.id))
      .returning();
    await audit(tx, ctx, {
      action: "monthly_report.file",
      subjectType: "monthly_report",
      subjectId: before.id,
      before: { state: before.state },
      after: { state: "filed", unitId: input.unitId, month: input.month, late, figures, ...(note ? { inPlaceOf: { unitId: rc.unit.id, note } } : {}) },
    });
    return after!;
  });
  return reportView(ctx.db, { ...rc, row: after }, ctx.now);
}

/**
 * The office returns a filed report for correction: it is a draft again (its figures live again, its text kept),
 * with the reason shown to the unit. The frozen figures stay in the filing's audit record; this one keeps them
 * too, as what was returned.
 */
export async function returnReport({ ctx, input }: { ctx: ServiceCtx; input: ReturnInput & { unitId: number; month: ReportMonth } }): Promise<MonthlyReport> {
  checkMonthBegun(input.month, ctx.now);
  const rc = await reportContext(ctx.db, ctx.principal, input.unitId, input.month, ctx.now);
  if (!rc.mayReturn) throw forbidden();
  const after = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(monthlyReports).where(and(eq(monthlyReports.unitId, input.unitId), eq(monthlyReports.month, input.month))).for("update").limit(1);
    if (before?.state !== "filed") {
      throw conflict("report-not-filed", { vi: "Báo cáo chưa nộp", en: "Report not filed" }, { vi: "Chỉ trả lại được báo cáo đã nộp.", en: "Only a filed report can be returned." });
    }
    const [row] = await tx
      .update(monthlyReports)
      .set({ state: "draft", figures: null, filedAt: null, filedBy: null, standInNote: null, returnReason: input.reason, returnedAt: ctx.now, updatedAt: ctx.now })
      .where(eq(monthlyReports.id, before.id))
      .returning();
    await audit(tx, ctx, {
      action: "monthly_report.return",
      subjectType: "monthly_report",
      subjectId: before.id,
      before: { state: "filed", filedAt: before.filedAt?.toISOString(), late: before.late, figures: before.figures },
      after: { state: "draft", reason: input.reason },
    });
    return row!;
  });
  return reportView(ctx.db, { ...rc, row: after }, ctx.now);
}
