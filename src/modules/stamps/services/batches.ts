import { and, count, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { can, unitScopes } from "../../../auth/policy.js";
import type { Principal } from "../../../domain/principal.js";
import { monthOf, monthStart } from "../../../domain/scan-partitions.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx, Tx } from "../../../db/client.js";
import { conflict, forbidden, notFound, unauthenticated } from "../../../lib/problem.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { productCertificate } from "../../certificates/index.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { insertStamps } from "./bulk-insert.js";
import type { BatchRequestInput, BatchView } from "../inputs.js";
import { stampBatches, stamps } from "../schema.js";

/*
 * Stamp batches: a producer requests one, the provincial office issues it (or issues one directly). Issuing
 * generates every stamp of the batch in the same transaction as the batch's state and its audit record, and
 * only for a product whose certificate is in force and not suspended on the day. An Idempotency-Key makes a
 * retried issue return the batch the first attempt made, never a second one.
 */

export type ProductRef = { id: number; name: string; producerId: number; communePath: string };

export async function productRef(db: DbOrTx, productId: number): Promise<ProductRef | undefined> {
  const [p] = await db.select({ id: products.id, name: products.name, producerId: products.producerId, communePath: adminUnits.path }).from(products).innerJoin(adminUnits, eq(adminUnits.id, products.communeId)).where(eq(products.id, productId)).limit(1);
  return p;
}

const resource = (p: ProductRef) => ({ unitPath: p.communePath, producerId: p.producerId });
const batchNotFound = () => notFound({ vi: "lô tem", en: "The stamp batch" });

async function certificateForStamps(db: DbOrTx, productId: number, now: Date) {
  const c = await productCertificate(db, productId, now);
  if (!c || (c.state.status !== "valid" && c.state.status !== "expiring")) {
    throw conflict("no-valid-certificate", { vi: "Sản phẩm không có giấy chứng nhận OCOP còn hiệu lực", en: "The product has no valid OCOP certificate" }, {
      vi: `Tem OCOP chỉ được phát hành cho sản phẩm có giấy chứng nhận còn hiệu lực${c ? ` (hiện: ${c.state.label.vi})` : ""}.`,
      en: `OCOP stamps are issued only for a product with a valid certificate${c ? ` (now: ${c.state.label.en})` : ""}.`,
    });
  }
  return c.cert;
}

/** The earliest instant a scan of the batch's stamps can have: the start of the month it was issued in. */
const scansSince = (b: typeof stampBatches.$inferSelect) => (b.issuedAt ? monthStart(monthOf(b.issuedAt)) : new Date(0)).toISOString();

export async function batchView(db: DbOrTx, b: typeof stampBatches.$inferSelect): Promise<BatchView> {
  const [p] = await db.select({ name: products.name }).from(products).where(eq(products.id, b.productId));
  const [c] = await db
    .select({
      activated: count(stamps.activatedAt),
      voided: count(stamps.voidedAt),
      // Written qualified: drizzle prints ${stamps.id} as a bare "id" in a one-table select, which inside the
      // subquery means stamp_scans.id, so the figure counted stamps whose id happened to equal some scan's id.
      // Bounded below by the month the batch was issued in (no stamp is scanned before it exists), so only
      // the months since are read, not every month's partition.
      scanned: sql<number>`count(*) filter (where exists (select 1 from stamp_scans x where x.stamp_id = "stamps"."id" and x.at >= ${scansSince(b)}::timestamptz))`,
    })
    .from(stamps)
    .where(eq(stamps.batchId, b.id));
  return {
    id: b.id,
    productId: b.productId,
    productName: p?.name ?? "",
    certificateId: b.certificateId,
    quantity: b.quantity,
    state: b.state,
    requestNote: b.requestNote,
    rejectReason: b.rejectReason,
    issuedAt: b.issuedAt?.toISOString() ?? null,
    printedAt: b.printedAt?.toISOString() ?? null,
    createdAt: b.createdAt.toISOString(),
    counts: { activated: Number(c?.activated ?? 0), voided: Number(c?.voided ?? 0), scanned: Number(c?.scanned ?? 0) },
  };
}

/** The producer asks for a batch; the office issues it. */
export async function requestBatch({ ctx, input }: { ctx: ServiceCtx; input: BatchRequestInput }): Promise<BatchView> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const p = await productRef(tx, input.productId);
    if (!p || !can(ctx.principal, "stamps.request", resource(p))) throw notFound({ vi: "sản phẩm", en: "The product" });
    await certificateForStamps(tx, p.id, ctx.now);
    const [b] = await tx.insert(stampBatches).values({ productId: p.id, quantity: input.quantity, state: "requested", requestedBy: ctx.principal!.userId, requestNote: input.note ?? null, createdAt: ctx.now }).returning();
    await audit(tx, ctx, { action: "stamps.request", subjectType: "stamp_batch", subjectId: b!.id, after: { productId: p.id, quantity: input.quantity } });
    return batchView(tx, b!);
  });
}

