import type { Context } from "hono";
import type { AppEnv } from "../../http/env.js";
import { createRoute, z } from "@hono/zod-openapi";
import { parseStampCode, stampUrl } from "../../domain/stamp-code.js";
import { createRouter } from "../../http/router.js";
import { pdfResponse } from "../../lib/pdf/response.js";
import { commonErrors, IdParam, json, jsonBody, notFoundError, problem } from "../../http/openapi-kit.js";
import { conflict, notFound, validationError } from "../../lib/problem.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { fieldErrors, zQueryId } from "../../lib/validation.js";
import { approveBatch, getBatch, issueBatch, listBatches, readableBatch, markBatchPrinted, rejectBatch, requestBatch } from "./services/batches.js";
import { ActivateInput, BatchRequestInput, BatchSchema, RejectInput, ReportSchema, ReportUpdateInput, ScanStatsQuery, ScanStatsSchema, SheetQuery, VoidInput } from "./inputs.js";
import { scanStats } from "./queries/scan-stats-api.js";
import { getReport, listReports, reportPhoto, updateReport } from "./services/reports.js";
import { REPORT_STATES } from "./schema.js";
import { activateStamps, voidStamps } from "./services/lifecycle.js";
import { batchFaces, batchOfSerial, batchStars } from "./queries/print-faces.js";
import { sheetLayoutSchema } from "./render/sheet-layout.js";
import { runtimeOf } from "./runtime/stamp-runtime.js";

const common = commonErrors();
const T = ["stamps"];

const issueRoute = createRoute({
  method: "post",
  path: "/",
  tags: T,
  summary: "The provincial office issues a batch of stamps for a product with a valid certificate",
  description: "Send an `Idempotency-Key` header: a retry with the same key returns the batch already issued (200, `Idempotent-Replayed: true`) and never issues twice.",
  request: { headers: z.object({ "idempotency-key": z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/).optional() }), ...jsonBody(BatchRequestInput) },
  responses: { 201: json(BatchSchema, "The issued batch"), 200: json(BatchSchema, "The batch a previous request with this key issued"), ...common, 409: problem("No valid certificate, or the key was used for another request") },
});
const requestRoute = createRoute({ method: "post", path: "/requests", tags: T, summary: "The producer requests a batch (the office approves it)", request: jsonBody(BatchRequestInput), responses: { 201: json(BatchSchema, "The requested batch"), ...common, 404: problem("No such product of the caller's"), 409: problem("No valid certificate") } });
const listRoute = createRoute({ method: "get", path: "/", tags: T, summary: "Batches the caller may see", request: { query: z.object({ productId: zQueryId().optional(), state: z.enum(["requested", "issued", "printed", "rejected"]).optional() }) }, responses: { 200: json(z.object({ items: z.array(BatchSchema) }), "Batches"), ...common } });
const getRoute = createRoute({ method: "get", path: "/{id}", tags: T, summary: "One batch with its counts", request: { params: IdParam }, responses: { 200: json(BatchSchema, "The batch"), ...common, 404: problem("No such batch") } });
const approveRoute = createRoute({ method: "post", path: "/{id}/approve", tags: T, summary: "Approve (issue) a requested batch; approving again returns it unchanged", request: { params: IdParam }, responses: { 200: json(BatchSchema, "The issued batch"), ...common, 404: problem("No such batch"), 409: problem("Not requested, or no valid certificate") } });
const rejectRoute = createRoute({ method: "post", path: "/{id}/reject", tags: T, summary: "Reject a requested batch, with a reason", request: { params: IdParam, ...jsonBody(RejectInput) }, responses: { 200: json(BatchSchema, "The rejected batch"), ...common, 404: problem("No such batch"), 409: problem("Not requested") } });
const activateRoute = createRoute({
  method: "post",
  path: "/activate",
  tags: T,
  summary: "Activate stamps (a batch or a print-order range) on a production lot",
  request: jsonBody(ActivateInput),
  responses: { 200: json(z.object({ batchId: z.number().int(), lotId: z.number().int(), activated: z.number().int(), skipped: z.number().int() }), "Activated"), ...common, 404: problem("No such batch"), 409: problem("Batch not issued") },
});
const voidRoute = createRoute({
  method: "post",
  path: "/void",
  tags: T,
  summary: "Void one stamp by its code, or a batch or a range of it (lost or stolen rolls), with a reason",
  request: jsonBody(VoidInput),
  responses: { 200: json(z.object({ batchId: z.number().int(), voided: z.number().int(), fromSeq: z.number().int(), toSeq: z.number().int() }), "Voided"), ...common, 404: problem("No such stamp or batch") },
});
const sheetRoute = createRoute({
  method: "get",
  path: "/{id}/sheet.pdf",
  tags: T,
  summary: "Print-ready vector PDF of a batch (or a range): A4 grid with cut marks, or one label per page for label rolls",
  request: { params: IdParam, query: SheetQuery },
  responses: { 200: { description: "The sheet", content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } }, ...common, 404: problem("No such batch"), 409: problem("Not issued") },
});
const printedRoute = createRoute({
  method: "post",
  path: "/{id}/printed",
  tags: T,
  summary: "Mark an issued batch as printed (audited); downloading the sheet changes nothing",
  request: { params: IdParam },
  responses: { 200: json(BatchSchema, "The batch, printed"), ...common, 404: problem("No such batch"), 409: problem("Not issued") },
});
const singleRoute = (format: "svg" | "png") =>
  createRoute({
    method: "get",
    path: `/{code}/stamp.${format}`,
    tags: T,
    summary: `One stamp as ${format.toUpperCase()} (QR, printed code, OCOP mark with stars, product name)`,
    request: { params: z.object({ code: z.string().min(1).max(64).openapi({ param: { name: "code", in: "path" } }) }), query: z.object({ widthMm: z.coerce.number().min(15).max(200).optional(), heightMm: z.coerce.number().min(15).max(280).optional(), dpi: z.coerce.number().int().min(72).max(1200).optional() }) },
    responses: { 200: { description: "The stamp", content: { [format === "svg" ? "image/svg+xml" : "image/png"]: { schema: z.string() } } }, ...common, 404: problem("No such stamp") },
  });

