import { noteChange } from "../../../db/change-notes.js";
import { serialIs } from "../queries/serial-match.js";
import { and, between, eq, isNull, sql } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import { parseStampCode } from "../../../domain/stamp-code.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import { formatDate } from "../../../lib/i18n.js";
import { retailPoints } from "../../retail/schema.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import type { Tx } from "../../../db/client.js";
import { audit } from "../../audit/index.js";
import { productRef } from "./batches.js";
import type { ActivateInput, VoidInput } from "../inputs.js";
import { productionLots, stampBatches, stampSales, stamps } from "../schema.js";
import type { StampCache } from "../runtime/stamp-cache.js";

/*
 * Activation (the stamps are affixed to a production lot) and voiding (lost or stolen rolls), by batch or by a
 * print-order range, or one stamp by its code. One statement updates the range, written with its audit record;
 * the scan page's cache forgets the batch so the next scan shows the change.
 */

async function lockBatchFor(tx: Tx, ctx: ServiceCtx, batchId: number) {
  if (!ctx.principal) throw unauthenticated();
  const [b] = await tx.select().from(stampBatches).where(eq(stampBatches.id, batchId)).for("update").limit(1);
  const p = b ? await productRef(tx, b.productId) : undefined;
  if (!b || !p || !can(ctx.principal, "stamps.manage", { unitPath: p.communePath, producerId: p.producerId })) throw notFound({ vi: "lô tem", en: "The stamp batch" });
  if (b.state !== "issued" && b.state !== "printed") throw conflict("batch-not-issued", { vi: "Lô tem chưa được phát hành", en: "The batch has not been issued" });
  return { b, p };
}

function checkRange(b: { quantity: number }, from: number, to: number) {
  if (to > b.quantity) throw validationError([{ path: "toSeq", message: `The batch has ${b.quantity} stamps.`, vi: `Lô tem có ${b.quantity} tem.`, en: `The batch has ${b.quantity} stamps.` }]);
  return { from, to };
}

