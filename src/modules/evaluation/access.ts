import { and, asc, eq } from "drizzle-orm";
import { can } from "../../auth/policy.js";
import type { Principal } from "../../auth/types.js";
import type { DbOrTx } from "../../db/client.js";
import { notFound, unauthenticated } from "../../lib/problem.js";
import { users } from "../accounts/schema.js";
import { adminUnits } from "../units/schema.js";
import { loadDossier, type JoinedDossier } from "./dossier-service.js";
import { conflicts, councilMembers, evaluationRounds, roundDossiers } from "./schema.js";
import type { CouncilRole } from "../../domain/roles.js";

export type RoundRow = typeof evaluationRounds.$inferSelect;
export type RoundDossierRow = typeof roundDossiers.$inferSelect;
export type ConflictRow = typeof conflicts.$inferSelect;
export type Seat = { userId: string; displayName: string; role: CouncilRole };

export const roundNotFound = () => notFound({ vi: "đợt đánh giá", en: "The evaluation round" });
export const roundDossierNotFound = () => notFound({ vi: "hồ sơ trong đợt đánh giá", en: "The dossier in this round" });

export type LoadedRound = { r: RoundRow; unitPath: string; unitName: string; council: Seat[] };

export async function loadRound(db: DbOrTx, id: number): Promise<LoadedRound | undefined> {
  const [row] = await db
    .select({ r: evaluationRounds, unitPath: adminUnits.path, unitName: adminUnits.name })
    .from(evaluationRounds)
    .innerJoin(adminUnits, eq(adminUnits.id, evaluationRounds.unitId))
    .where(eq(evaluationRounds.id, id))
    .limit(1);
  if (!row) return undefined;
  const council = await db
    .select({ userId: councilMembers.userId, displayName: users.displayName, role: councilMembers.role })
    .from(councilMembers)
    .innerJoin(users, eq(users.id, councilMembers.userId))
    .where(eq(councilMembers.roundId, id))
    .orderBy(asc(councilMembers.role), asc(users.displayName));
  return { ...row, council };
}

/** Scoring seats: the chair and the members; the secretary keeps the record and does not score. */
export const scores = (s: Seat | undefined) => s?.role === "chair" || s?.role === "member";

export type RoundAccess = LoadedRound & { manager: boolean; seat: Seat | undefined };

/** The round, for its office (rounds.manage on its unit) or a seat on its council; 404 for anyone else. */
export async function roundAccess(db: DbOrTx, principal: Principal | null, roundId: number): Promise<RoundAccess> {
  if (!principal) throw unauthenticated();
  const round = await loadRound(db, roundId);
  if (!round) throw roundNotFound();
  const manager = can(principal, "rounds.manage", { unitPath: round.unitPath });
  const seat = round.council.find((s) => s.userId === principal.userId);
  if (!manager && !seat) throw roundNotFound();
  return { ...round, manager, seat };
}

export type RoundDossierAccess = RoundAccess & { rd: RoundDossierRow; dossier: JoinedDossier; conflicts: ConflictRow[]; recused: boolean };

/**
 * Who chairs this dossier: the person the office seated as acting chair (when the council's chair is
 * conflicted), or else the council's chair. Every chair's step — waivers, reopening, notes, elimination,
 * finalising — belongs to them, and the quorum counts their sheet as the chair's.
 */
export function dossierChairId(a: { council: Seat[]; rd: RoundDossierRow }): string | null {
  return a.rd.actingChairId ?? a.council.find((s) => s.role === "chair")?.userId ?? null;
}

/** A standing conflict: declared and not waived by the chair. */
export const standing = (c: ConflictRow) => c.waivedAt === null;

/**
 * One assigned dossier. A member with a standing conflict does not see it at all (404, like a dossier that
 * is not there), so neither its content nor the other members' sheets reach them.
 */
export async function roundDossierAccess(db: DbOrTx, principal: Principal | null, roundId: number, rdId: number): Promise<RoundDossierAccess> {
  const access = await roundAccess(db, principal, roundId);
  const [rd] = await db.select().from(roundDossiers).where(and(eq(roundDossiers.id, rdId), eq(roundDossiers.roundId, roundId))).limit(1);
  if (!rd) throw roundDossierNotFound();
  const cs = await db.select().from(conflicts).where(eq(conflicts.roundDossierId, rd.id));
  const recused = cs.some((c) => c.userId === principal!.userId && standing(c));
  if (recused && !access.manager) throw roundDossierNotFound();
  const dossier = (await loadDossier(db, rd.dossierId))!;
  return { ...access, rd, dossier, conflicts: cs, recused };
}
