import { createRoute, z } from "@hono/zod-openapi";
import { pdfResponse } from "../../lib/pdf/response.js";
import { createRouter } from "../../http/router.js";
import { problem } from "../../http/openapi-kit.js";
import { notFound, validationError } from "../../lib/problem.js";
import { fieldErrors } from "../../lib/validation.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { roundDossierAccess } from "./queries.js";
import { loadMinutes, loadSheet } from "./queries.js";
import { listSheets } from "./services/scoring.js";

/*
 * The council's outputs as PDF, printed from the stored record: the minutes of a final result and one member's
 * score sheet. Both carry the hash of the audit record that finalised the result. Access is the JSON API's:
 * the minutes for whoever may read the result (the office, the council's seats without a standing conflict),
 * once it is final; a sheet for whoever the sheets endpoint shows it to.
 */

const id = (name: string) => z.coerce.number().int().positive().openapi({ param: { name, in: "path" }, example: 1 });
const RdParam = z.object({ id: id("id"), rdId: id("rdId") });
const SheetParam = z.object({ id: id("id"), rdId: id("rdId"), sheetId: id("sheetId") });
const pdf = (description: string) => ({ description, content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } });
const common = { 401: problem("Sign-in required"), 403: problem("Not allowed for this role") };
const R = ["evaluation rounds"];

const minutesRoute = createRoute({
  method: "get",
  path: "/api/rounds/{id}/dossiers/{rdId}/minutes.pdf",
  tags: R,
  summary: "The council's minutes (biên bản họp Hội đồng) of a final result, as PDF",
  description: "Round, council, conflicts and waivers, the product, each counted member's total, official score, median, spread, quorum, notes, stars and forwarding, and the finalising audit record's hash.",
  request: { params: RdParam },
  responses: { 200: pdf("The minutes"), ...common, 404: problem("No such assigned dossier visible to the caller"), 409: problem("The result is not final yet") },
});
const sheetRoute = createRoute({
  method: "get",
  path: "/api/rounds/{id}/dossiers/{rdId}/sheets/{sheetId}.pdf",
  tags: R,
  summary: "One member's score sheet (phiếu đánh giá) as PDF",
  description: "Per part and item the chosen option and its points, the notes, the total and the rubric version; visible as in the sheets list.",
  request: { params: SheetParam },
  responses: { 200: pdf("The score sheet"), ...common, 404: problem("No such sheet visible to the caller"), 409: problem("Own sheet not yet submitted") },
});

const router = createRouter();
router.openAPIRegistry.registerPath(sheetRoute);

export const evaluationPdfRoutes = router
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
  .get("/api/rounds/:id/dossiers/:rdId/sheets/:sheetId.pdf", async (c) => {
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
