import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, IdParam, idParamSchema, json, jsonBody, notFoundError, problem } from "../../http/openapi-kit.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { notFound, validationError } from "../../lib/problem.js";
import { fieldErrors, parseInput } from "../../lib/validation.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { vnToday } from "../../lib/dates.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { loadMinutes, loadSheet, roundDossierAccess } from "./queries.js";
import { actOnDossier, createDossier, reviewDossier, saveSelfScore, saveSelfScoreChanges, updateDossier } from "./services/dossiers.js";
import { addEvidence, removeEvidence, updateEvidence } from "./services/evidence.js";
import { dossierDetail, getDossier, listDossiers } from "./queries.js";
import {
  ActingChairInput,
  AppealDecisionInput,
  AppealInput,
  AppealListQuery,
  AppealListSchema,
  AppealSchema,
  DossierAppealsSchema,
  AssignInput,
  CommuneReviewInput,
  ConflictListSchema,
  CouncilInput,
  CreateDossierInput,
  CreateRoundInput,
  DossierActionInput,
  DossierDetailSchema,
  DossierListSchema,
  EliminationInput,
  FeedbackSchema,
  FinaliseInput,
  ListDossiersQuery,
  NoteInput,
  ReasonInput,
  ResultSchema,
  RoundDossierListSchema,
  RoundListSchema,
  RoundSchema,
  EvidenceMetaInput,
  EvidenceUpdateInput,
  SelfScoreChangesInput,
  SelfScoreInput,
  SheetHistorySchema,
  SheetInput,
  SheetListSchema,
  SheetSchema,
  UpdateDossierInput,
} from "./inputs.js";
import { decideAppeal, dossierAppeals, fileAppeal, listAppeals } from "./services/appeals.js";
import { dossierFeedback, evaluateAgainAtProvince, finalise, getResult, recordElimination, recordNote, setActingChair } from "./services/results.js";
import { assignDossiers, createRound, getRound, listRoundDossiers, listRounds, setCouncil } from "./services/rounds.js";
import { declareConflict, getOwnSheet, listConflicts, listSheets, reopenSheet, saveSheet, sheetHistory, submitSheet, waiveConflict } from "./services/scoring.js";

const DossierParam = IdParam;
const RoundParam = IdParam;
const RdParam = z.object({ id: idParamSchema(), rdId: idParamSchema("rdId") });
const SheetParam = z.object({ id: idParamSchema(), rdId: idParamSchema("rdId"), sheetId: idParamSchema("sheetId") });
const ConflictParam = z.object({ id: idParamSchema(), rdId: idParamSchema("rdId"), conflictId: idParamSchema("conflictId") });
const common = commonErrors("Invalid input, or a required reason missing");
const nf = (what: string) => notFoundError(`${what} visible to the caller`);
const D = ["dossiers"];
const R = ["evaluation rounds"];

// ---- dossiers -----------------------------------------------------------------------------------------

