import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/env.js";
import { createRouter } from "../http/router.js";
import { AppError, unauthenticated } from "../lib/problem.js";
import { bi } from "../lib/validation.js";
import { safeBackPath } from "../lib/safe-path.js";
import { SessionInfoSchema, problem } from "./api-schemas.js";
import { loginPage } from "./login-page.js";
import { signIn, signOut } from "./sign-in.js";

const USERNAME_MAX = 200;
const PASSWORD_MAX = 1024;

const LoginBody = z
  .strictObject({
    username: z.string().trim().min(1, bi("Nhập tên đăng nhập", "Enter the username")).max(USERNAME_MAX),
    password: z.string().min(1, bi("Nhập mật khẩu", "Enter the password")).max(PASSWORD_MAX),
  })
  .openapi("LoginRequest");

const loginRoute = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Sign in (Đăng nhập)",
  description:
    "Starts a session and sets the `ocop_session` cookie (HttpOnly, SameSite=Lax). Later state-changing requests of the session must send the returned `csrfToken` as the `x-csrf-token` header. Five failures for one username within 15 minutes lock it for 15 minutes (429 with Retry-After).",
  request: { body: { required: true, content: { "application/json": { schema: LoginBody } } } },
  responses: {
    200: { description: "Signed in", content: { "application/json": { schema: SessionInfoSchema } } },
    400: problem("Malformed request or unknown fields"),
    401: problem("Wrong username or password"),
    403: problem("Account disabled, or the request was refused as cross-site"),
    429: problem("Too many failed attempts; see Retry-After"),
  },
});

const logoutRoute = createRoute({
  method: "post",
  path: "/api/auth/logout",
  tags: ["auth"],
  summary: "Sign out (Đăng xuất)",
  description: "Ends the current session and clears its cookie. Requires the x-csrf-token header when a session cookie is sent.",
  responses: { 204: { description: "Signed out (also when no session was active)" }, 403: problem("Missing or wrong x-csrf-token") },
});

const meRoute = createRoute({
  method: "get",
  path: "/api/auth/me",
  tags: ["auth"],
  summary: "The signed-in user (Người dùng hiện tại)",
  responses: {
    200: { description: "The signed-in user, its grants and the session's CSRF token", content: { "application/json": { schema: SessionInfoSchema } } },
    401: problem("Nobody is signed in"),
  },
});

function formField(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === "string" ? v : "";
}

function renderLogin(c: Context<AppEnv>, status: ContentfulStatusCode, p: { next: string; username?: string; error?: AppError }) {
  if (p.error && typeof p.error.extra?.retryAfter === "number") c.header("retry-after", String(p.error.extra.retryAfter));
  c.header("cache-control", "no-store");
  return c.html(
    loginPage({
      locale: c.var.locale,
      csrfToken: c.var.csrfToken,
      next: p.next,
      ...(p.username !== undefined ? { username: p.username } : {}),
      error: p.error ? { title: p.error.title, detail: p.error.detail } : undefined,
    }),
    status,
  );
}

const missingFields = new AppError(400, "validation", { vi: "Thiếu thông tin đăng nhập", en: "Sign-in details missing" }, {
  vi: "Vui lòng nhập tên đăng nhập và mật khẩu.",
  en: "Please enter the username and the password.",
});

// Declared routes first: a plain .get/.post returns a Hono without .openapi.
export const authRoutes = createRouter()
  .openapi(loginRoute, async (c) => {
    const input = c.req.valid("json");
    const s = await signIn(c, input);
    c.header("cache-control", "no-store");
    return c.json({ user: s.principal, csrfToken: s.csrfToken }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    await signOut(c);
    return c.body(null, 204);
  })
  .openapi(meRoute, (c) => {
    const principal = c.var.auth.principal;
    if (!principal) throw unauthenticated();
    c.header("cache-control", "no-store");
    return c.json({ user: principal, csrfToken: c.var.csrfToken }, 200);
  })
  .get("/login", (c) => {
    const next = safeBackPath(c.req.query("next"));
    if (c.var.auth.principal) return c.redirect(next, 303);
    return renderLogin(c, 200, { next });
  })
  .post("/login", async (c) => {
    const body = await c.req.parseBody();
    const username = formField(body, "username").trim();
    const password = formField(body, "password");
    const next = safeBackPath(formField(body, "next") || undefined);
    if (!username || !password || username.length > USERNAME_MAX || password.length > PASSWORD_MAX) {
      return renderLogin(c, 400, { next, username: username.slice(0, USERNAME_MAX), error: missingFields });
    }
    try {
      await signIn(c, { username, password });
    } catch (err) {
      if (err instanceof AppError) return renderLogin(c, err.status, { next, username, error: err });
      throw err;
    }
    return c.redirect(next, 303);
  })
  .post("/logout", async (c) => {
    await signOut(c);
    return c.redirect("/login", 303);
  });
