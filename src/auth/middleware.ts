import { vnToday } from "../lib/dates.js";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv, Deps } from "../http/env.js";
import { AppError } from "../lib/problem.js";
import { readForm } from "../http/input-guard.js";
import { sessionStore } from "./lucia.js";
import { loadPrincipal } from "./principal.js";

/** Double-submit cookie of anonymous visitors, so the sign-in form is CSRF-protected before any session exists. */
export const ANON_CSRF_COOKIE = "ocop_csrf";

function hmac(deps: Deps, purpose: string, value: string): string {
  return createHmac("sha256", deps.config.secrets.sessionSecret).update(`csrf:${purpose}:${value}`).digest("base64url");
}

/** The CSRF token of a session: derived from its cookie token, so nothing extra is stored and every process agrees on it. */
export const sessionCsrfToken = (deps: Deps, sessionToken: string) => hmac(deps, "session", sessionToken);
const anonCsrfToken = (deps: Deps, cookieValue: string) => hmac(deps, "anon", cookieValue);

const ANON_VALUE = /^[A-Za-z0-9_-]{24,64}$/;

function anonCookie(deps: Deps, value: string): string {
  return `${ANON_CSRF_COOKIE}=${value}; HttpOnly; Path=/; SameSite=Lax${deps.config.cookieSecure ? "; Secure" : ""}`;
}

export const sessionMiddleware: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Browsers send the cookie with every stylesheet and icon too; those need no session, so spare the database.
  // (The stamp scan page, the public hot path, is mounted before this middleware and never reaches it.)
  if (c.req.path.startsWith("/static/")) {
    c.set("auth", { principal: null, sessionId: null });
    c.set("csrfToken", "");
    return next();
  }
  const deps = c.var.deps;
  const store = sessionStore(deps);
  const sessionToken = store.read(c.req.header("cookie"));
  // Cookies are appended after the handler: a raw Response (problem+json) would drop headers set before it.
  const cookies: string[] = [];

  if (sessionToken) {
    const found = await store.validate(sessionToken);
    if (found && found.user.disabledAt === null) {
      const principal = await loadPrincipal(deps.database.db, found.user, vnToday(deps.now()));
      c.set("auth", { principal, sessionId: found.session.token });
      c.set("csrfToken", sessionCsrfToken(deps, found.session.token));
      await next();
      // A sign-out in this same request must not be undone by a refreshed cookie.
      if (found.session.fresh && c.var.auth.sessionId === found.session.token) c.header("set-cookie", store.cookie(found.session.token), { append: true });
      return;
    }
    // A disabled user keeps no session: end them all, not just this one.
    if (found) await store.invalidateUser(found.user.id);
    cookies.push(store.blankCookie());
  }

  const existing = getCookie(c, ANON_CSRF_COOKIE);
  const hasAnon = !!existing && ANON_VALUE.test(existing);
  const anonValue = hasAnon ? existing! : randomBytes(24).toString("base64url");
  c.set("auth", { principal: null, sessionId: null });
  c.set("csrfToken", anonCsrfToken(deps, anonValue));
  await next();
  // A sign-in in this request replaced the cookie already.
  if (c.var.auth.sessionId !== null) return;
  for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
  // Only pages can carry the token in a form; a publicly cacheable response (stamp pages) must never set a cookie.
  if (!hasAnon) {
    const type = c.res.headers.get("content-type") ?? "";
    const cache = c.res.headers.get("cache-control") ?? "";
    if (type.startsWith("text/html") && !/\bpublic\b/.test(cache)) c.header("set-cookie", anonCookie(deps, anonValue), { append: true });
  }
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const csrfRejected = (detail: { vi: string; en: string }) => new AppError(403, "csrf", { vi: "Yêu cầu bị từ chối", en: "Request refused" }, detail);

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function trustedOrigins(c: Context<AppEnv>): Set<string> {
  return new Set([new URL(c.var.deps.config.publicBaseUrl).origin, new URL(c.req.url).origin]);
}

/**
 * The one CSRF check, for every state-changing request:
 *  1. a browser that says the request is cross-site (Sec-Fetch-Site, Origin) is refused outright;
 *  2. a form post must carry the page's token in `_csrf` (or the x-csrf-token header), signed in or not;
 *  3. any other request riding a session cookie must carry the token in x-csrf-token. Anonymous JSON
 *     needs none: a cross-site page cannot send application/json without a CORS preflight we never allow.
 */
export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();

  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  if ((site && site !== "same-origin" && site !== "none") || (origin !== undefined && !trustedOrigins(c).has(origin))) {
    throw csrfRejected({
      vi: "Yêu cầu đến từ một trang web khác nên không được chấp nhận.",
      en: "The request came from another site and was not accepted.",
    });
  }

  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const isForm = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
  if (!isForm && c.var.auth.sessionId === null) return next();

  let sent = c.req.header("x-csrf-token");
  if (!sent && isForm) {
    // parseBody caches the body, so the route's own form validation still reads it.
    const field = (await readForm(c))["_csrf"];
    sent = typeof field === "string" ? field : undefined;
  }
  if (!sent || !sameToken(sent, c.var.csrfToken)) {
    throw csrfRejected(
      isForm
        ? { vi: "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và gửi lại.", en: "The form has expired or is invalid. Please reload the page and submit again." }
        : { vi: "Thiếu hoặc sai mã chống giả mạo (x-csrf-token).", en: "Missing or wrong anti-forgery token (x-csrf-token)." },
    );
  }
  await next();
};

// The client address for throttling lives with the other rate limits' helpers (http/client-address.ts).
export { clientAddress } from "../http/client-address.js";
