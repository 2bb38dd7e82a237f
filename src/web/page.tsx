import type { Context } from "hono";
import type { AppEnv } from "../http/env.js";
import type { Principal } from "../domain/principal.js";
import type { Bilingual, Locale } from "../lib/i18n.js";
import { AppError } from "../lib/problem.js";
import { type Frame, Layout, type PublicFrame, renderPage, t } from "./layout.js";
import { notFound } from "../lib/problem.js";
import { INT4_MAX } from "../lib/validation.js";

/** What every signed-in page needs from the request for its frame (inside `page`, the principal is set). */
export const frame = (c: Context<AppEnv>): Frame => ({ locale: c.var.locale, principal: c.var.auth.principal!, csrfToken: c.var.csrfToken, path: c.req.path });

/** The same for a page anyone may open: the visitor may be signed in or not. */
export const publicFrame = (c: Context<AppEnv>): PublicFrame => ({ locale: c.var.locale, principal: c.var.auth.principal, csrfToken: c.var.csrfToken, path: c.req.path });

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

/** A client error that a form page shows beside its fields (invalid input, or a conflict with the record's state). */
export const isInputError = (err: unknown): err is AppError => err instanceof AppError && (err.status === 400 || err.status === 409);

// Ids are PostgreSQL integer (int4) columns: a larger number names nothing, so it is a 404 like a missing row.

/** A positive integer id from the path, or 404 (the page of a record that cannot exist does not exist). */
export function idParam(c: Context<AppEnv>, name = "id", what: Bilingual = { vi: "trang", en: "The page" }): number {
  const raw = c.req.param(name) ?? "";
  const id = /^[0-9]{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0 || id > INT4_MAX) throw notFound(what);
  return id;
}

/**
 * An upload refused for its size (413) or because the server is busy with others (429): a browser is shown the
 * form again with the message, like an input error; other clients get the problem+json.
 */
const isRetryableUploadError = (c: Context<AppEnv>, err: unknown): err is AppError =>
  err instanceof AppError && (err.status === 413 || err.status === 429) && (c.req.header("accept") ?? "").includes("text/html");

/**
 * The post-redirect-get step of a form: `run` does the work and returns where to go (303); an input error is
 * answered by `rerender`, the same form again with the values typed and the messages, in the error's status.
 * Any other error goes on to `page`, which shows it in the site frame.
 */
export async function formAction(c: Context<AppEnv>, run: () => Promise<string>, rerender: (error: AppError) => string | Promise<string>): Promise<Response> {
  let to: string;
  try {
    to = await run();
  } catch (err) {
    if (isRetryableUploadError(c, err)) {
      if (typeof err.extra?.retryAfter === "number") c.header("retry-after", String(err.extra.retryAfter));
      return c.html(await rerender(err), err.status);
    }
    if (!isInputError(err)) throw err;
    return c.html(await rerender(err), err.status);
  }
  return c.redirect(to, 303);
}
