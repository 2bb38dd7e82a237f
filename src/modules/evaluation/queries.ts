import { aliasedTable, and, asc, count, desc, eq, gte, inArray, isNull, lte, ne, notExists, or, type SQL } from "drizzle-orm";
import { can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import type { DbOrTx, Tx } from "../../db/client.js";
import { dossierActions, isDossierEditable, type DossierAction } from "../../domain/dossier-workflow.js";
import type { CouncilRole } from "../../domain/roles.js";
import { points } from "../../domain/score-units.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { conflict, forbidden, notFound, unauthenticated } from "../../lib/problem.js";
import { users } from "../accounts/schema.js";
import { storedFiles } from "../files/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { products } from "../products/schema.js";
import { loadRubric, optionOf, scoreSheet, walkNodes } from "../rubrics/index.js";
import { adminUnits } from "../units/schema.js";
import { reachOfGrants, stewardsOf, type Stewards } from "../units/index.js";
import { vnToday } from "../../lib/dates.js";
import { withinReach } from "../../auth/workflow-access.js";
import type { DossierDetail, DossierView, ListDossiersQuery, SheetView } from "./inputs.js";
import type { MinutesData } from "./pdf/minutes.js";
import type { SheetData } from "./pdf/sheet.js";
import { conflicts, councilMembers, dossierEvidence, dossiers, evaluationRounds, roundDossiers, roundResults, scoreSheets } from "./schema.js";
import type { WaitingWork, WorkCounter } from "../../web/work-queue.js";
import { carryForwardOf, documentChecks, evidenceOf } from "./queries/carry-forward.js";

/*
 * The area's reads: rounds and the caller's seat on them, dossiers joined with their product, producer and
 * commune, the dossier read models, and the loaders of the PDF records. Verbs in services/ share them, so no
 * service imports another for a loader.
 */

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
  // Access goes through the round (its office or a seat), not the dossier's unit: no stewards needed here.
  const dossier = (await loadDossierRow(db, rd.dossierId))!;
  return { ...access, rd, dossier, conflicts: cs, recused };
}

export type DossierRow = typeof dossiers.$inferSelect;

export const dossierNotFound = () => notFound({ vi: "hồ sơ sản phẩm", en: "The product dossier" });

const commune = aliasedTable(adminUnits, "dossier_commune");

function selectDossiers(db: DbOrTx) {
  return db
    .select({ d: dossiers, productName: products.name, productCode: products.code, producerName: producers.name, communeName: commune.name, unitPath: commune.path })
    .from(dossiers)
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(producers, eq(producers.id, dossiers.producerId))
    .innerJoin(commune, eq(commune.id, dossiers.communeId));
}
export type JoinedDossier = {
  d: DossierRow;
  productName: string;
  productCode: string;
  producerName: string;
  communeName: string;
  unitPath: string;
  successorPaths?: string[];
  /** Who looks after the dossier's commune and district on the date it was read (src/domain/successor.ts). */
  stewards?: Stewards;
};

/** A dossier filed in a former commune is handled by the commune(s) that succeeded it (src/domain/successor.ts). */
export const dossierResource = (r: { unitPath: string; successorPaths?: string[] | undefined; d: { producerId: number } }) => ({
  unitPath: r.unitPath,
  ...(r.successorPaths?.length ? { successorPaths: r.successorPaths } : {}),
  producerId: r.d.producerId,
});

/** The role through which the principal takes dossier steps here: the producer's member or the commune officer. */
export function actingRoles(principal: Principal | null, r: JoinedDossier) {
  const roles: ("producer_member" | "commune_officer")[] = [];
  if (can(principal, "dossiers.author", dossierResource(r))) roles.push("producer_member");
  if (can(principal, "dossiers.review", dossierResource(r))) roles.push("commune_officer");
  return roles;
}

/**
 * Whether the principal's commune step on this dossier stands in for its ended commune: no review grant in the
 * dossier's own unit, only in a successor's. Returns the ended commune, named in the event's note.
 */