const listDossiersRoute = createRoute({ method: "get", path: "/", tags: D, summary: "List product dossiers (hồ sơ đánh giá, phân hạng)", request: { query: ListDossiersQuery }, responses: { 200: json(DossierListSchema, "A page of dossiers"), ...common } });
const createDossierRoute = createRoute({
  method: "post",
  path: "/",
  tags: D,
  summary: "File a dossier for a product (Mẫu 01 registration)",
  description: "The producer's member opens a draft dossier; the rubric version in force today is fixed on it for the self-assessment and the councils.",
  request: jsonBody(CreateDossierInput),
  responses: { 201: json(DossierDetailSchema, "The new dossier"), ...common, ...conflictError("No criteria version in force") },
});
const getDossierRoute = createRoute({ method: "get", path: "/{id}", tags: D, summary: "One dossier with its self-score and evidence", request: { params: DossierParam }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("dossier") } });
const updateDossierRoute = createRoute({ method: "patch", path: "/{id}", tags: D, summary: "Edit the registration (draft or returned)", request: { params: DossierParam, ...jsonBody(UpdateDossierInput) }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("dossier"), ...conflictError("Not editable now") } });
const selfScoreRoute = createRoute({
  method: "put",
  path: "/{id}/self-score",
  tags: D,
  summary: "Save the self-assessment (Mẫu 02) on the dossier's rubric",
  description: "One option per scored item; the answer shows the self-score, the part totals, what is missing and the star minimums not met.",
  request: { params: DossierParam, ...jsonBody(SelfScoreInput) },
  responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("dossier"), ...conflictError("Not editable now") },
});
const evidenceRoute = createRoute({
  method: "post",
  path: "/{id}/evidence",
  tags: D,
  summary: "Attach an evidence file to one criterion (JPEG, PNG, WebP, PDF; checked by content)",
  request: {
    params: DossierParam,
    body: {
      required: true,
      content: {
        "multipart/form-data": {
          schema: z.object({
            file: z.any().openapi({ type: "string", format: "binary" }),
            criterionId: z.string().openapi({ example: "1.2" }),
            note: z.string().optional(),
            kind: z.string().optional().openapi({ description: "The document's kind (DOCUMENT_KINDS), default other", example: "food_safety_certificate" }),
            validFrom: z.string().optional().openapi({ example: "2025-01-10" }),
            validUntil: z.string().optional().openapi({ description: "The last valid day; required for documents that print their end", example: "2028-01-09" }),
            replaces: z.string().optional().openapi({ description: "An evidence id of this dossier the new file takes the place of" }),
          }),
        },
      },
    },
  },
  responses: { 201: json(DossierDetailSchema, "The dossier with the new evidence"), ...common, ...nf("dossier"), ...conflictError("Not editable now") },
});
const selfScoreChangesRoute = createRoute({
  method: "patch",
  path: "/{id}/self-score",
  tags: D,
  summary: "Save only the changed items of the self-assessment (an upgrade or re-evaluation starts from the certified dossier's answers)",
  request: { params: DossierParam, ...jsonBody(SelfScoreChangesInput) },
  responses: { 200: json(DossierDetailSchema, "The dossier, with the diff against the certified dossier"), ...common, ...nf("dossier"), ...conflictError("Not editable now") },
});
const EvidenceParam = z.object({ id: idParamSchema(), evidenceId: idParamSchema("evidenceId") });
const evidenceUpdateRoute = createRoute({ method: "patch", path: "/{id}/evidence/{evidenceId}", tags: D, summary: "Correct an evidence file's kind, validity dates or note", request: { params: EvidenceParam, ...jsonBody(EvidenceUpdateInput) }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("evidence file"), ...conflictError("Not editable now") } });
const evidenceRemoveRoute = createRoute({ method: "delete", path: "/{id}/evidence/{evidenceId}", tags: D, summary: "Take an evidence file out of the dossier", request: { params: EvidenceParam }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("evidence file"), ...conflictError("Not editable now") } });
const reviewRoute = createRoute({ method: "put", path: "/{id}/commune-review", tags: D, summary: "The commune's report on the dossier (Mẫu 03)", request: { params: DossierParam, ...jsonBody(CommuneReviewInput) }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("dossier"), ...conflictError("Wrong state") } });
const dossierActionRoute = createRoute({
  method: "post",
  path: "/{id}/actions",
  tags: D,
  summary: "Take a dossier step (submit, resubmit by the producer; propose, return by the commune)",
  description: "Submitting needs a complete self-assessment; proposing needs the commune's report; returning needs a reason.",
  request: { params: DossierParam, ...jsonBody(DossierActionInput) },
  responses: { 200: json(DossierDetailSchema, "The dossier after the step"), ...common, ...nf("dossier"), ...conflictError("Wrong state or a precondition unmet") },
});
const provinceAgainRoute = createRoute({
  method: "post",
  path: "/{id}/province-evaluation",
  tags: D,
  summary: "Art. 7.4g: after a central result below 90, the province's office sends the dossier back for the province's own evaluation instead of recognising 3★/4★ on the central result",
  request: { params: DossierParam, ...jsonBody(ReasonInput) },
  responses: { 200: json(z.object({ dossierId: z.number().int(), state: z.string(), awaitingLevel: z.string() }), "Waiting for a province round"), ...common, ...nf("dossier"), ...conflictError("Not a central result returned to the province, or already recognised") },
});
const feedbackRoute = createRoute({ method: "get", path: "/{id}/feedback", tags: D, summary: "Final results for the producer: score, stars, part means and criterion notes, without member names", request: { params: DossierParam }, responses: { 200: json(FeedbackSchema, "Feedback per final round"), ...common, ...nf("dossier") } });

// ---- rounds and councils ----------------------------------------------------------------------------------

