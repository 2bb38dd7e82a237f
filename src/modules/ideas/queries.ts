import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL } from "drizzle-orm";
import { can, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { actingWays, waitingWhere, withinReach, type ReachByPath } from "../../auth/workflow-access.js";
import type { DbOrTx } from "../../db/client.js";
import { IDEA_STATES, availableActions, isIdeaEditable, type IdeaAction } from "../../domain/idea-workflow.js";
import type { LevelChain } from "../../domain/level-chain.js";
import { forbidden, notFound, unauthenticated } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { users } from "../accounts/schema.js";
import { cycles } from "../cycles/schema.js";
import { storedFiles } from "../files/schema.js";
import { businessPlans } from "../plans/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { reachOfGrants, stewardsOf, type Stewards } from "../units/index.js";
import { adminUnits } from "../units/schema.js";
import { vnToday } from "../../lib/dates.js";
import type { WorkCounter } from "../../web/work-queue.js";
import { type AttachmentView, type IdeaDetail, type IdeaEventView, type IdeaList, type IdeaView, ListIdeasQuery as ListIdeasQueryInput, type ListIdeasQuery } from "./inputs.js";
import { ideaAttachments, ideaEvents, productIdeas } from "./schema.js";

// The read side of the ideas area: the joined select, the views built from it, and who may read what.

export type IdeaRow = typeof productIdeas.$inferSelect;

export const ideaNotFound = () => notFound({ vi: "ý tưởng sản phẩm", en: "The product idea" });

const commune = aliasedTable(adminUnits, "idea_commune");
const parentUnit = aliasedTable(adminUnits, "idea_commune_parent");

export function selectIdeas(db: DbOrTx) {
  return db
    .select({
      i: productIdeas,
      year: cycles.year,
      chain: cycles.chain,
      deadlines: cycles.deadlines,
      producerName: producers.name,
      communeName: commune.name,
      unitPath: commune.path,
      parentUnitName: parentUnit.name,
      planId: businessPlans.id,
    })
    .from(productIdeas)
    .innerJoin(cycles, eq(cycles.id, productIdeas.cycleId))
    .innerJoin(producers, eq(producers.id, productIdeas.producerId))
    .innerJoin(commune, eq(commune.id, productIdeas.communeId))
    .leftJoin(parentUnit, eq(parentUnit.id, commune.parentId))
    .leftJoin(businessPlans, eq(businessPlans.ideaId, productIdeas.id));
}
// drizzle types a nested table beside left-joined alias columns as never, so the row shape is spelled out.
export type JoinedIdea = {
  i: IdeaRow;
  year: number;
  chain: LevelChain;
  deadlines: typeof cycles.$inferSelect.deadlines;
  producerName: string;
  communeName: string;
  unitPath: string;
  parentUnitName: string | null;
  planId: number | null;
};
/** An idea as read on a date: who looks after its commune's and its district's steps across the reform. */
export type LoadedIdea = JoinedIdea & { stewards: Stewards };

/**
 * The idea's policy resource: where it lies and whose it is; for an idea of a former commune, the commune(s)
 * that succeeded it handle it too (src/domain/successor.ts).
 */
export const ideaResource = (r: { unitPath: string; i: { producerId: number }; stewards?: Stewards }) => ({
  unitPath: r.unitPath,
  ...(r.stewards?.successorPaths.length ? { successorPaths: r.stewards.successorPaths } : {}),
  producerId: r.i.producerId,
});

/** The ways the principal may take this idea's steps, the province standing in for an ended district included. */
export const ideaActingWays = (principal: Principal | null, r: LoadedIdea) => actingWays(principal, "ideas.act", ideaResource(r), r.stewards.districtPassed !== null);

function actionsOf(principal: Principal | null, r: LoadedIdea): IdeaAction[] {
  const out = new Set<IdeaAction>();
  for (const w of ideaActingWays(principal, r)) for (const a of availableActions(r.i.state, r.chain, w.as)) out.add(a);
  return [...out];
}

/** Reads the stewards of each row's commune on `today`. */
export async function withStewards(db: DbOrTx, rows: JoinedIdea[], today: string): Promise<LoadedIdea[]> {
  return Promise.all(rows.map(async (r) => ({ ...r, stewards: await stewardsOf(db, r.i.communeId, today) })));
}

export function ideaView(principal: Principal | null, r: LoadedIdea): IdeaView {
  const i = r.i;
  return {
    id: i.id,
    cycleId: i.cycleId,
    cycleYear: r.year,
    chain: r.chain,
    producerId: i.producerId,
    producerName: r.producerName,
    communeId: i.communeId,
    communeName: r.communeName,
    parentUnitName: r.parentUnitName,
    state: i.state,
    attempt: i.attempt,
    name: i.name,
    description: i.description,
    coreBenefit: i.coreBenefit,
    rawMaterials: i.rawMaterials,
    rawMaterialOrigin: i.rawMaterialOrigin,
    packaging: i.packaging,
    expectedMarket: i.expectedMarket,
    criteriaSetId: i.criteriaSetId,
    lastReason: i.lastReason,
    actions: actionsOf(principal, r),
    editable: isIdeaEditable(i.state) && can(principal, "ideas.author", ideaResource(r)),
    planId: r.planId,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

// ---- reading -------------------------------------------------------------------------------------------

/**
 * Which ideas the principal may read: inside its unit scopes (and the former communes they succeeded), or its
 * own producers'. 401/403 when none at all. A draft is the producer's own until it is sent: officials never see
 * one (issue 16, finding 7).
 */
function readable(principal: Principal | null, reach: ReachByPath): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "ideas.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(
    scopes.length ? and(withinReach({ unitPath: commune.path, communeId: productIdeas.communeId }, scopes, reach), ne(productIdeas.state, "draft")) : undefined,
    own.length ? inArray(productIdeas.producerId, own) : undefined,
  );
}

export async function listIdeas({ ctx, input }: { ctx: ServiceCtx; input: ListIdeasQuery }): Promise<IdeaList> {
  if (!ctx.principal) throw unauthenticated();
  const today = vnToday(ctx.now);
  const reach = await reachOfGrants(ctx.db, ctx.principal.grants, today);
  const visible = readable(ctx.principal, reach);
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => "\\" + m)}%` : undefined;
  const where = and(
    visible,
    input.waiting ? waitingWhere(ctx.principal!, IDEA_STATES, availableActions, { state: productIdeas.state, chain: cycles.chain, producerId: productIdeas.producerId, unitPath: commune.path, communeId: productIdeas.communeId, parentId: commune.parentId }, reach) : undefined,
    input.cycleId ? eq(productIdeas.cycleId, input.cycleId) : undefined,
    input.state ? eq(productIdeas.state, input.state) : undefined,
    input.communeId ? eq(productIdeas.communeId, input.communeId) : undefined,
    input.producerId ? eq(productIdeas.producerId, input.producerId) : undefined,
    q ? or(ilike(productIdeas.name, q), ilike(producers.name, q)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectIdeas(ctx.db).where(where).orderBy(desc(cycles.year), asc(commune.name), asc(productIdeas.id)).limit(input.limit).offset(input.offset),
    ctx.db
      .select({ n: count() })
      .from(productIdeas)
      .innerJoin(cycles, eq(cycles.id, productIdeas.cycleId))
      .innerJoin(producers, eq(producers.id, productIdeas.producerId))
      .innerJoin(commune, eq(commune.id, productIdeas.communeId))
      .where(where),
  ]);
  return { items: (await withStewards(ctx.db, rows, today)).map((r) => ideaView(ctx.principal, r)), total: total?.n ?? 0 };
}

/** One idea as it stands on `today` (the request's date: who handles it depends on the units then in force). */
export async function loadIdea(db: DbOrTx, id: number, today: string): Promise<LoadedIdea | undefined> {
  const [r] = await selectIdeas(db).where(eq(productIdeas.id, id)).limit(1);
  return r ? (await withStewards(db, [r], today))[0] : undefined;
}

/** Loads an idea the principal may read; anything else is "not found", so ids do not leak. */
export async function readableIdea(db: DbOrTx, principal: Principal | null, id: number, today: string): Promise<LoadedIdea> {
  if (!principal) throw unauthenticated();
  const r = await loadIdea(db, id, today);
  if (!r || !can(principal, "ideas.read", ideaResource(r))) throw ideaNotFound();
  if (r.i.state === "draft" && !ownProducerIds(principal).includes(r.i.producerId)) throw ideaNotFound();
  return r;
}

async function eventsOf(db: DbOrTx, ideaId: number): Promise<IdeaEventView[]> {
  const rows = await db
    .select({ e: ideaEvents, actorName: users.displayName })
    .from(ideaEvents)
    .leftJoin(users, eq(users.id, ideaEvents.actorId))
    .where(eq(ideaEvents.ideaId, ideaId))
    .orderBy(asc(ideaEvents.id));
  return rows.map(({ e, actorName }) => ({
    id: e.id,
    attempt: e.attempt,
    kind: e.kind,
    fromState: e.fromState,
    toState: e.toState,
    actorName: actorName ?? null,
    actorRole: e.actorRole,
    reason: e.reason,
    form: (e.form as Record<string, unknown> | null) ?? null,
    at: e.at.toISOString(),
  }));
}

async function attachmentsOf(db: DbOrTx, ideaId: number): Promise<AttachmentView[]> {
  const rows = await db
    .select({ fileId: storedFiles.id, name: storedFiles.name, contentType: storedFiles.contentType, size: storedFiles.size, addedAt: ideaAttachments.addedAt })
    .from(ideaAttachments)
    .innerJoin(storedFiles, eq(storedFiles.id, ideaAttachments.fileId))
    .where(eq(ideaAttachments.ideaId, ideaId))
    .orderBy(asc(ideaAttachments.addedAt), asc(storedFiles.id));
  return rows.map((r) => ({ ...r, addedAt: r.addedAt.toISOString() }));
}

export async function ideaDetail(db: DbOrTx, principal: Principal | null, r: LoadedIdea): Promise<IdeaDetail> {
  const [events, attachments] = await Promise.all([eventsOf(db, r.i.id), attachmentsOf(db, r.i.id)]);
  return { ...ideaView(principal, r), events, attachments };
}

export async function getIdea({ ctx, input }: { ctx: ServiceCtx; input: { ideaId: number } }): Promise<IdeaDetail> {
  const r = await readableIdea(ctx.db, ctx.principal, input.ideaId, vnToday(ctx.now));
  return ideaDetail(ctx.db, ctx.principal, r);
}

/** An attachment's bytes, for whoever may read the idea. */
export async function ideaAttachment({ ctx, input }: { ctx: ServiceCtx; input: { ideaId: number; fileId: number } }): Promise<{ name: string; contentType: string; bytes: Uint8Array }> {
  const r = await readableIdea(ctx.db, ctx.principal, input.ideaId, vnToday(ctx.now));
  const [f] = await ctx.db
    .select({ name: storedFiles.name, contentType: storedFiles.contentType, bytes: storedFiles.bytes })
    .from(ideaAttachments)
    .innerJoin(storedFiles, eq(storedFiles.id, ideaAttachments.fileId))
    .where(and(eq(ideaAttachments.ideaId, r.i.id), eq(ideaAttachments.fileId, input.fileId)))
    .limit(1);
  if (!f) throw notFound({ vi: "tệp đính kèm", en: "The attachment" });
  return f;
}

/** The home page's count: ideas on which the principal can take a step now, as the inbox (/ideas?waiting=1) lists them. */
export const ideasWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "ideas.act").length && !ownProducerIds(ctx.principal).length) return [];
  const { total } = await listIdeas({ ctx, input: ListIdeasQueryInput.parse({ waiting: "true", limit: "1" }) });
  return [{ href: "/ideas?waiting=1", label: { vi: "ý tưởng sản phẩm chờ bạn xử lý", en: "product ideas waiting for your step" }, count: total }];
};
