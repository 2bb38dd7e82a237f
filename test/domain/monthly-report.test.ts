import { describe, expect, it } from "vitest";
import {
  addMonths,
  canFileAt,
  dueDateOf,
  emptyFigures,
  figuresFromJson,
  figuresToJson,
  fileableFromOf,
  formatMillions,
  isLateAt,
  monthOf,
  monthSpan,
  reportMonthSchema,
  reportStatus,
  reportingLevelOf,
  reportingMonthAt,
  sumFigures,
} from "../../src/domain/monthly-report.js";
import { fromMillions } from "../../src/domain/budget.js";

const at = (iso: string) => new Date(iso);

describe("which month's report is due when", () => {
  it.each([
    ["2026-10", "2026-11-20", "2026-11-01"],
    ["2026-12", "2027-01-20", "2027-01-01"],
    ["2025-06", "2025-07-20", "2025-07-01"],
    ["2024-02", "2024-03-20", "2024-03-01"],
  ])("the report for %s is due on %s and may be filed from %s", (m, due, from) => {
    expect(dueDateOf(m)).toBe(due);
    expect(fileableFromOf(m)).toBe(from);
  });

  it("is on time through the 20th 23:59 in Vietnam and late from the 21st 00:00 +07, whatever the UTC date", () => {
    expect(isLateAt("2026-10", at("2026-11-20T23:59:59+07:00"))).toBe(false);
    expect(isLateAt("2026-10", at("2026-11-21T00:00:00+07:00"))).toBe(true);
    // 21st 00:00 in Vietnam is still the 20th in UTC: Vietnam's calendar decides.
    expect(isLateAt("2026-10", at("2026-11-20T17:00:00Z"))).toBe(true);
    expect(isLateAt("2026-10", at("2026-11-20T16:59:59Z"))).toBe(false);
  });

  it("opens on the 1st of the next month in Vietnam", () => {
    expect(canFileAt("2026-10", at("2026-10-31T23:59:00+07:00"))).toBe(false);
    expect(canFileAt("2026-10", at("2026-10-31T17:00:00Z"))).toBe(true);
  });

  it("says where an unfiled or filed report stands", () => {
    expect(reportStatus("2026-10", null, at("2026-10-15T03:00:00Z"))).toBe("not_open");
    expect(reportStatus("2026-10", null, at("2026-11-03T03:00:00Z"))).toBe("open");
    expect(reportStatus("2026-10", null, at("2026-11-15T03:00:00Z"))).toBe("due_soon");
    expect(reportStatus("2026-10", null, at("2026-11-20T16:59:00Z"))).toBe("due_soon");
    expect(reportStatus("2026-10", null, at("2026-11-20T17:00:00Z"))).toBe("overdue");
    expect(reportStatus("2026-10", at("2026-11-20T16:59:00Z"), at("2027-01-01T00:00:00Z"))).toBe("filed");
    expect(reportStatus("2026-10", at("2026-11-20T17:00:00Z"), at("2027-01-01T00:00:00Z"))).toBe("filed_late");
    // Refiled after the office returned it: the lateness recorded at the first filing decides.
    expect(reportStatus("2026-10", at("2026-11-25T03:00:00Z"), at("2027-01-01T00:00:00Z"), false)).toBe("filed");
    expect(reportStatus("2026-10", at("2026-11-05T03:00:00Z"), at("2027-01-01T00:00:00Z"), true)).toBe("filed_late");
  });
});

describe("months", () => {
  it("steps across years and reads the Vietnam calendar", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-03", -14)).toBe("2025-01");
    expect(monthOf(at("2026-10-31T17:00:00Z"))).toBe("2026-11");
    expect(reportingMonthAt(at("2026-11-01T00:30:00+07:00"))).toBe("2026-10");
  });

  it("spans the month in Vietnam time, February of a leap year included", () => {
    const s = monthSpan("2024-02");
    expect(s).toMatchObject({ firstDay: "2024-02-01", lastDay: "2024-02-29", yearFirstDay: "2024-01-01" });
    expect(s.start.toISOString()).toBe("2024-01-31T17:00:00.000Z");
    expect(s.end.toISOString()).toBe("2024-02-29T17:00:00.000Z");
    expect(s.yearStart.toISOString()).toBe("2023-12-31T17:00:00.000Z");
  });

  it("accepts YYYY-MM only", () => {
    expect(reportMonthSchema.safeParse("2026-10").success).toBe(true);
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", "1999-12"]) expect(reportMonthSchema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("who reports and the sums", () => {
  it("is the district level while the province has districts on the month's last day, the commune level otherwise", () => {
    expect(reportingLevelOf(13)).toBe("district");
    expect(reportingLevelOf(0)).toBe("commune");
  });

  it("sums figures exactly to the đồng and survives the JSON of a snapshot", () => {
    const a = emptyFigures();
    a.plansApproved = 100;
    a.funding = { ownCapital: fromMillions(411_000) + 1n, loans: fromMillions(98_752), otherSources: fromMillions(6_510), stateSupport: fromMillions(113_000), total: 0n };
    a.funding.total = a.funding.ownCapital + a.funding.loans + a.funding.otherSources + a.funding.stateSupport;
    const b = emptyFigures();
    b.plansApproved = 52;
    b.funding = { ownCapital: fromMillions(439) - 1n, loans: 0n, otherSources: 0n, stateSupport: fromMillions(386), total: fromMillions(825) - 1n };
    b.certifiedByStars[4] = 2;
    const s = sumFigures([figuresFromJson(figuresToJson(a)), b]);
    expect(s.plansApproved).toBe(152);
    expect(s.funding.total).toBe(fromMillions(630_087));
    expect(s.funding.ownCapital).toBe(fromMillions(411_439));
    expect(s.certifiedByStars).toEqual({ 3: 0, 4: 2, 5: 0 });
    expect(formatMillions(s.funding.total)).toBe("630.087");
    expect(formatMillions(1_500_000n)).toBe("1,5");
    expect(formatMillions(999_999n)).toBe("0,999999");
  });
});
