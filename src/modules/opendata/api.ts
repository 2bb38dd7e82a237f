import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { json, jsonBody, problem } from "../../http/openapi-kit.js";
import { StatusAnswerSchema, StatusRequest } from "./inputs.js";
import { lookUp, lookupJson, lookupPdf } from "./services/lookup.js";

const statusRoute = createRoute({
  method: "post",
  path: "/",
  tags: ["registry"],
  summary: "Bulk status: up to 1,000 certificate numbers, product codes or GTINs in one request (no sign-in)",
  description:
    "Each id is answered in the order asked: what it matched (certificate, product or none), the status on today's Vietnam date (certificate-status rules), stars, validity, the decision, product and producer names and the /c/{number} link. Unknown ids are listed as not found. The body is canonical JSON (sorted keys) with a Content-Digest; `Accept: application/pdf` answers the printable dated evidence PDF instead, which prints the SHA-256 of that JSON and carries it as an attachment.",
  request: jsonBody(StatusRequest),
  responses: {
    200: { ...json(StatusAnswerSchema, "The answers, one per id, in order"), content: { ...json(StatusAnswerSchema, "").content, "application/pdf": { schema: z.string().openapi({ format: "binary" }) } } },
    400: problem("More than 1,000 ids, none, or an id too long"),
    429: problem("Too many lookups from this client: retry after the seconds given"),
  },
});

/** Mounted at /api/registry/status, before the session (public, no cookie, no CSRF token: it changes nothing). */
export const statusApi = createRouter().openapi(statusRoute, async (c) => {
  const lookup = await lookUp(c, c.req.valid("json").ids);
  return ((c.req.header("accept") ?? "").includes("application/pdf") ? await lookupPdf(lookup) : lookupJson(lookup)) as never;
});
