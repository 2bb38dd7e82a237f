import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { serviceCtx } from "../../http/service-ctx.js";
import { overdueTasks } from "../tasks/index.js";
import { homeAlerts } from "../reporting/index.js";
import { scopeNames } from "./queries.js";
import { workQueue } from "./services/work-queue.js";
import { type Doc, type OpenApiDocument, apiDocsPage } from "./views/api-docs.js";
import { homePage } from "./views/home.js";

/** The home page, mounted at /: a landing page for visitors, the role cards for a signed-in user. */
export const homePages = new Hono<AppEnv>().get("/", async (c) => {
  const { principal } = c.var.auth;
  const frame = { locale: c.var.locale, principal, csrfToken: c.var.csrfToken, path: "/" };
  if (!principal) return c.html(homePage(frame));
  const db = c.var.deps.database.db;
  // Overdue tasks show on both sides' homes: the office that assigned them and the agency or unit given them.
  const [names, overdue, alerts] = await Promise.all([scopeNames(db, principal.grants), overdueTasks(db, principal, c.var.deps.now()), homeAlerts(db, principal, c.var.deps.now())]);
  const queue = await workQueue(serviceCtx(c));
  return c.html(homePage({ ...frame, names, overdue, queue, alerts }));
});

/**
 * The API reference, rendered on the server from the app's own OpenAPI document: readable without JavaScript
 * and with nothing fetched from another host (the CSP forbids it anyway). The app passes the document getter
 * because a sub-router cannot see the routes registered beside it. Mounted at /api/docs.
 */
export function apiDocsPages(getDocument: () => OpenApiDocument) {
  let doc: Doc | undefined;
  return new Hono<AppEnv>().get("/", (c) => {
    // Routes are fixed once the app is built, so the document is built once, on first use.
    doc ??= getDocument() as unknown as Doc;
    return c.html(apiDocsPage({ doc, locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path }));
  });
}
