import { asc, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { CERTIFICATE_STATUS_LABELS, type CertificateStatus } from "../../domain/certificate-status.js";
import { vnToday } from "../../lib/dates.js";
import { formatDate } from "../../lib/i18n.js";
import { notFound } from "../../lib/problem.js";
import { eventsOf, stateOf } from "../certificates/index.js";
import { certificates } from "../certificates/schema.js";
import { producers } from "../producers/schema.js";
import { products } from "../products/schema.js";
import { adminUnits } from "../units/schema.js";
import type { RetailPointView, StockItem } from "./inputs.js";
import { retailPoints, retailStock } from "./schema.js";

// ---- retail points ----

export type PointRow = { p: typeof retailPoints.$inferSelect; communeName: string; unitPath: string };

export const pointView = (r: PointRow): RetailPointView => ({
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

export const pointQuery = (db: DbOrTx) =>
  db.select({ p: retailPoints, communeName: adminUnits.name, unitPath: adminUnits.path }).from(retailPoints).innerJoin(adminUnits, eq(adminUnits.id, retailPoints.communeId));

export async function findPoint(db: DbOrTx, id: number): Promise<PointRow | null> {
  const [r] = await pointQuery(db).where(eq(retailPoints.id, id)).limit(1);
  return r ?? null;
}

export async function loadPoint(db: DbOrTx, id: number): Promise<PointRow> {
  const r = await findPoint(db, id);
  if (!r) throw notFound({ vi: "điểm bán", en: "The retail point" });
  return r;
}

export const resourceOf = (r: PointRow) => ({ unitPath: r.unitPath, retailPointId: r.p.id });

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

export async function stockOf(db: DbOrTx, retailPointId: number, now: Date): Promise<StockItem[]> {
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

/** A product by id or by its OCOP code, for the stock form (operators type what is on the label). */
export async function productIdFor(db: DbOrTx, text: string): Promise<number | null> {
  const s = text.trim();
  if (!s) return null;
  if (/^\d{1,9}$/.test(s)) return Number(s);
  const [p] = await db.select({ id: products.id }).from(products).where(eq(products.code, s)).limit(1);
  return p?.id ?? null;
}
