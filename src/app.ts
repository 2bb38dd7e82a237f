import { randomUUID } from "node:crypto";
import { getCookie } from "hono/cookie";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, Deps } from "./http/env.js";
import { sessionMiddleware, csrfProtection } from "./auth/middleware.js";
import { pickLocale } from "./lib/i18n.js";
import { createRouter } from "./http/router.js";
import { inputGuard } from "./http/input-guard.js";
import { databaseProblem } from "./http/db-errors.js";
import { createRateLimits } from "./http/rate-limits.js";
import { wantsJson } from "./lib/negotiate.js";
import { errorPage } from "./web/page.js";
import { AppError, problemResponse, serviceUnavailable } from "./lib/problem.js";
import { isDatabaseUnavailable, OUTAGE_RETRY_AFTER_S } from "./db/outage.js";
import { SMALL_BODY_BYTES, UPLOAD_LIMITS, bodyLimitOf, bodyTooLarge, type UploadKind } from "./lib/upload-limits.js";
import * as audit from "./modules/audit/index.js";
import * as units from "./modules/units/index.js";
import * as accounts from "./modules/accounts/index.js";
import * as producers from "./modules/producers/index.js";
import * as cycles from "./modules/cycles/index.js";
import * as ideas from "./modules/ideas/index.js";
import * as products from "./modules/products/index.js";
import * as plans from "./modules/plans/index.js";
import * as certificates from "./modules/certificates/index.js";
import * as evaluation from "./modules/evaluation/index.js";
import * as stamps from "./modules/stamps/index.js";
import * as retail from "./modules/retail/index.js";
import * as epcis from "./modules/epcis/index.js";
import * as watch from "./modules/watch/index.js";
import * as programme from "./modules/programme/index.js";
import * as tasks from "./modules/tasks/index.js";
import * as reporting from "./modules/reporting/index.js";
import * as dashboard from "./modules/dashboard/index.js";
import * as complaints from "./modules/complaints/index.js";
import * as opendata from "./modules/opendata/index.js";
import * as system from "./modules/system/index.js";
import { langRoutes, staticRoutes } from "./web/static.js";
import { cspOf, securityHeaders } from "./web/security-headers.js";
import { isPlainResponse } from "./http/plain-response.js";

// The certificates area announces changes through its port; watch's outbox listens, in the same transaction.
certificates.onCertificateChange(watch.enqueueCertificateChange);

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The public hot paths, answered with plainResponse (http/plain-response.ts): a GET or HEAD of the scan page and
 * of the benchmark's yardstick beside it. The report form under /s/{code}/report is not one.
 */
const PLAIN_PATH = /^\/(?:s|__bench\/memory)\/[^/]+$/;
const isPlainPath = (method: string, path: string) => (method === "GET" || method === "HEAD") && PLAIN_PATH.test(path);

/**
 * The routes that take a file, page and API alike, and the kind of file each takes (the site map's half of the
 * upload limits; the sizes are in lib/upload-limits.ts). test/hardening/upload-limits.test.ts sends each kind
 * at its limit and one byte over through these very paths.
 */
const UPLOAD_ROUTES: readonly [RegExp, UploadKind][] = [
  [/^(?:\/api)?\/ideas\/\d+\/attachments$/, "ideaAttachment"],
  [/^(?:\/api)?\/products\/\d+\/photos$/, "productPhoto"],
  [/^\/api\/dossiers\/\d+\/evidence$/, "dossierEvidence"],
  [/^(?:\/api)?\/inspections\/\d+\/files$/, "inspectionFile"],
  [/^(?:\/api)?\/tasks\/\d+\/reports$/, "taskReportFile"],
  [/^\/s\/[^/]+\/report$/, "reportPhoto"],
  [/^\/complaints\/new$/, "reportPhoto"],
];
const uploadKindOf = (path: string): UploadKind | null => UPLOAD_ROUTES.find(([re]) => re.test(path))?.[1] ?? null;

/**
 * The cross-cutting policy every app shares: request id and structured log line, locale, security headers,
 * body limit, and the one error handler and not-found answer (problem+json).
 */
