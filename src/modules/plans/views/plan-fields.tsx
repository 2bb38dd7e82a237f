import { BUDGET_PART_LABELS } from "../../../domain/budget.js";
import type { PlanState } from "../../../domain/plan-workflow.js";
import { type Bilingual, formatMoney } from "../../../lib/i18n.js";

// What the plan's form, page and list share: money as people read it, the state badges, the fields' labels.

/** Money in whole đồng, grouped the Vietnamese way; bigint-safe (Intl formats bigint exactly). */
export const dong = (v: string | bigint) => formatMoney(BigInt(v));

export const STATE_BADGE: Record<PlanState, string> = { draft: "badge", submitted: "badge badge-info", revision_requested: "badge badge-warn", approved: "badge badge-ok" };

export const TEXT_FIELDS = {
  production: { vi: "Kế hoạch sản xuất (sản lượng, quy trình)", en: "Production plan (output, process)" },
  rawMaterialArea: { vi: "Vùng nguyên liệu", en: "Raw-material area" },
  technology: { vi: "Công nghệ, thiết bị", en: "Technology and equipment" },
  packaging: { vi: "Bao bì, nhãn mác", en: "Packaging and labelling" },
  markets: { vi: "Thị trường tiêu thụ", en: "Markets" },
} as const satisfies Record<string, Bilingual>;
export type PlanTextField = keyof typeof TEXT_FIELDS;

export const MONEY_FIELDS = ["ownCapital", "loans", "otherSources", "requestedSupport"] as const;
export const MONEY_LABELS: Record<(typeof MONEY_FIELDS)[number], Bilingual> = {
  ownCapital: BUDGET_PART_LABELS.ownCapital,
  loans: BUDGET_PART_LABELS.loans,
  otherSources: BUDGET_PART_LABELS.otherSources,
  requestedSupport: { vi: "Đề nghị ngân sách nhà nước hỗ trợ", en: "Requested state support" },
};
