import { z } from "@hono/zod-openapi";
import { ROLES } from "../domain/roles.js";

export { ProblemSchema, problem } from "../http/openapi-kit.js";

export const GrantSchema = z
  .object({
    role: z.enum(ROLES),
    unitId: z.number().int().optional(),
    unitPath: z.string().optional(),
    producerId: z.number().int().optional(),
    retailPointId: z.number().int().optional(),
    agencyId: z.number().int().optional(),
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
