import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.js";

// PLACEHOLDER (replaced by the auth work): no session support yet.
export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("auth", { principal: null, sessionId: null });
  c.set("csrfToken", "");
  await next();
};
export const csrfProtection: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};