export function communeStandIn(principal: Principal | null, r: JoinedDossier) {
  if (!r.stewards?.formerCommune) return null;
  return can(principal, "dossiers.review", { unitPath: r.unitPath }) ? null : r.stewards.formerCommune;
}

function dossierView(principal: Principal | null, r: JoinedDossier): DossierView {
  const d = r.d;
  const actions = new Set<DossierAction>();
  for (const role of actingRoles(principal, r)) for (const a of dossierActions(d.state, { chain: d.chain, role })) actions.add(a);
  return {
    id: d.id,
    productId: d.productId,
    productName: r.productName,
    productCode: r.productCode,
    producerId: d.producerId,
    producerName: r.producerName,
    communeId: d.communeId,
    communeName: r.communeName,
    chain: d.chain,
    criteriaSetId: d.criteriaSetId,
    rubricVersion: d.rubricVersion,
    kind: d.kind,
    state: d.state,
    attempt: d.attempt,
    representativeName: d.representativeName,
    representativePosition: d.representativePosition,
    phone: d.phone,
    email: d.email,
    sampleCount: d.sampleCount,
    changes: d.changes,
    communeReview: d.communeReview ?? null,
    awaitingLevel: d.awaitingLevel,
    lastReason: d.lastReason,
    actions: [...actions],
    editable: isDossierEditable(d.state) && can(principal, "dossiers.author", dossierResource(r)),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The dossier joined with its product, producer and commune, as stored (for paths that check access elsewhere). */
export async function loadDossierRow(db: DbOrTx, id: number): Promise<JoinedDossier | undefined> {
  const [r] = await selectDossiers(db).where(eq(dossiers.id, id)).limit(1);
  return r;
}

async function withStewards(db: DbOrTx, r: JoinedDossier, today: string): Promise<JoinedDossier> {
  const stewards = await stewardsOf(db, r.d.communeId, today);
  return { ...r, stewards, ...(stewards.successorPaths.length ? { successorPaths: stewards.successorPaths } : {}) };
}

/**
 * The dossier as it stands on `today`, the request's date (ctx.now): a dossier filed in a former commune is
 * handled by the commune(s) that succeeded it then, and a district's council task by the province.
 */
export async function loadDossier(db: DbOrTx, id: number, today: string): Promise<JoinedDossier | undefined> {
  const r = await loadDossierRow(db, id);
  return r ? withStewards(db, r, today) : r;
}

/** A dossier the principal may read through policy (producer, officials in its unit); others get 404. */
export async function readableDossier(db: DbOrTx, principal: Principal | null, id: number, today: string): Promise<JoinedDossier> {
  if (!principal) throw unauthenticated();
  const r = await loadDossier(db, id, today);
  if (!r || !can(principal, "dossiers.read", dossierResource(r))) throw dossierNotFound();
  return r;
}

export function selfScoreOf(d: DossierRow) {
  const s = scoreSheet(loadRubric(d.rubricVersion, d.criteriaSetId), d.selfChoices);
  return { choices: d.selfChoices, notes: d.selfNotes, total: s.total, partTotals: s.partTotals, missing: s.missing, unmetStarMinimums: s.unmetStarMinimums, notAssessed: s.notAssessed };
}

export { evidenceOf } from "./queries/carry-forward.js";

/** The dossier as its readers see it on `today`: evidence with its validity, the required documents, the carry-forward. */
export async function dossierDetail(db: DbOrTx, principal: Principal | null, r: JoinedDossier, today: string): Promise<DossierDetail> {
  const evidence = await evidenceOf(db, r.d.id, today);
  return { ...dossierView(principal, r), selfScore: selfScoreOf(r.d), evidence, documents: documentChecks(r.d, evidence, today), carryForward: await carryForwardOf(db, r.d, evidence) };
}

// ---- reading ---------------------------------------------------------------------------------------------

/** Dossiers in the caller's unit scopes (and the former communes they succeeded), or of its own producers. */
function readable(principal: Principal | null, reach: Awaited<ReturnType<typeof reachOfGrants>>): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "dossiers.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(scopes.length ? withinReach({ unitPath: commune.path, communeId: dossiers.communeId }, scopes, reach) : undefined, own.length ? inArray(dossiers.producerId, own) : undefined);
}

export async function listDossiers({ ctx, input }: { ctx: ServiceCtx; input: ListDossiersQuery }) {
  if (!ctx.principal) throw unauthenticated();
  const today = vnToday(ctx.now);
  const reach = await reachOfGrants(ctx.db, ctx.principal.grants, today);
  const where = and(
    readable(ctx.principal, reach),
    input.state ? eq(dossiers.state, input.state) : undefined,
    input.awaitingLevel ? eq(dossiers.awaitingLevel, input.awaitingLevel) : undefined,
    input.productId ? eq(dossiers.productId, input.productId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectDossiers(ctx.db).where(where).orderBy(desc(dossiers.id)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(dossiers).innerJoin(commune, eq(commune.id, dossiers.communeId)).where(where),
  ]);
  return { items: (await Promise.all(rows.map((r) => withStewards(ctx.db, r, today)))).map((r) => dossierView(ctx.principal, r)), total: total?.n ?? 0 };
}

export async function getDossier({ ctx, input }: { ctx: ServiceCtx; input: { dossierId: number } }): Promise<DossierDetail> {
  return dossierDetail(ctx.db, ctx.principal, await readableDossier(ctx.db, ctx.principal, input.dossierId, vnToday(ctx.now)), vnToday(ctx.now));
}

/** An evidence file's bytes, for whoever may read the dossier (councils read through their round). */
export async function evidenceFile(db: DbOrTx, dossierId: number, evidenceId: number) {
  const [f] = await db
    .select({ name: storedFiles.name, contentType: storedFiles.contentType, bytes: storedFiles.bytes })
    .from(dossierEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, dossierEvidence.fileId))
    .where(and(eq(dossierEvidence.dossierId, dossierId), eq(dossierEvidence.id, evidenceId)))
    .limit(1);
  if (!f) throw notFound({ vi: "tệp minh chứng", en: "The evidence file" });
  return f;
}

/*
 * The loaders turn the stored record (the round, its council, the final result row and its summary as kept at
 * finalisation, the sheets) into the plain data the PDF builders print. Access is checked by the caller.
 */

export const resultNotFinal = () =>
  conflict("result-not-final", { vi: "Kết quả chưa chốt", en: "The result is not final" }, {
    vi: "Biên bản họp Hội đồng chỉ được lập sau khi Chủ tịch Hội đồng chốt kết quả.",
    en: "The council's minutes exist only once the chair has finalised the result.",
  });

async function finalResult(db: DbOrTx, rdId: number) {
  const [row] = await db.select().from(roundResults).where(eq(roundResults.roundDossierId, rdId)).limit(1);
  return row;
}

async function names(db: DbOrTx, a: RoundDossierAccess, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const out = new Map(a.council.map((s) => [s.userId, s.displayName]));
  const missing = [...new Set(ids.filter((i): i is string => !!i && !out.has(i)))];
  if (missing.length) for (const u of await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, missing))) out.set(u.id, u.name);
  return out;
}

