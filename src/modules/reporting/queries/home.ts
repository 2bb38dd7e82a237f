import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { addMonths, dueDateOf, monthLabel, monthSpan, reportStatus, reportingMonthAt } from "../../../domain/monthly-report.js";
import type { Principal } from "../../../domain/principal.js";
import type { Bilingual } from "../../../lib/i18n.js";
import { monthlyReports } from "../schema.js";
import { reportingUnitsOf } from "./figures.js";
import { filingUnitsOf } from "./reports.js";

export type HomeAlert = { href: string; label: Bilingual; tone: "warn" | "bad" | "info" };

const viDate = (iso: string) => iso.split("-").reverse().join("/");

/**
 * What the home page of a unit's reporting official says about its monthly reports: last month's report while it
 * is not filed (due soon, or overdue after the 20th), and the month before if it was never filed.
 */
export async function homeAlerts(db: DbOrTx, principal: Principal | null, now: Date): Promise<HomeAlert[]> {
  const units = await filingUnitsOf(db, principal);
  if (!units.length) return [];
  const last = reportingMonthAt(now);
  const months = [last, addMonths(last, -1)];
  const rows = await db.select({ unitId: monthlyReports.unitId, month: monthlyReports.month, state: monthlyReports.state, filedAt: monthlyReports.filedAt, returnReason: monthlyReports.returnReason }).from(monthlyReports).where(and(inArray(monthlyReports.unitId, units.map((u) => u.id)), inArray(monthlyReports.month, months)));
  const out: HomeAlert[] = [];
  for (const u of units) {
    const provinceId = Number(u.path.split(".")[0]);
    for (const m of months) {
      const { units: reporting } = await reportingUnitsOf(db, provinceId, monthSpan(m));
      if (!reporting.some((r) => r.id === u.id)) continue;
      const r = rows.find((x) => x.unitId === u.id && x.month === m);
      const status = reportStatus(m, r?.state === "filed" ? r.filedAt : null, now);
      if (status === "filed" || status === "filed_late" || status === "not_open") continue;
      const ml = monthLabel(m);
      const due = viDate(dueDateOf(m));
      const href = `/monthly-reports/units/${u.id}/${m}`;
      if (r?.returnReason) {
        out.push({ href, tone: "bad", label: { vi: `Báo cáo ${ml.vi} của ${u.fullName} bị trả lại để chỉnh sửa: ${r.returnReason}`, en: `${u.fullName}'s report for ${ml.en} was returned for correction: ${r.returnReason}` } });
        continue;
      }
      if (m !== last && status !== "overdue") continue;
      if (status === "overdue") out.push({ href, tone: "bad", label: { vi: `Báo cáo ${ml.vi} của ${u.fullName} quá hạn (hạn ${due}), chưa nộp`, en: `${u.fullName}'s report for ${ml.en} is overdue (due ${due}), not filed` } });
      else out.push({ href, tone: status === "due_soon" ? "warn" : "info", label: { vi: `Báo cáo ${ml.vi} của ${u.fullName} chưa nộp — hạn ${due}`, en: `${u.fullName}'s report for ${ml.en} not filed yet — due ${due}` } });
    }
  }
  return out;
}
