import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import type { CertificateChange } from "../../certificates/index.js";
import { watchItems, watchSubscriptions, webhookDeliveries } from "../schema.js";

/*
 * The outbox: deliveries are rows written in the same transaction as the change they announce, so a change is
 * never announced without committing, nor committed without being announced. The dispatcher sends them later.
 */

export type CurrentStatus = { status: string; stars: number; publicUrl: string };

export const EVENT_TYPES = ["certificate.status_changed", "certificate.stars_changed", "ping"] as const;

/** Enqueues one delivery per active subscription that was last told something else; returns how many. */
export async function enqueueCertificateChange(tx: Tx, change: CertificateChange): Promise<number> {
  // Locking the items serialises a live change with the daily refresh: the same change is never told twice.
  const items = await tx
    .select({ subscriptionId: watchItems.subscriptionId, lastStatus: watchItems.lastStatus, lastStars: watchItems.lastStars })
    .from(watchItems)
    .innerJoin(watchSubscriptions, eq(watchSubscriptions.id, watchItems.subscriptionId))
    .where(and(eq(watchItems.certificateId, change.certificateId), isNull(watchSubscriptions.disabledAt)))
    .orderBy(asc(watchItems.subscriptionId))
    .for("update", { of: watchItems });
  let enqueued = 0;
  for (const item of items) {
    if (item.lastStatus === change.status && item.lastStars === change.stars) continue;
    // A star change (a re-evaluation) matters more to a buyer than the status it comes with.
    const type = item.lastStars !== change.stars ? "certificate.stars_changed" : "certificate.status_changed";
    await tx.insert(webhookDeliveries).values({
      eventId: randomUUID(),
      subscriptionId: item.subscriptionId,
      eventType: type,
      payload: {
        type,
        certificateId: change.certificateId,
        status: change.status,
        previousStatus: item.lastStatus,
        stars: change.stars,
        previousStars: item.lastStars,
        reason: change.reason ?? null,
        occurredAt: change.at.toISOString(),
        url: change.publicUrl,
      },
      nextAttemptAt: change.at,
      createdAt: change.at,
    });
    await tx
      .update(watchItems)
      .set({ lastStatus: change.status, lastStars: change.stars })
      .where(and(eq(watchItems.subscriptionId, item.subscriptionId), eq(watchItems.certificateId, change.certificateId)));
    enqueued++;
  }
  return enqueued;
}

const PAGE = 500;

/**
 * The daily job's part: statuses that change with the date alone (valid → expiring → expired) have no
 * transaction of their own to enqueue in, so every watched certificate is compared with what its subscribers
 * were last told. One short transaction per certificate keeps locks brief and a failure local.
 */
export async function refreshWatches(db: Db, now: Date, current: (certificateIds: number[]) => Promise<Map<number, CurrentStatus>>): Promise<number> {
  let enqueued = 0;
  let after = 0;
  for (;;) {
    const page = await db
      .selectDistinct({ id: watchItems.certificateId })
      .from(watchItems)
      .innerJoin(watchSubscriptions, eq(watchSubscriptions.id, watchItems.subscriptionId))
      .where(and(isNull(watchSubscriptions.disabledAt), gt(watchItems.certificateId, after)))
      .orderBy(asc(watchItems.certificateId))
      .limit(PAGE);
    if (page.length === 0) break;
    const ids = page.map((r) => r.id);
    const statuses = await current(ids);
    for (const id of ids) {
      const s = statuses.get(id);
      if (!s) continue;
      enqueued += await db.transaction((tx) => enqueueCertificateChange(tx, { certificateId: id, status: s.status, stars: s.stars, reason: null, at: now, publicUrl: s.publicUrl }));
    }
    after = ids[ids.length - 1]!;
    if (page.length < PAGE) break;
  }
  return enqueued;
}

