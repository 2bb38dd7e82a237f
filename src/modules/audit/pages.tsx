import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { can } from "../../auth/policy.js";
import { isoDateSchema } from "../../domain/cycle-deadlines.js";
import type { AppEnv } from "../../http/env.js";
import { AppError, type FieldError, validationError } from "../../lib/problem.js";
import { bi, parseInput } from "../../lib/validation.js";
import { resolvePick } from "../../web/picker.js";
import { AuditListQuery } from "./inputs.js";
import { accountNames, auditActors, auditUnits, listAuditRecords } from "./queries.js";
import { verifyAuditChain } from "./service.js";
import { type AuditPageFilter, idsIn, renderAuditPage, renderForbiddenPage } from "./views/audit-log.js";

// The page's form adds `verify=1` to run the (whole-chain) check on request rather than on every view; a person
// and a unit are typed or picked by name or code and resolved here, days are Vietnam days.
const blank = (v: unknown) => (v === "" ? undefined : v);
const PageQuery = AuditListQuery.extend({
  verify: z.literal("1").optional(),
  person: z.preprocess(blank, z.string().trim().max(300).optional()),
  unit: z.preprocess(blank, z.string().trim().max(300).optional()),
  from: z.preprocess(blank, isoDateSchema.optional()),
  to: z.preprocess(blank, isoDateSchema.optional()),
  subjectType: z.preprocess(blank, z.string().trim().max(64, bi("Tối đa 64 ký tự", "At most 64 characters")).optional()),
  action: z.preprocess(blank, z.string().trim().max(128, bi("Tối đa 128 ký tự", "At most 128 characters")).optional()),
});

/** Mounted at /admin/audit. */
export const auditPages = new Hono<AppEnv>().get("/", async (c) => {
  const { principal } = c.var.auth;
  const path = c.req.path + new URL(c.req.url).search;
  if (!principal) return c.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
  const frame = { locale: c.var.locale, principal, csrfToken: c.var.csrfToken, path };
  if (!can(principal, "audit.read")) return c.html(renderForbiddenPage(frame), 403);
  const { verify, person, unit, ...query } = parseInput(PageQuery, c.req.query());
  const db = c.var.deps.database.db;
  const [actors, units] = [await auditActors(db), await auditUnits(db)];
  const filter: AuditPageFilter = { ...query, person, unit };
  const errors: FieldError[] = [];
  let actorId = query.actorId;
  let unitPath: string | undefined;
  const pick = <T,>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof AppError) || !err.extra?.errors) throw err;
      errors.push(...err.extra.errors);
      return undefined;
    }
  };
  if (person) actorId = pick(() => resolvePick(person, actors, { field: "person", noun: { vi: "người thực hiện", en: "person" } }).id) ?? "-";
  if (unit) unitPath = pick(() => resolvePick(unit, units.map((u) => ({ ...u, hint: u.level })), { field: "unit", noun: { vi: "đơn vị", en: "unit" } }).path) ?? "-";
  if (query.from && query.to && query.from > query.to) errors.push({ path: "to", message: "The end date is before the start", vi: "Ngày kết thúc trước ngày bắt đầu", en: "The end date is before the start" });
  const error = errors.length ? validationError(errors) : undefined;
  const mayVerify = can(principal, "audit.verify");
  const report = mayVerify && verify ? await verifyAuditChain(db) : undefined;
  const page = error ? { items: [], nextCursor: null } : await listAuditRecords(db, { ...query, actorId, unitPath });
  const ids = new Set<string>();
  for (const r of page.items) for (const v of [r.before, r.after]) idsIn(v, 0, ids);
  const people = await accountNames(db, [...ids]);
  return c.html(renderAuditPage({ ...frame, page, filter, mayVerify, report, actors, people, units, error }), error ? 400 : 200);
});
