import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../../http/router.js";
import { json } from "../../http/openapi-kit.js";
import { HealthSchema, HealthUnavailableSchema } from "./inputs.js";

// A hung database must turn into a 503 the load balancer can act on, not a hung health check.
const PING_TIMEOUT_MS = 2000;

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["System"],
  summary: "Liveness and database reachability",
  description: "For load balancers and monitoring. Never cached; reveals no connection details.",
  responses: {
    200: json(HealthSchema, "The app and its database answer."),
    503: json(HealthUnavailableSchema, "The database does not answer; take this instance out of rotation."),
  },
});

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Top-level URLs (/healthz): mounted at /. */
export const healthApi = createRouter().openapi(healthRoute, async (c) => {
  const { database } = c.var.deps;
  c.header("cache-control", "no-store");
  const started = performance.now();
  try {
    await withTimeout(database.ping(), PING_TIMEOUT_MS);
  } catch (err) {
    // The reason goes to the log only: it can name hosts and ports.
    c.var.log.warn("health check failed", { err: err instanceof Error ? err.message : String(err) });
    return c.json(
      {
        status: "unavailable" as const,
        database: { kind: database.kind, ok: false as const },
        i18n: { vi: { title: "Cơ sở dữ liệu không phản hồi" }, en: { title: "The database does not answer" } },
      },
      503,
    );
  }
  const latencyMs = Math.round((performance.now() - started) * 100) / 100;
  return c.json({ status: "ok" as const, database: { kind: database.kind, ok: true as const, latencyMs } }, 200);
});
