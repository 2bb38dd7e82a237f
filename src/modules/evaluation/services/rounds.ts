import { and, asc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { can, unitContains, unitScopes } from "../../../auth/policy.js";
import type { Principal } from "../../../domain/principal.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx, Tx } from "../../../db/client.js";
import { notInForceProblem, standInNote } from "../../../domain/successor.js";
import { vnToday } from "../../../lib/dates.js";
import { AppError, conflict, type FieldError, forbidden, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { roleAssignments, users } from "../../accounts/schema.js";
import { audit } from "../../audit/index.js";
import { products } from "../../products/schema.js";
import { rubricVersions } from "../../rubrics/index.js";
import { adminUnits } from "../../units/schema.js";
import { reformReach } from "../../units/index.js";
import { loadRound, roundAccess, standing, type LoadedRound } from "../queries.js";
import { loadDossier, loadDossierRow } from "../queries.js";
import type { AssignInput, Candidate, CouncilInput, CreateRoundInput, RoundDossierView, RoundView, UnitChoice, WaitingDossier } from "../inputs.js";
import { conflicts, councilMembers, dossierEvents, dossiers, evaluationRounds, roundDossiers, scoreSheets, type RoundLevel } from "../schema.js";
import { points, tenths } from "../../../domain/score-units.js";
import { rescoreExclusions } from "./appeals.js";

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/**
 * Which unit's council scores at each level: a district's, the province's, or for central rounds the country
 * unit, where the Ministry's office and the central council hold their roles (Art. 7.4a–b): the Ministry runs
 * them, not the province that sent the dossier.
 */
const LEVEL_UNIT: Record<RoundLevel, "district" | "province" | "country"> = { district: "district", province: "province", central: "country" };

/**
 * Whether a dossier lies within a round's reach. A central round reaches every dossier a province sent to the
 * central level (Art. 7.4a: the Ministry receives the provinces' dossiers), and only those: the country unit is
 * no province's parent, so nothing else of a province's work is within it.
 */
const reaches = (round: LoadedRound, dossierPath: string) => round.r.level === "central" || unitContains(round.unitPath, dossierPath);

export function roundView(principal: Principal | null, round: LoadedRound): RoundView {
  const r = round.r;
  return {
    id: r.id,
    unitId: r.unitId,
    unitName: round.unitName,
    level: r.level,
    name: r.name,
    opensOn: r.opensOn,
    closesOn: r.closesOn,
    rubricVersion: r.rubricVersion,
    quorum: { numerator: r.quorumNumerator, denominator: r.quorumDenominator },
    divergenceLimit: points(r.divergenceLimitTenths),
    bandEdge: points(r.bandEdgeTenths),
    council: round.council,
    myRole: round.council.find((s) => s.userId === principal?.userId)?.role ?? null,
  };
}

export async function createRound({ ctx, input }: { ctx: ServiceCtx; input: CreateRoundInput }): Promise<RoundView> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const [unit] = await tx
      .select({ path: adminUnits.path, level: adminUnits.level, name: adminUnits.name, validFrom: adminUnits.validFrom, validTo: adminUnits.validTo })
      .from(adminUnits)
      .where(eq(adminUnits.id, input.unitId))
      .limit(1);
    if (!unit || !can(principal, "rounds.manage", { unitPath: unit.path })) throw forbidden({ vi: "Bạn chỉ mở đợt đánh giá trong đơn vị của mình (tỉnh của mình; cấp trung ương: Bộ Nông nghiệp và Môi trường).", en: "You open rounds only in your own unit (your province; central rounds: the Ministry of Agriculture and Environment)." });
    if (unit.level !== LEVEL_UNIT[input.level]) {
      throw validationError([fieldError("unitId", "Đợt cấp huyện do hội đồng của một huyện chấm; đợt cấp tỉnh gắn với tỉnh; đợt cấp trung ương do Bộ Nông nghiệp và Môi trường tổ chức (đơn vị toàn quốc).", "A district round belongs to a district, a province round to the province; central rounds are run by the Ministry of Agriculture and Environment (the country unit).")]);
    }
    // A council sits for a unit in force when the round opens (an abolished district has none: QĐ 26/2026).
    const gone = notInForceProblem(unit, input.opensOn);
    if (gone) throw validationError([fieldError("unitId", gone.vi, gone.en)]);
    if (!rubricVersions().includes(input.rubricVersion)) throw validationError([fieldError("rubricVersion", "Không có phiên bản bộ tiêu chí này.", "There is no such criteria version.")]);
    const [row] = await tx
      .insert(evaluationRounds)
      .values({
        unitId: input.unitId,
        level: input.level,
        name: input.name,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        rubricVersion: input.rubricVersion,
        quorumNumerator: input.quorum.numerator,
        quorumDenominator: input.quorum.denominator,
        divergenceLimitTenths: tenths(input.divergenceLimit),
        bandEdgeTenths: tenths(input.bandEdge),
        createdBy: principal.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await audit(tx, ctx, { action: "round.create", subjectType: "evaluation_round", subjectId: row!.id, after: row! });
    return roundView(principal, (await loadRound(tx, row!.id))!);
  });
}

/** Rounds the caller runs (in its units) or sits on. */
export async function listRounds({ ctx }: { ctx: ServiceCtx }): Promise<RoundView[]> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "rounds.manage");
  const seated = await ctx.db.select({ id: councilMembers.roundId }).from(councilMembers).where(eq(councilMembers.userId, principal.userId));
  const managed = scopes.length
    ? await ctx.db.select({ id: evaluationRounds.id }).from(evaluationRounds).innerJoin(adminUnits, eq(adminUnits.id, evaluationRounds.unitId)).where(withinUnits(adminUnits.path, scopes))
    : [];
  const ids = [...new Set([...seated, ...managed].map((r) => r.id))].sort((a, b) => b - a);
  const out: RoundView[] = [];
  for (const id of ids) out.push(roundView(principal, (await loadRound(ctx.db, id))!));
  return out;
}

