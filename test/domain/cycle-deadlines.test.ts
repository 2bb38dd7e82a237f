import { describe, expect, it } from "vitest";
import { cycleDeadlinesSchema, isLate, missingDeadlines } from "../../src/domain/cycle-deadlines.js";

describe("isLate: a deadline lasts until the end of its day in Vietnam (UTC+7)", () => {
  // 31/03/2020 23:59 in Hà Tĩnh is 16:59 UTC; 01/04/2020 00:00 in Hà Tĩnh is 31/03 17:00 UTC.
  const cases: [string, string, boolean][] = [
    ["2020-03-31T16:59:00Z", "last minute of the day, VN", false],
    ["2020-03-31T16:59:59.999Z", "last millisecond of the day, VN", false],
    ["2020-03-31T17:00:00Z", "first minute of the next day, VN (still 31/03 in UTC)", true],
    ["2020-03-30T17:00:00Z", "first minute of the deadline day, VN (30/03 in UTC)", false],
    ["2020-03-30T16:59:00Z", "day before, VN", false],
    ["2020-04-01T00:00:00Z", "01/04 07:00 VN", true],
    ["2021-01-01T00:00:00Z", "next year", true],
  ];
  it.each(cases)("now %s (%s) → late %s", (now, _why, late) => {
    expect(isLate("2020-03-31", new Date(now))).toBe(late);
  });

  it("crosses a year boundary in VN time", () => {
    expect(isLate("2025-12-31", new Date("2025-12-31T16:59:00Z"))).toBe(false);
    expect(isLate("2025-12-31", new Date("2025-12-31T17:00:00Z"))).toBe(true);
  });
});

describe("cycleDeadlinesSchema", () => {
  const ok = { registration: "2020-02-15", communeList: "2020-03-10", districtList: "2020-03-31", appraisal: "2020-04-30", planSubmission: "2020-06-30" };
  const rows: [string, Record<string, unknown>, boolean, string | null][] = [
    ["seeds' chain, ordered", ok, true, null],
    ["post-2025 chain without a district list", { ...ok, districtList: undefined }, true, null],
    ["equal dates allowed", { ...ok, communeList: "2020-02-15" }, true, null],
    ["commune list before registration", { ...ok, communeList: "2020-02-14" }, false, "communeList"],
    ["district list before commune list", { ...ok, districtList: "2020-03-09" }, false, "districtList"],
    ["appraisal before commune list when no district list", { ...ok, districtList: undefined, appraisal: "2020-03-01" }, false, "appraisal"],
    ["plan before appraisal", { ...ok, planSubmission: "2020-04-29" }, false, "planSubmission"],
    ["no such date", { ...ok, appraisal: "2020-02-30" }, false, "appraisal"],
    ["29 Feb in a leap year", { ...ok, registration: "2020-02-29" }, true, null],
    ["29 Feb in a common year", { ...ok, registration: "2021-02-29", communeList: "2021-03-10", districtList: "2021-03-31", appraisal: "2021-04-30", planSubmission: "2021-06-30" }, false, "registration"],
    ["dd/mm/yyyy not accepted", { ...ok, registration: "15/02/2020" }, false, "registration"],
    ["missing registration", { ...ok, registration: undefined }, false, "registration"],
    ["unknown field", { ...ok, contest: "2020-08-01" }, false, null],
  ];
  it.each(rows)("%s → valid %s", (_name, input, valid, path) => {
    const r = cycleDeadlinesSchema.safeParse(input);
    expect(r.success).toBe(valid);
    if (!r.success && path) expect(r.error.issues.map((i) => i.path[0])).toContain(path);
  });

  it("says in both languages which deadline is out of order, with dd/mm/yyyy dates", () => {
    const r = cycleDeadlinesSchema.safeParse({ ...ok, districtList: "2020-03-09" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      "Hạn cấp huyện gửi danh sách lên tỉnh (09/03/2020) không được trước hạn cấp xã gửi danh sách ý tưởng (10/03/2020) | " +
        "The district list to the province deadline (09/03/2020) must not be before the commune list of ideas deadline (10/03/2020)",
    );
  });

  it("missingDeadlines: the seeds' chain needs a district list, the post-2025 chain does not", () => {
    const noDistrict = cycleDeadlinesSchema.parse({ ...ok, districtList: undefined });
    expect(missingDeadlines(noDistrict, "commune-district-province")).toEqual(["districtList"]);
    expect(missingDeadlines(noDistrict, "commune-province")).toEqual([]);
    expect(missingDeadlines(cycleDeadlinesSchema.parse(ok), "commune-district-province")).toEqual([]);
  });
});
