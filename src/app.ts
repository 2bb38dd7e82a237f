import { randomUUID } from "node:crypto";
import { getCookie } from "hono/cookie";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Deps } from "./http/env.js";
import { sessionMiddleware, csrfProtection } from "./auth/middleware.js";
import { authRoutes } from "./auth/routes.js";
import { pickLocale } from "./lib/i18n.js";
import { createRouter } from "./http/router.js";
import { AppError, problemResponse } from "./lib/problem.js";
import { accountsRoutes } from "./modules/accounts/index.js";
import { auditRoutes } from "./modules/audit/index.js";
import { producersRoutes } from "./modules/producers/index.js";
import { cyclesRoutes } from "./modules/cycles/index.js";
import { ideasRoutes } from "./modules/ideas/index.js";
import { ideaPages } from "./modules/ideas/index.js";
import { cyclePages } from "./modules/cycles/index.js";
import { planPages } from "./modules/plans/index.js";
import { productPages } from "./modules/products/index.js";
import { roundPages } from "./modules/evaluation/index.js";
import { roundSetupPages } from "./modules/evaluation/index.js";
import { dossierPages } from "./modules/evaluation/index.js";
import { plansRoutes } from "./modules/plans/index.js";
import { productsRoutes } from "./modules/products/index.js";
import { evaluationRoutes } from "./modules/evaluation/index.js";
import { certificateDocuments, certificatePublicPages, onCertificateChange } from "./modules/certificates/index.js";
import { certificateRoutes } from "./modules/certificates/index.js";
import { certificateOfficePages } from "./modules/certificates/index.js";
import { scanRoutes } from "./modules/stamps/index.js";
import { SCAN_CSS_HASH } from "./modules/stamps/index.js";
import { stampRoutes } from "./modules/stamps/index.js";
import { stampBatchPages } from "./modules/stamps/index.js";
import { gs1Routes } from "./modules/stamps/index.js";
import { publicProductPage } from "./modules/products/index.js";
import { enqueueCertificateChange, watchRoutes } from "./modules/watch/index.js";
import { retailPages } from "./modules/retail/index.js";
import { retailRoutes } from "./modules/retail/index.js";
import { reportRoutes } from "./modules/stamps/index.js";
import { scanStatsPages } from "./modules/stamps/index.js";
import { evaluationPdfRoutes } from "./modules/evaluation/index.js";
import { apiDocsRoutes } from "./modules/system/index.js";
import { systemRoutes } from "./modules/system/index.js";
import { unitsRoutes } from "./modules/units/index.js";
import { homeRoutes } from "./web/home.js";
import { staticRoutes } from "./web/static.js";
import { cspOf, securityHeaders } from "./web/security-headers.js";

// The certificates area announces changes through its port; watch's outbox listens, in the same transaction.
onCertificateChange(enqueueCertificateChange);

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The cross-cutting policy every app shares: request id and structured log line, locale, security headers,
 * body limit, and the one error handler and not-found answer (problem+json).
 */
function createBaseApp(deps: Deps) {
  const app = createRouter();

  app.use("*", async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("deps", deps);
    c.set("requestId", requestId);
    // Pages are Vietnamese first whatever the browser's language (many officials' browsers say English);
    // the switch sets a cookie. API clients' Accept-Language picks the language of problem titles.
    const isPage = (c.req.header("accept") ?? "").includes("text/html");
    c.set("locale", pickLocale({ query: c.req.query("lang"), cookie: getCookie(c, "lang"), acceptLanguage: isPage ? undefined : c.req.header("accept-language") }));
    const log = deps.logger.child({ requestId });
    c.set("log", log);
    const started = performance.now();
    // Before the handler, so it is part of the response Hono builds (see web/security-headers.ts).
    c.header("x-request-id", requestId);
    await next();
    if (!c.res.headers.has("x-request-id")) c.res.headers.set("x-request-id", requestId);
    log.info("request", { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });

  app.use(
    "*",
    securityHeaders({
      csp: cspOf({
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'", `'${SCAN_CSS_HASH}'`],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      }),
      hsts: deps.config.publicBaseUrl.startsWith("https://"),
    }),
  );

  // Uploads (photos, attachments) may be up to 10 MB; everything else is small forms and JSON. The services
  // check each file's own limit and say which it is.
  const tooLarge = () => {
    throw new AppError(413, "payload-too-large", { vi: "Dữ liệu gửi lên quá lớn", en: "Payload too large" });
  };
  const smallBodies = bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge });
  const uploadBodies = bodyLimit({ maxSize: 10 * 1024 * 1024, onError: tooLarge });
  // GET and HEAD carry no body; skipping them also keeps the request off the slow path (see security-headers.ts).
  app.use("*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : /\/(photos|attachments|report)$/.test(c.req.path) ? uploadBodies(c, next) : smallBodies(c, next)));
  app.onError((err, c) => {
    if (err instanceof AppError) return problemResponse(c, err);
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

/** Builds the full app from injected parts; the Node server and every test call this. */
export function createApp(deps: Deps) {
  const app = createBaseApp(deps);
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
  const routes = app
    .route("/", staticRoutes)
    .route("/", systemRoutes)
    .route("/", authRoutes)
    .route("/", homeRoutes)
    .route("/", unitsRoutes)
    .route("/", accountsRoutes)
    .route("/", auditRoutes)
    .route("/", producersRoutes)
    .route("/", cyclesRoutes)
    .route("/", ideasRoutes)
    .route("/", ideaPages)
    .route("/", cyclePages)
    .route("/", planPages)
    .route("/", productPages)
    .route("/", roundSetupPages)
    .route("/", roundPages)
    .route("/", dossierPages)
    .route("/", plansRoutes)
    .route("/", productsRoutes)
    .route("/", evaluationRoutes)
    .route("/", evaluationPdfRoutes)
    .route("/", certificateRoutes)
    .route("/", certificatePublicPages)
    .route("/", certificateDocuments)
    .route("/", certificateOfficePages)
    .route("/", scanRoutes)
    .route("/", stampRoutes)
    .route("/", stampBatchPages)
    .route("/", gs1Routes)
    .route("/", publicProductPage)
    .route("/", reportRoutes)
    .route("/", retailRoutes)
    .route("/", retailPages)
    .route("/", scanStatsPages)
    .route("/", watchRoutes)
    // Called at request time, when every route above is registered; `app` is the same object as `routes`.
    .route("/", apiDocsRoutes(() => app.getOpenAPI31Document(openApi)));

  routes.doc31("/api/openapi.json", openApi);

  return routes;
}

export type AppType = ReturnType<typeof createApp>;

/**
 * The public read paths only, for the Worker at the edge: no sessions, no writes, no file system. Pages render
 * as for an anonymous visitor.
 */
export function createPublicApp(deps: Deps) {
  const app = createBaseApp(deps);
  app.use("*", async (c, next) => {
    c.set("auth", { principal: null, sessionId: null });
    c.set("csrfToken", "");
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      throw new AppError(405, "read-only", { vi: "Chỉ đọc", en: "Read-only" }, {
        vi: "Máy chủ biên chỉ phục vụ các trang công khai để đọc.",
        en: "The edge server only serves the public pages for reading.",
      });
    }
    await next();
  });
  return app.route("/", systemRoutes).route("/", unitsRoutes).route("/", certificatePublicPages);
}

