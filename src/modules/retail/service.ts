import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { authorize, can, rolesOf, unitScopes } from "../../auth/policy.js";
import type { Principal } from "../../domain/principal.js";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import { VERDICT_TITLES, verdictAdvice, type Verdict } from "../../domain/scan-verdict.js";
import { vnToday } from "../../lib/dates.js";
import { formatDate, type Bilingual } from "../../lib/i18n.js";
import { forbidden, notFound, unauthenticated, validationError } from "../../lib/problem.js";
import type { WorkCounter } from "../../web/work-queue.js";
import type { ServiceCtx } from "../../http/service-ctx.js";
import { audit } from "../audit/index.js";
import { products } from "../products/schema.js";
import type { ScanResult } from "../stamps/index.js";
import { adminUnits } from "../units/schema.js";
import type { RetailPointInput, RetailPointView, StockItem, Verification } from "./inputs.js";
import { findPoint, loadPoint, pointQuery, pointView, resourceOf, stockOf, type PointRow } from "./queries.js";
import { retailPoints, retailStock } from "./schema.js";

/*
 * Points of sale of OCOP products (điểm giới thiệu và bán sản phẩm OCOP, Decision 950/QĐ-BCT): registered by
 * the provincial office in a commune of its province; their operators verify a stamp in front of a customer
 * (without the check counting as a consumer's scan) and keep a list of the products they stock, which warns
 * them as soon as a product's certificate stops being valid.
 */

// ---- retail points ----

/*
 * The answer for a point the caller may not see is the answer for a point that does not exist: a 403 for one
 * and a 404 for the other would let anyone holding a retail right walk the ids and learn which points exist
 * (and how many). A caller with no retail right at all is refused before any lookup, so that answer does not
 * depend on the id either. Only a caller who may see the point is told that it may not change it (403).
 */
const noSuchPoint = () => notFound({ vi: "điểm bán", en: "The retail point" });

/** Whether the principal holds a retail right anywhere: an official's units or an operator's own point. */
const readsSomeRetail = (principal: Principal) => unitScopes(principal, "retail.read").length > 0 || principal.grants.some((g) => g.role === "retail_operator" && g.retailPointId !== undefined);

/** The point, if the principal may take `action` on it (404 when it does not exist or is not theirs to see). */
async function pointFor(db: DbOrTx, principal: Principal | null, id: number, action: "retail.read" | "retail.manage"): Promise<PointRow> {
  if (!principal) throw unauthenticated();
  if (!readsSomeRetail(principal)) throw forbidden({ vi: "Tài khoản của bạn không quản lý điểm bán nào.", en: "Your account manages no retail point." });
  const r = await findPoint(db, id);
  if (!r || !can(principal, "retail.read", resourceOf(r))) throw noSuchPoint();
  if (action === "retail.manage" && !can(principal, action, resourceOf(r))) throw forbidden({ vi: "Bạn không quản lý điểm bán này.", en: "You do not manage this retail point." });
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
    await audit(tx, ctx, { action: "retail.register", subjectType: "retail_point", subjectId: row!.id, after: { ...input } });
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

export async function listStock({ ctx, input }: { ctx: ServiceCtx; input: { retailPointId: number } }): Promise<StockItem[]> {
  const point = await pointFor(ctx.db, ctx.principal, input.retailPointId, "retail.read");
  return stockOf(ctx.db, point.p.id, ctx.now);
}

/** Adds a product to the point's stock; `added` is false when it was stocked already (nothing changes). */
export async function addStock({ ctx, input }: { ctx: ServiceCtx; input: { retailPointId: number; productId: number } }): Promise<{ added: boolean; items: StockItem[] }> {
  return ctx.db.transaction(async (tx) => {
    const point = await pointFor(tx, ctx.principal, input.retailPointId, "retail.manage");
    const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, input.productId)).limit(1);
    if (!product) throw validationError([{ path: "productId", vi: "Không có sản phẩm này trong sổ.", en: "There is no such product in the registry.", message: "There is no such product in the registry." }]);
    const inserted = await tx.insert(retailStock).values({ retailPointId: point.p.id, productId: product.id, addedAt: ctx.now }).onConflictDoNothing().returning({ productId: retailStock.productId });
    if (inserted.length) {
      await audit(tx, ctx, { action: "retail.stock_add", subjectType: "retail_point", subjectId: point.p.id, after: { productId: product.id } });
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
    await audit(tx, ctx, { action: "retail.stock_remove", subjectType: "retail_point", subjectId: point.p.id, before: { productId: input.productId, addedAt: gone[0]!.addedAt.toISOString() } });
    return stockOf(tx, point.p.id, ctx.now);
  });
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
    advice: verdictAdvice(r.verdict, { previousScans: k.previousScans, firstScanAt: k.firstScanAt ? formatDate(new Date(k.firstScanAt)) : null, ...(v.sold ? { soldBy: v.sold.by, soldOn: formatDate(new Date(v.sold.at)) } : {}) }),
    code: r.code,
    recorded: false,
    product: { id: v.product.id, name: v.product.name, code: v.product.code, producerName: v.producer.name },
    stars: c?.stars ?? null,
    certificate: c ? { id: c.id, status: c.status, statusLabel: c.statusLabel, validUntil: c.validUntil, url: `/c/${c.id}` } : null,
    stamp: { batchId: v.batchId, seq: v.seq, activated: v.activated, voided: v.voided, lot: v.lot?.number ?? null },
    sold: v.sold,
  };
}

/** The home page's count: products on the shop's shelf whose certificate no longer backs them (its stock warnings). */
export const stockWarnings: WorkCounter = async (ctx) => {
  const points = (ctx.principal?.grants ?? []).filter((g) => g.role === "retail_operator" && g.retailPointId !== undefined).map((g) => g.retailPointId!);
  const out = [];
  for (const id of new Set(points)) {
    const warned = (await listStock({ ctx, input: { retailPointId: id } })).filter((s) => s.warning);
    out.push({ href: `/retail/${id}#stock-warnings`, label: { vi: "sản phẩm trên kệ cần xem lại giấy chứng nhận", en: "stocked products whose certificate needs a look" }, count: warned.length, tone: "bad" as const });
  }
  return out;
};