function roundInfo(a: RoundDossierAccess) {
  const rubric = loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId);
  return {
    rubric,
    round: { id: a.r.id, name: a.r.name, level: a.r.level, unitName: a.unitName, opensOn: a.r.opensOn, closesOn: a.r.closesOn, rubricVersion: a.r.rubricVersion, legalBasis: rubric.legalBasis.vi, setTitle: rubric.title.vi },
  };
}

const product = (a: RoundDossierAccess) => ({ name: a.dossier.productName, code: a.dossier.productCode, producerName: a.dossier.producerName, communeName: a.dossier.communeName, dossierId: a.dossier.d.id });

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/** The minutes of a final result; 409 while the result is not final. */
export async function loadMinutes(db: DbOrTx, a: RoundDossierAccess): Promise<MinutesData> {
  const result = await finalResult(db, a.rd.id);
  if (!result) throw resultNotFinal();
  const s = result.summary as {
    median?: unknown;
    spread?: unknown;
    quorum?: { eligible: number; counted: number; needed: number; met: boolean };
    stars?: { bandStars?: unknown; qualifiedStars?: unknown };
    sheets?: { sheetId: number; userId: string; totalTenths: number }[];
  };
  const who = await names(db, a, [result.finalisedBy, a.rd.actingChairId, ...a.conflicts.map((c) => c.waivedBy)]);
  const { round, rubric } = roundInfo(a);
  const chairId = dossierChairId(a);
  const rule = rubric.eliminationRules.find((e) => e.id === a.rd.eliminationRuleId);
  return {
    round,
    council: a.council.map((c) => ({ role: c.role, name: c.displayName })),
    conflicts: a.conflicts.map((c) => ({ memberName: who.get(c.userId) ?? c.userId, reason: c.reason, declaredAt: c.declaredAt, waived: c.waivedAt !== null, waivedByName: c.waivedBy ? (who.get(c.waivedBy) ?? null) : null, waiverReason: c.waiverReason })),
    product: product(a),
    totals: (s.sheets ?? []).map((x) => ({ name: who.get(x.userId) ?? x.userId, role: x.userId === chairId ? "chair" : "member", total: points(x.totalTenths) })),
    officialScore: result.officialScore ?? null,
    actingChair: a.rd.actingChairId ? { name: who.get(a.rd.actingChairId) ?? a.rd.actingChairId, reason: a.rd.actingChairReason } : null,
    elimination: a.rd.eliminatedAt && a.rd.eliminationRuleId ? { ruleId: a.rd.eliminationRuleId, rule: rule?.vi ?? "", note: a.rd.eliminationNote ?? "" } : null,
    median: num(s.median),
    spread: num(s.spread),
    quorum: s.quorum ?? { eligible: 0, counted: (s.sheets ?? []).length, needed: 0, met: true },
    discussionNote: a.rd.discussionNote,
    chairNote: a.rd.chairNote,
    stars: result.stars ?? 0,
    bandStars: num(s.stars?.bandStars),
    qualifiedStars: num(s.stars?.qualifiedStars),
    certifiable: result.certifiable === "true",
    forwardTo: result.forwardTo === "province" || result.forwardTo === "central" ? result.forwardTo : null,
    finalisedAt: result.finalisedAt,
    finalisedByName: who.get(result.finalisedBy) ?? result.finalisedBy,
    audit: { hash: result.auditHash, seq: result.auditSeq },
  };
}

