import { z } from "@hono/zod-openapi";

const DatabaseKind = z.enum(["pglite", "postgres"]);

export const HealthSchema = z
  .object({ status: z.literal("ok"), database: z.object({ kind: DatabaseKind, ok: z.literal(true), latencyMs: z.number() }) })
  .openapi("Health");

export const HealthUnavailableSchema = z
  .object({
    status: z.literal("unavailable"),
    database: z.object({ kind: DatabaseKind, ok: z.literal(false) }),
    i18n: z.object({ vi: z.object({ title: z.string() }), en: z.object({ title: z.string() }) }),
  })
  .openapi("HealthUnavailable");
