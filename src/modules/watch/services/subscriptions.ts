import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { authorize } from "../../../auth/policy.js";
import type { DbOrTx } from "../../../db/client.js";
import { conflict, notFound, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { certificates } from "../../certificates/schema.js";
import { certificateStatusNow } from "../../certificates/index.js";
import type { AddCertificatesInput, CreatedSubscription, CreateSubscriptionInput, DeliveryView, SubscriptionDetail, SubscriptionView } from "../inputs.js";
import { receiverUrlProblem } from "./receiver.js";
import { watchItems, watchSubscriptions, webhookAttempts, webhookDeliveries } from "../schema.js";
import { newSecret } from "./signing.js";

type SubscriptionRow = typeof watchSubscriptions.$inferSelect;
/** Whether receivers may be http:// or private: the deployment's choice (config.webhookAllowPrivate). */
export type WatchOptions = { allowPrivate: boolean };

// Someone else's subscription is answered exactly like a missing one, so ids reveal nothing.
const subscriptionNotFound = () => notFound({ vi: "đăng ký theo dõi", en: "The watch subscription" });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Never the secret: it is shown once, at creation, and must not reach the audit log or later reads. */
const audited = (s: SubscriptionRow, certificateIds?: number[]) => ({
  id: s.id,
  ownerId: s.ownerId,
  url: s.url,
  description: s.description,
  createdAt: s.createdAt.toISOString(),
  disabledAt: iso(s.disabledAt),
  ...(certificateIds ? { certificateIds } : {}),
});

async function certificateIdsOf(db: DbOrTx, subscriptionId: number): Promise<number[]> {
  const rows = await db.select({ id: watchItems.certificateId }).from(watchItems).where(eq(watchItems.subscriptionId, subscriptionId)).orderBy(watchItems.certificateId);
  return rows.map((r) => r.id);
}

function view(s: SubscriptionRow, certificateCount: number): SubscriptionView {
  return { id: s.id, url: s.url, description: s.description, createdAt: s.createdAt.toISOString(), disabledAt: iso(s.disabledAt), certificateCount };
}

async function detail(db: DbOrTx, s: SubscriptionRow): Promise<SubscriptionDetail> {
  const ids = await certificateIdsOf(db, s.id);
  return { ...view(s, ids.length), certificateIds: ids };
}

async function ownSubscription(db: DbOrTx, ctx: ServiceCtx, id: number, lock = false): Promise<SubscriptionRow> {
  const principal = authorize(ctx.principal, "watch.subscribe");
  const q = db.select().from(watchSubscriptions).where(and(eq(watchSubscriptions.id, id), eq(watchSubscriptions.ownerId, principal.userId))).limit(1);
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw subscriptionNotFound();
  return row;
}

function checkUrl(url: string, opts: WatchOptions): void {
  const problem = receiverUrlProblem(url, opts.allowPrivate);
  if (problem) throw validationError([{ path: "url", message: problem.en, ...problem }]);
}

/** The current status of each certificate, or a 400 naming those that do not exist. */
async function currentStatuses(db: DbOrTx, ids: number[], now: Date) {
  const found = await db.select({ id: certificates.id }).from(certificates).where(inArray(certificates.id, ids));
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) {
    throw validationError([
      { path: "certificateIds", vi: `Không có giấy chứng nhận: ${missing.join(", ")}.`, en: `No such certificates: ${missing.join(", ")}.`, message: `No such certificates: ${missing.join(", ")}.` },
    ], { vi: "Một số giấy chứng nhận không tồn tại.", en: "Some certificates do not exist." });
  }
  return certificateStatusNow(db, ids, now);
}

/**
 * Items start from the status the subscriber sees today, so the first webhook is the first change after
 * subscribing, not a replay of the certificate's history.
 */
async function addItems(db: DbOrTx, subscriptionId: number, ids: number[], now: Date): Promise<number[]> {
  const statuses = await currentStatuses(db, ids, now);
  const values = ids.flatMap((id) => {
    const s = statuses.get(id);
    return s ? [{ subscriptionId, certificateId: id, lastStatus: s.status, lastStars: s.stars, addedAt: now }] : [];
  });
  if (!values.length) return [];
  const added = await db.insert(watchItems).values(values).onConflictDoNothing().returning({ id: watchItems.certificateId });
  return added.map((r) => r.id).sort((a, b) => a - b);
}

export async function createSubscription({ ctx, input, options }: { ctx: ServiceCtx; input: CreateSubscriptionInput; options: WatchOptions }): Promise<CreatedSubscription> {
  const principal = authorize(ctx.principal, "watch.subscribe");
  checkUrl(input.url, options);
  const ids = [...new Set(input.certificateIds)];
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(watchSubscriptions)
      .values({ ownerId: principal.userId, url: input.url, secret: newSecret(), description: input.description || null, createdAt: ctx.now })
      .returning();
    const added = await addItems(tx, row!.id, ids, ctx.now);
    await audit(tx, ctx, { action: "watch.subscribe", subjectType: "watch_subscription", subjectId: row!.id, after: audited(row!, added) });
    return { ...view(row!, added.length), certificateIds: added, secret: row!.secret };
  });
}