/** One member's sheet, as the sheets endpoint returned it to the caller (so the same visibility rules hold). */
export async function loadSheet(db: DbOrTx, a: RoundDossierAccess, v: SheetView): Promise<SheetData> {
  const result = await finalResult(db, a.rd.id);
  const { rubric, round } = roundInfo(a);
  const seat = a.council.find((c) => c.userId === v.userId);
  const memberName = v.memberName ?? (await names(db, a, [v.userId])).get(v.userId ?? "") ?? "";
  return {
    round,
    product: product(a),
    member: { name: memberName, role: seat && seat.userId === dossierChairId(a) ? "chair" : "member" },
    sheet: { id: v.id, state: v.state, version: v.version, submittedAt: v.submittedAt ? new Date(v.submittedAt) : null, total: v.total, partTotals: v.partTotals },
    parts: rubric.parts.map((p) => ({
      id: p.id,
      title: p.title.vi,
      maxPoints: p.maxPoints,
      items: [...walkNodes(p.criteria)]
        .filter((n) => n.options)
        .map((n) => {
          const choice = v.choices[n.id];
          const o = choice === undefined ? undefined : optionOf(n as typeof n & { options: NonNullable<typeof n.options> }, choice);
          const skipped = v.notAssessed.find((x) => x.item === n.id);
          return {
            id: n.id,
            title: n.title,
            maxPoints: n.maxPoints,
            option: o && !skipped ? { text: o.text, points: o.points } : null,
            notAssessed: skipped ? (skipped.reason === "stopped" ? `Không đánh giá: đã dừng đánh giá tại tiêu chí ${skipped.by} (0 điểm)` : `Không áp dụng: tiêu chí ${skipped.by} được 0 điểm (0 điểm)`) : null,
            note: v.notes[n.id] ?? null,
            evidence: v.evidence[n.id] ?? null,
          };
        }),
    })),
    audit: result ? { hash: result.auditHash, seq: result.auditSeq } : null,
  };
}

