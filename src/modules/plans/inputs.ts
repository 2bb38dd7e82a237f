import { z } from "@hono/zod-openapi";
import { LEVEL_CHAINS } from "../../domain/level-chain.js";
import { PLAN_ACTIONS, PLAN_STATES } from "../../domain/plan-workflow.js";
import { MAX_VND } from "../../domain/budget.js";
import { formatNumber } from "../../lib/i18n.js";
import { bi, zQueryId } from "../../lib/validation.js";

// Input and output shapes of the business-plan API, shared by the JSON routes, the pages and the service.

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

/**
 * An amount in whole đồng: a JSON integer, or a string of digits for clients that keep money out of floats.
 * The edge names what is wrong with the value itself (not a number, a fraction of a đồng); an integer of any
 * size goes on exactly (a JSON number as the double it is), so 1e16 is refused by the limit, not as a
 * fraction. Bounds of exact values (not negative, at most
 * 10^15, profit may be a loss) are checked by src/domain/budget.ts, so the messages name the field the way
 * the form does.
 */
const amountKind = (v: number | string): "ok" | "fraction" | "too_large" | "not_number" => {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "not_number";
    if (!Number.isFinite(v)) return "too_large";
    // An integer beyond 2^53 is beyond the limit too: it goes on exactly, so the domain names the field and the limit.
    return Number.isInteger(v) ? "ok" : "fraction";
  }
  const s = v.trim();
  if (/^-?\d+$/.test(s)) return s.replace(/^-?0*/, "").length > 19 ? "too_large" : "ok";
  if (/^-?\d*[.,]\d+$/.test(s) || /^-?\d+[.,]\d*$/.test(s)) return "fraction";
  return "not_number";
};
const limit = formatNumber(MAX_VND);
const AMOUNT_MESSAGES = {
  not_number: bi("Số tiền phải là một số nguyên đồng (số hoặc chuỗi chữ số)", "An amount is a whole number of đồng (a number or a string of digits)"),
  fraction: bi("Số tiền là số nguyên đồng, không có phần lẻ dưới 1 đồng", "Amounts are whole đồng: no fraction of a đồng"),
  too_large: bi(`Số tiền vượt quá giới hạn ${limit} đồng`, `The amount exceeds the limit of ${limit} đồng`),
} as const;

export const VndInput = z
  .union([z.number(), z.string()], { error: AMOUNT_MESSAGES.not_number })
  .superRefine((v, ctx) => {
    const kind = amountKind(v);
    if (kind !== "ok") ctx.addIssue({ code: "custom", message: AMOUNT_MESSAGES[kind], input: v });
  })
  .transform((v) => BigInt(typeof v === "string" ? v.trim() : v))
  .openapi({ type: "integer", example: 150000000, description: "Whole đồng (VND); a string of digits is accepted too." });

export const PLAN_TEXT_FIELDS = {
  production: text(4000, "kế hoạch sản xuất", "the production plan"),
  rawMaterialArea: text(2000, "vùng nguyên liệu", "the raw-material area"),
  technology: text(2000, "công nghệ, thiết bị", "the technology and equipment"),
  packaging: text(2000, "bao bì, nhãn mác", "the packaging and labelling"),
  markets: text(2000, "thị trường tiêu thụ", "the markets"),
};

const Projection = z
  .array(z.strictObject({ revenue: VndInput, profit: VndInput }))
  .length(3, bi("Cần dự kiến doanh thu và lợi nhuận đúng 3 năm", "Project revenue and profit for exactly 3 years"));

const Budget = z.strictObject({ ownCapital: VndInput, loans: VndInput, otherSources: VndInput, requestedSupport: VndInput });

export const CreatePlanInput = z.strictObject({ ...PLAN_TEXT_FIELDS, projection: Projection, budget: Budget }).openapi("CreatePlanRequest");
export type CreatePlanInput = z.output<typeof CreatePlanInput>;

export const UpdatePlanInput = z
  .strictObject({
    production: PLAN_TEXT_FIELDS.production.optional(),
    rawMaterialArea: PLAN_TEXT_FIELDS.rawMaterialArea.optional(),
    technology: PLAN_TEXT_FIELDS.technology.optional(),
    packaging: PLAN_TEXT_FIELDS.packaging.optional(),
    markets: PLAN_TEXT_FIELDS.markets.optional(),
    projection: Projection.optional(),
    budget: Budget.optional(),
  })
  .openapi("UpdatePlanRequest");
