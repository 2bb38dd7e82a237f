import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { authorize, can, unitContains, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { EVENT_KIND_LABELS, type EventKind, OCOP_OFFICIAL_ROLES } from "../../../domain/programme-indicators.js";
import { vnToday } from "../../../lib/dates.js";
import { conflict, type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { roleAssignments, users } from "../../accounts/schema.js";
import { producers } from "../../producers/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { EventDetail, EventInput, EventView, ParticipantInput, ParticipantView, TrainingRecord } from "../inputs.js";
import { readScopes, relatedTo, visibilityOf } from "../queries/plans.js";
import { programmeEvents, programmeParticipants } from "../schema.js";

/*
 * Training and trade events (tập huấn, hội chợ, xúc tiến thương mại): the office records the event and who took
 * part, each participant taken from the registry's people — an official's account or a producer of the province —
 * so the "trained" indicators and each person's training record read the same rows.
 */

const field = (path: string, vi: string, en: string): FieldError => ({ path, vi, en, message: en });
const noSuchEvent = () => notFound({ vi: "hoạt động", en: "The event" });
/** Unit paths start with their province's id: there is no unit above the provinces (the country unit stands apart). */
const provinceOfPath = (path: string) => path.split(".")[0]!;

type EventRow = typeof programmeEvents.$inferSelect & { unitName: string; unitPath: string };

const eventSelect = { e: programmeEvents, unitName: adminUnits.name, unitPath: adminUnits.path };
const flat = (r: { e: typeof programmeEvents.$inferSelect; unitName: string; unitPath: string }): EventRow => ({ ...r.e, unitName: r.unitName, unitPath: r.unitPath });

function eventView(e: EventRow, participantCount: number): EventView {
  return { id: e.id, unitId: e.unitId, unitName: e.unitName, kind: e.kind, kindLabel: EVENT_KIND_LABELS[e.kind as EventKind], title: e.title, topic: e.topic, startsOn: e.startsOn, endsOn: e.endsOn, place: e.place, organiser: e.organiser, participantCount };
}

async function findEvent(db: DbOrTx, id: number): Promise<EventRow | undefined> {
  const [r] = await db.select(eventSelect).from(programmeEvents).innerJoin(adminUnits, eq(adminUnits.id, programmeEvents.unitId)).where(eq(programmeEvents.id, id)).limit(1);
  return r ? flat(r) : undefined;
}

async function visibleEvent(db: DbOrTx, ctx: ServiceCtx, id: number): Promise<EventRow> {
  readScopes(ctx.principal);
  const e = await findEvent(db, id);
  if (!e || !visibilityOf(ctx.principal, e.unitPath)) throw noSuchEvent();
  return e;
}

export async function createEvent({ ctx, input }: { ctx: ServiceCtx; input: EventInput }): Promise<EventDetail> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "programme.manage");
  if (!scopes.length) throw forbidden({ vi: "Chỉ Văn phòng Điều phối tỉnh ghi nhận hoạt động tập huấn, xúc tiến thương mại.", en: "Only the provincial coordination office records training and trade events." });
  const unitId = input.unitId ?? (scopes.length === 1 ? Number(scopes[0]!.split(".").at(-1)) : undefined);
  if (unitId === undefined) throw validationError([field("unitId", "Chọn đơn vị tổ chức", "Choose the holding unit")]);
  const [unit] = await ctx.db.select().from(adminUnits).where(eq(adminUnits.id, unitId)).limit(1);
  if (!unit || (unit.level !== "province" && unit.level !== "commune")) throw validationError([field("unitId", "Chọn tỉnh hoặc một xã, phường", "Choose the province or a commune")]);
  authorize(ctx.principal, "programme.manage", { unitPath: unit.path });
  return ctx.db.transaction(async (tx) => {
    const { unitId: _u, ...fields } = input;
    const [row] = await tx.insert(programmeEvents).values({ ...fields, unitId: unit.id, createdBy: ctx.principal!.userId, createdAt: ctx.now }).returning();
    await audit(tx, ctx, { action: "programme.event_create", subjectType: "programme_event", subjectId: row!.id, after: { ...input, unitId: unit.id } });
    return eventDetail(tx, ctx, row!.id);
  });
}

export async function updateEvent({ ctx, input }: { ctx: ServiceCtx; input: EventInput & { eventId: number } }): Promise<EventDetail> {
  const { eventId, unitId: _u, ...fields } = input;
  return ctx.db.transaction(async (tx) => {
    const e = await visibleEvent(tx, ctx, eventId);
    authorize(ctx.principal, "programme.manage", { unitPath: e.unitPath });
    await tx.update(programmeEvents).set(fields).where(eq(programmeEvents.id, eventId));
    const { unitName: _n, unitPath: _p, createdAt: _c, ...before } = e;
    await audit(tx, ctx, { action: "programme.event_update", subjectType: "programme_event", subjectId: eventId, before, after: fields });
    return eventDetail(tx, ctx, eventId);
  });
}

