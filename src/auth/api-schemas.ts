import { z } from "@hono/zod-openapi";
import { ROLES } from "../modules/accounts/schema.js";

/** RFC 9457 body every error has (see lib/problem.ts); declared so the OpenAPI document shows it. */
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

export const GrantSchema = z
  .object({
    role: z.enum(ROLES),
    unitId: z.number().int().optional(),
    unitPath: z.string().optional(),
    producerId: z.number().int().optional(),
    retailPointId: z.number().int().optional(),
  })
  .openapi("Grant");

export const PrincipalSchema = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    locale: z.enum(["vi", "en"]),
    grants: z.array(GrantSchema),
  })
  .openapi("Principal");

export const SessionInfoSchema = z
  .object({
    user: PrincipalSchema,
    csrfToken: z.string().openapi({ description: "Send as the x-csrf-token header on every state-changing request of this session." }),
  })
  .openapi("SessionInfo");
