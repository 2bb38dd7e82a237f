import { describe, expect, it } from "vitest";
import { MAX_VND, budgetTotal, checkBudget, checkProjection, checkVnd, fromMillions, sumBudgets, type BudgetParts } from "../../src/domain/budget.js";

const L = { vi: "Vốn vay", en: "Loans" };

describe("checkVnd", () => {
  const rows: [bigint | number, boolean, bigint | string][] = [
    [0, true, 0n],
    [0n, true, 0n],
    [1, true, 1n],
    [Number.MAX_SAFE_INTEGER, false, "Loans exceeds the limit of 1.000.000.000.000.000 đồng"],
    [10n ** 15n, true, 10n ** 15n],
    [10n ** 15n + 1n, false, "Loans exceeds the limit of 1.000.000.000.000.000 đồng"],
    [1e15, true, 10n ** 15n],
    [-1, false, "Loans must not be negative"],
    [-1n, false, "Loans must not be negative"],
    [0.5, false, "Loans must be a whole number of đồng"],
    [Number.NaN, false, "Loans must be a whole number of đồng"],
    [Number.POSITIVE_INFINITY, false, "Loans must be a whole number of đồng"],
    [2 ** 53, false, "Loans must be a whole number of đồng"],
  ];
  it.each(rows)("%s → ok %s (%s)", (input, ok, out) => {
    const r = checkVnd(input, "loans", L);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.value).toBe(out);
    else expect(r.errors[0]?.en).toBe(out);
  });

  it("gives the Vietnamese message too", () => {
    const r = checkVnd(-5, "loans", L);
    expect(r.ok ? null : r.errors).toEqual([{ field: "loans", vi: "Vốn vay không được âm", en: "Loans must not be negative" }]);
  });

  it("allows a loss only where asked", () => {
    expect(checkVnd(-7n, "p", L, { allowNegative: true })).toEqual({ ok: true, value: -7n });
    expect(checkVnd(-(10n ** 15n) - 1n, "p", L, { allowNegative: true }).ok).toBe(false);
  });
});

describe("checkBudget and budgetTotal", () => {
  it("reports every bad part at once", () => {
    const r = checkBudget({ ownCapital: -1, loans: 0.5, otherSources: 0, stateSupport: MAX_VND + 1n });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(["ownCapital", "loans", "stateSupport"]);
  });

  const rows: [Record<keyof BudgetParts, bigint | number>, bigint][] = [
    [{ ownCapital: 0, loans: 0, otherSources: 0, stateSupport: 0 }, 0n],
    [{ ownCapital: 1, loans: 2, otherSources: 3, stateSupport: 4 }, 10n],
    // Four parts at the cap: 4 × 10^15, beyond what a double holds to the đồng when added to odd amounts.
    [{ ownCapital: MAX_VND, loans: MAX_VND, otherSources: MAX_VND, stateSupport: MAX_VND }, 4n * 10n ** 15n],
    [{ ownCapital: MAX_VND, loans: MAX_VND - 1n, otherSources: MAX_VND, stateSupport: MAX_VND }, 3_999_999_999_999_999n],
  ];
  it.each(rows)("%o → total %s", (input, total) => {
    const r = checkBudget(input);
    expect(r.ok).toBe(true);
    if (r.ok) expect(budgetTotal(r.value)).toBe(total);
  });
});

describe("sumBudgets", () => {
  it("reproduces seed 001's 2020 figures exactly (million VND, converted to đồng)", () => {
    // Seed 001: 152 approved plans, "630.087 triệu đồng … vốn chủ cơ sở 411.439, vốn vay 98.752, vốn khác 6.510,
    // ngân sách nhà nước dự kiến hỗ trợ 113.386". The parts do add up: 411,439 + 98,752 + 6,510 + 113,386 = 630,087.
    // Only the aggregate is published, so it stands here as one plan and as two that split it.
    const whole: BudgetParts = {
      ownCapital: fromMillions(411_439),
      loans: fromMillions(98_752),
      otherSources: fromMillions(6_510),
      stateSupport: fromMillions(113_386),
    };
    expect(budgetTotal(whole)).toBe(630_087_000_000n);
    const a: BudgetParts = { ownCapital: 400_000_000_001n, loans: 98_000_000_000n, otherSources: 6_510_000_000n, stateSupport: 100_000_000_000n };
    const b: BudgetParts = { ownCapital: 11_438_999_999n, loans: 752_000_000n, otherSources: 0n, stateSupport: 13_386_000_000n };
    expect(sumBudgets([a, b])).toEqual({ ...whole, total: 630_087_000_000n, count: 2 });
  });

  it("is exact to the đồng where doubles are not", () => {
    const big: BudgetParts = { ownCapital: 999_999_999_999_999n, loans: 0n, otherSources: 0n, stateSupport: 0n };
    const one: BudgetParts = { ownCapital: 0n, loans: 1n, otherSources: 0n, stateSupport: 0n };
    const s = sumBudgets([...Array.from({ length: 10 }, () => big), one]);
    expect(s.ownCapital).toBe(9_999_999_999_999_990n);
    expect(s.loans).toBe(1n);
    expect(s.total).toBe(9_999_999_999_999_991n);
    expect(s.count).toBe(11);
    // Past 2^53 a double cannot hold an odd amount: the same total in numbers would be off by a đồng.
    expect(BigInt(Number(s.total))).not.toBe(s.total);
  });

  it("sums nothing to zero", () => {
    expect(sumBudgets([])).toEqual({ ownCapital: 0n, loans: 0n, otherSources: 0n, stateSupport: 0n, total: 0n, count: 0 });
  });
});

describe("checkProjection (3-year revenue and profit)", () => {
  const y = (revenue: number | bigint, profit: number | bigint) => ({ revenue, profit });
  const rows: [string, ReturnType<typeof y>[], string[] | null][] = [
    ["three good years", [y(1_000_000_000, 100_000_000), y(1_500_000_000, 200_000_000), y(2_000_000_000, 300_000_000)], null],
    ["a loss in year 1", [y(500_000_000, -50_000_000), y(800_000_000, 0), y(900_000_000, 10)], null],
    ["two years only", [y(1, 0), y(1, 0)], ["projection"]],
    ["four years", [y(1, 0), y(1, 0), y(1, 0), y(1, 0)], ["projection"]],
    ["profit above revenue", [y(1, 0), y(100, 101), y(1, 0)], ["projection.1.profit"]],
    ["negative revenue and fractional profit", [y(-1, 0), y(1, 0.5), y(1, 0)], ["projection.0.revenue", "projection.1.profit"]],
  ];
  it.each(rows)("%s", (_name, years, errorFields) => {
    const r = checkProjection(years);
    if (errorFields === null) {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value).toEqual(years.map((v) => ({ revenue: BigInt(v.revenue), profit: BigInt(v.profit) })));
    } else {
      expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(errorFields);
    }
  });
});