export async function getRound({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number } }): Promise<RoundView> {
  return roundView(ctx.principal, await roundAccess(ctx.db, ctx.principal, input.roundId));
}

async function lockRound(tx: Tx, ctx: ServiceCtx, roundId: number): Promise<LoadedRound> {
  await tx.select({ id: evaluationRounds.id }).from(evaluationRounds).where(eq(evaluationRounds.id, roundId)).for("update").limit(1);
  const access = await roundAccess(tx, ctx.principal, roundId);
  if (!access.manager) throw forbidden();
  return access;
}

/**
 * Forms (or re-forms) the council. Exactly one chair, at most one secretary; every seat must hold the council
 * role within the round's unit (a district's or the province's pool). Once a sheet has been submitted the
 * council is fixed, since the quorum of every result is counted against it.
 */
export async function setCouncil({ ctx, input }: { ctx: ServiceCtx; input: CouncilInput & { roundId: number } }): Promise<RoundView> {
  return ctx.db.transaction(async (tx) => {
    const round = await lockRound(tx, ctx, input.roundId);
    const errors: FieldError[] = [];
    const ids = input.members.map((m) => m.userId);
    if (new Set(ids).size !== ids.length) errors.push(fieldError("members", "Mỗi người chỉ giữ một vị trí trong hội đồng.", "Each person holds one seat on the council."));
    const chairs = input.members.filter((m) => m.role === "chair").length;
    if (chairs !== 1) errors.push(fieldError("members", "Hội đồng có đúng một chủ tịch.", "The council has exactly one chair."));
    if (input.members.filter((m) => m.role === "secretary").length > 1) errors.push(fieldError("members", "Hội đồng có tối đa một thư ký.", "The council has at most one secretary."));
    const held = await tx
      .select({ userId: roleAssignments.userId, path: adminUnits.path })
      .from(roleAssignments)
      .innerJoin(users, eq(users.id, roleAssignments.userId))
      .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
      .where(and(inArray(roleAssignments.userId, ids), eq(roleAssignments.role, "council_member"), isNull(roleAssignments.revokedAt), isNull(users.disabledAt)));
    input.members.forEach((m, i) => {
      if (!held.some((h) => h.userId === m.userId && unitContains(h.path, round.unitPath))) {
        errors.push(fieldError(`members.${i}.userId`, "Người này không giữ vai trò thành viên hội đồng ở đơn vị của đợt đánh giá.", "This person holds no council role for the round's unit."));
      }
    });
    // A round re-scoring an appealed result seats none of that result's scorers (services/appeals.ts).
    const excluded = new Set(await rescoreExclusions(tx, round.r.id));
    input.members.forEach((m, i) => {
      if (m.role !== "secretary" && excluded.has(m.userId)) errors.push(fieldError(`members.${i}.userId`, "Người này đã chấm kết quả đang được chấm lại theo khiếu nại.", "This person scored a result this round re-scores on appeal."));
    });
    if (errors.length) throw validationError(errors);
    const [submitted] = await tx
      .select({ id: scoreSheets.id })
      .from(scoreSheets)
      .innerJoin(roundDossiers, eq(roundDossiers.id, scoreSheets.roundDossierId))
      .where(and(eq(roundDossiers.roundId, round.r.id), eq(scoreSheets.state, "submitted")))
      .limit(1);
    if (submitted) {
      throw conflict("council-fixed", { vi: "Hội đồng đã bắt đầu chấm", en: "The council has started scoring" }, {
        vi: "Đã có phiếu chấm được nộp trong đợt này; không thể thay đổi thành phần hội đồng.",
        en: "A sheet has been submitted in this round; the council can no longer change.",
      });
    }
    await tx.delete(councilMembers).where(eq(councilMembers.roundId, round.r.id));
    await tx.insert(councilMembers).values(input.members.map((m) => ({ roundId: round.r.id, userId: m.userId, role: m.role, addedAt: ctx.now })));
    await audit(tx, ctx, { action: "round.council", subjectType: "evaluation_round", subjectId: round.r.id, before: round.council.map(({ userId, role }) => ({ userId, role })), after: input.members });
    return roundView(ctx.principal, (await loadRound(tx, round.r.id))!);
  });
}

