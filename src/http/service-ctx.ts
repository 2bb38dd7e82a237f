import type { Context } from "hono";
import type { AppEnv } from "./env.js";
import type { Principal } from "../domain/principal.js";
import type { Db } from "../db/client.js";

/** Who is acting, on which database, at what time: what every service verb needs besides its input. */
export type ServiceCtx = { db: Db; principal: Principal | null; now: Date; requestId?: string | null };

/** The service context of a request: the signed-in principal, the injected clock and the request id. */
export const serviceCtx = (c: Context<AppEnv>): ServiceCtx => ({
  db: c.var.deps.database.db,
  principal: c.var.auth.principal,
  now: c.var.deps.now(),
  requestId: c.var.requestId,
});
