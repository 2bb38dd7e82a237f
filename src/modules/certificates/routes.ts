import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { readMultipartFile } from "../../lib/uploads.js";
import { getDecision, issueDecision, pendingResults } from "./decision-service.js";
import { addInspectionFile, concludeInspection, listInspections, openInspection } from "./inspection-service.js";
import {
  CertificatePublicSchema,
  ConclusionInput,
  DecisionInput,
  DecisionSchema,
  InspectionInput,
  InspectionSchema,
  LiftInput,
  NoticeSchema,
  RegistryQuery,
  RegistrySchema,
  RevokeInput,
  SuspendInput,
} from "./inputs.js";
import { myNotices, reevaluationList } from "./notices.js";
import { publicCertificate, searchRegistry } from "./public-view.js";
import { liftSuspension, revokeCertificate, suspendCertificate } from "./sanction-service.js";

const id = (name: string) => z.coerce.number().int().positive().openapi({ param: { name, in: "path" }, example: 1 });
const IdParam = z.object({ id: id("id") });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });
const common = { 400: problem("Invalid input"), 401: problem("Sign-in required"), 403: problem("Not allowed for this role, or missing x-csrf-token") };
const nf = (what: string) => ({ 404: problem(`No such ${what}`) });
const c409 = (what: string) => ({ 409: problem(what) });
const T = ["certificates"];
const Done = z.object({ certificateId: z.number().int(), eventId: z.number().int() });

const decisionRoute = createRoute({
  method: "post",
  path: "/api/decisions",
  tags: T,
  summary: "Record a recognition decision; one certificate per listed final result (36 months from the decision date)",
  description: "3★/4★ on province results by the province; 5★ on central results by the ministry. A certificate of the same product still in force is superseded on the decision date.",
  request: body(DecisionInput),
  responses: { 201: json(DecisionSchema, "The decision and its certificates"), ...common, ...c409("The decision number is already recorded") },
});
const getDecisionRoute = createRoute({ method: "get", path: "/api/decisions/{id}", tags: T, summary: "A recognition decision and the certificates it issued", request: { params: IdParam }, responses: { 200: json(DecisionSchema, "The decision"), ...nf("decision") } });
const pendingRoute = createRoute({
  method: "get",
  path: "/api/decisions/pending-results",
  tags: T,
  summary: "Final certifiable results in the caller's province without a certificate yet",
  responses: { 200: json(z.object({ items: z.array(z.object({ rdId: z.number().int(), level: z.string(), stars: z.number().int().nullable(), score: z.number().nullable(), productName: z.string(), communeName: z.string(), authorityLevel: z.string(), finalisedOn: z.string() })) }), "Results"), ...common },
});
const certificateRoute = createRoute({ method: "get", path: "/api/certificates/{id}", tags: T, summary: "A certificate's public record with its derived status and history (no sign-in)", request: { params: IdParam }, responses: { 200: json(CertificatePublicSchema, "The certificate"), ...nf("certificate") } });
const registryRoute = createRoute({ method: "get", path: "/api/registry", tags: T, summary: "Search the public registry of certified products (no sign-in)", request: { query: RegistryQuery }, responses: { 200: json(RegistrySchema, "Certificates"), 400: problem("Invalid filter") } });
const revokeRoute = createRoute({ method: "post", path: "/api/certificates/{id}/revocation", tags: T, summary: "Revoke on one of the six grounds of Art. 8.1, by the authority that recognised it", request: { params: IdParam, ...body(RevokeInput) }, responses: { 201: json(Done, "Revoked"), ...common, ...nf("certificate"), ...c409("Already revoked or not in force") } });
const suspendRoute = createRoute({ method: "post", path: "/api/certificates/{id}/suspension", tags: T, summary: "Suspend while an inspection or verification runs", request: { params: IdParam, ...body(SuspendInput) }, responses: { 201: json(Done, "Suspended"), ...common, ...nf("certificate"), ...c409("Not in force") } });
const liftRoute = createRoute({ method: "post", path: "/api/certificates/{id}/suspension/lift", tags: T, summary: "Lift a suspension", request: { params: IdParam, ...body(LiftInput) }, responses: { 201: json(Done, "Lifted"), ...common, ...nf("certificate"), ...c409("Not suspended") } });
const inspectionsRoute = createRoute({ method: "get", path: "/api/certificates/{id}/inspections", tags: T, summary: "Post-checks of a certificate", request: { params: IdParam }, responses: { 200: json(z.object({ items: z.array(InspectionSchema) }), "Inspections"), ...common, ...nf("certificate") } });
const openInspectionRoute = createRoute({ method: "post", path: "/api/certificates/{id}/inspections", tags: T, summary: "Open a post-check (periodic or ad hoc) with its team", request: { params: IdParam, ...body(InspectionInput) }, responses: { 201: json(InspectionSchema, "The inspection"), ...common, ...nf("certificate") } });
const inspectionFileRoute = createRoute({
  method: "post",
  path: "/api/inspections/{id}/files",
  tags: T,
  summary: "Attach a sampling record or lab result (PDF or image, checked by content)",
  request: { params: IdParam, body: { required: true, content: { "multipart/form-data": { schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }), kind: z.enum(["sample", "lab", "other"]), note: z.string().optional() }) } } } },
  responses: { 201: json(InspectionSchema, "The inspection"), ...common, ...nf("inspection"), ...c409("Concluded") },
});
const concludeRoute = createRoute({ method: "post", path: "/api/inspections/{id}/conclusion", tags: T, summary: "Findings per criterion and the conclusion: keep, request re-evaluation, propose revocation", request: { params: IdParam, ...body(ConclusionInput) }, responses: { 200: json(InspectionSchema, "The inspection"), ...common, ...nf("inspection"), ...c409("Concluded") } });
const windowRoute = createRoute({
  method: "get",
  path: "/api/certificates/reevaluation-window",
  tags: T,
  summary: "Certificates in their re-evaluation window (the office's province, or the producer's own)",
  responses: { 200: json(z.object({ items: z.array(z.object({ certificateId: z.number().int(), productName: z.string(), producerId: z.number().int(), producerName: z.string(), stars: z.number().int(), opens: z.string(), closes: z.string(), expiresOn: z.string(), status: z.string(), filed: z.boolean() })) }), "Certificates"), ...common },
});
const noticesRoute = createRoute({ method: "get", path: "/api/notices", tags: T, summary: "The caller's notices (re-evaluation window, expiry, suspension, revocation)", responses: { 200: json(z.object({ items: z.array(NoticeSchema) }), "Notices"), ...common } });