export const alreadyFinal = () =>
  conflict("result-final", { vi: "Kết quả đã chốt", en: "The result is final" }, { vi: "Kết quả của hồ sơ này trong đợt đã chốt; không thể thay đổi.", en: "This dossier's result in the round is final; nothing can change." });

/** Locks the assignment row, so steps on one dossier's scoring and its finalisation run one at a time. */
export async function lockRoundDossier(tx: Tx, ctx: ServiceCtx, roundId: number, rdId: number): Promise<RoundDossierAccess> {
  await tx.select({ id: roundDossiers.id }).from(roundDossiers).where(eq(roundDossiers.id, rdId)).for("update").limit(1);
  return roundDossierAccess(tx, ctx.principal, roundId, rdId);
}

/** The caller chairs this dossier (the council's chair, or the acting chair seated for it) and is not conflicted. */
export const isChair = (a: RoundDossierAccess) => !!a.seat && !a.recused && a.seat.userId === dossierChairId(a);

/**
 * The home page's counts: dossiers waiting for the commune's review (/dossiers?state=submitted), a producer's
 * dossiers sent back to it (/dossiers?state=returned), and the sheets a council member still has to submit in
 * rounds open today (/rounds).
 */
export const evaluationWaiting: WorkCounter = async (ctx) => {
  const out: WaitingWork[] = [];
  const p = ctx.principal;
  if (!p) return out;
  const total = async (state: "submitted" | "returned") => (await listDossiers({ ctx, input: { state, limit: 1, offset: 0 } })).total;
  if (unitScopes(p, "dossiers.review").length) out.push({ href: "/dossiers?state=submitted", label: { vi: "hồ sơ sản phẩm chờ xã xem xét, đề xuất", en: "product dossiers waiting for the commune's review" }, count: await total("submitted") });
  if (ownProducerIds(p).length) out.push({ href: "/dossiers?state=returned", label: { vi: "hồ sơ bị trả lại, cần bổ sung", en: "dossiers returned for completion" }, count: await total("returned"), tone: "warn" });
  if (p.grants.some((g) => g.role === "council_member")) out.push({ href: "/rounds", label: { vi: "phiếu chấm điểm bạn chưa nộp", en: "score sheets you have not submitted" }, count: await sheetsToScore(ctx.db, p.userId, vnToday(ctx.now)) });
  return out;
};

/** Dossiers of rounds open today where the member holds a scoring seat, has no unwaived conflict and has not submitted a sheet, and no result is final. */
export async function sheetsToScore(db: DbOrTx, userId: string, today: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(roundDossiers)
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .innerJoin(councilMembers, and(eq(councilMembers.roundId, evaluationRounds.id), eq(councilMembers.userId, userId)))
    .where(
      and(
        ne(councilMembers.role, "secretary"),
        lte(evaluationRounds.opensOn, today),
        gte(evaluationRounds.closesOn, today),
        isNull(roundDossiers.finalisedAt),
        notExists(db.select({ x: conflicts.id }).from(conflicts).where(and(eq(conflicts.roundDossierId, roundDossiers.id), eq(conflicts.userId, userId), isNull(conflicts.waivedAt)))),
        notExists(db.select({ x: scoreSheets.id }).from(scoreSheets).where(and(eq(scoreSheets.roundDossierId, roundDossiers.id), eq(scoreSheets.userId, userId), eq(scoreSheets.state, "submitted")))),
      ),
    );
  return row?.n ?? 0;
}
