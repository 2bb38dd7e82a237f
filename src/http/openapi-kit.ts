import { z } from "@hono/zod-openapi";
import { INT4_MAX } from "../lib/validation.js";

/** RFC 9457 body every error has (rendered by problemBody in problem.ts); declared so the OpenAPI document shows it. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    i18n: z.object({
      vi: z.object({ title: z.string(), detail: z.string().optional() }),
      en: z.object({ title: z.string(), detail: z.string().optional() }),
    }),
    errors: z.array(z.object({ path: z.string(), message: z.string(), vi: z.string(), en: z.string() })).optional(),
  })
  .openapi("Problem");

/** A problem response entry for createRoute's `responses`. */
export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

/** A JSON response entry for createRoute's `responses`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** A required JSON request body, spread into createRoute's `request`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/json": { schema } } } });

/** The error answers every signed-in route can give; pass the 400 wording where the route has its own. */
export const commonErrors = (invalid = "Invalid input", forbidden = "Not allowed for this role, or missing x-csrf-token") => ({
  400: problem(invalid),
  401: problem("Sign-in required"),
  403: problem(forbidden),
});

/** A 404 entry, "No such …". */
export const notFoundError = (what: string) => ({ 404: problem(`No such ${what}`) });

/** A 409 entry for a state conflict. */
export const conflictError = (what: string) => ({ 409: problem(what) });

/** A positive integer path parameter (ids are serial integers); `name` is the `{name}` in the route's path. */
// Out of range is a 404 (no such record can exist): the router's hook answers a failed path parameter so.
export const idParamSchema = (name = "id", example = 1) => z.coerce.number().int().positive().max(INT4_MAX).openapi({ param: { name, in: "path" }, example });

/** `{ id }` path parameters, the usual case. */
export const IdParam = z.object({ id: idParamSchema() });
