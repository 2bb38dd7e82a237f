import { Hono } from "hono";
import type { AppEnv } from "../../http/env.js";
import { homeAlerts } from "../reporting/index.js";
import { scopeNames } from "./queries.js";
import { type Doc, type OpenApiDocument, apiDocsPage } from "./views/api-docs.js";
import { homePage } from "./views/home.js";

/** The home page, mounted at /: a landing page for visitors, the role cards for a signed-in user. */
export const homePages = new Hono<AppEnv>().get("/", async (c) => {
  const { principal } = c.var.auth;
  const frame = { locale: c.var.locale, principal, csrfToken: c.var.csrfToken, path: "/" };
  if (!principal) return c.html(homePage(frame));
  const db = c.var.deps.database.db;
  const [names, alerts] = await Promise.all([scopeNames(db, principal.grants), homeAlerts(db, principal, c.var.deps.now())]);
  return c.html(homePage({ ...frame, names, alerts }));
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