async function participantsOf(db: DbOrTx, eventId: number): Promise<ParticipantView[]> {
  const rows = await db
    .select({ id: programmeParticipants.id, userId: programmeParticipants.userId, producerId: programmeParticipants.producerId, attendeeName: programmeParticipants.attendeeName, userName: users.displayName, producerName: producers.name, communeName: adminUnits.name })
    .from(programmeParticipants)
    .leftJoin(users, eq(users.id, programmeParticipants.userId))
    .leftJoin(producers, eq(producers.id, programmeParticipants.producerId))
    .leftJoin(adminUnits, eq(adminUnits.id, producers.communeId))
    .where(eq(programmeParticipants.eventId, eventId))
    .orderBy(asc(programmeParticipants.id));
  return rows.map((r) => ({ id: r.id, kind: r.userId ? "official" : "producer", userId: r.userId, producerId: r.producerId, name: r.userName ?? r.producerName ?? "", attendeeName: r.attendeeName, communeName: r.communeName }));
}

async function eventDetail(db: DbOrTx, ctx: ServiceCtx, id: number): Promise<EventDetail> {
  const e = (await findEvent(db, id))!;
  const participants = await participantsOf(db, id);
  return { ...eventView(e, participants.length), participants, canManage: can(ctx.principal, "programme.manage", { unitPath: e.unitPath }) };
}

export async function getEvent({ ctx, input }: { ctx: ServiceCtx; input: { eventId: number } }): Promise<EventDetail> {
  await visibleEvent(ctx.db, ctx, input.eventId);
  return eventDetail(ctx.db, ctx, input.eventId);
}

export async function listEvents({ ctx, input = {} }: { ctx: ServiceCtx; input?: { year?: number | undefined; kind?: EventKind | undefined } }): Promise<EventView[]> {
  const scopes = readScopes(ctx.principal);
  const conds = [relatedTo(adminUnits.path, scopes)];
  if (input.year) conds.push(gte(programmeEvents.startsOn, `${input.year}-01-01`), lte(programmeEvents.startsOn, `${input.year}-12-31`));
  if (input.kind) conds.push(eq(programmeEvents.kind, input.kind));
  const rows = await ctx.db.select(eventSelect).from(programmeEvents).innerJoin(adminUnits, eq(adminUnits.id, programmeEvents.unitId)).where(and(...conds)).orderBy(desc(programmeEvents.startsOn), desc(programmeEvents.id)).limit(500);
  const ids = rows.map((r) => r.e.id);
  const counts = ids.length ? await ctx.db.select({ id: programmeParticipants.eventId, n: count() }).from(programmeParticipants).where(inArray(programmeParticipants.eventId, ids)).groupBy(programmeParticipants.eventId) : [];
  const n = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => eventView(flat(r), n.get(r.e.id) ?? 0));
}

