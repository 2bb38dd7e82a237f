import { z } from "@hono/zod-openapi";

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
