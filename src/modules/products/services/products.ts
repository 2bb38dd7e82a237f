import { and, count, eq, isNull, max, ne, sql } from "drizzle-orm";
import { type Action, authorize } from "../../../auth/policy.js";
import type { Principal } from "../../../domain/principal.js";
import type { Tx } from "../../../db/client.js";
import { formatProductCode } from "../../../domain/product-code.js";
import { processPhoto } from "../../../lib/images.js";
import { notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { checkUpload } from "../../../lib/uploads.js";
import { UPLOAD_LIMITS } from "../../../lib/upload-limits.js";
import { audit } from "../../audit/index.js";
import { storedFiles } from "../../files/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { AssignResponsibleInput, ProductDetail, UpdateProductInput } from "../inputs.js";
import { type Joined, type ProductRow, checkResponsible, loadProduct, productDetail, readableProduct, resourceOf } from "../queries.js";
import { productPhotos, products } from "../schema.js";

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
  await audit(tx, ctx, { action: "product.create", subjectType: "product", subjectId: row!.id, after: audited(row!) });
  return row!;
}

// ---- changing ------------------------------------------------------------------------------------------

export async function lockProduct(tx: Tx, principal: Principal | null, id: number, action: Action): Promise<Joined> {
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
    await audit(tx, ctx, { action: "product.update", subjectType: "product", subjectId: productId, before: audited(r.p), after: audited(after!) });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, productId))!);
  });
}

export async function assignResponsible({ ctx, input }: { ctx: ServiceCtx; input: AssignResponsibleInput & { productId: number } }): Promise<ProductDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockProduct(tx, ctx.principal, input.productId, "products.assign");
    if (input.userId !== null) await checkResponsible(tx, input.userId, r.unitPath, "userId");
    await tx.update(products).set({ responsibleUserId: input.userId, updatedAt: ctx.now }).where(eq(products.id, input.productId));
    await audit(tx, ctx, { action: "product.assign_responsible", subjectType: "product", subjectId: input.productId, before: { responsibleUserId: r.p.responsibleUserId }, after: { responsibleUserId: input.userId } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, input.productId))!);
  });
}

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
  const upload = checkUpload(input.file, UPLOAD_LIMITS.productPhoto);
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
    await audit(tx, ctx, { action: "product.photo_add", subjectType: "product", subjectId: r.p.id, after: { photoId: photo!.id, uploadSha256: upload.sha256, width: photo!.width, height: photo!.height, caption } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
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
    await audit(tx, ctx, { action: "product.photo_remove", subjectType: "product", subjectId: r.p.id, after: { photoId: input.photoId } });
    return productDetail(tx, ctx.principal, (await loadProduct(tx, r.p.id))!);
  });
}