function createBaseApp(deps: Deps) {
  const app = createRouter();
  // One limiter per app, as one per server process: apps over one database share budgets through it.
  const limits = createRateLimits(deps);

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("deps", deps);
    c.set("limits", limits);
    c.set("requestId", requestId);
    // Pages are Vietnamese first whatever the browser's language (many officials' browsers say English);
    // the switch sets a cookie. API clients' Accept-Language picks the language of problem titles.
    const isPage = (c.req.header("accept") ?? "").includes("text/html");
    c.set("locale", pickLocale({ query: c.req.query("lang"), cookie: getCookie(c, "lang"), acceptLanguage: isPage ? undefined : c.req.header("accept-language") }));
    const log = deps.logger.child({ requestId });
    c.set("log", log);
    const started = performance.now();
    if (isPlainPath(c.req.method, c.req.path)) {
      // The hot path's handler answers with every header in one object (http/plain-response.ts).
      c.set("baseHeaders", Object.assign({}, security.object, { "x-request-id": requestId }));
      await next();
      if (!isPlainResponse(c.res) && !c.res.headers.has("x-request-id")) c.res.headers.set("x-request-id", requestId);
    } else {
      // Before the handler, so it is part of the response Hono builds (see web/security-headers.ts).
      c.header("x-request-id", requestId);
      await next();
      if (!c.res.headers.has("x-request-id")) c.res.headers.set("x-request-id", requestId);
    }
    log.info("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });

  const security = securityHeaders({
    csp: cspOf({
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      styleSrc: ["'self'", `'${stamps.SCAN_CSS_HASH}'`],
      scriptSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    }),
    hsts: deps.config.publicBaseUrl.startsWith("https://"),
    plain: (c) => isPlainPath(c.req.method, c.req.path),
  });
  app.use("*", security.middleware);

  // Each route that takes a file may carry that kind's limit from the one table (lib/upload-limits.ts) plus the
  // form around it; every other body is small forms and JSON. The services check the file itself against the
  // same table, so a file one byte over its limit is refused there with its size, and far over it here.
  const bodyLimits = new Map<UploadKind | null, MiddlewareHandler>();
  for (const kind of [null, ...Object.keys(UPLOAD_LIMITS)] as (UploadKind | null)[]) {
    bodyLimits.set(kind, bodyLimit({ maxSize: kind ? bodyLimitOf(kind) : SMALL_BODY_BYTES, onError: () => { throw bodyTooLarge(kind); } }));
  }
  // GET and HEAD carry no body; skipping them also keeps the request off the slow path (see security-headers.ts).
  app.use("*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : bodyLimits.get(uploadKindOf(c.req.path))!(c, next)));
  // NUL and lone surrogates in any string, and unreadable form bodies, are refused here, before authentication.
  app.use("*", inputGuard);
  app.onError((err, c) => {
    if (err instanceof AppError) {
      // A browser refused for going too fast (the scan page, the report form) gets a page it can read.
      if (err.status === 429 && wantsPage(c.req.header("accept"))) return pageWithRetry(c, err);
      return problemResponse(c, err);
    }
    // A database restart or failover: the client should retry in a moment, so a 503 that says when, not a 500.
    if (isDatabaseUnavailable(err)) {
      (c.get("log") ?? deps.logger).warn("database unavailable", { path: c.req.path, message: err instanceof Error ? err.message : String(err) });
      const e = serviceUnavailable(OUTAGE_RETRY_AFTER_S);
      return wantsPage(c.req.header("accept")) ? pageWithRetry(c, e) : problemResponse(c, e);
    }
    const db = databaseProblem(err);
    if (db) {
      (c.get("log") ?? deps.logger).warn("database refused input", { code: db.pgCode, status: db.error.status, message: err instanceof Error ? err.message : String(err) });
      return problemResponse(c, db.error);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return problemResponse(c, new AppError(err.status as 400, "http-" + err.status, { vi: "Yêu cầu không hợp lệ", en: err.message || "Bad request" }));
    }
    (c.get("log") ?? deps.logger).error("unhandled error", { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
    return problemResponse(c, new AppError(500, "internal", { vi: "Lỗi hệ thống", en: "Internal error" }, {
      vi: "Đã có lỗi xảy ra. Vui lòng thử lại; nếu lỗi lặp lại, hãy báo mã yêu cầu cho quản trị viên.",
      en: "Something went wrong. Please retry; if it persists, report the request id to an administrator.",
    }));
  });

  app.notFound((c) =>
    problemResponse(c, new AppError(404, "not-found", { vi: "Không tìm thấy", en: "Not found" }, {
      vi: `Không có trang hoặc API nào tại ${c.req.path}.`,
      en: `There is no page or API at ${c.req.path}.`,
    })),
  );

  return app;
}

const wantsPage = (accept: string | undefined) => /text\/html/.test(accept ?? "") && !wantsJson(accept);

/** A 429 or 503 as a page in the site frame (Vietnamese first, like every page), with the same Retry-After. */
function pageWithRetry(c: Context<AppEnv>, err: AppError): Response {
  const auth = c.get("auth") as AppEnv["Variables"]["auth"] | undefined;
  const html = errorPage({ locale: c.var.locale ?? "vi", principal: auth?.principal ?? null, csrfToken: c.get("csrfToken") ?? "", path: c.req.path, error: err });
  const retry = typeof err.extra?.retryAfter === "number" ? String(err.extra.retryAfter) : "60";
  return c.html(html, err.status as 429 | 503, { "retry-after": retry, "cache-control": "no-store" });
}

/** Marks the request as an anonymous visitor's, for the public sub-apps mounted before the session middleware. */
const anonymousVisitor: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("auth", { principal: null, sessionId: null });
  c.set("csrfToken", "");
  await next();
};

/** Builds the full app from injected parts; the Node server and every test call this. */
export function createApp(deps: Deps) {
  // Every audit record this process writes is anchored by checkpoints signed with the configured key.
  audit.useAuditSigningKey(deps.config.auditSigningKey);
  // Certificates issued or changed by this process sign their credentials and status lists with this key.
  certificates.useCredentialSigningKey(deps.config);
  const app = createBaseApp(deps);

  // Public paths first. They show the same to everyone and set no cookie, so they are answered as for an
  // anonymous visitor before the session middleware, which spares its database lookup (the scan page is the
  // hot path). Forms that carry a CSRF token (the fake-report form under /s/{code}/report) stay behind it.
  // stamps (public): the scan page, the GS1 resolver and the product page
  for (const path of ["/s/:code", "/__bench/memory/:code", "/01/*", "/.well-known/gs1resolver", "/p/:id"]) app.use(path, anonymousVisitor);
  app.route("/", stamps.stampsPublic);
  // certificates (public): the verification page and its credential, the issuer's keys, the status lists, the register
  for (const path of ["/c/*", "/registry", "/registry.csv", "/status/*", "/.well-known/did.json", "/.well-known/jwks.json"]) app.use(path, anonymousVisitor);
  app.route("/", certificates.certificatesPublic);
  // opendata (public): the bulk status lookup (API, the shops' page, its PDF) and the daily open data. The lookup
  // is a POST that changes nothing, so it needs no CSRF token; it is rate-limited per client instead.
  for (const path of ["/registry/status", "/registry/status.pdf", "/api/registry/status", "/open-data", "/open-data/*"]) app.use(path, anonymousVisitor);
  app.route("/", opendata.opendataPublic);
  app.route("/api/registry/status", opendata.statusApi);
  // audit (public): the key that signs the chain's checkpoints
  app.use("/.well-known/audit-key", anonymousVisitor);
  app.route("/", audit.auditPublic);
  // epcis (public): the stamps' EPCIS 2.0 events, read-only
  app.use("/api/epcis/*", anonymousVisitor);
  app.route("/api/epcis", epcis.epcisApi);

  app.use("*", sessionMiddleware);
  app.use("*", csrfProtection);

  const openApi = {
    openapi: "3.1.0",
    info: {
      title: "OCOP registry API — Hệ thống quản lý sản phẩm OCOP",
      version: "0.1.0",
      description: "JSON API of the OCOP registry. Errors are RFC 9457 problem+json with Vietnamese and English messages.",
    },
    servers: [{ url: deps.config.publicBaseUrl }],
  };
  // The site map: each area's sub-apps, in the lifecycle's order. Paths inside a sub-app are relative to its mount.
  const routes = app
    .route("/", staticRoutes)
    .route("/", system.healthApi)
    .route("/", system.homePages)
    // units
    .route("/api/units", units.unitsApi)
    .route("/units", units.unitsPages)
    // accounts (the sign-in pages are top-level URLs: /login, /logout)
    .route("/api/auth", accounts.authApi)
    .route("/", accounts.signInPages)
    .route("/api/users", accounts.usersApi)
    .route("/admin/users", accounts.usersPages)
    // audit
    .route("/api/audit", audit.auditApi)
    .route("/admin/audit", audit.auditPages)
    // producers
    .route("/api/producers", producers.producersApi)
    .route("/producers", producers.producersPages)
    // cycles
    .route("/api/cycles", cycles.cyclesApi)
    .route("/cycles", cycles.cyclePages)
    // ideas
    .route("/api/ideas", ideas.api)
    .route("/ideas", ideas.pages)
    // plans (an idea's plan is written at the idea's address; the budget report is the plans' totals)
    .route("/plans", plans.pages)
    .route("/ideas", plans.ideaPlanPages)
    .route("/reports", plans.budgetPages)
    .route("/api/plans", plans.api)
    .route("/api/ideas", plans.ideaPlanApi)
    .route("/api/reports", plans.budgetApi)
    // products
    .route("/products", products.pages)
    .route("/api/products", products.api)
    // evaluation
    .route("/rounds", evaluation.roundsPages)
    .route("/dossiers", evaluation.dossiersPages)
    .route("/products", evaluation.productDossierPages)
    .route("/api/dossiers", evaluation.dossiersApi)
    .route("/api/rounds", evaluation.roundsApi)
    .route("/api/appeals", evaluation.appealsApi)
    .route("/appeals", evaluation.appealsPages)
    // certificates
    .route("/api/decisions", certificates.decisionsApi)
    .route("/api/certificates", certificates.certificatesApi)
    .route("/api/inspections", certificates.inspectionsApi)
    .route("/api/notices", certificates.noticesApi)
    .route("/api/registry", certificates.registryApi)
    .route("/c", certificates.certificatePdfs)
    .route("/decisions", certificates.decisionPdfs)
    .route("/certificates", certificates.pages)
    .route("/inspections", certificates.inspectionPages)
    .route("/notices", certificates.noticesPages)
    // stamps (the scan page and its public neighbours are mounted before the session, above)
    .route("/api/stamp-batches", stamps.batchesApi)
    .route("/api/stamps", stamps.stampsApi)
    .route("/api/fake-reports", stamps.reportsApi)
    .route("/stamps", stamps.batchPages)
    .route("/stats", stamps.scanStatsPages)
    .route("/reports/fakes", stamps.reportPages)
    .route("/s", stamps.reportFormPages)
    // retail
    .route("/api/retail", retail.retailApi)
    .route("/retail", retail.retailPages)
    // watch
    .route("/api/watch", watch.api)
    // programme: the year's plan and its targets, training and trade events
    .route("/api/programme", programme.programmeApi)
    .route("/programme", programme.programmePages)
    // tasks (agencies and the tasks plans and conclusions assign)
    .route("/api/agencies", tasks.agenciesApi)
    .route("/api/tasks", tasks.tasksApi)
    .route("/agencies", tasks.agenciesPages)
    .route("/tasks", tasks.tasksPages)
    // reporting (monthly reports)
    .route("/api/monthly-reports", reporting.api)
    .route("/monthly-reports", reporting.pages)
    // dashboard
    .route("/dashboard", dashboard.dashboardPages)
    .route("/api/dashboard", dashboard.dashboardApi)
    // complaints (the public form and the private link are pages behind the session, like the fake-report form)
    .route("/api/complaints", complaints.complaintsApi)
    .route("/complaints", complaints.complaintPages)
    // The API reference reads the document at request time, when every route above is registered.
    .route("/api/docs", system.apiDocsPages(() => app.getOpenAPI31Document(openApi)));

  routes.doc31("/api/openapi.json", openApi);

  return routes;
}

export type AppType = ReturnType<typeof createApp>;

/**
 * The public read paths only, for the Worker at the edge (src/worker.ts): health, the scan page, the GS1
 * resolver, the product and certificate pages and the register, as for an anonymous visitor, with no session
 * and no file system. Everything else (the certificate PDF, which needs pdfkit's fonts on disk, the fake-report
 * form, any write, the staff pages) is answered by the Node origin: a 307 to `originUrl`, which keeps the
 * method and body; without one, 404 and 405.
 */
export function createPublicApp(deps: Deps, opts: { originUrl?: string | undefined } = {}) {
  const app = createBaseApp(deps);
  const origin = opts.originUrl?.replace(/\/+$/, "");
  const toOrigin = (url: string) => {
    const u = new URL(url);
    return `${origin}${u.pathname}${u.search}`;
  };
  app.use("*", anonymousVisitor, async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      if (origin) return c.redirect(toOrigin(c.req.url), 307);
      throw new AppError(405, "read-only", { vi: "Chỉ đọc", en: "Read-only" }, {
        vi: "Máy chủ biên chỉ phục vụ các trang công khai để đọc.",
        en: "The edge server only serves the public pages for reading.",
      });
    }
    await next();
  });
  if (origin) app.notFound((c) => c.redirect(toOrigin(c.req.url), 307));
  return app
    .route("/", system.healthApi)
    .route("/", langRoutes)
    .route("/api/units", units.unitsApi)
    .route("/units", units.unitsPages)
    .route("/", stamps.stampsPublic)
    .route("/", certificates.certificatesPublic)
    .route("/api/epcis", epcis.epcisApi);
}
