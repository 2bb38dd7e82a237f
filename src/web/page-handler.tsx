import type { Context } from "hono";
import type { AppEnv } from "../http/env.js";
import type { Principal } from "../auth/types.js";
import type { Locale } from "../lib/i18n.js";
import { AppError } from "../lib/problem.js";
import { Layout, renderPage, t } from "./layout.js";

/** What every signed-in page needs from the request for its frame. */
export const frame = (c: Context<AppEnv>) => ({ locale: c.var.locale, principal: c.var.auth.principal!, csrfToken: c.var.csrfToken, path: c.req.path });

/** An error page inside the site frame, for pages a browser opened (JSON clients get problem+json). */
export function errorPage(p: { locale: Locale; principal: Principal | null; csrfToken: string; path: string; error: AppError }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={p.error.title} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.error.detail ? <p>{t(L, p.error.detail)}</p> : null}
      <p>
        <a href="/">{t(L, { vi: "Về trang chủ", en: "Back to the home page" })}</a>
      </p>
    </Layout>,
  );
}

/**
 * Runs a signed-in page handler: a visitor who is not signed in goes to the sign-in page and comes back;
 * other client errors are shown in the site frame rather than as JSON.
 */
export async function page(c: Context<AppEnv>, run: () => Promise<Response>): Promise<Response> {
  try {
    if (!c.var.auth.principal) throw new AppError(401, "unauthenticated", { vi: "Cần đăng nhập", en: "Sign-in required" });
    return await run();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    if (err.status === 401) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);
    return c.html(errorPage({ ...frame(c), principal: c.var.auth.principal, error: err }), err.status);
  }
}

/** A text field of a parsed form body; anything else (a file, a repeated field) reads as empty. */
export function formString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === "string" ? v : "";
}
