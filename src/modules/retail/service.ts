import { z } from "@hono/zod-openapi";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import { authorize, can, rolesOf, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../auth/types.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import { CERTIFICATE_STATUS_LABELS, type CertificateStatus } from "../../domain/certificate-status.js";
import { VERDICT_TITLES, verdictAdvice, type Verdict } from "../../domain/scan-verdict.js";
import { vnToday } from "../../lib/dates.js";
import { formatDate, type Bilingual } from "../../lib/i18n.js";
import { forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { bi } from "../../lib/validation.js";
import { writeAudit } from "../audit/index.js";
import { eventsOf, stateOf } from "../certificates/index.js";
import { certificates } from "../certificates/schema.js";
import { producers } from "../producers/schema.js";
import { products } from "../products/schema.js";
import type { ScanResult } from "../stamps/index.js";
import { adminUnits } from "../units/schema.js";
import { retailPoints, retailStock } from "./schema.js";

/*
 * Points of sale of OCOP products (điểm giới thiệu và bán sản phẩm OCOP, Decision 950/QĐ-BCT): registered by
 * the provincial office in a commune of its province; their operators verify a stamp in front of a customer
 * (without the check counting as a consumer's scan) and keep a list of the products they stock, which warns
 * them as soon as a product's certificate stops being valid.
 */

export const RETAIL_KINDS = ["showroom", "shop", "supermarket", "tourist_site", "online", "other"] as const;
export type RetailKind = (typeof RETAIL_KINDS)[number];

export const RETAIL_KIND_LABELS: Record<RetailKind, Bilingual> = {
  showroom: { vi: "Trung tâm / điểm giới thiệu sản phẩm OCOP", en: "OCOP showroom" },
  shop: { vi: "Cửa hàng", en: "Shop" },
  supermarket: { vi: "Siêu thị", en: "Supermarket" },
  tourist_site: { vi: "Điểm du lịch", en: "Tourist site" },
  online: { vi: "Bán trực tuyến", en: "Online" },
  other: { vi: "Khác", en: "Other" },
};

const text = (max: number, vi: string, en: string) =>
  z.string(bi(`Nhập ${vi}`, `Enter ${en}`)).trim().min(1, bi(`Nhập ${vi}`, `Enter ${en}`)).max(max, bi(`Tối đa ${max} ký tự`, `At most ${max} characters`));

export const RetailPointInput = z
  .strictObject({
    name: text(200, "tên điểm bán", "the name"),
    communeId: z.number(bi("Chọn xã, phường", "Choose the commune")).int().positive(),
    address: text(500, "địa chỉ", "the address"),
    kind: z.enum(RETAIL_KINDS, bi("Chọn loại điểm bán", "Choose the kind of point of sale")),
    latitude: z.number(bi("Vĩ độ phải là số", "The latitude must be a number")).min(-90, bi("Vĩ độ từ -90 đến 90", "Latitude is between -90 and 90")).max(90, bi("Vĩ độ từ -90 đến 90", "Latitude is between -90 and 90")).optional(),
    longitude: z.number(bi("Kinh độ phải là số", "The longitude must be a number")).min(-180, bi("Kinh độ từ -180 đến 180", "Longitude is between -180 and 180")).max(180, bi("Kinh độ từ -180 đến 180", "Longitude is between -180 and 180")).optional(),
  })
  .refine((r) => (r.latitude === undefined) === (r.longitude === undefined), { path: ["longitude"], message: bi("Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai", "Give both latitude and longitude, or neither") })
  .openapi("RetailPointInput");
export type RetailPointInput = z.output<typeof RetailPointInput>;

export const RetailPointSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    communeId: z.number().int(),
    communeName: z.string(),
    address: z.string(),
    kind: z.enum(RETAIL_KINDS),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    createdAt: z.string(),
  })
  .openapi("RetailPoint");
export type RetailPointView = z.infer<typeof RetailPointSchema>;

const BilingualSchema = z.object({ vi: z.string(), en: z.string() });

export const StockItemSchema = z
  .object({
    productId: z.number().int(),
    productName: z.string(),
    productCode: z.string(),
    producerName: z.string(),
    addedAt: z.string(),
    certificate: z.object({ id: z.number().int(), stars: z.number().int(), status: z.string(), statusLabel: BilingualSchema, validUntil: z.string() }).nullable(),
    /** "stop": the product may no longer be sold as OCOP; "notice": act soon. */
    warning: z.object({ level: z.enum(["stop", "notice"]), vi: z.string(), en: z.string() }).nullable(),
  })
  .openapi("RetailStockItem");
export type StockItem = z.infer<typeof StockItemSchema>;

