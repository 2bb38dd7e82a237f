import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "./env.js";
import { AppError, validationError } from "../lib/problem.js";

// A lone half of a surrogate pair: ill-formed UTF-16, which PostgreSQL's text and jsonb cannot store.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as PostgreSQL text, or null when it can: NUL, or a lone surrogate. */
export function unstorable(s: string): "nul" | "surrogate" | null {
  if (s.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(s)) return "surrogate";
  return null;
}

type Found = { path: string; why: "nul" | "surrogate" };

function walk(value: unknown, path: string, depth: number): Found | null {
  if (typeof value === "string") {
    const why = unstorable(value);
    return why ? { path, why } : null;
  }
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    const keyWhy = unstorable(k);
    if (keyWhy) return { path: here, why: keyWhy };
    const found = walk(v, here, depth + 1);
    if (found) return found;
  }
  return null;
}

const refused = ({ path, why }: Found) =>
  validationError([
    why === "nul"
      ? { path, vi: "Không được chứa ký tự NUL (\\u0000).", en: "Must not contain the NUL character (\\u0000).", message: "Must not contain the NUL character (\\u0000)." }
      : { path, vi: "Chứa ký tự Unicode không hợp lệ (nửa cặp surrogate).", en: "Contains an ill-formed Unicode character (a lone surrogate).", message: "Contains an ill-formed Unicode character (a lone surrogate)." },
  ]);

export const malformedBody = () =>
  new AppError(400, "malformed-body", { vi: "Nội dung gửi lên không đọc được", en: "Malformed request body" }, {
    vi: "Không đọc được biểu mẫu gửi lên (thiếu hoặc sai boundary của multipart).",
    en: "The form body could not be read (a missing or wrong multipart boundary).",
  });

const isFormType = (type: string) => type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");

/**
 * Reads a form body (cached by hono, so the route reads it again for free); a body that cannot be parsed is a
 * 400, never a 500. The body limit's 413 passes through.
 */
export async function readForm(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof AppError || err instanceof HTTPException) throw err;
    throw malformedBody();
  }
}

/**
 * The edge guard every request passes, before authentication: no string in the path, the query, a JSON body
 * or a form body may hold NUL or a lone surrogate (PostgreSQL text cannot), and a form body must parse.
 * One rule here, so every route, present and future, inherits it.
 */
export const inputGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const safe = c.req.method === "GET" || c.req.method === "HEAD";
  // The hot path (a scan is a GET with a plain code): without a percent-escape a URL cannot hold NUL or a lone
  // surrogate (the HTTP parser refuses raw control bytes and reads the request line as Latin-1), and a GET has
  // no body, so there is nothing to decode or walk.
  if (safe && !c.req.url.includes("%")) return next();
  const url = new URL(c.req.url);
  let pathname = url.pathname;
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    // Not UTF-8 percent-encoding: the router will not match it as anything stored.
  }
  const inPath = unstorable(pathname);
  if (inPath) throw refused({ path: "(path)", why: inPath });
  for (const [k, v] of url.searchParams) {
    const why = unstorable(k) ?? unstorable(v);
    if (why) throw refused({ path: k, why });
  }
  if (!safe) {
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (isFormType(type)) {
      const form = await readForm(c);
      for (const [k, v] of Object.entries(form)) {
        const found = walk(Array.isArray(v) ? v.filter((x) => typeof x === "string") : typeof v === "string" ? v : "", k, 0) ?? (unstorable(k) ? { path: k, why: unstorable(k)! } : null);
        if (found) throw refused(found);
      }
    } else if (type.includes("json")) {
      const text = await c.req.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // the route's validator answers malformed JSON with its own 400
      }
      const found = walk(parsed, "", 0);
      if (found) throw refused(found);
    }
  }
  await next();
};
