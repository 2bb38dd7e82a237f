import { z } from "@hono/zod-openapi";
import { IDEA_ACTIONS, IDEA_STATES } from "../../domain/idea-workflow.js";
import { LEVEL_CHAINS } from "../../domain/level-chain.js";
import { bi, zId, zQueryId } from "../../lib/validation.js";

// Input and output shapes of the product-idea API, shared by the JSON routes, the pages and the service.

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

/** The registration form (phiếu đăng ký ý tưởng sản phẩm), field by field. */
export const IDEA_FORM_FIELDS = {
  name: text(300, "tên sản phẩm", "the product name").openapi({ example: "Kẹo cu đơ Thiên Cầm" }),
  description: text(4000, "mô tả sản phẩm", "a description of the product"),
  coreBenefit: text(2000, "lợi ích cốt lõi cho khách hàng", "the core benefit for the customer"),
  rawMaterials: text(2000, "nguyên liệu chính", "the main raw materials"),
  rawMaterialOrigin: text(2000, "nguồn gốc nguyên liệu", "where the raw materials come from"),
  packaging: text(1000, "bao bì, đóng gói", "the packaging"),
  expectedMarket: text(2000, "thị trường dự kiến", "the expected market"),
  criteriaSetId: z
    .number(bi("Chọn nhóm, phân nhóm sản phẩm", "Choose the product group and subgroup"))
    .int(bi("Nhóm sản phẩm không hợp lệ", "Invalid product group"))
    .min(1, bi("Nhóm sản phẩm là một trong 26 bộ tiêu chí (1–26)", "The product group is one of the 26 criteria sets (1–26)"))
    .max(26, bi("Nhóm sản phẩm là một trong 26 bộ tiêu chí (1–26)", "The product group is one of the 26 criteria sets (1–26)"))
    .openapi({ description: "Criteria set of QĐ 26/2026 Annex II (1–26), which fixes the product group and subgroup of Annex I.", example: 8 }),
};
export type IdeaFormField = keyof typeof IDEA_FORM_FIELDS;
export const IDEA_FORM_FIELD_NAMES = Object.keys(IDEA_FORM_FIELDS) as IdeaFormField[];

/*
 * A draft ("Lưu nháp") is whatever the producer has typed so far: only the name, by which the producer finds it
 * again, is required; the other fields may be empty and the group unchosen. Completeness is checked when the
 * form is sent to the commune (`missingIdeaFields`), not when it is saved.
 */
const draftText = (max: number) => z.string().trim().max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));
export const IDEA_DRAFT_FIELDS = {
  name: IDEA_FORM_FIELDS.name,
  description: draftText(4000),
  coreBenefit: draftText(2000),
  rawMaterials: draftText(2000),
  rawMaterialOrigin: draftText(2000),
  packaging: draftText(1000),
  expectedMarket: draftText(2000),
  criteriaSetId: IDEA_FORM_FIELDS.criteriaSetId.nullable(),
};

export const CreateIdeaInput = z
  .strictObject({
    cycleId: zId(bi("Chọn chu trình (năm)", "Choose the cycle (year)")),
    producerId: zId().optional().openapi({ description: "Needed only when the account is a member of several producers." }),
    ...IDEA_FORM_FIELDS,
  })
  .openapi("CreateIdeaRequest");
export type CreateIdeaInput = z.output<typeof CreateIdeaInput>;

/** "Lưu nháp" on the registration page: a partial form is kept as a draft. */
export const DraftIdeaInput = z.strictObject({
  cycleId: zId(bi("Chọn chu trình (năm)", "Choose the cycle (year)")),
  producerId: zId().optional(),
  ...Object.fromEntries(Object.entries(IDEA_DRAFT_FIELDS).map(([k, v]) => [k, k === "name" ? v : v.optional()])),
} as { cycleId: ReturnType<typeof zId>; producerId: z.ZodOptional<ReturnType<typeof zId>>; name: (typeof IDEA_DRAFT_FIELDS)["name"] } & { [K in Exclude<IdeaFormField, "name">]: z.ZodOptional<(typeof IDEA_DRAFT_FIELDS)[K]> });
export type DraftIdeaInput = z.output<typeof DraftIdeaInput>;

/** Editing a draft (or a returned form) on its page: fields may be left empty until it is sent. */
export const DraftIdeaUpdateInput = z.strictObject(Object.fromEntries(Object.entries(IDEA_DRAFT_FIELDS).map(([k, v]) => [k, v.optional()])) as {
  [K in IdeaFormField]: z.ZodOptional<(typeof IDEA_DRAFT_FIELDS)[K]>;
});

