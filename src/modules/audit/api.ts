import { createRoute } from "@hono/zod-openapi";
import { authorize } from "../../auth/policy.js";
import { createRouter } from "../../http/router.js";
import { json } from "../../http/openapi-kit.js";
import { AuditListQuery, AuditPageSchema, ChainReportSchema, type AuditRecord, authProblems, validationProblem } from "./inputs.js";
import { listAuditRecords } from "./queries.js";
import { verifyAuditChain } from "./service.js";

const verifyRoute = createRoute({
  method: "get",
  path: "/verify",
  tags: ["Audit"],
  summary: "Verify the audit hash chain",
  description: "Walks every record and the head in one snapshot and reports the first missing, altered or foreign record.",
  responses: {
    200: json(ChainReportSchema, "The verification report (also 200 when the chain is broken: the check itself succeeded)."),
    ...authProblems,
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: ["Audit"],
  summary: "List audit records, newest first",
  request: { query: AuditListQuery },
  responses: {
    200: json(AuditPageSchema, "One page of records."),
    ...validationProblem,
    ...authProblems,
  },
});

const asJson = (r: AuditRecord) => ({ ...r, at: r.at.toISOString() });

/** Mounted at /api/audit. */
export const auditApi = createRouter()
  .openapi(verifyRoute, async (c) => {
    authorize(c.var.auth.principal, "audit.verify");
    return c.json(await verifyAuditChain(c.var.deps.database.db), 200);
  })
  .openapi(listRoute, async (c) => {
    authorize(c.var.auth.principal, "audit.read");
    const page = await listAuditRecords(c.var.deps.database.db, c.req.valid("query"));
    return c.json({ items: page.items.map(asJson), nextCursor: page.nextCursor }, 200);
  });