const listRoundsRoute = createRoute({ method: "get", path: "/", tags: R, summary: "Rounds the caller runs or sits on", responses: { 200: json(RoundListSchema, "Rounds"), ...common } });
const createRoundRoute = createRoute({
  method: "post",
  path: "/",
  tags: R,
  summary: "Open an evaluation round (đợt đánh giá) at a level",
  description: "Quorum (default 3/4 of the scoring members, chair included), divergence limit (default 10 points) and band-edge distance (default 1 point) are the round's configuration.",
  request: jsonBody(CreateRoundInput),
  responses: { 201: json(RoundSchema, "The round"), ...common },
});
const getRoundRoute = createRoute({ method: "get", path: "/{id}", tags: R, summary: "One round with its council", request: { params: RoundParam }, responses: { 200: json(RoundSchema, "The round"), ...common, ...nf("round") } });
const councilRoute = createRoute({ method: "put", path: "/{id}/council", tags: R, summary: "Form the council: one chair, members, at most one secretary", request: { params: RoundParam, ...jsonBody(CouncilInput) }, responses: { 200: json(RoundSchema, "The round"), ...common, ...nf("round"), ...conflictError("Scoring has started") } });
const assignRoute = createRoute({ method: "post", path: "/{id}/dossiers", tags: R, summary: "Assign dossiers waiting for this level to the round (all or nothing)", request: { params: RoundParam, ...jsonBody(AssignInput) }, responses: { 200: json(RoundDossierListSchema, "The round's dossiers"), ...common, ...nf("round"), ...conflictError("A dossier refused") } });
const roundDossiersRoute = createRoute({ method: "get", path: "/{id}/dossiers", tags: R, summary: "The round's dossiers with the caller's conflict and sheet state", request: { params: RoundParam }, responses: { 200: json(RoundDossierListSchema, "The round's dossiers"), ...common, ...nf("round") } });
const roundDossierRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}", tags: R, summary: "Open an assigned dossier (404 for a member with a standing conflict)", request: { params: RdParam }, responses: { 200: json(DossierDetailSchema, "The dossier"), ...common, ...nf("assigned dossier") } });
const declareRoute = createRoute({ method: "post", path: "/{id}/dossiers/{rdId}/conflicts", tags: R, summary: "Declare one's own conflict of interest on the dossier (reason required)", request: { params: RdParam, ...jsonBody(ReasonInput) }, responses: { 201: json(z.object({ declared: z.boolean() }), "Declared"), ...common, ...nf("assigned dossier"), ...conflictError("Already declared or final") } });
const conflictsRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}/conflicts", tags: R, summary: "Declared conflicts (all for the chair, secretary and office; one's own otherwise)", request: { params: RdParam }, responses: { 200: json(ConflictListSchema, "Conflicts"), ...common, ...nf("assigned dossier") } });
const waiverRoute = createRoute({ method: "post", path: "/{id}/dossiers/{rdId}/conflicts/{conflictId}/waiver", tags: R, summary: "The chair waives a member's conflict, with a reason (audited)", request: { params: ConflictParam, ...jsonBody(ReasonInput) }, responses: { 200: json(z.object({ waived: z.boolean() }), "Waived"), ...common, ...nf("conflict"), ...conflictError("Already waived or final") } });
const getSheetRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}/sheet", tags: R, summary: "The caller's own score sheet", request: { params: RdParam }, responses: { 200: json(SheetSchema, "The sheet"), ...common, ...nf("assigned dossier") } });
const saveSheetRoute = createRoute({ method: "put", path: "/{id}/dossiers/{rdId}/sheet", tags: R, summary: "Save the caller's draft sheet: options, notes and evidence references per item", request: { params: RdParam, ...jsonBody(SheetInput) }, responses: { 200: json(SheetSchema, "The sheet"), ...common, ...nf("assigned dossier"), ...conflictError("Submitted (locked), final, or the round not open") } });
const submitSheetRoute = createRoute({
  method: "post",
  path: "/{id}/dossiers/{rdId}/sheet/submit",
  tags: R,
  summary: "Submit the caller's sheet (locks it)",
  description: "Every scored item needs an option and every item below its maximum a note. A body, if sent, is saved first.",
  request: { params: RdParam, body: { required: false, content: { "application/json": { schema: SheetInput.partial() } } } },
  responses: { 200: json(SheetSchema, "The submitted sheet"), ...common, ...nf("assigned dossier"), ...conflictError("Already submitted, final, or the round not open") },
});
const sheetsRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}/sheets", tags: R, summary: "Submitted sheets (a member must submit their own first)", request: { params: RdParam }, responses: { 200: json(SheetListSchema, "Sheets"), ...common, ...nf("assigned dossier"), ...conflictError("Own sheet not yet submitted") } });
const reopenRoute = createRoute({ method: "post", path: "/{id}/dossiers/{rdId}/sheets/{sheetId}/reopen", tags: R, summary: "The chair reopens a submitted sheet with a reason; the old values go to the history", request: { params: SheetParam, ...jsonBody(ReasonInput) }, responses: { 200: json(SheetSchema, "The reopened sheet"), ...common, ...nf("sheet"), ...conflictError("Not submitted, or final") } });
const historyRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}/sheets/{sheetId}/history", tags: R, summary: "Earlier submitted versions of a sheet", request: { params: SheetParam }, responses: { 200: json(z.object({ items: z.array(SheetHistorySchema) }), "History"), ...common, ...nf("sheet") } });
const resultRoute = createRoute({ method: "get", path: "/{id}/dossiers/{rdId}/result", tags: R, summary: "The council result: official mean, median, spread, quorum, divergence, band edge, stars, and why it cannot be finalised yet", request: { params: RdParam }, responses: { 200: json(ResultSchema, "The result"), ...common, ...nf("assigned dossier"), ...conflictError("Own sheet not yet submitted") } });
const discussionRoute = createRoute({ method: "post", path: "/{id}/dossiers/{rdId}/discussion", tags: R, summary: "The chair records the council's discussion of diverging totals", request: { params: RdParam, ...jsonBody(NoteInput) }, responses: { 200: json(ResultSchema, "The result"), ...common, ...nf("assigned dossier"), ...conflictError("Final") } });
const chairNoteRoute = createRoute({ method: "post", path: "/{id}/dossiers/{rdId}/chair-note", tags: R, summary: "The chair's note on a result at a star band's edge", request: { params: RdParam, ...jsonBody(NoteInput) }, responses: { 200: json(ResultSchema, "The result"), ...common, ...nf("assigned dossier"), ...conflictError("Final") } });
const finaliseRoute = createRoute({
  method: "post",
  path: "/{id}/dossiers/{rdId}/finalise",
  tags: R,
  summary: "The chair finalises the result (stars, forwarding); refused with reasons until the rules allow",
  request: { params: RdParam, body: { required: false, content: { "application/json": { schema: FinaliseInput } } } },
  responses: { 200: json(ResultSchema, "The final result"), ...common, ...nf("assigned dossier"), ...conflictError("Quorum not met, discussion or chair's note missing, or already final") },
});

