import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Bilingual, Locale } from "./i18n.js";

export type FieldError = { path: string; message: string; vi: string; en: string };

/**
 * The one error type a client ever sees, rendered as RFC 9457 problem+json. Every error a client can cause
 * is thrown as an AppError; anything else is a bug and becomes a 500 without internals.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    /** Stable machine-readable code; also the last segment of the problem type URI. */
    readonly code: string,
    readonly title: Bilingual,
    readonly detail?: Bilingual,
    readonly extra?: { errors?: FieldError[]; [k: string]: unknown },
  ) {
    super(title.en + (detail ? `: ${detail.en}` : ""));
  }
}

// 400 for any input the client must correct (malformed or failing validation), decided once here.
export const validationError = (errors: FieldError[], detail?: Bilingual) =>
  new AppError(400, "validation", { vi: "Dữ liệu không hợp lệ", en: "Invalid input" }, detail ?? {
    vi: "Vui lòng sửa các trường được nêu.",
    en: "Please correct the fields listed.",
  }, { errors });

export const badRequest = (code: string, title: Bilingual, detail?: Bilingual) => new AppError(400, code, title, detail);

export const unauthenticated = () =>
  new AppError(401, "unauthenticated", { vi: "Cần đăng nhập", en: "Sign-in required" }, {
    vi: "Vui lòng đăng nhập để tiếp tục.",
    en: "Please sign in to continue.",
  });

export const forbidden = (detail?: Bilingual) =>
  new AppError(403, "forbidden", { vi: "Không có quyền", en: "Not allowed" }, detail ?? {
    vi: "Tài khoản của bạn không có quyền thực hiện thao tác này.",
    en: "Your account may not do this.",
  });

export const notFound = (what: Bilingual) =>
  new AppError(404, "not-found", { vi: "Không tìm thấy", en: "Not found" }, {
    vi: `Không tìm thấy ${what.vi}.`,
    en: `${what.en} was not found.`,
  });

export const conflict = (code: string, title: Bilingual, detail?: Bilingual) => new AppError(409, code, title, detail);

export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, "rate-limited", { vi: "Quá nhiều yêu cầu", en: "Too many requests" }, {
    vi: `Vui lòng thử lại sau ${retryAfterSeconds} giây.`,
    en: `Please try again in ${retryAfterSeconds} seconds.`,
  }, { retryAfter: retryAfterSeconds });

/** The database is away (restarting, unreachable): nothing the client did, and worth retrying shortly. */
export const serviceUnavailable = (retryAfterSeconds: number) =>
  new AppError(503, "unavailable", { vi: "Tạm thời gián đoạn", en: "Temporarily unavailable" }, {
    vi: `Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu. Vui lòng thử lại sau ${retryAfterSeconds} giây.`,
    en: `The registry cannot reach its database for a moment. Please try again in ${retryAfterSeconds} seconds.`,
  }, { retryAfter: retryAfterSeconds });

export const PROBLEM_BASE = "https://ocop.hatinh.gov.vn/problems/";

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId?: string;
  i18n: { vi: { title: string; detail?: string }; en: { title: string; detail?: string } };
  errors?: FieldError[];
  [k: string]: unknown;
};

export function problemBody(err: AppError, locale: Locale, instance?: string, requestId?: string): ProblemBody {
  const { errors, ...rest } = err.extra ?? {};
  return {
    type: PROBLEM_BASE + err.code,
    title: err.title[locale],
    status: err.status,
    ...(err.detail ? { detail: err.detail[locale] } : {}),
    ...(instance ? { instance } : {}),
    code: err.code,
    ...(requestId ? { requestId } : {}),
    i18n: {
      vi: { title: err.title.vi, ...(err.detail ? { detail: err.detail.vi } : {}) },
      en: { title: err.title.en, ...(err.detail ? { detail: err.detail.en } : {}) },
    },
    ...(errors ? { errors } : {}),
    ...rest,
  };
}

export function problemResponse(c: Context, err: AppError): Response {
  const locale = (c.get("locale" as never) as Locale | undefined) ?? "vi";
  const requestId = c.get("requestId" as never) as string | undefined;
  const body = problemBody(err, locale, new URL(c.req.url).pathname, requestId);
  const headers: Record<string, string> = { "content-type": "application/problem+json; charset=utf-8" };
  if (typeof err.extra?.retryAfter === "number") headers["retry-after"] = String(err.extra.retryAfter);
  return new Response(JSON.stringify(body), { status: err.status, headers });
}