/** Puts dossiers waiting for this level into the round (assignDossierTx); all or nothing. */
export async function assignDossiers({ ctx, input }: { ctx: ServiceCtx; input: AssignInput & { roundId: number } }): Promise<RoundDossierView[]> {
  return ctx.db.transaction(async (tx) => {
    const round = await lockRound(tx, ctx, input.roundId);
    const ids = [...new Set(input.dossierIds)].sort((a, b) => a - b);
    await tx.select({ id: dossiers.id }).from(dossiers).where(inArray(dossiers.id, ids)).orderBy(asc(dossiers.id)).for("update");
    const errors: FieldError[] = [];
    for (const id of ids) {
      const refusal = await assignDossierTx(tx, ctx, round, id, null);
      if (refusal) errors.push(fieldError(`dossierIds.${input.dossierIds.indexOf(id)}`, refusal.vi, refusal.en));
    }
    if (errors.length) {
      throw new AppError(409, "assign-refused", { vi: "Không đưa được hồ sơ vào đợt", en: "The dossiers could not be assigned" }, { vi: "Không hồ sơ nào được đưa vào đợt.", en: "No dossier was assigned." }, { errors });
    }
    return listRoundDossiersTx(tx, ctx.principal, round.r.id);
  });
}

/**
 * Assigns one locked dossier: it must wait for this round's level, lie in the round's unit and use the round's
 * rubric version. Returns the refusal, or null once the assignment, the dossier's state, its event and the
 * audit record are written. Also used when a result forwards a dossier to a named round.
 *
 * A dossier waiting for a district council whose district had ended by the round's opening day (the 2025
 * reform; the council task has no commune successor) is taken by a province round instead, noted in its history.
 */
export async function assignDossierTx(tx: Tx, ctx: ServiceCtx, round: LoadedRound, dossierId: number, forwardedFrom: number | null): Promise<{ vi: string; en: string } | null> {
  const d = await loadDossier(tx, dossierId, round.r.opensOn);
  if (!d || !reaches(round, d.unitPath)) return { vi: `Không có hồ sơ số ${dossierId} trong đơn vị của đợt.`, en: `Dossier ${dossierId} is not in the round's unit.` };
  const passed = d.stewards?.districtPassed ?? null;
  const takesOver = round.r.level === "province" && d.d.awaitingLevel === "district" && passed !== null;
  if ((d.d.state !== "proposed" && d.d.state !== "forwarded") || (d.d.awaitingLevel !== round.r.level && !takesOver)) {
    return { vi: `Hồ sơ "${d.productName}" không chờ đánh giá ở cấp này.`, en: `Dossier "${d.productName}" is not waiting for this level.` };
  }
  if (d.d.rubricVersion !== round.r.rubricVersion) {
    return { vi: `Hồ sơ "${d.productName}" dùng bộ tiêu chí ${d.d.rubricVersion}, đợt dùng ${round.r.rubricVersion}.`, en: `Dossier "${d.productName}" uses criteria ${d.d.rubricVersion}; the round uses ${round.r.rubricVersion}.` };
  }
  const [rd] = await tx.insert(roundDossiers).values({ roundId: round.r.id, dossierId, forwardedFrom, assignedBy: ctx.principal?.userId ?? null, assignedAt: ctx.now }).returning();
  await tx.update(dossiers).set({ state: "in_round", awaitingLevel: null, updatedAt: ctx.now }).where(eq(dossiers.id, dossierId));
  const note = takesOver ? standInNote(passed.name, passed.validTo) : null;
  await tx.insert(dossierEvents).values({ dossierId, attempt: d.d.attempt, kind: "assign", fromState: d.d.state, toState: "in_round", actorId: ctx.principal?.userId ?? null, actorRole: round.r.level === "central" ? "ministry_office" : "province_office", reason: note, at: ctx.now });
  await audit(tx, ctx, { action: "round.assign", subjectType: "round_dossier", subjectId: rd!.id, after: { roundId: round.r.id, dossierId, level: round.r.level, forwardedFrom, ...(note ? { inPlaceOf: { unitId: passed!.districtId, level: "district", note } } : {}) } });
  return null;
}