export const VerificationSchema = z
  .object({
    verdict: z.string(),
    title: BilingualSchema,
    advice: BilingualSchema,
    code: z.string(),
    recorded: z.literal(false),
    product: z.object({ id: z.number().int(), name: z.string(), code: z.string(), producerName: z.string() }).nullable(),
    stars: z.number().int().nullable(),
    certificate: z.object({ id: z.number().int(), status: z.string(), statusLabel: BilingualSchema, validUntil: z.string(), url: z.string() }).nullable(),
    stamp: z.object({ batchId: z.number().int(), seq: z.number().int(), activated: z.boolean(), voided: z.boolean(), lot: z.string().nullable() }).nullable(),
  })
  .openapi("RetailVerification");
export type Verification = z.infer<typeof VerificationSchema>;

// ---- retail points ----

type PointRow = { p: typeof retailPoints.$inferSelect; communeName: string; unitPath: string };

const pointView = (r: PointRow): RetailPointView => ({
  id: r.p.id,
  name: r.p.name,
  communeId: r.p.communeId,
  communeName: r.communeName,
  address: r.p.address,
  kind: r.p.kind,
  latitude: r.p.latitude,
  longitude: r.p.longitude,
  createdAt: r.p.createdAt.toISOString(),
});

const pointQuery = (db: DbOrTx) =>
  db.select({ p: retailPoints, communeName: adminUnits.name, unitPath: adminUnits.path }).from(retailPoints).innerJoin(adminUnits, eq(adminUnits.id, retailPoints.communeId));

async function loadPoint(db: DbOrTx, id: number): Promise<PointRow> {
  const [r] = await pointQuery(db).where(eq(retailPoints.id, id)).limit(1);
  if (!r) throw notFound({ vi: "điểm bán", en: "The retail point" });
  return r;
}

const resourceOf = (r: PointRow) => ({ unitPath: r.unitPath, retailPointId: r.p.id });

/** The point, if the principal may take `action` on it (404 when it does not exist, 403 when not allowed). */
async function pointFor(db: DbOrTx, principal: Principal | null, id: number, action: "retail.read" | "retail.manage"): Promise<PointRow> {
  if (!principal) throw unauthenticated();
  const r = await loadPoint(db, id);
  if (!can(principal, action, resourceOf(r))) throw forbidden({ vi: "Bạn không quản lý điểm bán này.", en: "You do not manage this retail point." });
  return r;
}

export async function registerRetailPoint({ ctx, input }: { ctx: ServiceCtx; input: RetailPointInput }): Promise<RetailPointView> {
  if (!ctx.principal) throw unauthenticated();
  // Only an office registers points (an operator's retail scope is of an existing point): refuse others first.
  if (unitScopes(ctx.principal, "retail.manage").length === 0) throw forbidden({ vi: "Chỉ cơ quan quản lý OCOP tỉnh đăng ký điểm bán.", en: "Only the provincial OCOP office registers retail points." });
  const today = vnToday(ctx.now);
  const [unit] = await ctx.db.select({ id: adminUnits.id, level: adminUnits.level, path: adminUnits.path, validTo: adminUnits.validTo }).from(adminUnits).where(eq(adminUnits.id, input.communeId)).limit(1);
  if (!unit || unit.level !== "commune" || (unit.validTo !== null && unit.validTo <= today)) {
    throw validationError([{ path: "communeId", vi: "Chọn một xã, phường, đặc khu hiện còn tồn tại.", en: "Choose a commune that exists today.", message: "Choose a commune that exists today." }]);
  }
  authorize(ctx.principal, "retail.manage", { unitPath: unit.path });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(retailPoints)
      .values({ name: input.name, communeId: unit.id, address: input.address, kind: input.kind, latitude: input.latitude ?? null, longitude: input.longitude ?? null, createdAt: ctx.now })
      .returning({ id: retailPoints.id });
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "retail.register", subjectType: "retail_point", subjectId: row!.id, after: { ...input }, requestId: ctx.requestId ?? null }, ctx.now);
    return pointView(await loadPoint(tx, row!.id));
  });
}

/** The points the principal may read: those in its units (officials) and its own (operators). */
export async function listRetailPoints({ ctx, input = {} }: { ctx: ServiceCtx; input?: { communeId?: number | undefined } }): Promise<RetailPointView[]> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "retail.read");
  const own = ctx.principal.grants.filter((g) => g.role === "retail_operator" && g.retailPointId !== undefined).map((g) => g.retailPointId!);
  if (scopes.length === 0 && own.length === 0) throw forbidden();
  const visible = or(withinUnits(adminUnits.path, scopes), own.length ? inArray(retailPoints.id, own) : sql`false`)!;
  const rows = await pointQuery(ctx.db)
    .where(input.communeId ? and(visible, eq(retailPoints.communeId, input.communeId)) : visible)
    .orderBy(asc(retailPoints.name), asc(retailPoints.id))
    .limit(2000);
  return rows.map(pointView);
}

