import { z } from "zod";
import { type FieldError, validationError } from "./problem.js";

const vi = z.locales.vi();
const en = z.locales.en();

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Zod issues in both languages. A schema's own message (a bilingual "vi | en" string) wins over the locale's. */
export function fieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => {
    const raw = { ...issue, input: valueAt(input, issue.path) } as never;
    const custom = issue.message.includes(" | ") ? issue.message.split(" | ") : undefined;
    const viMsg = custom?.[0] ?? messageOf(vi.localeError(raw)) ?? issue.message;
    const enMsg = custom?.[1] ?? messageOf(en.localeError(raw)) ?? issue.message;
    return { path: issue.path.map(String).join("."), message: enMsg, vi: viMsg, en: enMsg };
  });
}

function messageOf(m: unknown): string | undefined {
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && "message" in m) return String((m as { message: unknown }).message);
  return undefined;
}

/** Parse or throw a 400 problem; used at every edge that is not a declared OpenAPI route (forms, scripts). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(fieldErrors(r.error, input));
  return r.data;
}

/** A bilingual custom message for a zod check: `z.string().min(8, bi("Tối thiểu 8 ký tự", "At least 8 characters"))`. */
export const bi = (viText: string, enText: string) => `${viText} | ${enText}`;

/** The largest value of a PostgreSQL int4 (integer, serial) column: every id is one. */
export const INT4_MAX = 2_147_483_647;
const outOfRange = bi("Mã số vượt quá giới hạn (tối đa 2.147.483.647)", "The id is out of range (at most 2,147,483,647)");

/** An id in a JSON body: a positive integer that fits its int4 column. */
export const zId = (message?: string) => z.number(message).int().positive().max(INT4_MAX, outOfRange);

/** An id in a query string or form field: digits coerced to a number, range-checked as in a body. */
export const zQueryId = () => z.coerce.number().int().positive().max(INT4_MAX, outOfRange);
