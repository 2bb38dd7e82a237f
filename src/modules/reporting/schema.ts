import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { FiguresJson } from "../../domain/monthly-report.js";
import { users } from "../accounts/schema.js";
import { adminUnits } from "../units/schema.js";

export const MONTHLY_REPORT_STATES = ["draft", "filed"] as const;
export type MonthlyReportState = (typeof MONTHLY_REPORT_STATES)[number];

/** What a filed report froze: the month's figures and the year's to the month's end, as they stood when filed. */
export type FiguresSnapshot = { month: FiguresJson; yearToDate: FiguresJson; reportedAt: string };

/**
 * A reporting unit's monthly report (src/domain/monthly-report.ts): one per unit and month. A draft holds only
 * the text (its figures are read live from the registry); filing freezes the figures into `figures` and the
 * row no longer changes, unless the office returns it for correction. `late` is decided at the first filing, in
 * Vietnam time.
 */
export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    month: text("month").notNull(),
    state: text("state", { enum: MONTHLY_REPORT_STATES }).notNull().default("draft"),
    /** Số văn bản, e.g. "15/BC-UBND". */
    number: text("number").notNull().default(""),
    /** Địa danh of the date line ("Phúc Trạch, ngày 05 tháng 10 năm 2026"). */
    place: text("place").notNull().default(""),
    /** Nơi nhận, one per line. */
    recipients: text("recipients").notNull().default(""),
    signerName: text("signer_name").notNull().default(""),
    signerTitle: text("signer_title").notNull().default(""),
    results: text("results").notNull().default(""),
    difficulties: text("difficulties").notNull().default(""),
    proposals: text("proposals").notNull().default(""),
    figures: jsonb("figures").$type<FiguresSnapshot>(),
    filedAt: timestamp("filed_at", { withTimezone: true }),
    filedBy: text("filed_by").references(() => users.id),
    late: boolean("late"),
    /**
     * The office's last return for correction: the report went back to draft with this reason. The first
     * filing's `late` is kept, so a correction the office asked for after the 20th is not a late report.
     */
    returnReason: text("return_reason"),
    returnedAt: timestamp("returned_at", { withTimezone: true }),
    /** Set when the province filed for a district the reform abolished (src/domain/successor.ts). */
    standInNote: text("stand_in_note"),
    createdBy: text("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("monthly_reports_unit_month_uq").on(t.unitId, t.month),
    index("monthly_reports_month_idx").on(t.month),
    check("monthly_reports_month_ck", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("monthly_reports_filed_ck", sql`(${t.state} = 'filed') = (${t.filedAt} is not null and ${t.figures} is not null and ${t.late} is not null)`),
  ],
);
