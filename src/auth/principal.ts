import { and, eq, gt, isNull, lte, or } from "drizzle-orm";
import type { DbOrTx } from "../db/client.js";
import { roleAssignments } from "../modules/accounts/schema.js";
import { adminUnits } from "../modules/units/schema.js";
import { agencies } from "../modules/tasks/schema.js";
import type { Grant, Principal } from "../domain/principal.js";

/**
 * The active grants of a user on `today` (the request's date), with each unit scope resolved to its dotted path.
 * A role held in a unit lapses with the unit: after the 2025 reform a district office's role acts no more (its
 * work passed to the successors, src/domain/successor.ts), and a role in a unit not yet in force acts not yet.
 * A role held for an agency lapses while the office has the agency marked inactive.
 */
export async function loadGrants(db: DbOrTx, userId: string, today: string): Promise<Grant[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      unitId: roleAssignments.unitId,
      producerId: roleAssignments.producerId,
      retailPointId: roleAssignments.retailPointId,
      agencyId: roleAssignments.agencyId,
      unitPath: adminUnits.path,
    })
    .from(roleAssignments)
    .leftJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .leftJoin(agencies, eq(agencies.id, roleAssignments.agencyId))
    .where(
      and(
        eq(roleAssignments.userId, userId),
        isNull(roleAssignments.revokedAt),
        or(isNull(roleAssignments.unitId), and(lte(adminUnits.validFrom, today), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today)))),
        or(isNull(roleAssignments.agencyId), eq(agencies.active, true)),
      ),
    )
    .orderBy(roleAssignments.id);
  return rows.map((r) => {
    const g: Grant = { role: r.role };
    if (r.unitId !== null) g.unitId = r.unitId;
    if (r.unitPath !== null) g.unitPath = r.unitPath;
    if (r.producerId !== null) g.producerId = r.producerId;
    if (r.retailPointId !== null) g.retailPointId = r.retailPointId;
    if (r.agencyId !== null) g.agencyId = r.agencyId;
    return g;
  });
}

export async function loadPrincipal(
  db: DbOrTx,
  user: { id: string; username: string; displayName: string; locale: "vi" | "en" },
  today: string,
): Promise<Principal> {
  return { userId: user.id, username: user.username, displayName: user.displayName, locale: user.locale, grants: await loadGrants(db, user.id, today) };
}