async function issueTx(tx: Tx, ctx: ServiceCtx, b: typeof stampBatches.$inferSelect, certificateId: number) {
  await insertStamps(tx, b.id, b.quantity);
  const [issued] = await tx.update(stampBatches).set({ state: "issued", certificateId, issuedBy: ctx.principal!.userId, issuedAt: ctx.now }).where(eq(stampBatches.id, b.id)).returning();
  await audit(tx, ctx, { action: "stamps.issue", subjectType: "stamp_batch", subjectId: b.id, after: { productId: b.productId, certificateId, quantity: b.quantity, firstSeq: 1, lastSeq: b.quantity } });
  return issued!;
}

/**
 * The office issues a batch directly. With an Idempotency-Key, a retry (same key, same issuer) returns the batch
 * already issued (`replayed`), and the same key with a different request is refused.
 */
export async function issueBatch({ ctx, input, idempotencyKey }: { ctx: ServiceCtx; input: BatchRequestInput; idempotencyKey?: string | undefined }): Promise<{ batch: BatchView; replayed: boolean }> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    if (idempotencyKey) {
      // Serialise retries of one key: the second waits for the first and then finds its batch.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stamps:${ctx.principal!.userId}:${idempotencyKey}`}))`);
      const [prior] = await tx.select().from(stampBatches).where(and(eq(stampBatches.issuedBy, ctx.principal!.userId), eq(stampBatches.idempotencyKey, idempotencyKey))).limit(1);
      if (prior) {
        if (prior.productId !== input.productId || prior.quantity !== input.quantity) {
          throw conflict("idempotency-key-reused", { vi: "Khóa Idempotency-Key đã dùng cho yêu cầu khác", en: "Idempotency-Key already used for another request" }, {
            vi: `Khóa này đã phát hành lô số ${prior.id} (${prior.quantity} tem). Dùng khóa mới cho lô mới.`,
            en: `This key already issued batch ${prior.id} (${prior.quantity} stamps). Use a new key for a new batch.`,
          });
        }
        return { batch: await batchView(tx, prior), replayed: true };
      }
    }
    const p = await productRef(tx, input.productId);
    if (!p || !can(ctx.principal, "stamps.issue", resource(p))) throw forbidden({ vi: "Chỉ Văn phòng Điều phối của tỉnh phát hành tem cho sản phẩm trong tỉnh.", en: "Only the provincial office issues stamps for products in its province." });
    const cert = await certificateForStamps(tx, p.id, ctx.now);
    const [b] = await tx.insert(stampBatches).values({ productId: p.id, quantity: input.quantity, state: "requested", requestNote: input.note ?? null, idempotencyKey: idempotencyKey ?? null, issuedBy: ctx.principal!.userId, createdAt: ctx.now }).returning();
    return { batch: await batchView(tx, await issueTx(tx, ctx, b!, cert.id)), replayed: false };
  });
}

async function lockBatch(tx: Tx, id: number) {
  const [b] = await tx.select().from(stampBatches).where(eq(stampBatches.id, id)).for("update").limit(1);
  if (!b) throw batchNotFound();
  const p = (await productRef(tx, b.productId))!;
  return { b, p };
}

/** The office approves a requested batch: issuing it. Approving an issued batch again returns it unchanged. */
export async function approveBatch({ ctx, input }: { ctx: ServiceCtx; input: { batchId: number } }): Promise<BatchView> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const { b, p } = await lockBatch(tx, input.batchId);
    if (!can(ctx.principal, "stamps.issue", resource(p))) throw batchNotFound();
    if (b.state === "issued" || b.state === "printed") return batchView(tx, b);
    if (b.state !== "requested") throw conflict("batch-not-requested", { vi: "Lô tem không ở trạng thái chờ duyệt", en: "The batch is not awaiting approval" });
    const cert = await certificateForStamps(tx, p.id, ctx.now);
    return batchView(tx, await issueTx(tx, ctx, b, cert.id));
  });
}