/** The officials who may be recorded: accounts holding an OCOP official's role in the event's province today. */
async function officialInProvince(db: DbOrTx, userId: string, provincePath: string, today: string): Promise<boolean> {
  const [r] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.userId, userId), isNull(roleAssignments.revokedAt), inArray(roleAssignments.role, [...OCOP_OFFICIAL_ROLES]), withinUnits(adminUnits.path, [provincePath]), lte(adminUnits.validFrom, today), sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${today})`))
    .limit(1);
  return !!r;
}

export async function addParticipant({ ctx, input }: { ctx: ServiceCtx; input: ParticipantInput & { eventId: number } }): Promise<EventDetail> {
  return ctx.db.transaction(async (tx) => {
    const e = await visibleEvent(tx, ctx, input.eventId);
    authorize(ctx.principal, "programme.manage", { unitPath: e.unitPath });
    const province = provinceOfPath(e.unitPath);
    if (input.userId !== undefined) {
      if (!(await officialInProvince(tx, input.userId, province, vnToday(ctx.now)))) {
        throw validationError([field("userId", "Không có cán bộ OCOP này trong tỉnh (tài khoản giữ vai trò Văn phòng tỉnh, huyện hoặc cán bộ xã).", "No such OCOP official in the province (an account holding the province office, district office or commune officer role).")]);
      }
    } else {
      const [p] = await tx.select({ id: producers.id }).from(producers).innerJoin(adminUnits, eq(adminUnits.id, producers.communeId)).where(and(eq(producers.id, input.producerId!), withinUnits(adminUnits.path, [province]))).limit(1);
      if (!p) throw validationError([field("producerId", "Không có chủ thể OCOP này trong tỉnh.", "No such OCOP producer in the province.")]);
    }
    const inserted = await tx
      .insert(programmeParticipants)
      .values({ eventId: e.id, userId: input.userId ?? null, producerId: input.producerId ?? null, attendeeName: input.attendeeName || null, addedBy: ctx.principal!.userId, addedAt: ctx.now })
      .onConflictDoNothing()
      .returning({ id: programmeParticipants.id });
    if (!inserted.length) throw conflict("participant-exists", { vi: "Đã có trong danh sách", en: "Already listed" }, { vi: "Người này đã có trong danh sách tham gia hoạt động.", en: "This participant is already listed for the event." });
    await audit(tx, ctx, { action: "programme.participant_add", subjectType: "programme_event", subjectId: e.id, after: { participantId: inserted[0]!.id, userId: input.userId ?? null, producerId: input.producerId ?? null, attendeeName: input.attendeeName ?? null } });
    return eventDetail(tx, ctx, e.id);
  });
}

export async function removeParticipant({ ctx, input }: { ctx: ServiceCtx; input: { eventId: number; participantId: number } }): Promise<EventDetail> {
  return ctx.db.transaction(async (tx) => {
    const e = await visibleEvent(tx, ctx, input.eventId);
    authorize(ctx.principal, "programme.manage", { unitPath: e.unitPath });
    const gone = await tx.delete(programmeParticipants).where(and(eq(programmeParticipants.id, input.participantId), eq(programmeParticipants.eventId, e.id))).returning();
    if (!gone.length) throw notFound({ vi: "người tham gia này", en: "This participant" });
    const { id: _i, eventId: _e, addedAt, ...was } = gone[0]!;
    await audit(tx, ctx, { action: "programme.participant_remove", subjectType: "programme_event", subjectId: e.id, before: { participantId: input.participantId, ...was, addedAt: addedAt.toISOString() } });
    return eventDetail(tx, ctx, e.id);
  });
}

// ---- training records ----

async function attended(db: DbOrTx, where: ReturnType<typeof eq>): Promise<TrainingRecord["events"]> {
  const rows = await db
    .select({ ...eventSelect, attendeeName: programmeParticipants.attendeeName })
    .from(programmeParticipants)
    .innerJoin(programmeEvents, eq(programmeEvents.id, programmeParticipants.eventId))
    .innerJoin(adminUnits, eq(adminUnits.id, programmeEvents.unitId))
    .where(where)
    .orderBy(desc(programmeEvents.startsOn), desc(programmeEvents.id));
  return rows.map((r) => {
    const { participantCount: _n, ...v } = eventView(flat(r), 0);
    return { ...v, attendeeName: r.attendeeName };
  });
}

/** A producer's training and trade events: for officials over its commune and for its own members. */
export async function producerTrainingRecord({ ctx, input }: { ctx: ServiceCtx; input: { producerId: number } }): Promise<TrainingRecord> {
  if (!ctx.principal) throw unauthenticated();
  const [p] = await ctx.db.select({ id: producers.id, name: producers.name, path: adminUnits.path }).from(producers).innerJoin(adminUnits, eq(adminUnits.id, producers.communeId)).where(eq(producers.id, input.producerId)).limit(1);
  if (!p || !can(ctx.principal, "programme.read", { unitPath: p.path, producerId: p.id })) throw notFound({ vi: "chủ thể", en: "The producer" });
  return { subject: { kind: "producer", id: p.id, name: p.name }, events: await attended(ctx.db, eq(programmeParticipants.producerId, p.id)) };
}

/** An official's training record: for themselves and for officials whose unit contains one of their roles' units. */
export async function officialTrainingRecord({ ctx, input }: { ctx: ServiceCtx; input: { userId: string } }): Promise<TrainingRecord> {
  if (!ctx.principal) throw unauthenticated();
  const [u] = await ctx.db.select({ id: users.id, name: users.displayName }).from(users).where(eq(users.id, input.userId)).limit(1);
  const paths = u ? (await ctx.db.select({ path: adminUnits.path }).from(roleAssignments).innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId)).where(and(eq(roleAssignments.userId, u.id), inArray(roleAssignments.role, [...OCOP_OFFICIAL_ROLES])))).map((r) => r.path) : [];
  const scopes = unitScopes(ctx.principal, "programme.read");
  const self = u?.id === ctx.principal.userId;
  if (!u || (!self && !paths.some((p) => scopes.some((s) => unitContains(s, p))))) throw notFound({ vi: "cán bộ", en: "The official" });
  return { subject: { kind: "official", id: u.id, name: u.name }, events: await attended(ctx.db, eq(programmeParticipants.userId, u.id)) };
}

/** People the event's form may offer: the province's OCOP officials and producers (at most 2,000 each). */
export async function participantChoices(db: DbOrTx, eventUnitPath: string, today: string): Promise<{ officials: { id: string; name: string; unit: string }[]; producers: { id: number; name: string; commune: string }[] }> {
  const province = provinceOfPath(eventUnitPath);
  const officials = await db
    .selectDistinct({ id: users.id, name: users.displayName, unit: adminUnits.name })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .where(and(isNull(roleAssignments.revokedAt), isNull(users.disabledAt), inArray(roleAssignments.role, [...OCOP_OFFICIAL_ROLES]), withinUnits(adminUnits.path, [province]), lte(adminUnits.validFrom, today), sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${today})`))
    .orderBy(asc(users.displayName))
    .limit(2000);
  const prods = await db.select({ id: producers.id, name: producers.name, commune: adminUnits.name }).from(producers).innerJoin(adminUnits, eq(adminUnits.id, producers.communeId)).where(withinUnits(adminUnits.path, [province])).orderBy(asc(producers.name)).limit(2000);
  return { officials, producers: prods };
}

