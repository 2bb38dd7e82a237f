import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, max, ne, or, sql, type SQL } from "drizzle-orm";
import { authorize, can, unitContains, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../auth/types.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx, Tx } from "../../db/client.js";
import { formatProductCode } from "../../domain/product-code.js";
import { processPhoto } from "../../lib/images.js";
import { forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { IMAGE_TYPES, checkUpload } from "../../lib/uploads.js";
import { roleAssignments, users } from "../accounts/schema.js";
import { writeAudit } from "../audit/index.js";
import { storedFiles } from "../files/schema.js";
import { ownProducerIds } from "../producers/index.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";
import type { AssignResponsibleInput, ListProductsQuery, OfficialView, PhotoView, ProductDetail, ProductList, ProductView, UpdateProductInput } from "./inputs.js";
import { productPhotos, products } from "./schema.js";

type ProductRow = typeof products.$inferSelect;

const productNotFound = () => notFound({ vi: "sản phẩm", en: "The product" });

const commune = aliasedTable(adminUnits, "product_commune");
const parentUnit = aliasedTable(adminUnits, "product_commune_parent");
const responsible = aliasedTable(users, "product_responsible");

type Joined = { p: ProductRow; producerName: string; communeName: string; unitPath: string; parentUnitName: string | null; responsibleName: string | null; thumbFileId: number | null; thumbPhotoId: number | null };

// The first photo still shown is the product's face in lists.
const firstPhoto = sql<number | null>`(select min(pp.id) from product_photos pp where pp.product_id = ${products.id} and pp.removed_at is null)`;

function selectProducts(db: DbOrTx) {
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

const resourceOf = (r: { unitPath: string; p: { producerId: number } }) => ({ unitPath: r.unitPath, producerId: r.p.producerId });

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

const audited = (p: ProductRow) => ({ ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() });

// ---- creation from an approved plan ---------------------------------------------------------------------

/**
 * The plan's approval creates the product in the same transaction, with its code `T-X-STT-YEAR`: the
 * province's and the commune's administrative codes, the commune's next running number for the cycle year,
 * and the year. A transaction-scoped advisory lock per (commune, year) hands out running numbers one at a
 * time; the unique index is the backstop.
 */
export async function createProductForPlan(
  tx: Tx,
  ctx: ServiceCtx,
  plan: { id: number; cycleId: number; producerId: number; communeId: number; year: number; name: string; criteriaSetId: number; description: string; responsibleUserId: string | null },
): Promise<ProductRow> {
  const [c] = await tx.select({ code: adminUnits.code, path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, plan.communeId));
  const provinceId = Number(c!.path.split(".")[0]);
  const [prov] = await tx.select({ code: adminUnits.code }).from(adminUnits).where(eq(adminUnits.id, provinceId));
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`product-serial:${c!.code}:${plan.year}`}))`);
  const [last] = await tx
    .select({ n: max(products.codeSerial) })
    .from(products)
    .where(and(eq(products.codeCommune, c!.code), eq(products.codeYear, plan.year)));
  const serial = (last?.n ?? 0) + 1;
  const code = formatProductCode({ province: prov!.code, commune: c!.code, serial, year: plan.year });
  const [row] = await tx
    .insert(products)
    .values({
      planId: plan.id,
      cycleId: plan.cycleId,
      producerId: plan.producerId,
      communeId: plan.communeId,
      name: plan.name,
      criteriaSetId: plan.criteriaSetId,
      code,
      codeProvince: prov!.code,
      codeCommune: c!.code,
      codeSerial: serial,
      codeYear: plan.year,
      description: plan.description,
      responsibleUserId: plan.responsibleUserId,
      createdBy: ctx.principal?.userId ?? null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await writeAudit(tx, { actorId: ctx.principal?.userId ?? null, action: "product.create", subjectType: "product", subjectId: row!.id, after: audited(row!), requestId: ctx.requestId ?? null }, ctx.now);
  return row!;
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

async function loadProduct(db: DbOrTx, id: number): Promise<Joined | undefined> {
  const [r] = await selectProducts(db).where(eq(products.id, id)).limit(1);
  return r;
}

async function readableProduct(db: DbOrTx, principal: Principal | null, id: number): Promise<Joined> {
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

async function detail(db: DbOrTx, principal: Principal | null, r: Joined): Promise<ProductDetail> {
  return {
    ...productView(r),
    photos: await photosOf(db, r.p.id),
    canManage: can(principal, "products.manage", resourceOf(r)),
    canAssign: can(principal, "products.assign", resourceOf(r)),
  };
}

export async function getProduct({ ctx, input }: { ctx: ServiceCtx; input: { productId: number } }): Promise<ProductDetail> {
  return detail(ctx.db, ctx.principal, await readableProduct(ctx.db, ctx.principal, input.productId));
}

export async function productOfficials({ ctx, input }: { ctx: ServiceCtx; input: { productId: number } }): Promise<OfficialView[]> {
  const r = await readableProduct(ctx.db, ctx.principal, input.productId);
  authorize(ctx.principal, "products.assign", resourceOf(r));
  return responsibleCandidates(ctx.db, r.unitPath);
}

// ---- changing ------------------------------------------------------------------------------------------

async function lockProduct(tx: Tx, principal: Principal | null, id: number, action: "products.manage" | "products.assign"): Promise<Joined> {
  if (!principal) throw unauthenticated();
  await tx.select({ id: products.id }).from(products).where(eq(products.id, id)).for("update").limit(1);
  const r = await readableProduct(tx, principal, id);
  authorize(principal, action, resourceOf(r));
  return r;
}

export async function updateProduct({ ctx, input }: { ctx: ServiceCtx; input: UpdateProductInput & { productId: number } }): Promise<ProductDetail> {
  const { productId, ...changes } = input;
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, productId, "products.manage");
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (changes.gtin) {
      const [taken] = await tx.select({ id: products.id }).from(products).where(and(eq(products.gtin, changes.gtin), ne(products.id, productId))).limit(1);
      if (taken) throw validationError([{ path: "gtin", message: "Another product has this GTIN.", vi: "GTIN này đã gán cho sản phẩm khác.", en: "Another product has this GTIN." }]);
    }
    const [after] = await tx.update(products).set({ ...set, updatedAt: ctx.now }).where(eq(products.id, productId)).returning();
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "product.update", subjectType: "product", subjectId: productId, before: audited(r.p), after: audited(after!), requestId: ctx.requestId ?? null }, ctx.now);
    return detail(tx, ctx.principal, (await loadProduct(tx, productId))!);
  });
}

export async function assignResponsible({ ctx, input }: { ctx: ServiceCtx; input: AssignResponsibleInput & { productId: number } }): Promise<ProductDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.assign");
    if (input.userId !== null) await checkResponsible(tx, input.userId, r.unitPath, "userId");
    await tx.update(products).set({ responsibleUserId: input.userId, updatedAt: ctx.now }).where(eq(products.id, input.productId));
    await writeAudit(
      tx,
      { actorId: ctx.principal!.userId, action: "product.assign_responsible", subjectType: "product", subjectId: input.productId, before: { responsibleUserId: r.p.responsibleUserId }, after: { responsibleUserId: input.userId }, requestId: ctx.requestId ?? null },
      ctx.now,
    );
    return detail(tx, ctx.principal, (await loadProduct(tx, input.productId))!);
  });
}

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS = 12;

/**
 * A photo is checked by its bytes, decoded, auto-rotated, resized and re-encoded before anything is stored:
 * the original (which may carry the farm's GPS position in EXIF) never reaches the database.
 */
export async function addPhoto({ ctx, input }: { ctx: ServiceCtx; input: { productId: number; file: { name: string; bytes: Uint8Array; claimedType?: string }; caption?: string | undefined } }): Promise<ProductDetail> {
  if (!ctx.principal) throw unauthenticated();
  // Authorise before decoding: decoding costs time and memory.
  const pre = await readableProduct(ctx.db, ctx.principal, input.productId);
  authorize(ctx.principal, "products.manage", resourceOf(pre));
  const upload = checkUpload(input.file, { allowed: IMAGE_TYPES, maxBytes: MAX_PHOTO_BYTES, field: "photo" });
  const out = await processPhoto(upload.bytes);
  const caption = input.caption?.trim().slice(0, 300) || null;
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.manage");
    const [n] = await tx.select({ n: count() }).from(productPhotos).where(and(eq(productPhotos.productId, r.p.id), isNull(productPhotos.removedAt)));
    if ((n?.n ?? 0) >= MAX_PHOTOS) {
      throw validationError([{ path: "photo", vi: `Mỗi sản phẩm có tối đa ${MAX_PHOTOS} ảnh; hãy gỡ bớt ảnh cũ.`, en: `A product has at most ${MAX_PHOTOS} photos; remove an old one first.`, message: `A product has at most ${MAX_PHOTOS} photos; remove an old one first.` }]);
    }
    const base = upload.name.replace(/\.[^.]*$/, "") || "photo";
    const sha = async (b: Uint8Array) => (await import("node:crypto")).createHash("sha256").update(b).digest("hex");
    const [web] = await tx
      .insert(storedFiles)
      .values({ name: `${base}.webp`, contentType: "image/webp", size: out.web.bytes.byteLength, sha256: await sha(out.web.bytes), bytes: out.web.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .returning({ id: storedFiles.id });
    const [thumb] = await tx
      .insert(storedFiles)
      .values({ name: `${base}-thumb.webp`, contentType: "image/webp", size: out.thumb.bytes.byteLength, sha256: await sha(out.thumb.bytes), bytes: out.thumb.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .returning({ id: storedFiles.id });
    const [photo] = await tx
      .insert(productPhotos)
      .values({ productId: r.p.id, webFileId: web!.id, thumbFileId: thumb!.id, width: out.web.width, height: out.web.height, caption, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .returning();
    await writeAudit(
      tx,
      { actorId: ctx.principal!.userId, action: "product.photo_add", subjectType: "product", subjectId: r.p.id, after: { photoId: photo!.id, uploadSha256: upload.sha256, width: photo!.width, height: photo!.height, caption }, requestId: ctx.requestId ?? null },
      ctx.now,
    );
    return detail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
}

export async function removePhoto({ ctx, input }: { ctx: ServiceCtx; input: { productId: number; photoId: number } }): Promise<ProductDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.manage");
    const [gone] = await tx
      .update(productPhotos)
      .set({ removedAt: ctx.now })
      .where(and(eq(productPhotos.id, input.photoId), eq(productPhotos.productId, r.p.id), isNull(productPhotos.removedAt)))
      .returning({ id: productPhotos.id });
    if (!gone) throw notFound({ vi: "ảnh sản phẩm", en: "The product photo" });
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "product.photo_remove", subjectType: "product", subjectId: r.p.id, after: { photoId: input.photoId }, requestId: ctx.requestId ?? null }, ctx.now);
    return detail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
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