export const UpdateIdeaInput = z.strictObject(Object.fromEntries(Object.entries(IDEA_FORM_FIELDS).map(([k, v]) => [k, v.optional()])) as {
  [K in IdeaFormField]: z.ZodOptional<(typeof IDEA_FORM_FIELDS)[K]>;
}).openapi("UpdateIdeaRequest");
export type UpdateIdeaInput = z.output<typeof UpdateIdeaInput>;

const reason = z.string().trim().max(2000, bi("Lý do tối đa 2000 ký tự", "The reason has at most 2000 characters"));
const action = z.enum(IDEA_ACTIONS, bi("Thao tác không hợp lệ", "Unknown action"));

export const IdeaActionInput = z.strictObject({ action, reason: reason.optional() }).openapi("IdeaActionRequest");
export type IdeaActionInput = z.output<typeof IdeaActionInput>;

export const BulkIdeaActionInput = z
  .strictObject({
    ideaIds: z
      .array(z.number().int().positive())
      .min(1, bi("Chọn ít nhất một ý tưởng", "Select at least one idea"))
      .max(500, bi("Tối đa 500 ý tưởng mỗi lần", "At most 500 ideas at a time")),
    action,
    reason: reason.optional(),
  })
  .openapi("BulkIdeaActionRequest");
export type BulkIdeaActionInput = z.output<typeof BulkIdeaActionInput>;

// Not strict: pages and clients add global parameters such as `lang`.
export const ListIdeasQuery = z.object({
  cycleId: zQueryId().optional(),
  state: z.enum(IDEA_STATES).optional(),
  communeId: zQueryId().optional(),
  producerId: zQueryId().optional(),
  /** Only ideas on which the caller can take a step now ("chờ tôi xử lý"). */
  waiting: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional(),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListIdeasQuery = z.output<typeof ListIdeasQuery>;

export const IdeaSchema = z
  .object({
    id: z.number().int(),
    cycleId: z.number().int(),
    cycleYear: z.number().int(),
    chain: z.enum(LEVEL_CHAINS),
    producerId: z.number().int(),
    producerName: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    parentUnitName: z.string().nullable(),
    state: z.enum(IDEA_STATES),
    attempt: z.number().int(),
    name: z.string(),
    description: z.string(),
    coreBenefit: z.string(),
    rawMaterials: z.string(),
    rawMaterialOrigin: z.string(),
    packaging: z.string(),
    expectedMarket: z.string(),
    /** Null while a draft has no group chosen yet; every submitted idea has one. */
    criteriaSetId: z.number().int().nullable(),
    lastReason: z.string().nullable(),
    /** The steps the caller may take now, deadlines aside. */
    actions: z.array(z.enum(IDEA_ACTIONS)),
    editable: z.boolean(),
    planId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("ProductIdea");
export type IdeaView = z.output<typeof IdeaSchema>;

export const IdeaEventSchema = z
  .object({
    id: z.number().int(),
    attempt: z.number().int(),
    kind: z.string(),
    fromState: z.enum(IDEA_STATES).nullable(),
    toState: z.enum(IDEA_STATES),
    actorName: z.string().nullable(),
    actorRole: z.string().nullable(),
    reason: z.string().nullable(),
    form: z.record(z.string(), z.unknown()).nullable(),
    at: z.string(),
  })
  .openapi("IdeaEvent");
export type IdeaEventView = z.output<typeof IdeaEventSchema>;

export const AttachmentSchema = z
  .object({ fileId: z.number().int(), name: z.string(), contentType: z.string(), size: z.number().int(), addedAt: z.string() })
  .openapi("IdeaAttachment");
export type AttachmentView = z.output<typeof AttachmentSchema>;

export const IdeaDetailSchema = IdeaSchema.extend({ events: z.array(IdeaEventSchema), attachments: z.array(AttachmentSchema) }).openapi("ProductIdeaDetail");
export type IdeaDetail = z.output<typeof IdeaDetailSchema>;

export const IdeaListSchema = z.object({ items: z.array(IdeaSchema), total: z.number().int() }).openapi("ProductIdeaList");
export type IdeaList = z.output<typeof IdeaListSchema>;

export const BulkResultSchema = z.object({ items: z.array(IdeaSchema) }).openapi("BulkIdeaActionResult");
