import { and, asc, eq, inArray, isNull, or, gt } from "drizzle-orm";
import { unitContains, unitScopes } from "../../auth/policy.js";
import { withinUnits } from "../../auth/unit-filter.js";
import { vnToday } from "../../lib/dates.js";
import { forbidden, unauthenticated } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { rubricVersions } from "../rubrics/index.js";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";
import { roundAccess } from "./access.js";
import { dossiers } from "./schema.js";

/*
 * What the office needs to set a round up: the units it may open rounds for, the people it may seat on the
 * council, and the dossiers waiting for the round's level. The rules themselves stay in round-service.ts
 * (createRound, setCouncil, assignDossiers); these only list the choices those accept.
 */

export type UnitChoice = { id: number; name: string; level: "province" | "district" };

/** Province and (still existing) district units inside the caller's rounds.manage scopes. */
export async function roundUnitChoices({ ctx }: { ctx: ServiceCtx }): Promise<{ units: UnitChoice[]; rubricVersions: string[] }> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "rounds.manage");
  if (!scopes.length) throw forbidden({ vi: "Bạn không mở đợt đánh giá.", en: "You do not open evaluation rounds." });
  const today = vnToday(ctx.now);
  const rows = await ctx.db
    .select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level })
    .from(adminUnits)
    .where(and(withinUnits(adminUnits.path, scopes), inArray(adminUnits.level, ["province", "district"]), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today))))
    .orderBy(asc(adminUnits.level), asc(adminUnits.name));
  return { units: rows as UnitChoice[], rubricVersions: rubricVersions() };
}

export type Candidate = { userId: string; displayName: string };

/** People holding the council role in a unit that contains the round's unit (what setCouncil accepts). */
export async function councilCandidates({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number } }): Promise<Candidate[]> {
  const round = await roundAccess(ctx.db, ctx.principal, input.roundId);
  if (!round.manager) throw forbidden();
  const rows = await ctx.db
    .select({ userId: users.id, displayName: users.displayName, path: adminUnits.path })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.role, "council_member"), isNull(roleAssignments.revokedAt), isNull(users.disabledAt)))
    .orderBy(asc(users.displayName));
  const seen = new Set<string>();
  return rows.filter((r) => unitContains(r.path, round.unitPath) && !seen.has(r.userId) && seen.add(r.userId)).map(({ userId, displayName }) => ({ userId, displayName }));
}

export type WaitingDossier = { id: number; productName: string; communeName: string; criteriaSetId: number; kind: string };

/** Dossiers waiting for a round of this level in the round's unit, on the round's rubric version. */
export async function waitingDossiers({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number } }): Promise<WaitingDossier[]> {
  const round = await roundAccess(ctx.db, ctx.principal, input.roundId);
  if (!round.manager) throw forbidden();
  const rows = await ctx.db
    .select({ id: dossiers.id, productName: products.name, communeName: adminUnits.name, communePath: adminUnits.path, criteriaSetId: dossiers.criteriaSetId, kind: dossiers.kind })
    .from(dossiers)
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, dossiers.communeId))
    .where(and(inArray(dossiers.state, ["proposed", "forwarded"]), eq(dossiers.awaitingLevel, round.r.level), eq(dossiers.rubricVersion, round.r.rubricVersion), withinUnits(adminUnits.path, [round.unitPath])))
    .orderBy(asc(dossiers.id));
  return rows.map(({ communePath: _p, ...r }) => r);
}
