import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { adminUnits } from "../../units/schema.js";
import { programmeEvents } from "../schema.js";

/** Units an event may be held by, for the form: the caller's provinces and their communes in force today. */
export async function eventUnitChoices(db: DbOrTx, scopes: readonly string[], today: string): Promise<{ id: number; name: string }[]> {
  if (!scopes.length) return [];
  return db
    .select({ id: adminUnits.id, name: adminUnits.name })
    .from(adminUnits)
    .where(and(inArray(adminUnits.level, ["province", "commune"]), withinUnits(adminUnits.path, scopes), sql`${adminUnits.validFrom} <= ${today} and (${adminUnits.validTo} is null or ${adminUnits.validTo} > ${today})`))
    .orderBy(sql`case when ${adminUnits.level} = 'province' then 0 else 1 end`, asc(adminUnits.name))
    .limit(2000);
}

export async function eventUnitPath(db: DbOrTx, eventId: number): Promise<string> {
  const [r] = await db.select({ path: adminUnits.path }).from(programmeEvents).innerJoin(adminUnits, eq(adminUnits.id, programmeEvents.unitId)).where(eq(programmeEvents.id, eventId)).limit(1);
  return r?.path ?? "";
}
