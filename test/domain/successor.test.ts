import { describe, expect, it } from "vitest";
import { cycleStartDate, districtChainProblem, handlerOf, inForce, notInForceProblem, type SuccessionLink, type UnitVersion } from "../../src/domain/successor.js";

// A province (1) with a district (2, abolished 2025-07-01) holding communes 3 and 4 (ended 2025-07-01),
// merged into new commune 5 under the province; commune 6 split into 7 and 8; district 9 has no successor.
const R = "2025-07-01";
const u = (id: number, level: UnitVersion["level"], parentId: number | null, validFrom: string, validTo: string | null): UnitVersion => ({ id, level, parentId, validFrom, validTo });
const UNITS = new Map<number, UnitVersion>(
  [
    u(1, "province", null, "1991-01-01", null),
    u(2, "district", 1, "1991-01-01", R),
    u(3, "commune", 2, "1991-01-01", R),
    u(4, "commune", 2, "1991-01-01", R),
    u(5, "commune", 1, R, null),
    u(6, "commune", 2, "1991-01-01", R),
    u(7, "commune", 1, R, null),
    u(8, "commune", 1, R, null),
    u(9, "district", 1, "1991-01-01", R),
    u(10, "commune", 1, "2030-01-01", null),
    u(11, "commune", 9, "1991-01-01", R),
  ].map((x) => [x.id, x]),
);
const LINKS: SuccessionLink[] = [
  { predecessorId: 3, successorId: 5, effectiveDate: R },
  { predecessorId: 4, successorId: 5, effectiveDate: R },
  { predecessorId: 6, successorId: 7, effectiveDate: R },
  { predecessorId: 6, successorId: 8, effectiveDate: R },
];

describe("handlerOf: who handles an item waiting at a unit, on a date", () => {
  it.each([
    ["a commune in force", 5, "2026-01-01", { kind: "self", unitIds: [5] }],
    ["a former commune, the day before the reform", 3, "2025-06-30", { kind: "self", unitIds: [3] }],
    ["a former commune, on the reform's first day", 3, R, { kind: "successor", unitIds: [5] }],
    ["a former commune, today", 4, "2026-12-02", { kind: "successor", unitIds: [5] }],
    ["a split commune", 6, "2026-01-01", { kind: "successor", unitIds: [7, 8] }],
    ["a district the day before the reform", 2, "2025-06-30", { kind: "self", unitIds: [2] }],
    ["an abolished district: the province", 2, R, { kind: "province", unitIds: [1] }],
    ["another abolished district", 9, "2026-12-02", { kind: "province", unitIds: [1] }],
    ["a former commune with no mapping: nobody", 11, "2026-01-01", { kind: "none", unitIds: [] }],
    ["a unit not yet in force", 10, "2026-01-01", { kind: "none", unitIds: [] }],
    ["an unknown unit", 99, "2026-01-01", { kind: "none", unitIds: [] }],
    ["the province itself", 1, "2026-01-01", { kind: "self", unitIds: [1] }],
  ] as const)("%s", (_name, id, date, expected) => {
    expect(handlerOf(id, UNITS, LINKS, date)).toEqual(expected);
  });

  it("a mapping not yet effective on the date is not followed", () => {
    const late: SuccessionLink[] = [{ predecessorId: 3, successorId: 5, effectiveDate: "2025-08-01" }];
    expect(handlerOf(3, UNITS, late, "2025-07-15")).toEqual({ kind: "none", unitIds: [] });
    expect(handlerOf(3, UNITS, late, "2025-08-01")).toEqual({ kind: "successor", unitIds: [5] });
  });

  it("a mapping through two reforms reaches today's unit; a loop does not hang", () => {
    const units = new Map(UNITS);
    units.set(5, u(5, "commune", 1, R, "2026-01-01"));
    units.set(12, u(12, "commune", 1, "2026-01-01", null));
    const links = [...LINKS, { predecessorId: 5, successorId: 12, effectiveDate: "2026-01-01" }, { predecessorId: 5, successorId: 3, effectiveDate: R }];
    expect(handlerOf(3, units, links, "2026-06-01")).toEqual({ kind: "successor", unitIds: [12] });
  });
});

describe("inForce and notInForceProblem: new work only on a unit in force on its date", () => {
  it.each([
    ["1991-01-01", null, "1991-01-01", true],
    ["1991-01-01", R, "2025-06-30", true],
    ["1991-01-01", R, R, false],
    [R, null, "2025-06-30", false],
    [R, null, R, true],
  ] as const)("from %s to %s on %s: %s", (validFrom, validTo, date, expected) => {
    expect(inForce({ validFrom, validTo }, date)).toBe(expected);
    expect(notInForceProblem({ validFrom, validTo }, date) === null).toBe(expected);
  });

  it("names the unit and the end date in both languages", () => {
    const p = notInForceProblem({ validFrom: "1991-01-01", validTo: R, name: "Huyện Can Lộc" }, "2026-06-01")!;
    expect(p.vi).toContain("Huyện Can Lộc");
    expect(p.vi).toContain(R);
    expect(p.en).toContain("not in force");
    expect(p.en).toContain("ceased");
    expect(notInForceProblem({ validFrom: "2030-01-01", validTo: null }, "2026-06-01")!.en).toContain("not yet in force");
  });
});

describe("districtChainProblem: a district chain only for a cycle that starts while districts exist", () => {
  it.each([
    [2024, 13, true],
    [2025, 13, true],
    [2026, 0, false],
    [2025, 0, false],
  ] as const)("year %i with %i districts in force on its first day: allowed %s", (year, n, allowed) => {
    expect(districtChainProblem(year, n) === null).toBe(allowed);
  });
  it("judges a cycle on 1 January of its year", () => {
    expect(cycleStartDate(2025)).toBe("2025-01-01");
    expect(districtChainProblem(2026, 0)!.vi).toContain("01/07/2025");
  });
});