export const certificateRoutes = createRouter()
  .openapi(pendingRoute, async (c) => c.json({ items: await pendingResults({ ctx: serviceCtx(c) }) }, 200))
  .openapi(decisionRoute, async (c) => c.json(await issueDecision({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(getDecisionRoute, async (c) => {
    const { certificates: _c, ...d } = await getDecision({ ctx: serviceCtx(c), input: { decisionId: c.req.valid("param").id } });
    return c.json(d, 200);
  })
  .openapi(windowRoute, async (c) => c.json({ items: await reevaluationList({ ctx: serviceCtx(c) }) }, 200))
  .openapi(noticesRoute, async (c) => c.json({ items: await myNotices({ ctx: serviceCtx(c) }) }, 200))
  .openapi(registryRoute, async (c) => c.json(await searchRegistry(c.var.deps.database.db, c.req.valid("query"), c.var.deps.now()), 200))
  .openapi(certificateRoute, async (c) => c.json(await publicCertificate(c.var.deps.database.db, c.req.valid("param").id, c.var.deps.now(), c.var.deps.config.publicBaseUrl), 200))
  .openapi(revokeRoute, async (c) => c.json(await revokeCertificate({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(suspendRoute, async (c) => c.json(await suspendCertificate({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(liftRoute, async (c) => c.json(await liftSuspension({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
  .openapi(inspectionsRoute, async (c) => c.json({ items: await listInspections({ ctx: serviceCtx(c), input: { certificateId: c.req.valid("param").id } }) }, 200))
  .openapi(openInspectionRoute, async (c) => c.json(await openInspection({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), certificateId: c.req.valid("param").id } }), 201))
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