async function stampFace(c: Context<AppEnv>, ctx: ReturnType<typeof serviceCtx>, code: string) {
  const parsed = parseStampCode(code, [c.var.deps.config.secrets.stampKey]);
  if (!parsed.ok) throw notFound({ vi: "tem", en: "The stamp" });
  const stamp = await batchOfSerial(ctx.db, parsed.serial);
  if (stamp === undefined) throw notFound({ vi: "tem", en: "The stamp" });
  const { b, p } = await readableBatch(ctx.db, ctx.principal, stamp.batchId);
  return { code: parsed.code, url: stampUrl(c.var.deps.config.publicBaseUrl, parsed.code), productName: p.name, stars: await batchStars(ctx.db, b.certificateId), seq: stamp.seq };
}

// Mounted at /api/stamp-batches.
export const batchesApi = createRouter()
  .openapi(issueRoute, async (c) => {
    const key = c.req.valid("header")["idempotency-key"];
    const { batch, replayed } = await issueBatch({ ctx: serviceCtx(c), input: c.req.valid("json"), idempotencyKey: key });
    if (replayed) c.header("idempotent-replayed", "true");
    return c.json(batch, replayed ? 200 : 201);
  })
  .openapi(requestRoute, async (c) => c.json(await requestBatch({ ctx: serviceCtx(c), input: c.req.valid("json") }), 201))
  .openapi(listRoute, async (c) => c.json({ items: await listBatches({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(getRoute, async (c) => c.json(await getBatch({ ctx: serviceCtx(c), input: { batchId: c.req.valid("param").id } }), 200))
  .openapi(approveRoute, async (c) => c.json(await approveBatch({ ctx: serviceCtx(c), input: { batchId: c.req.valid("param").id } }), 200))
  .openapi(rejectRoute, async (c) => c.json(await rejectBatch({ ctx: serviceCtx(c), input: { batchId: c.req.valid("param").id, reason: c.req.valid("json").reason } }), 200))
  .openapi(printedRoute, async (c) => c.json(await markBatchPrinted({ ctx: serviceCtx(c), input: { batchId: c.req.valid("param").id } }), 200))
  .openapi(sheetRoute, async (c) => {
    const ctx = serviceCtx(c);
    const q = c.req.valid("query");
    const { b, p } = await readableBatch(ctx.db, ctx.principal, c.req.valid("param").id);
    if (b.state !== "issued" && b.state !== "printed") throw conflict("batch-not-issued", { vi: "Lô tem chưa được phát hành", en: "The batch has not been issued" });
    const fromSeq = q.fromSeq ?? 1;
    const toSeq = Math.min(q.toSeq ?? b.quantity, b.quantity);
    if (fromSeq > toSeq) throw validationError([{ path: "toSeq", message: "Empty range", vi: "Khoảng tem rỗng", en: "Empty range" }]);
    const layout = sheetLayoutSchema.safeParse({ kind: q.layout, ...(q.labelWidthMm ? { labelWidthMm: q.labelWidthMm } : {}), ...(q.labelHeightMm ? { labelHeightMm: q.labelHeightMm } : {}) });
    if (!layout.success) throw validationError(fieldErrors(layout.error, q));
    const faces = batchFaces(ctx.db, { batchId: b.id, fromSeq, toSeq, productName: p.name, stars: await batchStars(ctx.db, b.certificateId), key: c.var.deps.config.secrets.stampKey, baseUrl: c.var.deps.config.publicBaseUrl });
    const { stampSheetPdf } = await import("./render/sheet-pdf.js");
    return pdfResponse(stampSheetPdf(faces, layout.data), `tem-ocop-lo-${b.id}-${fromSeq}-${toSeq}.pdf`) as never;
  });

// Mounted at /api/stamps: one stamp, or stamps by range.
const scanStatsRoute = createRoute({
  method: "get",
  path: "/scan-stats",
  tags: T,
  summary: "Scan statistics for the producer's own systems: first scans per day, place or product over a window of Vietnam days",
  description:
    "The figures of the /stats/scans page and its CSV, as JSON: only first scans by a scanner within the hour count, places are the coarse country/region of the scanner's network (no personal data). A producer sees only its own products, the office the products in its units (the page's `stamps.read` right). At most 366 days per request.",
  request: { query: ScanStatsQuery },
  responses: { 200: json(ScanStatsSchema, "The statistics"), ...common, 404: problem("No such product") },
});

export const stampsApi = createRouter()
  .openapi(scanStatsRoute, async (c) => c.json(await scanStats(serviceCtx(c), c.req.valid("query")), 200))
  .openapi(activateRoute, async (c) => c.json(await activateStamps({ ctx: serviceCtx(c), input: c.req.valid("json"), cache: runtimeOf(c).cache }), 200))
  .openapi(voidRoute, async (c) => c.json(await voidStamps({ ctx: serviceCtx(c), input: c.req.valid("json"), stampKeys: runtimeOf(c).stampKeys, cache: runtimeOf(c).cache }), 200))
  .openapi(singleRoute("svg"), async (c) => {
    const q = c.req.valid("query");
    const face = await stampFace(c, serviceCtx(c), c.req.valid("param").code);
    const { stampSvg } = await import("./render/stamp-svg.js");
    return c.body(stampSvg(face, { ...(q.widthMm ? { widthMm: q.widthMm } : {}), ...(q.heightMm ? { heightMm: q.heightMm } : {}) }), 200, { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "private, no-store" }) as never;
  })
  .openapi(singleRoute("png"), async (c) => {
    const q = c.req.valid("query");
    const face = await stampFace(c, serviceCtx(c), c.req.valid("param").code);
    const { stampPng } = await import("./render/stamp-png.js");
    const png = await stampPng(face, { ...(q.dpi ? { dpi: q.dpi } : {}), ...(q.widthMm ? { widthMm: q.widthMm } : {}), ...(q.heightMm ? { heightMm: q.heightMm } : {}) });
    return c.body(new Uint8Array(png), 200, { "content-type": "image/png", "cache-control": "private, no-store" }) as never;
  });

// ---- the office's cases of suspected fakes ----

const R = ["fake reports"];
const officeErrors = commonErrors("Invalid input", "Not the provincial office of the product's unit, or missing x-csrf-token");

const listReportsRoute = createRoute({
  method: "get",
  path: "/",
  tags: R,
  summary: "Reports of suspected fakes about products in the office's units, and those about no issued stamp",
  request: { query: z.object({ state: z.enum(REPORT_STATES).optional() }) },
  responses: { 200: json(z.object({ items: z.array(ReportSchema) }), "Reports, newest first"), ...officeErrors },
});
const getReportRoute = createRoute({ method: "get", path: "/{id}", tags: R, summary: "One report", request: { params: IdParam }, responses: { 200: json(ReportSchema, "The report"), ...officeErrors, ...notFoundError("report") } });
const patchReportRoute = createRoute({
  method: "patch",
  path: "/{id}",
  tags: R,
  summary: "Move a case to another state, with the office's note",
  request: { params: IdParam, ...jsonBody(ReportUpdateInput) },
  responses: { 200: json(ReportSchema, "The updated report"), ...officeErrors, ...notFoundError("report") },
});
const reportPhotoRoute = createRoute({
  method: "get",
  path: "/{id}/photo",
  tags: R,
  summary: "The report's photo (re-encoded as WebP when filed)",
  request: { params: IdParam },
  responses: { 200: { description: "The photo", content: { "image/webp": { schema: z.string().openapi({ format: "binary" }) } } }, ...officeErrors, 404: problem("No such report, or it has no photo") },
});

// Mounted at /api/fake-reports.
export const reportsApi = createRouter()
  .openapi(listReportsRoute, async (c) => c.json({ items: await listReports({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(getReportRoute, async (c) => c.json(await getReport({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } }), 200))
  .openapi(patchReportRoute, async (c) => c.json(await updateReport({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200))
  .openapi(reportPhotoRoute, async (c) => {
    const f = await reportPhoto({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
    return new Response(f.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { "content-type": f.contentType, "cache-control": "private, no-store", "x-content-type-options": "nosniff", "content-disposition": "inline" } });
  });
