import { and, eq, inArray } from "drizzle-orm";
import { unitScopes } from "../../../auth/policy.js";
import { MAX_SHOP_LINKS, normaliseShopUrl } from "../../../domain/shop-links.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { conflict, notFound, unauthenticated } from "../../../lib/problem.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import { audit } from "../../audit/index.js";
import type { DecideShopLinkInput, ProductDetail, ProposeShopLinkInput } from "../inputs.js";
import { listShopLinks, loadProduct, productDetail } from "../queries.js";
import { productShopLinks } from "../schema.js";
import { lockProduct } from "./products.js";

/*
 * A producer's shop links: the producer proposes (or withdraws) a link for its product, the provincial office
 * approves or rejects it with a reason. Only approved links reach the public pages ("where to buy"); each step is
 * audited in the transaction that takes it. The product row is locked first, so the per-product cap holds under
 * concurrent proposals.
 */

const linkNotFound = () => notFound({ vi: "liên kết bán hàng", en: "The shop link" });
const LIVE = ["pending", "approved"] as const;

export async function proposeShopLink({ ctx, input }: { ctx: ServiceCtx; input: ProposeShopLinkInput & { productId: number } }): Promise<ProductDetail> {
  if (!ctx.principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.links.propose");
    const url = normaliseShopUrl(input.url);
    const live = await tx
      .select({ url: productShopLinks.url })
      .from(productShopLinks)
      .where(and(eq(productShopLinks.productId, r.p.id), inArray(productShopLinks.status, [...LIVE])));
    if (live.some((l) => l.url === url)) throw conflict("shop-link-duplicate", { vi: "Liên kết này đã có (đang chờ duyệt hoặc đã duyệt).", en: "This link is already there (awaiting the office or approved)." });
    if (live.length >= MAX_SHOP_LINKS) throw conflict("shop-links-full", { vi: `Mỗi sản phẩm có tối đa ${MAX_SHOP_LINKS} liên kết bán hàng; hãy gỡ bớt liên kết cũ.`, en: `A product has at most ${MAX_SHOP_LINKS} shop links; withdraw an old one first.` });
    const [row] = await tx
      .insert(productShopLinks)
      .values({ productId: r.p.id, kind: input.kind, url, label: input.label || null, status: "pending", proposedBy: ctx.principal!.userId, proposedAt: ctx.now })
      .returning();
    await audit(tx, ctx, { action: "product.shop_link_propose", subjectType: "product", subjectId: r.p.id, after: { linkId: row!.id, kind: row!.kind, url: row!.url, linkLabel: row!.label, status: row!.status } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
}

export async function withdrawShopLink({ ctx, input }: { ctx: ServiceCtx; input: { productId: number; linkId: number } }): Promise<ProductDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.links.propose");
    const [gone] = await tx
      .update(productShopLinks)
      .set({ status: "withdrawn" })
      .where(and(eq(productShopLinks.id, input.linkId), eq(productShopLinks.productId, r.p.id), inArray(productShopLinks.status, [...LIVE])))
      .returning({ id: productShopLinks.id, url: productShopLinks.url });
    if (!gone) throw linkNotFound();
    await audit(tx, ctx, { action: "product.shop_link_withdraw", subjectType: "product", subjectId: r.p.id, after: { linkId: gone.id, url: gone.url, status: "withdrawn" } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
}

export async function decideShopLink({ ctx, input }: { ctx: ServiceCtx; input: DecideShopLinkInput & { productId: number; linkId: number } }): Promise<ProductDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.links.decide");
    const [link] = await tx.select().from(productShopLinks).where(and(eq(productShopLinks.id, input.linkId), eq(productShopLinks.productId, r.p.id))).for("update");
    if (!link) throw linkNotFound();
    if (link.status !== "pending") throw conflict("shop-link-decided", { vi: "Liên kết này không còn chờ duyệt.", en: "This link is no longer awaiting a decision." });
    const status = input.decision === "approve" ? ("approved" as const) : ("rejected" as const);
    const reason = input.reason || null;
    await tx.update(productShopLinks).set({ status, decidedBy: ctx.principal!.userId, decidedAt: ctx.now, reason }).where(eq(productShopLinks.id, link.id));
    await audit(tx, ctx, { action: "product.shop_link_decide", subjectType: "product", subjectId: r.p.id, before: { linkId: link.id, status: link.status }, after: { linkId: link.id, url: link.url, status, reason } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
}

/** The office's home count: shop links waiting for its decision. */
export const shopLinksWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "products.links.decide").length) return [];
  const { total } = await listShopLinks({ ctx, input: { status: "pending", limit: 1, offset: 0 } });
  return [{ href: "/products/shop-links?status=pending", label: { vi: "liên kết bán hàng của chủ thể chờ duyệt", en: "producers' shop links awaiting approval" }, count: total }];
};