export async function listSubscriptions({ ctx }: { ctx: ServiceCtx; input?: undefined }): Promise<SubscriptionView[]> {
  const principal = authorize(ctx.principal, "watch.subscribe");
  const rows = await ctx.db
    .select({ s: watchSubscriptions, n: count(watchItems.certificateId) })
    .from(watchSubscriptions)
    .leftJoin(watchItems, eq(watchItems.subscriptionId, watchSubscriptions.id))
    .where(eq(watchSubscriptions.ownerId, principal.userId))
    .groupBy(watchSubscriptions.id)
    .orderBy(desc(watchSubscriptions.id));
  return rows.map((r) => view(r.s, r.n));
}

export async function getSubscription({ ctx, input }: { ctx: ServiceCtx; input: { subscriptionId: number } }): Promise<SubscriptionDetail> {
  return detail(ctx.db, await ownSubscription(ctx.db, ctx, input.subscriptionId));
}

const disabledConflict = () =>
  conflict("watch-disabled", { vi: "Đăng ký đã tắt", en: "Subscription disabled" }, {
    vi: "Đăng ký theo dõi này đã bị tắt; hãy tạo đăng ký mới.",
    en: "This watch subscription is disabled; create a new one.",
  });

export async function addCertificates({ ctx, input }: { ctx: ServiceCtx; input: AddCertificatesInput & { subscriptionId: number } }): Promise<SubscriptionDetail> {
  return ctx.db.transaction(async (tx) => {
    const row = await ownSubscription(tx, ctx, input.subscriptionId, true);
    if (row.disabledAt) throw disabledConflict();
    const added = await addItems(tx, row.id, [...new Set(input.certificateIds)], ctx.now);
    if (added.length) {
      await audit(tx, ctx, { action: "watch.add_certificates", subjectType: "watch_subscription", subjectId: row.id, after: { certificateIds: added } });
    }
    return detail(tx, row);
  });
}

/** Disabling is final (no re-enable): deliveries still pending would otherwise go to a receiver that left. */
export async function disableSubscription({ ctx, input }: { ctx: ServiceCtx; input: { subscriptionId: number } }): Promise<SubscriptionDetail> {
  return ctx.db.transaction(async (tx) => {
    const before = await ownSubscription(tx, ctx, input.subscriptionId, true);
    if (before.disabledAt) return detail(tx, before);
    const [after] = await tx.update(watchSubscriptions).set({ disabledAt: ctx.now }).where(eq(watchSubscriptions.id, before.id)).returning();
    await tx
      .update(webhookDeliveries)
      .set({ failedAt: ctx.now, nextAttemptAt: null })
      .where(and(eq(webhookDeliveries.subscriptionId, before.id), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.failedAt)));
    await audit(tx, ctx, { action: "watch.disable", subjectType: "watch_subscription", subjectId: before.id, before: audited(before), after: audited(after!) });
    return detail(tx, after!);
  });
}

/** A test event the subscriber sends itself, to check its receiver and signature code. */
export async function pingSubscription({ ctx, input }: { ctx: ServiceCtx; input: { subscriptionId: number } }): Promise<{ deliveryId: number; eventId: string }> {
  const row = await ownSubscription(ctx.db, ctx, input.subscriptionId);
  if (row.disabledAt) throw disabledConflict();
  const eventId = randomUUID();
  const [d] = await ctx.db
    .insert(webhookDeliveries)
    .values({ eventId, subscriptionId: row.id, eventType: "ping", payload: { type: "ping", subscriptionId: row.id, occurredAt: ctx.now.toISOString() }, nextAttemptAt: ctx.now, createdAt: ctx.now })
    .returning({ id: webhookDeliveries.id });
  return { deliveryId: d!.id, eventId };
}

/** The delivery log, newest first, each delivery with every attempt made. */
export async function listDeliveries({ ctx, input }: { ctx: ServiceCtx; input: { subscriptionId: number; limit: number } }): Promise<DeliveryView[]> {
  const row = await ownSubscription(ctx.db, ctx, input.subscriptionId);
  const deliveries = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, row.id)).orderBy(desc(webhookDeliveries.id)).limit(input.limit);
  if (!deliveries.length) return [];
  const attempts = await ctx.db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
    .orderBy(webhookAttempts.deliveryId, webhookAttempts.attempt, webhookAttempts.id);
  return deliveries.map((d) => ({
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    createdAt: d.createdAt.toISOString(),
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    failedAt: iso(d.failedAt),
    attemptLog: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), status: a.status, error: a.error, durationMs: a.durationMs })),
  }));
}
