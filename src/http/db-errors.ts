import { AppError } from "../lib/problem.js";

/** The SQLSTATE of a database error, wherever the driver or drizzle put it (postgres.js and PGlite set `code`). */
export function sqlState(err: unknown): string | null {
  let cur: unknown = err;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Database errors a client's input or timing causes, mapped once for every route: a unique violation (a race
 * two requests lose and win) is a 409; data the column cannot hold (class 22: bad text, out-of-range numbers,
 * NUL, invalid encoding; 54000: too large; 23503/23514: a missing reference, a failed check) is a 400.
 * Anything else stays a 500: a bug.
 */
export function databaseProblem(err: unknown): { pgCode: string; error: AppError } | null {
  const code = sqlState(err);
  if (!code) return null;
  if (code === "23505") {
    return { pgCode: code, error: new AppError(409, "duplicate", { vi: "Đã tồn tại", en: "Already exists" }, {
      vi: "Bản ghi này đã tồn tại (có thể vừa được tạo bởi một yêu cầu khác).",
      en: "This record already exists (perhaps just created by another request).",
    }) };
  }
  if (code === "40001" || code === "40P01") {
    return { pgCode: code, error: new AppError(409, "concurrent-change", { vi: "Xung đột đồng thời", en: "Concurrent change" }, {
      vi: "Dữ liệu vừa bị thay đổi bởi một yêu cầu khác; vui lòng thử lại.",
      en: "The data was changed by another request at the same time; please retry.",
    }) };
  }
  if (code.startsWith("22") || code === "54000" || code === "23503" || code === "23514") {
    return { pgCode: code, error: new AppError(400, "invalid-data", { vi: "Dữ liệu không hợp lệ", en: "Invalid input" }, {
      vi: "Cơ sở dữ liệu không lưu được giá trị đã gửi (sai kiểu, vượt giới hạn hoặc tham chiếu không tồn tại).",
      en: "The database cannot store a value sent (wrong type, out of range, or a reference that does not exist).",
    }) };
  }
  return null;
}