export async function getRetailPoint({ ctx, input }: { ctx: ServiceCtx; input: { id: number } }): Promise<RetailPointView & { canManage: boolean }> {
  const r = await pointFor(ctx.db, ctx.principal, input.id, "retail.read");
  return { ...pointView(r), canManage: can(ctx.principal, "retail.manage", resourceOf(r)) };
}

/** Communes in which the principal may register points, for the form's list. */
export async function communeChoices({ ctx }: { ctx: ServiceCtx }): Promise<{ id: number; name: string }[]> {
  const scopes = unitScopes(ctx.principal, "retail.manage");
  if (!scopes.length) return [];
  const today = vnToday(ctx.now);
  return ctx.db
    .select({ id: adminUnits.id, name: adminUnits.name })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "commune"), withinUnits(adminUnits.path, scopes), sql`(${adminUnits.validTo} is null or ${adminUnits.validTo} > ${today})`))
    .orderBy(asc(adminUnits.name))
    .limit(2000);
}

// ---- stock ----

/** Each product's certificate of the day: the newest in force (valid, expiring, suspended), else the newest. */
async function certificatesOf(db: DbOrTx, productIds: readonly number[], now: Date) {
  const out = new Map<number, { cert: typeof certificates.$inferSelect; status: CertificateStatus; validUntil: string }>();
  if (!productIds.length) return out;
  const today = vnToday(now);
  const rows = await db.select().from(certificates).where(inArray(certificates.productId, [...productIds])).orderBy(desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.id));
  const inForce = (s: string) => s === "valid" || s === "expiring" || s === "suspended";
  for (const cert of rows) {
    const state = stateOf(cert, events.get(cert.id) ?? [], today);
    const have = out.get(cert.productId);
    if (!have || (!inForce(have.status) && inForce(state.status))) out.set(cert.productId, { cert, status: state.status, validUntil: state.validUntil });
  }
  return out;
}

function warningFor(c: { status: CertificateStatus; validUntil: string } | undefined): StockItem["warning"] {
  const until = c ? formatDate(c.validUntil) : "";
  if (!c) return { level: "stop", vi: "Sản phẩm chưa có giấy chứng nhận OCOP: không được giới thiệu là sản phẩm OCOP.", en: "The product has no OCOP certificate: it may not be presented as an OCOP product." };
  switch (c.status) {
    case "revoked":
      return { level: "stop", vi: "Giấy chứng nhận OCOP đã bị thu hồi: ngừng bày bán như sản phẩm OCOP và gỡ tem, nhãn OCOP.", en: "The OCOP certificate was revoked: stop selling it as an OCOP product and remove OCOP labels." };
    case "suspended":
      return { level: "stop", vi: "Giấy chứng nhận OCOP đang bị tạm dừng hiệu lực: tạm ngừng giới thiệu là sản phẩm OCOP.", en: "The OCOP certificate is suspended: stop presenting it as an OCOP product for now." };
    case "expired":
      return { level: "stop", vi: `Giấy chứng nhận OCOP đã hết hiệu lực (hiệu lực đến ${until}).`, en: `The OCOP certificate has expired (valid until ${until}).` };
    case "expiring":
      return { level: "notice", vi: `Giấy chứng nhận OCOP sắp hết hạn (hiệu lực đến ${until}); hãy hỏi chủ thể về việc đánh giá lại.`, en: `The OCOP certificate expires soon (valid until ${until}); ask the producer about its re-evaluation.` };
    case "pending":
      return { level: "notice", vi: "Giấy chứng nhận OCOP chưa có hiệu lực.", en: "The OCOP certificate is not yet in force." };
    default:
      return null;
  }
}

export async function listStock({ ctx, input }: { ctx: ServiceCtx; input: { retailPointId: number } }): Promise<StockItem[]> {
  const point = await pointFor(ctx.db, ctx.principal, input.retailPointId, "retail.read");
  return stockOf(ctx.db, point.p.id, ctx.now);
}

async function stockOf(db: DbOrTx, retailPointId: number, now: Date): Promise<StockItem[]> {
  const rows = await db
    .select({ productId: products.id, productName: products.name, productCode: products.code, producerName: producers.name, addedAt: retailStock.addedAt })
    .from(retailStock)
    .innerJoin(products, eq(products.id, retailStock.productId))
    .innerJoin(producers, eq(producers.id, products.producerId))
    .where(eq(retailStock.retailPointId, retailPointId))
    .orderBy(asc(products.name), asc(products.id));
  const certs = await certificatesOf(db, rows.map((r) => r.productId), now);
  return rows.map((r) => {
    const c = certs.get(r.productId);
    return {
      ...r,
      addedAt: r.addedAt.toISOString(),
      certificate: c ? { id: c.cert.id, stars: c.cert.stars, status: c.status, statusLabel: CERTIFICATE_STATUS_LABELS[c.status], validUntil: c.validUntil } : null,
      warning: warningFor(c),
    };
  });
}

