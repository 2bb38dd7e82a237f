import { type SQL, type SQLWrapper, or, sql } from "drizzle-orm";

/**
 * SQL twin of policy's `unitContains`: true when `path` (a dotted admin_units.path) lies in any of the
 * scopes (`unitScopes(principal, action)`). Paths hold only digits and dots, so LIKE needs no escaping.
 * No scopes means nothing is visible.
 */
export function withinUnits(path: SQLWrapper, scopes: readonly string[]): SQL {
  if (scopes.length === 0) return sql`false`;
  return or(...scopes.map((s) => sql`(${path} = ${s} or ${path} like ${s + ".%"})`))!;
}
