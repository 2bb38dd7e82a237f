import { formatNumber, type Bilingual } from "../lib/i18n.js";

/**
 * Money in a business plan (phương án sản xuất kinh doanh) is whole đồng held as bigint: reports must
 * reproduce the province's sums exactly (seed 001: 630,087 million = 411,439 + 98,752 + 6,510 + 113,386),
 * and a sum of 152 plans in đồng (6.3 × 10^14) is already close to where doubles stop being exact.
 */
export type Vnd = bigint;

/** No single amount in one producer's plan approaches a million billion đồng; above it is a typing error. */
export const MAX_VND: Vnd = 10n ** 15n;

export type BudgetParts = {
  /** Vốn chủ cơ sở */
  ownCapital: Vnd;
  /** Vốn vay */
  loans: Vnd;
  /** Vốn khác */
  otherSources: Vnd;
  /** Ngân sách nhà nước hỗ trợ (requested by the producer, or estimated by the approving level) */
  stateSupport: Vnd;
};
export const BUDGET_PARTS = ["ownCapital", "loans", "otherSources", "stateSupport"] as const satisfies readonly (keyof BudgetParts)[];

export const BUDGET_PART_LABELS: Record<keyof BudgetParts, Bilingual> = {
  ownCapital: { vi: "Vốn chủ cơ sở", en: "Own capital" },
  loans: { vi: "Vốn vay", en: "Loans" },
  otherSources: { vi: "Vốn khác", en: "Other sources" },
  stateSupport: { vi: "Ngân sách nhà nước hỗ trợ", en: "State support" },
};

export type BudgetError = { field: string } & Bilingual;
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: BudgetError[] };

/**
 * One amount in đồng: an integer (a number only if it is a safe integer, since a larger one has already lost
 * đồng), between `min` and MAX_VND. Profit is the only amount allowed below zero (a loss).
 */
export function checkVnd(value: bigint | number, field: string, label: Bilingual, opts: { allowNegative?: boolean } = {}): Checked<Vnd> {
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    return { ok: false, errors: [{ field, vi: `${label.vi} phải là số nguyên đồng`, en: `${label.en} must be a whole number of đồng` }] };
  }
  const v = BigInt(value);
  if (v < 0n && !opts.allowNegative) {
    return { ok: false, errors: [{ field, vi: `${label.vi} không được âm`, en: `${label.en} must not be negative` }] };
  }
  if (v > MAX_VND || v < -MAX_VND) {
    return {
      ok: false,
      errors: [
        {
          field,
          vi: `${label.vi} vượt quá giới hạn ${formatNumber(MAX_VND)} đồng`,
          en: `${label.en} exceeds the limit of ${formatNumber(MAX_VND)} đồng`,
        },
      ],
    };
  }
  return { ok: true, value: v };
}

/** Checks all four parts, reporting every bad one at once so a form can mark them together. */
export function checkBudget(input: Record<keyof BudgetParts, bigint | number>): Checked<BudgetParts> {
  const errors: BudgetError[] = [];
  const out: Partial<BudgetParts> = {};
  for (const key of BUDGET_PARTS) {
    const r = checkVnd(input[key], key, BUDGET_PART_LABELS[key]);
    if (r.ok) out[key] = r.value;
    else errors.push(...r.errors);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: out as BudgetParts };
}

/** Tổng kinh phí: own + loans + other + state support. */
export function budgetTotal(b: BudgetParts): Vnd {
  return b.ownCapital + b.loans + b.otherSources + b.stateSupport;
}

export type BudgetSum = BudgetParts & { total: Vnd; count: number };

/** The sum of many plans, part by part, exact to the đồng (no cap: a province's total may exceed MAX_VND). */
export function sumBudgets(list: readonly BudgetParts[]): BudgetSum {
  const s: BudgetSum = { ownCapital: 0n, loans: 0n, otherSources: 0n, stateSupport: 0n, total: 0n, count: list.length };
  for (const b of list) {
    for (const key of BUDGET_PARTS) s[key] += b[key];
    s.total += budgetTotal(b);
  }
  return s;
}

/** One year of the plan's projection (the plan covers 3 years). */
export type YearProjection = { revenue: Vnd; profit: Vnd };
export const PLAN_YEARS = 3;

export function checkProjection(years: readonly { revenue: bigint | number; profit: bigint | number }[]): Checked<YearProjection[]> {
  if (years.length !== PLAN_YEARS) {
    return {
      ok: false,
      errors: [{ field: "projection", vi: `Cần dự kiến đúng ${PLAN_YEARS} năm`, en: `Exactly ${PLAN_YEARS} years must be projected` }],
    };
  }
  const errors: BudgetError[] = [];
  const out: YearProjection[] = [];
  years.forEach((y, i) => {
    const n = i + 1;
    const rev = checkVnd(y.revenue, `projection.${i}.revenue`, { vi: `Doanh thu năm ${n}`, en: `Year ${n} revenue` });
    const pro = checkVnd(y.profit, `projection.${i}.profit`, { vi: `Lợi nhuận năm ${n}`, en: `Year ${n} profit` }, { allowNegative: true });
    if (!rev.ok) errors.push(...rev.errors);
    if (!pro.ok) errors.push(...pro.errors);
    if (rev.ok && pro.ok) {
      // Profit is what is left of revenue; more profit than revenue means the fields were swapped or mistyped.
      if (pro.value > rev.value) {
        errors.push({
          field: `projection.${i}.profit`,
          vi: `Lợi nhuận năm ${n} không được lớn hơn doanh thu`,
          en: `Year ${n} profit must not exceed revenue`,
        });
      } else out.push({ revenue: rev.value, profit: pro.value });
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, value: out };
}

/** Amounts in the seeds are written in million đồng ("630.087 triệu đồng"). */
export function fromMillions(millions: bigint | number): Vnd {
  return BigInt(millions) * 1_000_000n;
}