export async function rejectBatch({ ctx, input }: { ctx: ServiceCtx; input: { batchId: number; reason: string } }): Promise<BatchView> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const { b, p } = await lockBatch(tx, input.batchId);
    if (!can(ctx.principal, "stamps.issue", resource(p))) throw batchNotFound();
    if (b.state !== "requested") throw conflict("batch-not-requested", { vi: "Lô tem không ở trạng thái chờ duyệt", en: "The batch is not awaiting approval" });
    const [r] = await tx.update(stampBatches).set({ state: "rejected", rejectReason: input.reason }).where(eq(stampBatches.id, b.id)).returning();
    await audit(tx, ctx, { action: "stamps.reject", subjectType: "stamp_batch", subjectId: b.id, after: { reason: input.reason } });
    return batchView(tx, r!);
  });
}

/** A batch the caller may see: its producer's members and the office of its province. */
export async function readableBatch(db: DbOrTx, principal: Principal | null, batchId: number) {
  if (!principal) throw unauthenticated();
  const [b] = await db.select().from(stampBatches).where(eq(stampBatches.id, batchId)).limit(1);
  if (!b) throw batchNotFound();
  const p = (await productRef(db, b.productId))!;
  if (!can(principal, "stamps.read", resource(p))) throw batchNotFound();
  return { b, p };
}

export async function getBatch({ ctx, input }: { ctx: ServiceCtx; input: { batchId: number } }): Promise<BatchView> {
  return batchView(ctx.db, (await readableBatch(ctx.db, ctx.principal, input.batchId)).b);
}

export async function listBatches({ ctx, input }: { ctx: ServiceCtx; input: { productId?: number | undefined; state?: string | undefined; q?: string | undefined } }): Promise<BatchView[]> {
  const p = ctx.principal;
  if (!p) throw unauthenticated();
  const scopes = unitScopes(p, "stamps.read");
  const producerIds = p.grants.filter((g) => g.role === "producer_member" && g.producerId).map((g) => g.producerId!);
  if (!scopes.length && !producerIds.length) throw forbidden();
  const rows = await ctx.db
    .select({ b: stampBatches })
    .from(stampBatches)
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(
      and(
        input.productId ? eq(stampBatches.productId, input.productId) : undefined,
        input.state ? eq(stampBatches.state, input.state as never) : undefined,
        ...(input.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8).map((w) => {
          const like = `%${w.replace(/[\\%_]/g, (m) => "\\" + m)}%`;
          return or(ilike(products.name, like), ilike(products.code, like));
        }),
        sql`(${scopes.length ? withinUnits(adminUnits.path, scopes) : sql`false`} or ${producerIds.length ? inArray(products.producerId, producerIds) : sql`false`})`,
      ),
    )
    .orderBy(desc(stampBatches.id))
    .limit(200);
  const out: BatchView[] = [];
  for (const r of rows) out.push(await batchView(ctx.db, r.b));
  return out;
}

/** The first print of a batch moves it to "printed" (reprints are allowed and audited by the caller). */
export async function markPrinted(tx: DbOrTx, batchId: number, at: Date): Promise<void> {
  await tx.update(stampBatches).set({ state: "printed", printedAt: at }).where(and(eq(stampBatches.id, batchId), eq(stampBatches.state, "issued")));
}

/**
 * Printing is recorded by an explicit step, never by the download (a GET changes nothing: a crawler or a link
 * from another site could follow it): the first mark moves an issued batch to "printed"; each mark is audited.
 */
export async function markBatchPrinted({ ctx, input }: { ctx: ServiceCtx; input: { batchId: number } }): Promise<BatchView> {
  const { b } = await readableBatch(ctx.db, ctx.principal, input.batchId);
  if (b.state !== "issued" && b.state !== "printed") throw conflict("batch-not-issued", { vi: "Lô tem chưa được phát hành", en: "The batch has not been issued" });
  await ctx.db.transaction(async (tx) => {
    await markPrinted(tx, b.id, ctx.now);
    await audit(tx, ctx, { action: "stamps.print", subjectType: "stamp_batch", subjectId: b.id, before: { state: b.state }, after: { state: "printed" } });
  });
  return getBatch({ ctx, input: { batchId: b.id } });
}

/** The home page's count: stamp requests waiting for the office to issue or refuse (/stamps?state=requested). */
export const batchesWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "stamps.issue").length) return [];
  const requested = await listBatches({ ctx, input: { state: "requested" } });
  return [{ href: "/stamps?state=requested", label: { vi: "đề nghị cấp tem chờ phát hành", en: "stamp requests waiting to be issued" }, count: requested.length }];
};
