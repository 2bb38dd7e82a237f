import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, IdParam, json, jsonBody, notFoundError, problem } from "../../http/openapi-kit.js";
import { validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { getDecision, issueDecision, pendingResults } from "./services/decisions.js";
import { addInspectionFile, concludeInspection, listInspections, openInspection } from "./services/inspections.js";
import { listCommuneConfirmations, recordCommuneConfirmation } from "./services/confirmations.js";
import {
  CertificateDocumentsSchema,
  CertificatePublicSchema,
  CommuneConfirmationInput,
  CommuneConfirmationSchema,
  ConclusionInput,
  DecisionInput,
  DecisionSchema,
  InspectionInput,
  InspectionSchema,
  LiftInput,
  NoticeSchema,
  OpenFiguresSchema,
  RegistryQuery,
  RegistrySchema,
  RevokeInput,
  SuspendInput,
} from "./inputs.js";
import { myNotices, reevaluationList } from "./services/notices.js";
import { listCertificateDocuments } from "./services/documents.js";
import { openFigures, publicCertificate, searchRegistry } from "./queries.js";
import { liftSuspension, revokeCertificate, suspendCertificate } from "./services/sanctions.js";

const common = commonErrors();
const T = ["certificates"];
const Done = z.object({ certificateId: z.number().int(), eventId: z.number().int() });

const decisionRoute = createRoute({
  method: "post",
  path: "/",
  tags: T,
  summary: "Record a recognition decision; one certificate per listed final result (36 months from the decision date)",
  description: "3★/4★ on province results by the province; 5★ on central results by the ministry. A certificate of the same product still in force is superseded on the decision date.",
  request: jsonBody(DecisionInput),
  responses: { 201: json(DecisionSchema, "The decision and its certificates"), ...common, ...conflictError("The decision number is already recorded") },
});
const getDecisionRoute = createRoute({ method: "get", path: "/{id}", tags: T, summary: "A recognition decision and the certificates it issued", request: { params: IdParam }, responses: { 200: json(DecisionSchema, "The decision"), ...notFoundError("decision") } });
const pendingRoute = createRoute({
  method: "get",
  path: "/pending-results",
  tags: T,
  summary: "Final certifiable results in the caller's province without a certificate yet",
  responses: { 200: json(z.object({ items: z.array(z.object({ rdId: z.number().int(), level: z.string(), stars: z.number().int().nullable(), score: z.number().nullable(), productName: z.string(), communeName: z.string(), authorityLevel: z.string(), finalisedOn: z.string() })) }), "Results"), ...common },
});
const certificateRoute = createRoute({ method: "get", path: "/{id}", tags: T, summary: "A certificate's public record with its derived status and history (no sign-in)", request: { params: IdParam }, responses: { 200: json(CertificatePublicSchema, "The certificate"), ...notFoundError("certificate") } });
const registryRoute = createRoute({ method: "get", path: "/", tags: T, summary: "Search the public registry of certified products (no sign-in)", request: { query: RegistryQuery }, responses: { 200: json(RegistrySchema, "Certificates"), 400: problem("Invalid filter") } });
const figuresRoute = createRoute({ method: "get", path: "/figures", tags: T, summary: "The province's open figures: certified products in force today by stars, product group and commune (no sign-in)", responses: { 200: json(OpenFiguresSchema, "Figures") } });
const confirmationsRoute = createRoute({ method: "get", path: "/{id}/commune-confirmations", tags: T, summary: "The commune's confirmations that the producer stopped producing (Art. 8.4)", request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(CommuneConfirmationSchema) }), "Confirmations"), ...common, ...notFoundError("certificate") } });
const confirmRoute = createRoute({
  method: "post",
  path: "/{id}/commune-confirmations",
  tags: T,
  summary: "The producer's commune confirms it no longer produces the product: the evidence for revocation ground đ (Art. 8.1đ, 8.4)",
  request: { params: IdParam, ...jsonBody(CommuneConfirmationInput) },
  responses: { 201: json(CommuneConfirmationSchema, "The confirmation"), ...common, ...notFoundError("certificate") },
});
const revokeRoute = createRoute({ method: "post", path: "/{id}/revocation", tags: T, summary: "Revoke on one of the six grounds of Art. 8.1, by the authority that recognised it", request: { params: IdParam, ...jsonBody(RevokeInput) }, responses: { 201: json(Done, "Revoked"), ...common, ...notFoundError("certificate"), ...conflictError("Already revoked or not in force") } });
const suspendRoute = createRoute({ method: "post", path: "/{id}/suspension", tags: T, summary: "Suspend while an inspection or verification runs", request: { params: IdParam, ...jsonBody(SuspendInput) }, responses: { 201: json(Done, "Suspended"), ...common, ...notFoundError("certificate"), ...conflictError("Not in force") } });
const liftRoute = createRoute({ method: "post", path: "/{id}/suspension/lift", tags: T, summary: "Lift a suspension", request: { params: IdParam, ...jsonBody(LiftInput) }, responses: { 201: json(Done, "Lifted"), ...common, ...notFoundError("certificate"), ...conflictError("Not suspended") } });
const inspectionsRoute = createRoute({ method: "get", path: "/{id}/inspections", tags: T, summary: "Post-checks of a certificate", request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(InspectionSchema) }), "Inspections"), ...common, ...notFoundError("certificate") } });
const openInspectionRoute = createRoute({ method: "post", path: "/{id}/inspections", tags: T, summary: "Open a post-check (periodic or ad hoc) with its team", request: { params: IdParam, ...jsonBody(InspectionInput) }, responses: { 201: json(InspectionSchema, "The inspection"), ...common, ...notFoundError("certificate") } });
const inspectionFileRoute = createRoute({
  method: "post",
  path: "/{id}/files",
  tags: T,
  summary: "Attach a sampling record or lab result (PDF or image, checked by content)",
  request: { params: IdParam, body: { required: true, content: { "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }), kind: z.enum(["sample", "lab", "other"]), note: z.string().optional() }) } } } },
  responses: { 201: json(InspectionSchema, "The inspection"), ...common, ...notFoundError("inspection"), ...conflictError("Concluded") },
});
const concludeRoute = createRoute({ method: "post", path: "/{id}/conclusion", tags: T, summary: "Findings per criterion and the conclusion: keep, request re-evaluation, propose revocation", request: { params: IdParam, ...jsonBody(ConclusionInput) }, responses: { 200: json(InspectionSchema, "The inspection"), ...common, ...notFoundError("inspection"), ...conflictError("Concluded") } });
const windowRoute = createRoute({
  method: "get",
  path: "/reevaluation-window",
  tags: T,
  summary: "Certificates in their re-evaluation window (the office's province, or the producer's own)",
  responses: { 200: json(z.object({ items: z.array(z.object({ certificateId: z.number().int(), productName: z.string(), producerId: z.number().int(), producerName: z.string(), stars: z.number().int(), opens: z.string(), closes: z.string(), expiresOn: z.string(), status: z.string(), filed: z.boolean() })) }), "Certificates"), ...common },
});
const noticesRoute = createRoute({ method: "get", path: "/", tags: T, summary: "The caller's notices (re-evaluation window, expiry, suspension, revocation)", responses: { 200: json(z.object({ items: z.array(NoticeSchema) }), "Notices"), ...common } });

/** Mounted at /api/decisions. */
export const decisionsApi = createRouter()
  .openapi(pendingRoute, async (c) => c.json({ items: await pendingResults({ ctx: serviceCtx(c) }) }, 200))
  .openapi(decisionRoute, async (c) => c.json(await issueDecision({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getDecisionRoute, async (c) => {
    const { certificates: _c, ...d } = await getDecision({ ctx: serviceCtx(c), input: { decisionId: c.req.valid("param").id } });
    return c.json(d, 200);
  });

/** Mounted at /api/certificates; the window is registered before /{id}, which would otherwise take it. */
const documentsRoute = createRoute({
  method: "get",
  path: "/{id}/documents",
  tags: T,
  summary: "The certified product's documents (its dossier's evidence) with their validity today, and the required ones that have expired",
  request: { params: IdParam },
  responses: { 200: json(CertificateDocumentsSchema, "Documents"), ...common, ...notFoundError("certificate") },
});

export const certificatesApi = createRouter()
  .openapi(documentsRoute, async (c) => c.json(await listCertificateDocuments({ ctx: serviceCtx(c), input: { certificateId: c.req.valid("param").id } }), 200))
  .openapi(windowRoute, async (c) => c.json({ items: await reevaluationList({ ctx: serviceCtx(c) }) }, 200))
  .openapi(certificateRoute, async (c) => c.json(await publicCertificate(c.var.deps.database.db, c.req.valid("param").id, c.var.deps.now(), c.var.deps.config.publicBaseUrl), 200))
  .openapi(revokeRoute, async (c) => c.json(await revokeCertificate({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(suspendRoute, async (c) => c.json(await suspendCertificate({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(liftRoute, async (c) => c.json(await liftSuspension({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(confirmationsRoute, async (c) => c.json({ items: await listCommuneConfirmations({ ctx: serviceCtx(c), input: { certificateId: c.req.valid("param").id } }) }, 200))
  .openapi(confirmRoute, async (c) => c.json(await recordCommuneConfirmation({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(inspectionsRoute, async (c) => c.json({ items: await listInspections({ ctx: serviceCtx(c), input: { certificateId: c.req.valid("param").id } }) }, 200))
  .openapi(openInspectionRoute, async (c) => c.json(await openInspection({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201));

/** Mounted at /api/inspections. */
export const inspectionsApi = createRouter()
  .openapi(inspectionFileRoute, async (c) => {
    const form = await c.req.parseBody();
    const file = await readMultipartFile(form["file"]);
    const kind = form["kind"];
    if (!file || (kind !== "sample" && kind !== "lab" && kind !== "other")) {
      throw validationError([{ path: file ? "kind" : "file", vi: file ? "Chọn loại tệp: mẫu, kết quả thử nghiệm hoặc khác." : "Chọn tệp.", en: file ? "Choose the kind: sample, lab or other." : "Choose a file.", message: "Invalid upload" }]);
    }
    const note = typeof form["note"] === "string" ? form["note"].slice(0, 1000) : undefined;
    return c.json(await addInspectionFile({ ctx: serviceCtx(c), input: { inspectionId: c.req.valid("param").id, kind, note, file } }), 201);
  })
  .openapi(concludeRoute, async (c) => c.json(await concludeInspection({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), inspectionId: c.req.valid("param").id } }), 200));

/** Mounted at /api/notices. */
export const noticesApi = createRouter()
  .openapi(noticesRoute, async (c) => c.json({ items: await myNotices({ ctx: serviceCtx(c) }) }, 200));

/** Mounted at /api/registry. */
export const registryApi = createRouter()
  .openapi(figuresRoute, async (c) => c.json(await openFigures(c.var.deps.database.db, c.var.deps.now()), 200))
  .openapi(registryRoute, async (c) => c.json(await searchRegistry(c.var.deps.database.db, c.req.valid("query"), c.var.deps.now()), 200));