const actingChairRoute = createRoute({
  method: "put",
  path: "/{id}/dossiers/{rdId}/acting-chair",
  tags: R,
  summary: "The office seats a member as chair for a dossier on which the council's chair is conflicted (audited)",
  request: { params: RdParam, ...jsonBody(ActingChairInput) },
  responses: { 200: json(ResultSchema, "The result"), ...common, ...nf("assigned dossier"), ...conflictError("The chair is not conflicted, or final") },
});
const eliminationRoute = createRoute({
  method: "put",
  path: "/{id}/dossiers/{rdId}/elimination",
  tags: R,
  summary: "The dossier's chair records that an elimination rule of the criteria set applies (or withdraws it), with the grounds",
  description: "An eliminated dossier ranks no star and may be finalised without a quorum of sheets.",
  request: { params: RdParam, ...jsonBody(EliminationInput) },
  responses: { 200: json(ResultSchema, "The result"), ...common, ...nf("assigned dossier"), ...conflictError("Final, or nothing to withdraw") },
});

/** An optional JSON body: empty is `{}`, anything that is not JSON a 400 like any other invalid input. */
async function optionalJson<T extends z.ZodType>(c: { req: { text(): Promise<string> } }, schema: T, path: string): Promise<z.output<T>> {
  const raw = (await c.req.text()).trim();
  let value: unknown = {};
  try {
    if (raw) value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError([{ path, vi: "Nội dung gửi lên không hợp lệ", en: "Invalid request body", message: "Invalid request body" }]);
  return parsed.data;
}

const rd = (c: { req: { valid(t: "param"): { id: number; rdId: number } } }) => ({ roundId: c.req.valid("param").id, rdId: c.req.valid("param").rdId });

const A = ["appeals"];
const dossierAppealsRoute = createRoute({ method: "get", path: "/{id}/appeals", tags: A, summary: "The dossier's appeals of its results, and which result may be appealed now (until when)", request: { params: DossierParam }, responses: { 200: json(DossierAppealsSchema, "Appeals"), ...common, ...nf("dossier") } });
const fileAppealRoute = createRoute({
  method: "post",
  path: "/{id}/appeals",
  tags: A,
  summary: "Appeal a final result (khiếu nại kết quả), with grounds",
  description: "The producer's member appeals the dossier's latest final result within 90 days of its publication (Art. 9 of the Law on Complaints 2011; Vietnam calendar). Once per result; a re-score's result is not appealed again here.",
  request: { params: DossierParam, ...jsonBody(AppealInput) },
  responses: { 201: json(AppealSchema, "The appeal"), ...common, ...nf("dossier"), ...conflictError("Too late, already appealed, or the result was replaced") },
});

/** The dossiers API, mounted at /api/dossiers. */
export const dossiersApi = createRouter()
  .openapi(listDossiersRoute, async (c) => c.json(await listDossiers({ ctx: serviceCtx(c), input: c.req.valid("query") }), 200))
  .openapi(createDossierRoute, async (c) => c.json(await createDossier({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getDossierRoute, async (c) => c.json(await getDossier({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id } }), 200))
  .openapi(updateDossierRoute, async (c) => c.json(await updateDossier({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 200))
  .openapi(selfScoreRoute, async (c) => c.json(await saveSelfScore({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 200))
  .openapi(evidenceRoute, async (c) => {
    const form = await c.req.parseBody();
    const file = await readMultipartFile(form["file"]);
    const criterionId = typeof form["criterionId"] === "string" ? form["criterionId"].trim() : "";
    const errors = [
      ...(!file ? [{ path: "file", vi: "Chọn tệp minh chứng.", en: "Choose an evidence file.", message: "Choose an evidence file." }] : []),
      ...(!criterionId ? [{ path: "criterionId", vi: "Chọn tiêu chí được minh chứng.", en: "Choose the criterion the file proves.", message: "Choose the criterion the file proves." }] : []),
    ];
    if (errors.length) throw validationError(errors);
    const str = (k: string) => (typeof form[k] === "string" && (form[k] as string).trim() ? (form[k] as string).trim() : undefined);
    const meta = parseInput(EvidenceMetaInput, Object.fromEntries(Object.entries({ kind: str("kind"), validFrom: str("validFrom"), validUntil: str("validUntil"), note: str("note")?.slice(0, 500) }).filter(([, v]) => v !== undefined)));
    const replaces = str("replaces");
    if (replaces !== undefined && !/^\d{1,9}$/.test(replaces)) throw validationError([{ path: "replaces", vi: "Mã tệp được thay không hợp lệ.", en: "Invalid evidence id to replace.", message: "Invalid evidence id to replace." }]);
    return c.json(await addEvidence({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id, criterionId, ...meta, replaces: replaces === undefined ? undefined : Number(replaces), file: file! } }), 201);
  })
  .openapi(selfScoreChangesRoute, async (c) => c.json(await saveSelfScoreChanges({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 200))
  .openapi(evidenceUpdateRoute, async (c) => c.json(await updateEvidence({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id, evidenceId: c.req.valid("param").evidenceId } }), 200))
  .openapi(evidenceRemoveRoute, async (c) => c.json(await removeEvidence({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id, evidenceId: c.req.valid("param").evidenceId } }), 200))
  .openapi(reviewRoute, async (c) => c.json(await reviewDossier({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 200))
  .openapi(dossierActionRoute, async (c) => c.json(await actOnDossier({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 200))
  .openapi(provinceAgainRoute, async (c) => c.json(await evaluateAgainAtProvince({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id, reason: c.req.valid("json").reason } }), 200))
  .openapi(feedbackRoute, async (c) => c.json(await dossierFeedback({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id } }), 200))
  .openapi(dossierAppealsRoute, async (c) => c.json(await dossierAppeals({ ctx: serviceCtx(c), input: { dossierId: c.req.valid("param").id } }), 200))
  .openapi(fileAppealRoute, async (c) => c.json(await fileAppeal({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), dossierId: c.req.valid("param").id } }), 201));

// ---- the council's PDFs ----------------------------------------------------------------------------------

/*
 * The council's outputs as PDF, printed from the stored record: the minutes of a final result and one member's
 * score sheet. Both carry the hash of the audit record that finalised the result. Access is the JSON API's:
 * the minutes for whoever may read the result (the office, the council's seats without a standing conflict),
 * once it is final; a sheet for whoever the sheets endpoint shows it to.
 */

const pdf = (description: string) => ({ description, content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } });
// The PDFs take no body, so no 400 for input; their 403 wording is their own.
const pdfErrors = { 401: problem("Sign-in required"), 403: problem("Not allowed for this role") };

const minutesRoute = createRoute({
  method: "get",
  path: "/{id}/dossiers/{rdId}/minutes.pdf",
  tags: R,
  summary: "The council's minutes (biên bản họp Hội đồng) of a final result, as PDF",
  description: "Round, council, conflicts and waivers, the product, each counted member's total, official score, median, spread, quorum, notes, stars and forwarding, and the finalising audit record's hash.",
  request: { params: RdParam },
  responses: { 200: pdf("The minutes"), ...pdfErrors, 404: problem("No such assigned dossier visible to the caller"), 409: problem("The result is not final yet") },
});
const sheetRoute = createRoute({
  method: "get",
  path: "/{id}/dossiers/{rdId}/sheets/{sheetId}.pdf",
  tags: R,
  summary: "One member's score sheet (phiếu đánh giá) as PDF",
  description: "Per part and item the chosen option and its points, the notes, the total and the rubric version; visible as in the sheets list.",
  request: { params: SheetParam },
  responses: { 200: pdf("The score sheet"), ...pdfErrors, 404: problem("No such sheet visible to the caller"), 409: problem("Own sheet not yet submitted") },
});

const roundsRouter = createRouter();
roundsRouter.openAPIRegistry.registerPath(sheetRoute);

/** The rounds API, mounted at /api/rounds: rounds, their dossiers, sheets, conflicts and results, and their PDFs. */
export const roundsApi = roundsRouter
  .openapi(listRoundsRoute, async (c) => c.json({ items: await listRounds({ ctx: serviceCtx(c) }) }, 200))
  .openapi(createRoundRoute, async (c) => c.json(await createRound({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getRoundRoute, async (c) => c.json(await getRound({ ctx: serviceCtx(c), input: { roundId: c.req.valid("param").id } }), 200))
  .openapi(councilRoute, async (c) => c.json(await setCouncil({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), roundId: c.req.valid("param").id } }), 200))
  .openapi(assignRoute, async (c) => c.json({ items: await assignDossiers({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), roundId: c.req.valid("param").id } }) }, 200))
  .openapi(roundDossiersRoute, async (c) => c.json({ items: await listRoundDossiers({ ctx: serviceCtx(c), input: { roundId: c.req.valid("param").id } }) }, 200))
  .openapi(roundDossierRoute, async (c) => {
    const ctx = serviceCtx(c);
    const a = await roundDossierAccess(ctx.db, ctx.principal, c.req.valid("param").id, c.req.valid("param").rdId);
    return c.json(await dossierDetail(ctx.db, ctx.principal, a.dossier, vnToday(ctx.now)), 200);
  })
  .openapi(declareRoute, async (c) => c.json(await declareConflict({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c) } }), 201))
  .openapi(conflictsRoute, async (c) => c.json(await listConflicts({ ctx: serviceCtx(c), input: rd(c) }), 200))
  .openapi(waiverRoute, async (c) => c.json(await waiveConflict({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c), conflictId: c.req.valid("param").conflictId } }), 200))
  .openapi(getSheetRoute, async (c) => c.json((await getOwnSheet({ ctx: serviceCtx(c), input: rd(c) })).sheet, 200))
  .openapi(saveSheetRoute, async (c) => c.json(await saveSheet({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c) } }), 200))
  .openapi(submitSheetRoute, async (c) => c.json(await submitSheet({ ctx: serviceCtx(c), input: { ...(await optionalJson(c, SheetInput.partial(), "")), ...rd(c) } }), 200))
  .openapi(sheetsRoute, async (c) => c.json({ items: await listSheets({ ctx: serviceCtx(c), input: rd(c) }) }, 200))
  .openapi(reopenRoute, async (c) => c.json(await reopenSheet({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c), sheetId: c.req.valid("param").sheetId } }), 200))
  .openapi(historyRoute, async (c) => c.json(await sheetHistory({ ctx: serviceCtx(c), input: { ...rd(c), sheetId: c.req.valid("param").sheetId } }), 200))
  .openapi(resultRoute, async (c) => c.json(await getResult({ ctx: serviceCtx(c), input: rd(c) }), 200))
  .openapi(discussionRoute, async (c) => c.json(await recordNote({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c), kind: "discussion" } }), 200))
  .openapi(chairNoteRoute, async (c) => c.json(await recordNote({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c), kind: "band_edge" } }), 200))
  .openapi(finaliseRoute, async (c) => c.json(await finalise({ ctx: serviceCtx(c), input: { ...(await optionalJson(c, FinaliseInput, "forwardRoundId")), ...rd(c) } }), 200))
  .openapi(actingChairRoute, async (c) => c.json(await setActingChair({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c) } }), 200))
  .openapi(eliminationRoute, async (c) => c.json(await recordElimination({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), ...rd(c) } }), 200))
  .openapi(minutesRoute, async (c) => {
    const ctx = serviceCtx(c);
    const { id: roundId, rdId } = c.req.valid("param");
    const a = await roundDossierAccess(ctx.db, ctx.principal, roundId, rdId);
    const data = await loadMinutes(ctx.db, a);
    // Loaded on first use, so pdfkit and the fonts stay out of every path that prints nothing.
    const { minutesPdf } = await import("./pdf/minutes.js");
    return pdfResponse(minutesPdf(data), `bien-ban-hoi-dong-${roundId}-${rdId}.pdf`);
  })
  // Hono reads ":sheetId.pdf" as one parameter named "sheetId.pdf", so this route is documented from `sheetRoute`
  // and served with its parameters parsed here (the same schema, the same 400 on bad input).
  .get("/:id/dossiers/:rdId/sheets/:sheetId.pdf", async (c) => {
    const raw = c.req.param() as Record<string, string>;
    const file = /^(.+)\.pdf$/.exec(raw["sheetId.pdf"] ?? "");
    if (!file) throw notFound({ vi: "phiếu chấm", en: "The score sheet" });
    const parsed = SheetParam.safeParse({ id: raw["id"], rdId: raw["rdId"], sheetId: file[1] });
    if (!parsed.success) throw validationError(fieldErrors(parsed.error, raw));
    const { id: roundId, rdId, sheetId } = parsed.data;
    const ctx = serviceCtx(c);
    const view = (await listSheets({ ctx, input: { roundId, rdId } })).find((s) => s.id === sheetId);
    if (!view) throw notFound({ vi: "phiếu chấm", en: "The score sheet" });
    const a = await roundDossierAccess(ctx.db, ctx.principal, roundId, rdId);
    const data = await loadSheet(ctx.db, a, view);
    const { sheetPdf } = await import("./pdf/sheet.js");
    return pdfResponse(sheetPdf(data), `phieu-danh-gia-${roundId}-${rdId}-${sheetId}.pdf`);
  });

// ---- appeals (the office's side) ------------------------------------------------------------------------

const listAppealsRoute = createRoute({ method: "get", path: "/", tags: A, summary: "Appeals of results in the office's rounds", request: { query: AppealListQuery }, responses: { 200: json(AppealListSchema, "Appeals, newest first"), ...common } });
const decideAppealRoute = createRoute({
  method: "post",
  path: "/{id}/decision",
  tags: A,
  summary: "Decide an appeal: re-score by members who did not score it, another remedy, or reject — with reasons",
  description: "rescore names a round of the same level whose council holds none of the result's scorers; the dossier is assigned to it and its result replaces the appealed one once finalised.",
  request: { params: IdParam, ...jsonBody(AppealDecisionInput) },
  responses: { 200: json(AppealSchema, "The decided appeal"), ...common, ...nf("appeal"), ...conflictError("Already decided, or the council scored the result") },
});

/** The office's appeals API, mounted at /api/appeals. */
export const appealsApi = createRouter()
  .openapi(listAppealsRoute, async (c) => c.json({ items: await listAppeals({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(decideAppealRoute, async (c) => c.json(await decideAppeal({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), appealId: c.req.valid("param").id } }), 200));
