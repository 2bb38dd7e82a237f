import { z } from "@hono/zod-openapi";
import { DOSSIER_ACTIONS, DOSSIER_STATES } from "../../domain/dossier-workflow.js";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import { bi, zId, zQueryId } from "../../lib/validation.js";
import { DOCUMENT_KINDS } from "../../domain/dossier-documents.js";
import { REGISTRATION_KINDS, ROUND_LEVELS, SHEET_STATES } from "./schema.js";
import { COUNCIL_ROLES } from "../../domain/roles.js";
import { APPEAL_OUTCOMES, APPEAL_STATES } from "../../domain/appeal-period.js";

// Input and output shapes of the evaluation API (dossiers, rounds, councils, sheets, results).

const text = (max: number, vi: string, en: string) =>
  z.string().trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));
const reason = (vi: string, en: string) => text(2000, vi, en);
const itemMap = (max: number) =>
  z.record(z.string().regex(/^\d+(\.\d+)*$/, bi("Mã tiêu chí không hợp lệ", "Invalid criterion id")), z.string().trim().max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`)));
/** item id → option id, as printed in the rubric ("1.1" → "1.1.c"). */
const choices = z.record(z.string().regex(/^\d+(\.\d+)*$/, bi("Mã tiêu chí không hợp lệ", "Invalid criterion id")), z.string().min(1).max(40)).openapi({ example: { "1.1": "1.1.c" } });

// ---- dossiers ----------------------------------------------------------------------------------------

const REGISTRATION_FIELDS = {
  kind: z.enum(REGISTRATION_KINDS, bi("Chọn loại đăng ký: lần đầu, nâng hạng hoặc đánh giá lại", "Choose first, upgrade or reevaluation")),
  representativeName: text(200, "họ tên người đại diện", "the representative's name"),
  representativePosition: text(200, "chức vụ", "the position"),
  phone: text(20, "số điện thoại", "a phone number"),
  email: z.email(bi("Email không hợp lệ", "Invalid email")).max(254).optional(),
  sampleCount: z.number().int().min(0).max(100).default(5).openapi({ description: "Samples sent with the dossier (5 by Art. 6; none for tourism services)." }),
  changes: z.string().trim().max(4000).optional().openapi({ description: "Upgrade or re-evaluation: what changed since the recognised product." }),
};

export const CreateDossierInput = z
  .strictObject({ productId: zId(bi("Chọn sản phẩm", "Choose the product")), ...REGISTRATION_FIELDS })
  .openapi("CreateDossierRequest");
export type CreateDossierInput = z.output<typeof CreateDossierInput>;

export const UpdateDossierInput = z
  .strictObject({
    kind: REGISTRATION_FIELDS.kind.optional(),
    representativeName: REGISTRATION_FIELDS.representativeName.optional(),
    representativePosition: REGISTRATION_FIELDS.representativePosition.optional(),
    phone: REGISTRATION_FIELDS.phone.optional(),
    email: REGISTRATION_FIELDS.email,
    sampleCount: z.number().int().min(0).max(100).optional(),
    changes: REGISTRATION_FIELDS.changes,
  })
  .openapi("UpdateDossierRequest");
export type UpdateDossierInput = z.output<typeof UpdateDossierInput>;

export const SelfScoreInput = z.strictObject({ choices, notes: itemMap(2000).default({}) }).openapi("SelfScoreRequest");
export type SelfScoreInput = z.output<typeof SelfScoreInput>;

/** Only the items that changed: each listed item's answer (and note, "" to clear it) replaces the one carried. */
export const SelfScoreChangesInput = z.strictObject({ choices: choices.default({}), notes: itemMap(2000).default({}) }).openapi("SelfScoreChangesRequest");
export type SelfScoreChangesInput = z.output<typeof SelfScoreChangesInput>;

const isoDay = isoDateSchema;
/** What a file is and how long it is valid; an upload may take the place of a file already in the dossier. */
export const EvidenceMetaInput = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS, bi("Chọn loại giấy tờ", "Choose the kind of document")).default("other"),
    validFrom: isoDay.optional(),
    validUntil: isoDay.optional(),
    note: z.string().trim().max(500, bi("Tối đa 500 ký tự", "At most 500 characters")).optional(),
  })
  .openapi("EvidenceMeta");
export type EvidenceMetaInput = z.output<typeof EvidenceMetaInput>;
export const EvidenceUpdateInput = z
  .strictObject({
    kind: z.enum(DOCUMENT_KINDS, bi("Chọn loại giấy tờ", "Choose the kind of document")).optional(),
    validFrom: isoDay.nullable().optional(),
    validUntil: isoDay.nullable().optional(),
    note: z.string().trim().max(500, bi("Tối đa 500 ký tự", "At most 500 characters")).nullable().optional(),
  })
  .openapi("EvidenceUpdate");
export type EvidenceUpdateInput = z.output<typeof EvidenceUpdateInput>;

export const DossierActionInput = z
  .strictObject({ action: z.enum(DOSSIER_ACTIONS, bi("Thao tác không hợp lệ", "Unknown action")), reason: z.string().trim().max(2000).optional() })
  .openapi("DossierActionRequest");
export type DossierActionInput = z.output<typeof DossierActionInput>;

export const CommuneReviewInput = z
  .strictObject({
    localRawMaterials: text(2000, "đánh giá nguồn nguyên liệu địa phương", "the local raw materials assessment"),
    localLabour: text(2000, "đánh giá sử dụng lao động địa phương", "the local labour assessment"),
    ideaOrigin: text(2000, "nguồn gốc ý tưởng sản phẩm", "the origin of the product idea"),
    localIdentity: text(2000, "tính đặc trưng địa phương", "the local identity"),
    opinion: text(4000, "ý kiến của UBND xã", "the commune's opinion"),
  })
  .openapi("CommuneReviewRequest");
export type CommuneReviewInput = z.output<typeof CommuneReviewInput>;

export const ListDossiersQuery = z.object({
  state: z.enum(DOSSIER_STATES).optional(),
  awaitingLevel: z.enum(ROUND_LEVELS).optional(),
  productId: zQueryId().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListDossiersQuery = z.output<typeof ListDossiersQuery>;

const partTotals = z.object({ A: z.number(), B: z.number(), C: z.number() });
const starMinimums = z.object({ "3": z.array(z.string()), "4": z.array(z.string()), "5": z.array(z.string()) });
const notAssessed = z
  .array(z.object({ item: z.string(), reason: z.enum(["stopped", "not-applicable"]), by: z.string() }))
  .openapi({ description: "Items not assessed (score 0, no choice needed): after a stop rule fired at `by`, or a conditional item whose condition item `by` scored 0. Besides the printed option ids every item accepts \"none\" (no option applies: 0 points, below every star minimum, note required), and an item with a declared stop rule accepts \"stop\"." });

export const SelfScoreSchema = z
  .object({
    choices: z.record(z.string(), z.string()),
    notes: z.record(z.string(), z.string()),
    total: z.number().openapi({ description: "Self-score in points (sum of the chosen options)." }),
    partTotals,
    missing: z.array(z.string()),
    unmetStarMinimums: starMinimums,
    notAssessed,
  })
  .openapi("SelfScore");

export const EvidenceSchema = z
  .object({
    id: z.number().int(),
    criterionId: z.string(),
    fileId: z.number().int(),
    name: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    note: z.string().nullable(),
    kind: z.enum(DOCUMENT_KINDS),
    validFrom: z.string().nullable(),
    validUntil: z.string().nullable(),
    status: z.enum(["undated", "not_yet_valid", "valid", "expired"]).openapi({ description: "On today's date in Vietnam time." }),
    carriedFromId: z.number().int().nullable().openapi({ description: "The evidence row of the last certified dossier this one was copied from." }),
    addedAt: z.string(),
  })
  .openapi("DossierEvidence");
export type EvidenceView = z.output<typeof EvidenceSchema>;

export const DossierSchema = z
  .object({
    id: z.number().int(),
    productId: z.number().int(),
    productName: z.string(),
    productCode: z.string(),
    producerId: z.number().int(),
    producerName: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    chain: z.string(),
    criteriaSetId: z.number().int(),
    rubricVersion: z.string(),
    kind: z.enum(REGISTRATION_KINDS),
    state: z.enum(DOSSIER_STATES),
    attempt: z.number().int(),
    representativeName: z.string(),
    representativePosition: z.string(),
    phone: z.string(),
    email: z.string().nullable(),
    sampleCount: z.number().int(),
    changes: z.string().nullable(),
    communeReview: z.object({ localRawMaterials: z.string(), localLabour: z.string(), ideaOrigin: z.string(), localIdentity: z.string(), opinion: z.string() }).nullable(),
    awaitingLevel: z.enum(ROUND_LEVELS).nullable(),
    lastReason: z.string().nullable(),
    actions: z.array(z.enum(DOSSIER_ACTIONS)),
    editable: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Dossier");
export type DossierView = z.output<typeof DossierSchema>;

const bilingual = z.object({ vi: z.string(), en: z.string() });

/** The required documents on today's date (src/domain/dossier-documents.ts). */
export const DocumentCheckSchema = z
  .object({ id: z.string(), label: bilingual, basis: bilingual, status: z.enum(["met", "missing", "expired"]), evidenceIds: z.array(z.number().int()) })
  .openapi("DossierDocumentCheck");

const answer = z.object({ choice: z.string().nullable(), points: z.number(), note: z.string().nullable() });

/**
 * An upgrade or re-evaluation against the last certified dossier: the result its certificate recognised (the
 * council's figures, never a member's name or sheet) and what the producer changed, item by item.
 */
export const CarryForwardSchema = z
  .object({
    basedOnDossierId: z.number().int(),
    certificateId: z.number().int().nullable(),
    lastResult: z
      .object({ roundName: z.string(), level: z.string(), officialScore: z.number().nullable(), stars: z.number().int().nullable(), partMeans: z.object({ A: z.number(), B: z.number(), C: z.number() }) })
      .nullable(),
    registration: z.array(z.object({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
    items: z.array(z.object({ itemId: z.string(), status: z.enum(["unchanged", "changed"]), answerChanged: z.boolean(), evidenceChanged: z.boolean(), before: answer, after: answer })),
    evidence: z.array(
      z.object({ evidenceId: z.number().int().nullable(), baseEvidenceId: z.number().int().nullable(), criterionId: z.string(), name: z.string(), kind: z.enum(DOCUMENT_KINDS), status: z.enum(["unchanged", "changed", "new", "removed"]) }),
    ),
    changedItems: z.number().int(),
    unchangedItems: z.number().int(),
  })
  .openapi("DossierCarryForward");
export type CarryForwardView = z.output<typeof CarryForwardSchema>;

export const DossierDetailSchema = DossierSchema.extend({
  selfScore: SelfScoreSchema,
  evidence: z.array(EvidenceSchema),
  documents: z.array(DocumentCheckSchema),
  carryForward: CarryForwardSchema.nullable(),
}).openapi("DossierDetail");
export type DossierDetail = z.output<typeof DossierDetailSchema>;
export const DossierListSchema = z.object({ items: z.array(DossierSchema), total: z.number().int() }).openapi("DossierList");

// ---- rounds and councils -----------------------------------------------------------------------------

export const CreateRoundInput = z
  .strictObject({
    unitId: zId(bi("Chọn đơn vị tổ chức đánh giá", "Choose the unit whose council scores")),
    level: z.enum(ROUND_LEVELS, bi("Cấp đánh giá: huyện, tỉnh hoặc trung ương", "Level: district, province or central")),
    name: text(300, "tên đợt đánh giá", "the round's name").openapi({ example: "Đợt 1 năm 2026" }),
    opensOn: isoDateSchema,
    closesOn: isoDateSchema,
    rubricVersion: z.string().regex(/^[a-z0-9-]+$/).openapi({ example: "qd-26-2026" }),
    quorum: z
      .strictObject({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) })
      .refine((q) => q.numerator <= q.denominator, bi("Tỷ lệ túc số không quá 1", "The quorum is at most 1"))
      .default({ numerator: 3, denominator: 4 }),
    divergenceLimit: z.number().min(0).max(100).multipleOf(0.1).default(10).openapi({ description: "Points; totals further apart than this need a recorded discussion." }),
    bandEdge: z.number().min(0).max(10).multipleOf(0.1).default(1).openapi({ description: "Points; a result this close to a star band edge needs the chair's note." }),
  })
  .refine((r) => r.closesOn >= r.opensOn, { path: ["closesOn"], message: bi("Ngày kết thúc phải sau ngày bắt đầu", "The closing date must not be before the opening date") })
  .openapi("CreateRoundRequest");
export type CreateRoundInput = z.output<typeof CreateRoundInput>;

export const CouncilInput = z
  .strictObject({
    members: z
      .array(z.strictObject({ userId: z.string().min(1).max(100), role: z.enum(COUNCIL_ROLES) }))
      .min(1, bi("Hội đồng cần có thành viên", "The council needs members"))
      .max(50),
  })
  .openapi("CouncilRequest");
export type CouncilInput = z.output<typeof CouncilInput>;

export const AssignInput = z.strictObject({ dossierIds: z.array(zId()).min(1).max(500) }).openapi("AssignDossiersRequest");
export type AssignInput = z.output<typeof AssignInput>;

export const ReasonInput = z.strictObject({ reason: reason("lý do", "a reason") }).openapi("ReasonRequest");
export type ReasonInput = z.output<typeof ReasonInput>;
export const NoteInput = z.strictObject({ note: text(4000, "nội dung", "the note") }).openapi("NoteRequest");
export type NoteInput = z.output<typeof NoteInput>;
export const ActingChairInput = z
  .strictObject({ userId: z.string().min(1).max(100), reason: reason("lý do", "a reason") })
  .openapi("ActingChairRequest", { description: "Seat a member as chair for one dossier while the council's chair is conflicted on it (Art. 7.3b: the chair may be delegated)." });
export type ActingChairInput = z.output<typeof ActingChairInput>;
export const EliminationInput = z
  .strictObject({
    ruleId: z.string().min(1).max(20).nullable().openapi({ description: "An elimination rule id of the dossier's criteria set (e.g. E1); null withdraws a recorded elimination.", example: "E1" }),
    note: reason("căn cứ", "the grounds"),
  })
  .openapi("EliminationRequest");
export type EliminationInput = z.output<typeof EliminationInput>;
export const FinaliseInput = z
  .strictObject({ forwardRoundId: zId().optional().openapi({ description: "An open round at the next level to assign a forwarded dossier to; otherwise it waits for one." }) })
  .openapi("FinaliseRequest");
export type FinaliseInput = z.output<typeof FinaliseInput>;

export const SheetInput = z.strictObject({ choices, notes: itemMap(2000).default({}), evidence: itemMap(500).default({}) }).openapi("ScoreSheetRequest");
export type SheetInput = z.output<typeof SheetInput>;

export const CouncilMemberSchema = z.object({ userId: z.string(), displayName: z.string(), role: z.enum(COUNCIL_ROLES) }).openapi("CouncilMember");
export const RoundSchema = z
  .object({
    id: z.number().int(),
    unitId: z.number().int(),
    unitName: z.string(),
    level: z.enum(ROUND_LEVELS),
    name: z.string(),
    opensOn: z.string(),
    closesOn: z.string(),
    rubricVersion: z.string(),
    quorum: z.object({ numerator: z.number().int(), denominator: z.number().int() }),
    divergenceLimit: z.number(),
    bandEdge: z.number(),
    council: z.array(CouncilMemberSchema),
    /** The caller's seat, if any. */
    myRole: z.enum(COUNCIL_ROLES).nullable(),
  })
  .openapi("EvaluationRound");
export type RoundView = z.output<typeof RoundSchema>;
export const RoundListSchema = z.object({ items: z.array(RoundSchema) }).openapi("EvaluationRoundList");

export const RoundDossierSchema = z
  .object({
    id: z.number().int(),
    roundId: z.number().int(),
    dossierId: z.number().int(),
    productName: z.string(),
    criteriaSetId: z.number().int(),
    forwardedFrom: z.number().int().nullable(),
    final: z.boolean(),
    /** Who chairs this dossier: the acting chair seated for it, or the council's chair. */
    chairId: z.string().nullable(),
    eliminated: z.boolean(),
    /** The caller's own state on it: conflicted (and not waived), or its sheet's state. */
    myConflict: z.boolean(),
    mySheet: z.enum(SHEET_STATES).nullable(),
  })
  .openapi("RoundDossier");
export type RoundDossierView = z.output<typeof RoundDossierSchema>;
export const RoundDossierListSchema = z.object({ items: z.array(RoundDossierSchema) }).openapi("RoundDossierList");

export const SheetSchema = z
  .object({
    id: z.number().int(),
    roundDossierId: z.number().int(),
    /** Present only to the sheet's owner and the round's office; other members see sheets without names. */
    userId: z.string().nullable(),
    memberName: z.string().nullable(),
    state: z.enum(SHEET_STATES),
    version: z.number().int(),
    choices: z.record(z.string(), z.string()),
    notes: z.record(z.string(), z.string()),
    evidence: z.record(z.string(), z.string()),
    total: z.number(),
    partTotals,
    missing: z.array(z.string()),
    unmetStarMinimums: starMinimums,
    notAssessed,
    submittedAt: z.string().nullable(),
  })
  .openapi("ScoreSheet");
export type SheetView = z.output<typeof SheetSchema>;
export const SheetListSchema = z.object({ items: z.array(SheetSchema) }).openapi("ScoreSheetList");

export const SheetHistorySchema = z
  .object({ version: z.number().int(), choices: z.record(z.string(), z.string()), total: z.number(), submittedAt: z.string().nullable(), reopenedAt: z.string(), reason: z.string() })
  .openapi("ScoreSheetHistoryEntry");

export const ConflictSchema = z
  .object({ id: z.number().int(), userId: z.string(), memberName: z.string(), reason: z.string(), declaredAt: z.string(), waived: z.boolean(), waiverReason: z.string().nullable() })
  .openapi("Conflict");
export const ConflictListSchema = z.object({ items: z.array(ConflictSchema) }).openapi("ConflictList");

export const ResultSchema = z
  .object({
    roundDossierId: z.number().int(),
    final: z.boolean(),
    /** council-result.ts's analysis of the submitted, non-recused sheets, as it returns it. */
    council: z.record(z.string(), z.unknown()),
    stars: z.record(z.string(), z.unknown()).nullable(),
    canFinalise: z.boolean(),
    reasons: z.array(z.object({ code: z.string(), vi: z.string(), en: z.string() })),
    discussionNote: z.string().nullable(),
    chairNote: z.string().nullable(),
    /** Who chairs this dossier (the acting chair when the council's chair is conflicted); null if nobody can. */
    chairId: z.string().nullable(),
    actingChair: z.boolean(),
    elimination: z.object({ ruleId: z.string(), rule: z.string(), note: z.string() }).nullable(),
    auditHash: z.string().nullable(),
    forwardedRoundDossierId: z.number().int().nullable(),
  })
  .openapi("RoundResult");
export type ResultView = z.output<typeof ResultSchema>;

export const FeedbackSchema = z
  .object({
    dossierId: z.number().int(),
    rounds: z.array(
      z.object({
        level: z.enum(ROUND_LEVELS),
        roundName: z.string(),
        officialScore: z.number().nullable(),
        stars: z.number().int().nullable(),
        forwardTo: z.enum(ROUND_LEVELS).nullable(),
        /** The result's standing in words (stars.ts RESULT_STATUS), e.g. "Đề nghị Trung ương đánh giá 5 sao"; null for results kept before it existed. */
        status: z.object({ code: z.string(), vi: z.string(), en: z.string() }).nullable(),
        /** The elimination rule the council applied and its grounds, if it did. */
        elimination: z.object({ ruleId: z.string(), rule: z.string(), note: z.string() }).nullable(),
        partMeans: partTotals,
        notes: z.array(z.object({ criterionId: z.string(), note: z.string() })),
      }),
    ),
  })
  .openapi("DossierFeedback");
export type FeedbackView = z.output<typeof FeedbackSchema>;

// ---- the round setup pages' choices (read models, not request bodies) ---------------------------------------

export type UnitChoice = { id: number; name: string; level: "country" | "province" | "district" };
export type Candidate = { userId: string; displayName: string };
export type WaitingDossier = { id: number; productName: string; communeName: string; criteriaSetId: number; kind: string };

// ---- appeals of a result (services/appeals.ts) ---------------------------------------------------------

const Bi = z.object({ vi: z.string(), en: z.string() });

export const AppealInput = z
  .strictObject({
    roundDossierId: zId().openapi({ description: "The final result appealed (the dossier's assignment to a round)." }),
    grounds: text(4000, "căn cứ khiếu nại", "the grounds of the appeal").openapi({ description: "Why the result is wrong, criterion by criterion where possible." }),
  })
  .openapi("AppealRequest");
export type AppealInput = z.output<typeof AppealInput>;

export const AppealDecisionInput = z
  .strictObject({
    outcome: z.enum(APPEAL_OUTCOMES, bi("Chọn: chấm lại, biện pháp khác hoặc không chấp nhận", "Choose rescore, other_remedy or reject")),
    reason: text(4000, "lý do quyết định", "the reasons"),
    remedy: z.string().trim().min(1).max(4000).optional().openapi({ description: "other_remedy: what is done instead of a re-score." }),
    roundId: zId().optional().openapi({ description: "rescore: the round whose council (none of the result's scorers) scores it again." }),
  })
  .openapi("AppealDecisionRequest");
export type AppealDecisionInput = z.output<typeof AppealDecisionInput>;

export const AppealListQuery = z.strictObject({ state: z.enum(APPEAL_STATES).optional() });

export const AppealSchema = z
  .object({
    id: z.number().int(),
    dossierId: z.number().int(),
    productName: z.string(),
    roundDossierId: z.number().int(),
    roundId: z.number().int(),
    roundName: z.string(),
    level: z.enum(ROUND_LEVELS),
    result: z.object({ officialScore: z.number().nullable(), stars: z.number().int().nullable(), publishedOn: z.string(), lastDay: z.string().openapi({ description: "The last day (Vietnam time) the result could be appealed." }) }),
    grounds: z.string(),
    state: z.enum(APPEAL_STATES),
    stateLabel: Bi,
    outcome: z.enum(APPEAL_OUTCOMES).nullable(),
    outcomeLabel: Bi.nullable(),
    reason: z.string().nullable(),
    remedy: z.string().nullable(),
    rescore: z.object({ roundDossierId: z.number().int(), roundId: z.number().int(), officialScore: z.number().nullable(), stars: z.number().int().nullable(), final: z.boolean() }).nullable(),
    filedAt: z.string(),
    decidedAt: z.string().nullable(),
  })
  .openapi("Appeal");
export type AppealView = z.infer<typeof AppealSchema>;
export const AppealListSchema = z.object({ items: z.array(AppealSchema) }).openapi("AppealList");
export const DossierAppealsSchema = z
  .object({ dossierId: z.number().int(), items: z.array(AppealSchema), appealable: z.object({ roundDossierId: z.number().int(), lastDay: z.string() }).nullable() })
  .openapi("DossierAppeals");
export type DossierAppeals = z.infer<typeof DossierAppealsSchema>;
