import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { can } from "../../auth/policy.js";
import type { AppEnv } from "../../http/env.js";
import { parseInput } from "../../lib/validation.js";
import { AuditListQuery } from "./inputs.js";
import { listAuditRecords } from "./queries.js";
import { verifyAuditChain } from "./service.js";
import { renderAuditPage, renderForbiddenPage } from "./views/audit-log.js";

// The page's form adds `verify=1` to run the (whole-chain) check on request rather than on every view.
const PageQuery = AuditListQuery.extend({ verify: z.literal("1").optional() });

/** Mounted at /admin/audit. */
export const auditPages = new Hono<AppEnv>().get("/", async (c) => {
  const { principal } = c.var.auth;
  const path = c.req.path + new URL(c.req.url).search;
  if (!principal) return c.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
  const frame = { locale: c.var.locale, principal, csrfToken: c.var.csrfToken, path };
  if (!can(principal, "audit.read")) return c.html(renderForbiddenPage(frame), 403);
  const { verify, ...query } = parseInput(PageQuery, c.req.query());
  const db = c.var.deps.database.db;
  const mayVerify = can(principal, "audit.verify");
  const report = mayVerify && verify ? await verifyAuditChain(db) : undefined;
  const page = await listAuditRecords(db, query);
  return c.html(renderAuditPage({ ...frame, page, filter: query, mayVerify, report }));
});
