import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { authorize, can, unitContains, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import { forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { storedFiles } from "../files/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";
import type { ListProductsQuery, ListShopLinksQuery, OfficialView, PhotoView, ProductDetail, ProductList, ProductView, ShopLinkList, ShopLinkView } from "./inputs.js";
import { productPhotos, productShopLinks, products } from "./schema.js";

// The read side of the products area: the joined select, the views built from it, who may read what, and the
// officials who may guide a product.

export type ProductRow = typeof products.$inferSelect;

const productNotFound = () => notFound({ vi: "sản phẩm", en: "The product" });

const commune = aliasedTable(adminUnits, "product_commune");
const parentUnit = aliasedTable(adminUnits, "product_commune_parent");
const responsible = aliasedTable(users, "product_responsible");

export type Joined = { p: ProductRow; producerName: string; communeName: string; unitPath: string; parentUnitName: string | null; responsibleName: string | null; thumbFileId: number | null; thumbPhotoId: number | null };

// The first photo still shown is the product's face in lists.
const firstPhoto = sql<number | null>`(select min(pp.id) from product_photos pp where pp.product_id = ${products.id} and pp.removed_at is null)`;

export function selectProducts(db: DbOrTx) {
  return db
    .select({
      p: products,
      producerName: producers.name,
      communeName: commune.name,
      unitPath: commune.path,
      parentUnitName: parentUnit.name,
      responsibleName: responsible.displayName,
      thumbPhotoId: firstPhoto,
      thumbFileId: sql<number | null>`null`,
    })
    .from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(commune, eq(commune.id, products.communeId))
    .leftJoin(parentUnit, eq(parentUnit.id, commune.parentId))
    .leftJoin(responsible, eq(responsible.id, products.responsibleUserId));
}

export const photoUrl = (productId: number, photoId: number, size: "web" | "thumb") =>
  size === "web" ? `/products/${productId}/photos/${photoId}.webp` : `/products/${productId}/photos/${photoId}/thumb.webp`;

export const resourceOf = (r: { unitPath: string; p: { producerId: number } }) => ({ unitPath: r.unitPath, producerId: r.p.producerId });

function productView(r: Joined): ProductView {
  const p = r.p;
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    criteriaSetId: p.criteriaSetId,
    producerId: p.producerId,
    producerName: r.producerName,
    communeId: p.communeId,
    communeName: r.communeName,
    parentUnitName: r.parentUnitName,
    planId: p.planId,
    cycleId: p.cycleId,
    description: p.description,
    gtin: p.gtin,
    standards: p.standards,
    responsibleUserId: p.responsibleUserId,
    responsibleName: r.responsibleName,
    thumbUrl: r.thumbPhotoId !== null ? photoUrl(p.id, Number(r.thumbPhotoId), "thumb") : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const OFFICIAL_ROLES = ["province_office", "district_office", "commune_officer"] as const;

/**
 * An official who may guide a product: an active account holding an office role in a unit that contains the
 * product's commune. Returns the candidates for a commune path, or checks one user.
 */
export async function responsibleCandidates(db: DbOrTx, communePath: string): Promise<OfficialView[]> {
  const rows = await db
    .select({ userId: users.id, displayName: users.displayName, role: roleAssignments.role, unitName: adminUnits.name, unitPath: adminUnits.path })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(adminUnits, eq(adminUnits.id, roleAssignments.unitId))
    .where(and(isNull(roleAssignments.revokedAt), isNull(users.disabledAt), inArray(roleAssignments.role, [...OFFICIAL_ROLES])))
    .orderBy(asc(users.displayName));
  const seen = new Set<string>();
  const out: OfficialView[] = [];
  for (const r of rows) {
    if (!unitContains(r.unitPath, communePath) || seen.has(r.userId)) continue;
    seen.add(r.userId);
    out.push({ userId: r.userId, displayName: r.displayName, role: r.role, unitName: r.unitName });
  }
  return out;
}

export async function checkResponsible(db: DbOrTx, userId: string, communePath: string, field: string): Promise<void> {
  const ok = (await responsibleCandidates(db, communePath)).some((c) => c.userId === userId);
  if (!ok) {
    throw validationError([
      {
        path: field,
        vi: "Cán bộ phụ trách phải là tài khoản cán bộ đang hoạt động của xã, huyện hoặc tỉnh nơi có sản phẩm.",
        en: "The responsible official must be an active official's account of the product's commune, district or province.",
        message: "The responsible official must be an active official's account of the product's commune, district or province.",
      },
    ]);
  }
}

// ---- reading -------------------------------------------------------------------------------------------

function readable(principal: Principal | null): SQL | undefined {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "products.read");
  const own = ownProducerIds(principal);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  return or(scopes.length ? withinUnits(commune.path, scopes) : undefined, own.length ? inArray(products.producerId, own) : undefined);
}

export async function listProducts({ ctx, input }: { ctx: ServiceCtx; input: ListProductsQuery }): Promise<ProductList> {
  const visible = readable(ctx.principal);
  const q = input.q ? `%${input.q.replace(/[\\%_]/g, (m) => "\\" + m)}%` : undefined;
  const where = and(
    visible,
    input.cycleId ? eq(products.cycleId, input.cycleId) : undefined,
    input.producerId ? eq(products.producerId, input.producerId) : undefined,
    input.communeId ? eq(products.communeId, input.communeId) : undefined,
    input.criteriaSetId ? eq(products.criteriaSetId, input.criteriaSetId) : undefined,
    q ? or(ilike(products.name, q), ilike(products.code, q), ilike(producers.name, q)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectProducts(ctx.db).where(where).orderBy(desc(products.codeYear), asc(products.code)).limit(input.limit).offset(input.offset),
    ctx.db.select({ n: count() }).from(products).innerJoin(producers, eq(producers.id, products.producerId)).innerJoin(commune, eq(commune.id, products.communeId)).where(where),
  ]);
  return { items: rows.map(productView), total: total?.n ?? 0 };
}

export async function loadProduct(db: DbOrTx, id: number): Promise<Joined | undefined> {
  const [r] = await selectProducts(db).where(eq(products.id, id)).limit(1);
  return r;
}

export async function readableProduct(db: DbOrTx, principal: Principal | null, id: number): Promise<Joined> {
  if (!principal) throw unauthenticated();
  const r = await loadProduct(db, id);
  if (!r || !can(principal, "products.read", resourceOf(r))) throw productNotFound();
  return r;
}

async function photosOf(db: DbOrTx, productId: number): Promise<PhotoView[]> {
  const rows = await db
    .select()
    .from(productPhotos)
    .where(and(eq(productPhotos.productId, productId), isNull(productPhotos.removedAt)))
    .orderBy(asc(productPhotos.id));
  return rows.map((p) => ({ id: p.id, width: p.width, height: p.height, caption: p.caption, url: photoUrl(productId, p.id, "web"), thumbUrl: photoUrl(productId, p.id, "thumb"), createdAt: p.createdAt.toISOString() }));
}

export async function productDetail(db: DbOrTx, principal: Principal | null, r: Joined): Promise<ProductDetail> {
  return {
    ...productView(r),
    photos: await photosOf(db, r.p.id),
    shopLinks: await shopLinksOf(db, r.p.id),
    canManage: can(principal, "products.manage", resourceOf(r)),
    canAssign: can(principal, "products.assign", resourceOf(r)),
    canProposeLinks: can(principal, "products.links.propose", resourceOf(r)),
    canDecideLinks: can(principal, "products.links.decide", resourceOf(r)),
  };
}

export async function getProduct({ ctx, input }: { ctx: ServiceCtx; input: { productId: number } }): Promise<ProductDetail> {
  return productDetail(ctx.db, ctx.principal, await readableProduct(ctx.db, ctx.principal, input.productId));
}

export async function productOfficials({ ctx, input }: { ctx: ServiceCtx; input: { productId: number } }): Promise<OfficialView[]> {
  const r = await readableProduct(ctx.db, ctx.principal, input.productId);
  authorize(ctx.principal, "products.assign", resourceOf(r));
  return responsibleCandidates(ctx.db, r.unitPath);
}
/**
 * The bytes of a product photo. Photos are public: they are re-encoded without metadata, and the scan page
 * and registry show them to anyone. Removed photos are gone for everybody.
 */
export async function photoBytes(db: DbOrTx, productId: number, photoId: number, size: "web" | "thumb"): Promise<{ bytes: Uint8Array; contentType: string; sha256: string } | undefined> {
  const fileCol = size === "web" ? productPhotos.webFileId : productPhotos.thumbFileId;
  const [row] = await db
    .select({ bytes: storedFiles.bytes, contentType: storedFiles.contentType, sha256: storedFiles.sha256 })
    .from(productPhotos)
    .innerJoin(storedFiles, eq(storedFiles.id, fileCol))
    .where(and(eq(productPhotos.id, photoId), eq(productPhotos.productId, productId), isNull(productPhotos.removedAt)))
    .limit(1);
  return row;
}

// ---- shop links ----------------------------------------------------------------------------------------

const decider = aliasedTable(users, "shop_link_decider");

function shopLinkView(l: typeof productShopLinks.$inferSelect, decidedByName: string | null): ShopLinkView {
  return {
    id: l.id,
    productId: l.productId,
    kind: l.kind,
    url: l.url,
    label: l.label,
    status: l.status,
    proposedAt: l.proposedAt.toISOString(),
    decidedAt: l.decidedAt?.toISOString() ?? null,
    decidedByName,
    reason: l.reason,
  };
}

/** A product's shop links as its management page shows them: the live ones first, then the history. */
export async function shopLinksOf(db: DbOrTx, productId: number): Promise<ShopLinkView[]> {
  const rows = await db
    .select({ l: productShopLinks, decidedByName: decider.displayName })
    .from(productShopLinks)
    .leftJoin(decider, eq(decider.id, productShopLinks.decidedBy))
    .where(eq(productShopLinks.productId, productId))
    .orderBy(sql`case ${productShopLinks.status} when 'approved' then 0 when 'pending' then 1 else 2 end`, desc(productShopLinks.id));
  return rows.map((r) => shopLinkView(r.l, r.decidedByName));
}

/** The office's list of shop links by status (pending: what waits for its decision), within its units. */
export async function listShopLinks({ ctx, input }: { ctx: ServiceCtx; input: ListShopLinksQuery }): Promise<ShopLinkList> {
  const scopes = unitScopes(ctx.principal, "products.links.decide");
  if (!ctx.principal) throw unauthenticated();
  if (scopes.length === 0) throw forbidden();
  const where = and(eq(productShopLinks.status, input.status), withinUnits(commune.path, scopes));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ l: productShopLinks, decidedByName: decider.displayName, productName: products.name, productCode: products.code, producerName: producers.name })
      .from(productShopLinks)
      .innerJoin(products, eq(products.id, productShopLinks.productId))
      .innerJoin(producers, eq(producers.id, products.producerId))
      .innerJoin(commune, eq(commune.id, products.communeId))
      .leftJoin(decider, eq(decider.id, productShopLinks.decidedBy))
      .where(where)
      .orderBy(asc(productShopLinks.proposedAt), asc(productShopLinks.id))
      .limit(input.limit)
      .offset(input.offset),
    ctx.db
      .select({ n: count() })
      .from(productShopLinks)
      .innerJoin(products, eq(products.id, productShopLinks.productId))
      .innerJoin(commune, eq(commune.id, products.communeId))
      .where(where),
  ]);
  return { items: rows.map((r) => ({ ...shopLinkView(r.l, r.decidedByName), productName: r.productName, productCode: r.productCode, producerName: r.producerName })), total: total?.n ?? 0 };
}