export async function activateStamps({ ctx, input, cache }: { ctx: ServiceCtx; input: ActivateInput; cache?: StampCache | undefined }) {
  const result = await ctx.db.transaction(async (tx) => {
    const { b, p } = await lockBatchFor(tx, ctx, input.batchId);
    const { from, to } = checkRange(b, input.fromSeq ?? 1, input.toSeq ?? b.quantity);
    const [lot] = await tx
      .insert(productionLots)
      .values({ productId: p.id, lotNumber: input.lot.lotNumber, producedOn: input.lot.producedOn, expiresOn: input.lot.expiresOn ?? null, quantity: input.lot.quantity, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .onConflictDoUpdate({ target: [productionLots.productId, productionLots.lotNumber], set: { lotNumber: sql`excluded.lot_number` } })
      .returning();
    if (lot!.producedOn !== input.lot.producedOn) {
      throw conflict("lot-exists", { vi: "Số lô đã có với ngày sản xuất khác", en: "The lot number exists with another production date" });
    }
    // Void stamps stay void; stamps already on a lot are not moved silently to another.
    const rows = await tx
      .update(stamps)
      .set({ lotId: lot!.id, activatedAt: ctx.now })
      .where(and(eq(stamps.batchId, b.id), between(stamps.seq, from, to), isNull(stamps.voidedAt), isNull(stamps.activatedAt)))
      .returning({ id: stamps.id });
    await noteChange(tx, { kind: "batch", batchId: b.id });
    await audit(tx, ctx, { action: "stamps.activate", subjectType: "stamp_batch", subjectId: b.id, after: { fromSeq: from, toSeq: to, activated: rows.length, lot: input.lot } });
    return { batchId: b.id, lotId: lot!.id, activated: rows.length, skipped: to - from + 1 - rows.length };
  });
  cache?.forgetBatch(result.batchId);
  return result;
}

export async function voidStamps({ ctx, input, stampKeys, cache }: { ctx: ServiceCtx; input: VoidInput; stampKeys: string[]; cache?: StampCache | undefined }) {
  const result = await ctx.db.transaction(async (tx) => {
    let batchId: number;
    let from: number;
    let to: number;
    if ("code" in input) {
      const parsed = parseStampCode(input.code, stampKeys);
      if (!parsed.ok) throw validationError([{ path: "code", message: parsed.message.en, vi: parsed.message.vi, en: parsed.message.en }]);
      const [s] = await tx.select({ batchId: stamps.batchId, seq: stamps.seq }).from(stamps).where(serialIs(parsed.serial)).limit(1);
      if (!s) throw notFound({ vi: "tem", en: "The stamp" });
      batchId = s.batchId;
      from = to = s.seq;
    } else {
      batchId = input.batchId;
      from = input.fromSeq ?? 1;
      to = input.toSeq ?? Number.MAX_SAFE_INTEGER;
    }
    const { b } = await lockBatchFor(tx, ctx, batchId);
    ({ from, to } = checkRange(b, from, Math.min(to, b.quantity)));
    const rows = await tx
      .update(stamps)
      .set({ voidedAt: ctx.now, voidReason: input.reason })
      .where(and(eq(stamps.batchId, b.id), between(stamps.seq, from, to), isNull(stamps.voidedAt)))
      .returning({ id: stamps.id });
    await noteChange(tx, { kind: "batch", batchId: b.id });
    await audit(tx, ctx, { action: "stamps.void", subjectType: "stamp_batch", subjectId: b.id, after: { fromSeq: from, toSeq: to, voided: rows.length, reason: input.reason } });
    return { batchId: b.id, voided: rows.length, fromSeq: from, toSeq: to };
  });
  cache?.forgetBatch(result.batchId);
  return result;
}

/**
 * A point of sale marks one stamp sold at its till (it scanned the pack as it sold it). Only an activated stamp
 * that is not void; once sold it stays sold by that point (selling it again there answers the same, anywhere else
 * is a 409 naming the first sale). Written with its audit record; every process's cache forgets the batch.
 */
export async function sellStamp({ ctx, input, stampKeys, cache }: { ctx: ServiceCtx; input: { code: string; retailPointId: number }; stampKeys: string[]; cache?: StampCache | undefined }) {
  if (!ctx.principal) throw unauthenticated();
  if (!can(ctx.principal, "stamps.sell", { retailPointId: input.retailPointId })) throw forbidden({ vi: "Chỉ điểm bán OCOP đánh dấu tem đã bán.", en: "Only an OCOP point of sale marks stamps sold." });
  const parsed = parseStampCode(input.code, stampKeys);
  if (!parsed.ok) throw validationError([{ path: "code", message: parsed.message.en, vi: parsed.message.vi, en: parsed.message.en }]);
  const result = await ctx.db.transaction(async (tx) => {
    const [s] = await tx.select({ id: stamps.id, batchId: stamps.batchId, seq: stamps.seq, activatedAt: stamps.activatedAt, voidedAt: stamps.voidedAt }).from(stamps).where(serialIs(parsed.serial)).for("update").limit(1);
    if (!s) throw notFound({ vi: "tem", en: "The stamp" });
    if (s.voidedAt) throw conflict("stamp-void", { vi: "Tem đã bị hủy: không bán sản phẩm mang tem này.", en: "The stamp is void: do not sell a product carrying it." });
    if (!s.activatedAt) throw conflict("stamp-not-activated", { vi: "Tem chưa được kích hoạt: sản phẩm thật luôn mang tem đã kích hoạt.", en: "The stamp is not activated: real products carry activated stamps." });
    const [before] = await tx.select({ retailPointId: stampSales.retailPointId, soldAt: stampSales.soldAt, name: retailPoints.name }).from(stampSales).innerJoin(retailPoints, eq(retailPoints.id, stampSales.retailPointId)).where(eq(stampSales.stampId, s.id)).limit(1);
    if (before) {
      if (before.retailPointId === input.retailPointId) return { stampId: s.id, batchId: s.batchId, soldAt: before.soldAt.toISOString(), already: true };
      throw conflict("stamp-sold", { vi: `Tem này đã được bán tại ${before.name} ngày ${formatDate(before.soldAt)}: sản phẩm có thể đã bị dùng lại tem.`, en: `This stamp was sold at ${before.name} on ${formatDate(before.soldAt)}: the pack may carry a reused stamp.` });
    }
    await tx.insert(stampSales).values({ stampId: s.id, retailPointId: input.retailPointId, soldAt: ctx.now, soldBy: ctx.principal!.userId });
    await noteChange(tx, { kind: "batch", batchId: s.batchId });
    await audit(tx, ctx, { action: "stamps.sell", subjectType: "stamp_batch", subjectId: s.batchId, after: { seq: s.seq, retailPointId: input.retailPointId } });
    return { stampId: s.id, batchId: s.batchId, soldAt: ctx.now.toISOString(), already: false };
  });
  cache?.forgetBatch(result.batchId);
  return result;
}