/** Adds a product to the point's stock; `added` is false when it was stocked already (nothing changes). */
export async function addStock({ ctx, input }: { ctx: ServiceCtx; input: { retailPointId: number; productId: number } }): Promise<{ added: boolean; items: StockItem[] }> {
  return ctx.db.transaction(async (tx) => {
    const point = await pointFor(tx, ctx.principal, input.retailPointId, "retail.manage");
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId)).limit(1);
    if (!product) throw validationError([{ path: "productId", vi: "Không có sản phẩm này trong sổ.", en: "There is no such product in the registry.", message: "There is no such product in the registry." }]);
    const inserted = await tx.insert(retailStock).values({ retailPointId: point.p.id, productId: product.id, addedAt: ctx.now }).onConflictDoNothing().returning({ productId: retailStock.productId });
    if (inserted.length) {
      await writeAudit(tx, { actorId: ctx.principal!.userId, action: "retail.stock_add", subjectType: "retail_point", subjectId: point.p.id, after: { productId: product.id }, requestId: ctx.requestId ?? null }, ctx.now);
    }
    return { added: inserted.length > 0, items: await stockOf(tx, point.p.id, ctx.now) };
  });
}

export async function removeStock({ ctx, input }: { ctx: ServiceCtx; input: { retailPointId: number; productId: number } }): Promise<StockItem[]> {
  return ctx.db.transaction(async (tx) => {
    const point = await pointFor(tx, ctx.principal, input.retailPointId, "retail.manage");
    const gone = await tx
      .delete(retailStock)
      .where(and(eq(retailStock.retailPointId, point.p.id), eq(retailStock.productId, input.productId)))
      .returning({ productId: retailStock.productId, addedAt: retailStock.addedAt });
    if (!gone.length) throw notFound({ vi: "sản phẩm này trong danh sách hàng của điểm bán", en: "This product in the point's stock" });
    await writeAudit(tx, { actorId: ctx.principal!.userId, action: "retail.stock_remove", subjectType: "retail_point", subjectId: point.p.id, before: { productId: input.productId, addedAt: gone[0]!.addedAt.toISOString() }, requestId: ctx.requestId ?? null }, ctx.now);
    return stockOf(tx, point.p.id, ctx.now);
  });
}

/** A product by id or by its OCOP code, for the stock form (operators type what is on the label). */
export async function productIdFor(db: DbOrTx, text: string): Promise<number | null> {
  const s = text.trim();
  if (!s) return null;
  if (/^\d{1,9}$/.test(s)) return Number(s);
  const [p] = await db.select({ id: products.id }).from(products).where(eq(products.code, s)).limit(1);
  return p?.id ?? null;
}

// ---- verification ----

/** Operators (of any point) and the officials who read retail points may verify a code. */
export function authorizeVerify(principal: Principal | null): Principal {
  if (!principal) throw unauthenticated();
  if (!rolesOf(principal).has("retail_operator") && unitScopes(principal, "retail.read").length === 0) {
    throw forbidden({ vi: "Chỉ điểm bán OCOP và cơ quan quản lý được kiểm tra tem tại đây.", en: "Only OCOP retail points and the authorities may verify stamps here." });
  }
  return principal;
}

/** What a peek says about a code, for the operator: verdict, product, stars and certificate (no scan recorded). */
export function verificationOf(r: ScanResult): Verification {
  if (r.verdict === "unknown") {
    return { verdict: "unknown", title: VERDICT_TITLES.unknown, advice: (r as { reason: Bilingual }).reason, code: r.code.slice(0, 64), recorded: false, product: null, stars: null, certificate: null, stamp: null };
  }
  const k = r as Extract<ScanResult, { view: unknown }>;
  const v = k.view;
  const c = v.certificate;
  return {
    verdict: r.verdict,
    title: VERDICT_TITLES[r.verdict as Verdict],
    advice: verdictAdvice(r.verdict, { previousScans: k.previousScans, firstScanAt: k.firstScanAt ? formatDate(new Date(k.firstScanAt)) : null }),
    code: r.code,
    recorded: false,
    product: { id: v.product.id, name: v.product.name, code: v.product.code, producerName: v.producer.name },
    stars: c?.stars ?? null,
    certificate: c ? { id: c.id, status: c.status, statusLabel: c.statusLabel, validUntil: c.validUntil, url: `/c/${c.id}` } : null,
    stamp: { batchId: v.batchId, seq: v.seq, activated: v.activated, voided: v.voided, lot: v.lot?.number ?? null },
  };
}
