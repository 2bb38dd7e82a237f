import { and, asc, eq, inArray, isNull, lte, min, or, sql } from "drizzle-orm";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { type IndicatorRule, OCOP_OFFICIAL_ROLES, type ProgrammeFacts, TRAINING_KINDS } from "../../../domain/programme-indicators.js";
import { vnToday } from "../../../lib/dates.js";
import { roleAssignments, users } from "../../accounts/schema.js";
import { eventsOf, toDomainEvents } from "../../certificates/index.js";
import { certificates } from "../../certificates/schema.js";
import { producers } from "../../producers/schema.js";
import { products } from "../../products/schema.js";
import { retailPoints } from "../../retail/schema.js";
import { adminUnits } from "../../units/schema.js";
import { programmeEvents, programmeParticipants } from "../schema.js";

/*
 * The registry's facts a plan's rules read, for one province, as they stood on `asOf` (a Vietnam date). Only the
 * kinds of facts the plan's rules need are read. Timestamps become Vietnam dates here (vnToday), once, so the
 * year boundary is the one people live by.
 */

type Need = keyof ProgrammeFacts;
const NEEDS: Record<IndicatorRule, Need[]> = {
  certified_in_year: ["certificates"],
  producers_strengthened: ["certificates", "producers"],
  producers_new: ["producers"],
  retail_points_new: ["retailPoints"],
  officials_trained: ["officials", "training"],
  producers_trained: ["participants", "training"],
  base_year_kept: ["certificates"],
  base_year_upgraded: ["certificates"],
};

export async function loadFacts(db: DbOrTx, provincePath: string, asOf: string, rules: readonly IndicatorRule[]): Promise<ProgrammeFacts> {
  const need = new Set(rules.flatMap((r) => NEEDS[r]));
  const scope = [provincePath];
  const facts: { -readonly [K in Need]: ProgrammeFacts[K] } = { certificates: [], producers: [], retailPoints: [], officials: [], participants: [], training: [] };

  if (need.has("certificates")) {
    const rows = await db
      .select({ id: certificates.id, productId: certificates.productId, productName: certificates.productName, producerId: certificates.producerId, communeId: certificates.communeId, stars: certificates.stars, decisionDate: certificates.decisionDate, expiresOn: certificates.expiresOn })
      .from(certificates)
      .innerJoin(adminUnits, eq(adminUnits.id, certificates.communeId))
      .where(and(withinUnits(adminUnits.path, scope), lte(certificates.decisionDate, asOf)))
      .orderBy(asc(certificates.id));
    const events = await eventsOf(db, rows.map((r) => r.id));
    facts.certificates = rows.map(({ expiresOn, ...r }) => ({ ...r, ...(expiresOn ? { expiresOn } : {}), events: toDomainEvents(events.get(r.id) ?? []) }));
  }
  if (need.has("producers")) {
    const rows = await db.select({ id: producers.id, name: producers.name, communeId: producers.communeId, createdAt: producers.createdAt }).from(producers).innerJoin(adminUnits, eq(adminUnits.id, producers.communeId)).where(withinUnits(adminUnits.path, scope)).orderBy(asc(producers.id));
    facts.producers = rows.map((r) => ({ id: r.id, name: r.name, communeId: r.communeId, registeredOn: vnToday(r.createdAt) }));
  }
  if (need.has("retailPoints")) {
    const rows = await db.select({ id: retailPoints.id, name: retailPoints.name, communeId: retailPoints.communeId, createdAt: retailPoints.createdAt }).from(retailPoints).innerJoin(adminUnits, eq(adminUnits.id, retailPoints.communeId)).where(withinUnits(adminUnits.path, scope)).orderBy(asc(retailPoints.id));
    facts.retailPoints = rows.map((r) => ({ id: r.id, name: r.name, communeId: r.communeId, registeredOn: vnToday(r.createdAt) }));
  }
  if (need.has("officials")) {
    // An official counts unless the role was revoked (or the account disabled) by asOf, in a unit in force that day.
    // Grant dates are not read: roles given before this registry existed carry the day they were entered.
    const rows = await db
      .select({ userId: roleAssignments.userId, name: users.displayName, unitId: adminUnits.id, level: adminUnits.level, revokedAt: roleAssignments.revokedAt, disabledAt: users.disabledAt })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
      .where(and(inArray(roleAssignments.role, [...OCOP_OFFICIAL_ROLES]), withinUnits(adminUnits.path, scope), lte(adminUnits.validFrom, asOf), or(isNull(adminUnits.validTo), sql`${adminUnits.validTo} > ${asOf}`)))
      .orderBy(asc(roleAssignments.id));
    const byUser = new Map<string, { userId: string; name: string; communeId: number | null }>();
    for (const r of rows) {
      if ((r.revokedAt && vnToday(r.revokedAt) <= asOf) || (r.disabledAt && vnToday(r.disabledAt) <= asOf)) continue;
      const communeId = r.level === "commune" ? r.unitId : null;
      const had = byUser.get(r.userId);
      if (!had || (had.communeId === null && communeId !== null)) byUser.set(r.userId, { userId: r.userId, name: r.name, communeId });
    }
    facts.officials = [...byUser.values()];
  }
  if (need.has("participants")) {
    const rows = await db
      .select({ producerId: producers.id, name: producers.name, communeId: producers.communeId, since: min(products.createdAt) })
      .from(products)
      .innerJoin(producers, eq(producers.id, products.producerId))
      .innerJoin(adminUnits, eq(adminUnits.id, producers.communeId))
      .where(withinUnits(adminUnits.path, scope))
      .groupBy(producers.id, producers.name, producers.communeId)
      .orderBy(asc(producers.id));
    facts.participants = rows.map((r) => ({ producerId: r.producerId, name: r.name, communeId: r.communeId, since: vnToday(new Date(r.since as unknown as string | Date)) }));
  }
  if (need.has("training")) {
    const rows = await db
      .select({ userId: programmeParticipants.userId, producerId: programmeParticipants.producerId, on: programmeEvents.startsOn, eventId: programmeEvents.id })
      .from(programmeParticipants)
      .innerJoin(programmeEvents, eq(programmeEvents.id, programmeParticipants.eventId))
      .where(and(inArray(programmeEvents.kind, [...TRAINING_KINDS]), lte(programmeEvents.startsOn, asOf)));
    facts.training = rows;
  }
  return facts;
}

/** Names of the units the records lie in, for the figures per commune. */
export async function unitNames(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: adminUnits.id, name: adminUnits.name }).from(adminUnits).where(inArray(adminUnits.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The dotted paths of the given units (for scope checks of a commune's figures). */
export async function unitPaths(db: DbOrTx, ids: readonly number[]): Promise<Map<number, string>> {
  const uniq = [...new Set(ids)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ id: adminUnits.id, path: adminUnits.path }).from(adminUnits).where(inArray(adminUnits.id, uniq));
  return new Map(rows.map((r) => [r.id, r.path]));
}
