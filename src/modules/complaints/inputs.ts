import { z } from "@hono/zod-openapi";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import type { Bilingual } from "../../lib/i18n.js";
import { UPLOAD_LIMITS } from "../../lib/upload-limits.js";
import { bi, zQueryId } from "../../lib/validation.js";
import { COMPLAINT_STATES, COMPLAINT_TOPICS, type ComplaintState, type ComplaintTopic } from "./schema.js";

// Input and output shapes of complaints about a certified product (services/complaints.ts).

const text = (max: number, vi: string, en: string) => z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`))
    .optional()
    .transform((s) => (s ? s : undefined));

export const COMPLAINT_TOPIC_LABELS: Record<ComplaintTopic, Bilingual> = {
  quality: { vi: "Chất lượng sản phẩm", en: "Product quality" },
  labelling: { vi: "Nhãn hàng hóa, thông tin trên bao bì", en: "Labelling, information on the pack" },
  wrong_product_stamp: { vi: "Tem OCOP dán trên sản phẩm khác", en: "An OCOP stamp on another product" },
  other: { vi: "Vấn đề khác", en: "Something else" },
};
export const COMPLAINT_STATE_LABELS: Record<ComplaintState, Bilingual> = {
  new: { vi: "Mới, chờ xem xét", en: "New, awaiting triage" },
  inspection: { vi: "Đã mở đợt kiểm tra", en: "Inspection opened" },
  closed: { vi: "Đã đóng", en: "Closed" },
};
export const MAX_COMPLAINT_PHOTO_BYTES = UPLOAD_LIMITS.reportPhoto.maxBytes;

export const ComplaintInput = z.strictObject({
  certificateId: zQueryId(),
  topic: z.enum(COMPLAINT_TOPICS, bi("Chọn nội dung phản ánh", "Choose what the complaint is about")),
  what: text(4000, "nội dung phản ánh", "what happened"),
  place: optional(500),
  contact: optional(200),
});
export type ComplaintInput = z.output<typeof ComplaintInput>;

export const ComplaintInspectInput = z
  .strictObject({ team: z.array(text(200, "thành viên đoàn", "a team member")).min(1, bi("Nhập ít nhất một thành viên đoàn", "Name at least one team member")).max(20), startedOn: isoDateSchema })
  .openapi("ComplaintInspectRequest");
export type ComplaintInspectInput = z.output<typeof ComplaintInspectInput>;
export const ComplaintCloseInput = z.strictObject({ reason: text(4000, "lý do đóng", "the reason") }).openapi("ComplaintCloseRequest");
export type ComplaintCloseInput = z.output<typeof ComplaintCloseInput>;
export const ComplaintListQuery = z.strictObject({ state: z.enum(COMPLAINT_STATES).optional(), topic: z.enum(COMPLAINT_TOPICS).optional(), q: z.string().trim().max(200).optional() });
export type ComplaintListQuery = z.output<typeof ComplaintListQuery>;

const Bi = z.object({ vi: z.string(), en: z.string() });
export const ComplaintSchema = z
  .object({
    id: z.number().int(),
    caseNumber: z.string(),
    certificateId: z.number().int(),
    productName: z.string(),
    topic: z.enum(COMPLAINT_TOPICS),
    what: z.string(),
    place: z.string().nullable(),
    contact: z.string().nullable(),
    hasPhoto: z.boolean(),
    state: z.enum(COMPLAINT_STATES),
    inspectionId: z.number().int().nullable(),
    inspection: z.object({ concludedOn: z.string(), conclusionLabel: Bi, groundLabel: Bi }).nullable(),
    closeReason: z.string().nullable(),
    createdAt: z.string(),
    handledAt: z.string().nullable(),
  })
  .openapi("Complaint");
export type ComplaintView = z.infer<typeof ComplaintSchema>;
export const ComplaintListSchema = z.object({ items: z.array(ComplaintSchema) }).openapi("ComplaintList");