export type UpdatePlanInput = z.output<typeof UpdatePlanInput>;

export const PlanActionInput = z
  .strictObject({
    action: z.enum(PLAN_ACTIONS, bi("Thao tác không hợp lệ", "Unknown action")),
    reason: z.string().trim().max(2000, bi("Lý do tối đa 2000 ký tự", "The reason has at most 2000 characters")).optional(),
    estimatedStateSupport: VndInput.optional().openapi({ description: "Required to approve: the state support the approving level estimates (đồng)." }),
    responsibleUserId: z.string().min(1).max(100).optional().openapi({ description: "On approval: the official named to guide the new product." }),
  })
  .openapi("PlanActionRequest");
export type PlanActionInput = z.output<typeof PlanActionInput>;

export const ListPlansQuery = z.object({
  cycleId: zQueryId().optional(),
  state: z.enum(PLAN_STATES).optional(),
  producerId: zQueryId().optional(),
  waiting: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListPlansQuery = z.output<typeof ListPlansQuery>;

const Amount = z.string().openapi({ description: "Whole đồng as a decimal string (exact beyond 2^53)", example: "150000000" });

export const PlanSchema = z
  .object({
    id: z.number().int(),
    ideaId: z.number().int(),
    ideaName: z.string(),
    cycleId: z.number().int(),
    cycleYear: z.number().int(),
    chain: z.enum(LEVEL_CHAINS),
    producerId: z.number().int(),
    producerName: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    parentUnitName: z.string().nullable(),
    state: z.enum(PLAN_STATES),
    attempt: z.number().int(),
    production: z.string(),
    rawMaterialArea: z.string(),
    technology: z.string(),
    packaging: z.string(),
    markets: z.string(),
    projection: z.array(z.object({ revenue: Amount, profit: Amount })),
    budget: z.object({ ownCapital: Amount, loans: Amount, otherSources: Amount, requestedSupport: Amount, total: Amount }),
    estimatedStateSupport: Amount.nullable(),
    lastReason: z.string().nullable(),
    approvedAt: z.string().nullable(),
    actions: z.array(z.enum(PLAN_ACTIONS)),
    editable: z.boolean(),
    productId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("BusinessPlan");
export type PlanView = z.output<typeof PlanSchema>;

export const PlanEventSchema = z
  .object({
    id: z.number().int(),
    attempt: z.number().int(),
    kind: z.string(),
    fromState: z.enum(PLAN_STATES).nullable(),
    toState: z.enum(PLAN_STATES),
    actorName: z.string().nullable(),
    actorRole: z.string().nullable(),
    reason: z.string().nullable(),
    estimatedStateSupport: Amount.nullable(),
    at: z.string(),
  })
  .openapi("PlanEvent");
export type PlanEventView = z.output<typeof PlanEventSchema>;

export const PlanDetailSchema = PlanSchema.extend({ events: z.array(PlanEventSchema) }).openapi("BusinessPlanDetail");
export type PlanDetail = z.output<typeof PlanDetailSchema>;

export const PlanListSchema = z.object({ items: z.array(PlanSchema), total: z.number().int() }).openapi("BusinessPlanList");
export type PlanList = z.output<typeof PlanListSchema>;

const BudgetRow = z.object({
  unitId: z.number().int(),
  unitName: z.string(),
  count: z.number().int(),
  ownCapital: Amount,
  loans: Amount,
  otherSources: Amount,
  stateSupport: Amount,
  total: Amount,
});
export const BudgetReportSchema = z
  .object({
    cycleId: z.number().int(),
    cycleYear: z.number().int(),
    provinceName: z.string(),
    /** Grouped by the unit above the commune: the district in the seeds' chain; communes under the province after 2025 group as themselves. */
    byDistrict: z.array(BudgetRow),
    province: BudgetRow,
  })
  .openapi("BudgetReport");
export type BudgetReport = z.output<typeof BudgetReportSchema>;
export type BudgetRowView = z.output<typeof BudgetRow>;

export const BudgetReportQuery = z.object({ cycleId: zQueryId() });
