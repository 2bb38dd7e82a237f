import { z } from "@hono/zod-openapi";
import { CERTIFICATE_STATUSES, REVOCATION_GROUNDS } from "../../domain/certificate-status.js";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { PRODUCT_KINDS } from "../../domain/product-categories.js";
import { DOCUMENT_KINDS } from "../../domain/dossier-documents.js";
import { bi, zId, zQueryId } from "../../lib/validation.js";
import { AUTHORITY_LEVELS, INSPECTION_CONCLUSIONS, INSPECTION_KINDS } from "./schema.js";

// Input and output shapes of the certification API.

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

export const DecisionInput = z
  .strictObject({
    unitId: zId(bi("Chọn tỉnh", "Choose the province")),
    number: text(60, "số quyết định", "the decision number").openapi({ example: "1234/QĐ-UBND" }),
    decidedOn: isoDateSchema,
    authorityLevel: z.enum(AUTHORITY_LEVELS, bi("Cấp ban hành: tỉnh hoặc trung ương", "Issuing level: province or central")),
    authorityName: text(300, "cơ quan ban hành", "the issuing authority").openapi({ example: "Ủy ban nhân dân tỉnh Hà Tĩnh" }),
    signerName: text(200, "người ký", "the signer"),
    signerTitle: text(200, "chức vụ người ký", "the signer's title").openapi({ example: "Phó Chủ tịch" }),
    roundDossierIds: z.array(zId()).min(1, bi("Chọn ít nhất một kết quả", "Choose at least one result")).max(500),
  })
  .openapi("RecognitionDecisionRequest");
export type DecisionInput = z.output<typeof DecisionInput>;

const groundIds = REVOCATION_GROUNDS.map((g) => g.id) as [string, ...string[]];
export const RevokeInput = z
  .strictObject({
    ground: z.enum(groundIds, bi("Chọn căn cứ thu hồi (Điều 8 khoản 1)", "Choose the ground (Art. 8.1)")),
    effectiveOn: isoDateSchema,
    decisionNumber: text(60, "số quyết định thu hồi", "the revocation decision number"),
    authorityName: text(300, "cơ quan ban hành", "the issuing authority"),
    reason: text(4000, "nội dung", "the details"),
  })
  .openapi("RevocationRequest");
export type RevokeInput = z.output<typeof RevokeInput>;

export const SuspendInput = z.strictObject({ from: isoDateSchema, through: isoDateSchema.optional(), reason: text(4000, "lý do", "a reason") }).openapi("SuspensionRequest");
export type SuspendInput = z.output<typeof SuspendInput>;
export const LiftInput = z.strictObject({ on: isoDateSchema, reason: text(4000, "lý do", "a reason") }).openapi("LiftSuspensionRequest");
export type LiftInput = z.output<typeof LiftInput>;

export const InspectionInput = z
  .strictObject({
    kind: z.enum(INSPECTION_KINDS),
    team: z.array(text(200, "thành viên đoàn", "a team member")).min(1).max(20),
    startedOn: isoDateSchema,
  })
  .openapi("InspectionRequest");
export type InspectionInput = z.output<typeof InspectionInput>;
/** The commune's confirmation that the producer stopped producing the product (Art. 8.4; evidence for ground đ). */
export const CommuneConfirmationInput = z
  .strictObject({
    documentNumber: text(60, "số văn bản xác nhận", "the confirmation's document number").openapi({ example: "15/XN-UBND" }),
    confirmedOn: isoDateSchema,
    statement: text(4000, "nội dung xác nhận", "what the commune confirms").openapi({ example: "HTX đã ngừng sản xuất sản phẩm từ tháng 3/2026." }),
  })
  .openapi("CommuneConfirmationRequest");
export type CommuneConfirmationInput = z.output<typeof CommuneConfirmationInput>;
export const CommuneConfirmationSchema = z
  .object({
    id: z.number().int(),
    certificateId: z.number().int(),
    communeId: z.number().int(),
    communeName: z.string(),
    documentNumber: z.string(),
    confirmedOn: z.string(),
    statement: z.string(),
    recordedAt: z.string(),
  })
  .openapi("CommuneConfirmation");
export type CommuneConfirmationView = z.output<typeof CommuneConfirmationSchema>;

