import { and, asc, gt, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { adminUnits } from "../units/schema.js";
import type { UnitOption } from "./inputs.js";

/** Units in force today, in tree order, for the grant form's select. */
export async function unitOptions(db: Db, now: Date): Promise<UnitOption[]> {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const rows = await db
    .select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level, parentId: adminUnits.parentId })
    .from(adminUnits)
    .where(and(lte(adminUnits.validFrom, today), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today))))
    .orderBy(asc(adminUnits.name));
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: UnitOption[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ id: r.id, name: r.name, level: r.level, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
