import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { commonErrors, conflictError, IdParam, json, jsonBody, notFoundError, problem } from "../../http/openapi-kit.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { z } from "@hono/zod-openapi";
import { ComplaintCloseInput, ComplaintInspectInput, ComplaintListQuery, ComplaintListSchema, ComplaintSchema } from "./inputs.js";
import { closeComplaint, complaintPhoto, inspectComplaint, listComplaints } from "./services/complaints.js";

const T = ["complaints"];
const errors = commonErrors();

const listRoute = createRoute({ method: "get", path: "/", tags: T, summary: "Complaints about certified products in the office's units", request: { query: ComplaintListQuery }, responses: { 200: json(ComplaintListSchema, "Complaints, newest first"), ...errors } });
const inspectRoute = createRoute({
  method: "post",
  path: "/{id}/inspection",
  tags: T,
  summary: "Triage a complaint into an ad hoc inspection of the certificate (Art. 9), linked to it",
  request: { params: IdParam, ...jsonBody(ComplaintInspectInput) },
  responses: { 200: json(ComplaintSchema, "The complaint with its inspection"), ...errors, ...notFoundError("complaint"), ...conflictError("Already handled") },
});
const closeRoute = createRoute({ method: "post", path: "/{id}/close", tags: T, summary: "Close a complaint with a reason the complainant reads", request: { params: IdParam, ...jsonBody(ComplaintCloseInput) }, responses: { 200: json(ComplaintSchema, "The closed complaint"), ...errors, ...notFoundError("complaint"), ...conflictError("Already handled") } });
const photoRoute = createRoute({ method: "get", path: "/{id}/photo", tags: T, summary: "The complaint's photo (re-encoded as WebP)", request: { params: IdParam }, responses: { 200: { description: "The photo", content: { "image/webp": { schema: z.string().openapi({ format: "binary" }) } } }, ...errors, 404: problem("No such complaint, or no photo") } });

/** Mounted at /api/complaints (the office's side; the public form is a page). */
export const complaintsApi = createRouter()
  .openapi(listRoute, async (c) => c.json({ items: await listComplaints({ ctx: serviceCtx(c), input: c.req.valid("query") }) }, 200))
  .openapi(inspectRoute, async (c) => c.json(await inspectComplaint({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200))
  .openapi(closeRoute, async (c) => c.json(await closeComplaint({ ctx: serviceCtx(c), input: { ...c.req.valid("json"), id: c.req.valid("param").id } }), 200))
  .openapi(photoRoute, async (c) => {
    const f = await complaintPhoto({ ctx: serviceCtx(c), input: { id: c.req.valid("param").id } });
    return new Response(f.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { "content-type": f.contentType, "cache-control": "private, no-store", "x-content-type-options": "nosniff", "content-disposition": "inline" } });
  });