export const ConclusionInput = z
  .strictObject({
    findings: z.array(z.strictObject({ criterionId: z.string().regex(/^\d+(\.\d+)*$/), finding: text(2000, "nhận xét", "the finding"), met: z.boolean() })).max(200),
    conclusion: z.enum(INSPECTION_CONCLUSIONS, bi("Kết luận: giữ, đề nghị đánh giá lại hoặc đề nghị thu hồi", "Conclusion: keep, request re-evaluation or propose revocation")),
    note: text(4000, "kết luận", "the conclusion"),
    concludedOn: isoDateSchema,
  })
  .openapi("InspectionConclusionRequest");
export type ConclusionInput = z.output<typeof ConclusionInput>;

export const RegistryQuery = z.strictObject({
  q: z.string().trim().max(200).optional().openapi({ description: "Words of the product's or producer's name." }),
  unitId: zQueryId().optional().openapi({ description: "A commune or (former) district the certificate was issued in." }),
  group: z.coerce.number().int().min(1).max(26).optional().openapi({ description: "Criteria set (product group) 1–26." }),
  stars: z.coerce.number().int().min(3).max(5).optional(),
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  lang: z.enum(["vi", "en"]).optional(),
});
export type RegistryQuery = z.output<typeof RegistryQuery>;

const bilingual = z.object({ vi: z.string(), en: z.string() });
export const HistoryEntrySchema = z.object({ kind: z.string(), on: z.string(), label: bilingual, detail: bilingual.nullable() });

/** The public face of a certificate: only what a recognition decision publishes. No member scores, no contacts unless published. */
export const CertificatePublicSchema = z
  .object({
    id: z.number().int(),
    url: z.string(),
    product: z.object({ id: z.number().int(), name: z.string(), code: z.string(), group: z.number().int(), groupLabel: bilingual }),
    producer: z.object({ id: z.number().int(), name: z.string(), address: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable(), website: z.string().nullable() }),
    place: z.object({ commune: z.string(), district: z.string().nullable(), province: z.string(), communeToday: z.string().nullable() }),
    stars: z.number().int(),
    score: z.number(),
    /** Which council's result the recognition rests on (Art. 7.4g lets the province recognise 3★/4★ on the central council's). */
    basis: z.object({ level: z.enum(["province", "central"]), label: bilingual }),
    rubricVersion: z.string(),
    kind: z.string(),
    decision: z.object({ number: z.string(), decidedOn: z.string(), authorityLevel: z.enum(AUTHORITY_LEVELS), authorityName: z.string(), signer: z.string() }),
    validity: z.object({ from: z.string(), through: z.string(), validUntil: z.string(), extended: z.boolean(), reevaluationWindow: z.object({ opens: z.string(), closes: z.string() }) }),
    status: z.enum(CERTIFICATE_STATUSES),
    statusLabel: bilingual,
    explanation: bilingual,
    supersedes: z.number().int().nullable(),
    supersededBy: z.number().int().nullable(),
    history: z.array(HistoryEntrySchema),
    /** Concluded inspections (Art. 9): ground, conclusion and date only. */
    inspections: z.array(z.object({ id: z.number().int(), concludedOn: z.string(), conclusion: z.string(), conclusionLabel: bilingual, ground: z.string(), groundLabel: bilingual })),
    /** The signed W3C credential of the certificate (issue 19), checkable offline against /.well-known/jwks.json. */
    credential: z.object({ url: z.string(), mediaType: z.literal("application/vc+jwt") }),
  })
  .openapi("CertificatePublic");
export type CertificatePublic = z.output<typeof CertificatePublicSchema>;

export const RegistryItemSchema = z
  .object({ id: z.number().int(), productName: z.string(), producerName: z.string(), commune: z.string(), district: z.string().nullable(), group: z.number().int(), stars: z.number().int(), status: z.enum(CERTIFICATE_STATUSES), statusLabel: bilingual, decidedOn: z.string(), validUntil: z.string() })
  .openapi("RegistryItem");
export type RegistryItem = z.output<typeof RegistryItemSchema>;
/** The province's open figures (the registry page, /api/registry/figures): products in force today. */
export const OpenFiguresSchema = z
  .object({
    products: z.number().int(),
    byStars: z.array(z.object({ stars: z.number().int(), products: z.number().int() })),
    byGroup: z.array(z.object({ kind: z.enum(PRODUCT_KINDS), label: bilingual, products: z.number().int() })),
    byCommune: z.array(z.object({ communeId: z.number().int(), commune: z.string(), district: z.string().nullable(), products: z.number().int() })),
  })
  .openapi("OpenFigures");