async function listRoundDossiersTx(db: DbOrTx, principal: Principal | null, roundId: number): Promise<RoundDossierView[]> {
  const rows = await db
    .select({ rd: roundDossiers, criteriaSetId: dossiers.criteriaSetId })
    .from(roundDossiers)
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .where(eq(roundDossiers.roundId, roundId))
    .orderBy(asc(roundDossiers.id));
  const rdIds = rows.map((r) => r.rd.id);
  const cs = rdIds.length ? await db.select().from(conflicts).where(and(inArray(conflicts.roundDossierId, rdIds), eq(conflicts.userId, principal?.userId ?? ""))) : [];
  const sheets = rdIds.length ? await db.select({ rdId: scoreSheets.roundDossierId, state: scoreSheets.state }).from(scoreSheets).where(and(inArray(scoreSheets.roundDossierId, rdIds), eq(scoreSheets.userId, principal?.userId ?? ""))) : [];
  const [chair] = await db.select({ userId: councilMembers.userId }).from(councilMembers).where(and(eq(councilMembers.roundId, roundId), eq(councilMembers.role, "chair")));
  const chairId = chair?.userId ?? null;
  const out: RoundDossierView[] = [];
  for (const { rd, criteriaSetId } of rows) {
    const d = (await loadDossierRow(db, rd.dossierId))!;
    out.push({
      id: rd.id,
      roundId: rd.roundId,
      dossierId: rd.dossierId,
      productName: d.productName,
      criteriaSetId,
      forwardedFrom: rd.forwardedFrom,
      final: rd.finalisedAt !== null,
      chairId: rd.actingChairId ?? chairId,
      eliminated: rd.eliminatedAt !== null,
      myConflict: cs.some((c) => c.roundDossierId === rd.id && standing(c)),
      mySheet: sheets.find((s) => s.rdId === rd.id)?.state ?? null,
    });
  }
  return out;
}

/** The round's dossiers; a member's standing conflicts are listed as such (without opening them). */
export async function listRoundDossiers({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number } }): Promise<RoundDossierView[]> {
  await roundAccess(ctx.db, ctx.principal, input.roundId);
  return listRoundDossiersTx(ctx.db, ctx.principal, input.roundId);
}

// ---- setting a round up -----------------------------------------------------------------------------------

/*
 * What the office needs to set a round up: the units it may open rounds for, the people it may seat on the
 * council, and the dossiers waiting for the round's level. The rules themselves are the verbs above
 * (createRound, setCouncil, assignDossiers); these only list the choices those accept.
 */

/** The country unit, province and (still existing) district units inside the caller's rounds.manage scopes. */
export async function roundUnitChoices({ ctx }: { ctx: ServiceCtx }): Promise<{ units: UnitChoice[]; rubricVersions: string[] }> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "rounds.manage");
  if (!scopes.length) throw forbidden({ vi: "Bạn không mở đợt đánh giá.", en: "You do not open evaluation rounds." });
  const today = vnToday(ctx.now);
  const rows = await ctx.db
    .select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level })
    .from(adminUnits)
    .where(and(withinUnits(adminUnits.path, scopes), inArray(adminUnits.level, ["country", "province", "district"]), or(isNull(adminUnits.validTo), gt(adminUnits.validTo, today))))
    .orderBy(asc(adminUnits.level), asc(adminUnits.name));
  return { units: rows as UnitChoice[], rubricVersions: rubricVersions() };
}

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

/** Dossiers waiting for a round of this level in the round's unit, on the round's rubric version. */
export async function waitingDossiers({ ctx, input }: { ctx: ServiceCtx; input: { roundId: number } }): Promise<WaitingDossier[]> {
  const round = await roundAccess(ctx.db, ctx.principal, input.roundId);
  if (!round.manager) throw forbidden();
  // A province round also takes the dossiers waiting for a district council that had ended by its opening day.
  const passed = round.r.level === "province" ? (await reformReach(ctx.db, round.unitPath, round.r.opensOn)).passedDistrictIds : [];
  const level = passed.length ? or(eq(dossiers.awaitingLevel, round.r.level), and(eq(dossiers.awaitingLevel, "district"), inArray(adminUnits.parentId, passed))) : eq(dossiers.awaitingLevel, round.r.level);
  const rows = await ctx.db
    .select({ id: dossiers.id, productName: products.name, communeName: adminUnits.name, communePath: adminUnits.path, criteriaSetId: dossiers.criteriaSetId, kind: dossiers.kind })
    .from(dossiers)
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, dossiers.communeId))
    .where(and(inArray(dossiers.state, ["proposed", "forwarded"]), level, eq(dossiers.rubricVersion, round.r.rubricVersion), round.r.level === "central" ? undefined : withinUnits(adminUnits.path, [round.unitPath])))
    .orderBy(asc(dossiers.id));
  return rows.map(({ communePath: _p, ...r }) => r);
}
