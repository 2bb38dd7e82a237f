import { createRoute, z } from "@hono/zod-openapi";
import { authorize, can } from "../../auth/policy.js";
import { createRouter } from "../../http/router.js";
import { parseInput } from "../../lib/validation.js";
import { AuditListQuery, AuditPageSchema, ChainReportSchema, authProblems, validationProblem } from "./audit-api.js";
import { verifyAuditChain } from "./audit-chain.js";
import { renderAuditPage, renderForbiddenPage } from "./audit-page.js";
import { type AuditRecord, listAuditRecords } from "./audit-query.js";

const verifyRoute = createRoute({
  method: "get",
  path: "/api/audit/verify",
  tags: ["Audit"],
  summary: "Verify the audit hash chain",
  description: "Walks every record and the head in one snapshot and reports the first missing, altered or foreign record.",
  responses: {
    200: { description: "The verification report (also 200 when the chain is broken: the check itself succeeded).", content: { "application/json": { schema: ChainReportSchema } } },
    ...authProblems,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/audit",
  tags: ["Audit"],
  summary: "List audit records, newest first",
  request: { query: AuditListQuery },
  responses: {
    200: { description: "One page of records.", content: { "application/json": { schema: AuditPageSchema } } },
    ...validationProblem,
    ...authProblems,
  },
});

// The page's form adds `verify=1` to run the (whole-chain) check on request rather than on every view.
const PageQuery = AuditListQuery.extend({ verify: z.literal("1").optional() });

const asJson = (r: AuditRecord) => ({ ...r, at: r.at.toISOString() });

export const auditRoutes = createRouter()
  .openapi(verifyRoute, async (c) => {
    authorize(c.var.auth.principal, "audit.verify");
    return c.json(await verifyAuditChain(c.var.deps.database.db), 200);
  })
  .openapi(listRoute, async (c) => {
    authorize(c.var.auth.principal, "audit.read");
    const page = await listAuditRecords(c.var.deps.database.db, c.req.valid("query"));
    return c.json({ items: page.items.map(asJson), nextCursor: page.nextCursor }, 200);
  })
  .get("/admin/audit", async (c) => {
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