export type InForceFigures = z.output<typeof OpenFiguresSchema>;
export const RegistrySchema = z.object({ items: z.array(RegistryItemSchema), total: z.number().int() }).openapi("Registry");

export const DecisionSchema = z
  .object({ id: z.number().int(), number: z.string(), decidedOn: z.string(), authorityLevel: z.enum(AUTHORITY_LEVELS), authorityName: z.string(), signerName: z.string(), signerTitle: z.string(), certificateIds: z.array(z.number().int()) })
  .openapi("RecognitionDecision");
export type DecisionView = z.output<typeof DecisionSchema>;

export const InspectionSchema = z
  .object({
    id: z.number().int(),
    certificateId: z.number().int(),
    kind: z.enum(INSPECTION_KINDS),
    team: z.array(z.string()),
    startedOn: z.string(),
    findings: z.array(z.object({ criterionId: z.string(), finding: z.string(), met: z.boolean() })),
    conclusion: z.enum(INSPECTION_CONCLUSIONS).nullable(),
    conclusionNote: z.string().nullable(),
    concludedOn: z.string().nullable(),
    files: z.array(z.object({ fileId: z.number().int(), kind: z.string(), name: z.string(), note: z.string().nullable() })),
  })
  .openapi("Inspection");
export type InspectionView = z.output<typeof InspectionSchema>;

export const NoticeSchema = z.object({ id: z.number().int(), kind: z.string(), certificateId: z.number().int().nullable(), vi: z.string(), en: z.string(), createdAt: z.string() }).openapi("Notice");

/** A certificate in its re-evaluation window, as the office (or its producer) follows it. */
export type WindowItem = { certificateId: number; productName: string; producerId: number; producerName: string; stars: number; opens: string; closes: string; expiresOn: string; status: string; filed: boolean };

/** The office's certificate list (/certificates): search, filters and the page; empty form fields mean "any". */
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
export const OfficeCertificateQuery = z.strictObject({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200, bi("Tối đa 200 ký tự", "At most 200 characters")).optional()),
  status: z.preprocess(blankToUndefined, z.enum(CERTIFICATE_STATUSES, bi("Chọn một trạng thái trong danh sách", "Choose a status from the list")).optional()),
  stars: z.preprocess(blankToUndefined, z.coerce.number().int().min(3, bi("Hạng sao từ 3 đến 5", "Stars from 3 to 5")).max(5, bi("Hạng sao từ 3 đến 5", "Stars from 3 to 5")).optional()),
  unitId: z.preprocess(blankToUndefined, zQueryId().optional()),
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000, bi("Năm không hợp lệ", "Invalid year")).max(2100, bi("Năm không hợp lệ", "Invalid year")).optional()),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(25)),
  offset: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(0)),
  lang: z.enum(["vi", "en"]).optional(),
});
export type OfficeCertificateQuery = z.output<typeof OfficeCertificateQuery>;

/** One row of the office's list: what identifies the certificate and its status today. */
export type OfficeCertificateItem = {
  id: number;
  productId: number;
  productName: string;
  productCode: string;
  producerName: string;
  commune: string;
  district: string | null;
  stars: number;
  decisionNumber: string;
  decidedOn: string;
  validUntil: string;
  status: (typeof CERTIFICATE_STATUSES)[number];
  statusLabel: { vi: string; en: string };
};
export type OfficeCertificateList = { items: OfficeCertificateItem[]; total: number; byStatus: Record<string, number> };

/** A certified product's document (its dossier's evidence) with its validity on today's date. */
export const CertifiedDocumentSchema = z
  .object({
    evidenceId: z.number().int(),
    fileId: z.number().int(),
    name: z.string(),
    criterionId: z.string(),
    kind: z.enum(DOCUMENT_KINDS),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    status: z.enum(["undated", "not_yet_valid", "valid", "expired"]),
    required: z.boolean(),
  })
  .openapi("CertifiedDocument");
export type CertifiedDocument = z.output<typeof CertifiedDocumentSchema>;
export const CertificateDocumentsSchema = z
  .object({ certificateId: z.number().int(), dossierId: z.number().int(), documents: z.array(CertifiedDocumentSchema), expiredRequired: z.array(CertifiedDocumentSchema) })
  .openapi("CertificateDocuments");
export type CertificateDocuments = z.output<typeof CertificateDocumentsSchema>;
