import { asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { standingCertificate, type CertificateState } from "../../../domain/certificate-status.js";
import { csvCell } from "../../../lib/csv.js";
import { stateOf } from "../../certificates/index.js";
import { certificateEvents, certificates, recognitionDecisions } from "../../certificates/schema.js";
import { producers } from "../../producers/schema.js";
import { products } from "../../products/schema.js";
import { retailPoints, retailStock } from "../../retail/schema.js";
import { adminUnits } from "../../units/schema.js";

/*
 * The registry as of a day, as four open datasets: certificates with their status that day, the certified
 * products, their producers' public facts, and the points of sale. Each is written as JSON and CSV with a fixed
 * column order and rows by id, so the same data gives the same bytes. What is left out is deliberate: no phone,
 * e-mail, tax code, representative or registration number of a producer (a household business's are a person's),
 * no account of anyone, no council member's score, no office note — only what /c/{id} already shows everyone.
 */

type Cell = string | number | null;
export type Dataset = { name: string; columns: readonly string[]; rows: Cell[][] };
export type SnapshotFile = { name: string; contentType: string; bytes: Uint8Array; records: number };

const CERT_COLUMNS = [
  "so_giay_chung_nhan", "ma_san_pham", "san_pham", "ma_chu_the", "chu_the", "xa", "huyen_cu", "tinh", "nhom", "ten_nhom", "sao", "diem",
  "so_quyet_dinh", "ngay_quyet_dinh", "co_quan_cong_nhan", "cap_cong_nhan", "hieu_luc_tu", "ngay_het_thoi_han", "hieu_luc_den", "trang_thai", "trang_thai_ten", "thay_the_gcn",
] as const;
const PRODUCT_COLUMNS = ["ma_san_pham", "san_pham", "gtin", "nhom", "ten_nhom", "ma_chu_the", "xa", "so_giay_chung_nhan", "sao", "trang_thai"] as const;
const PRODUCER_COLUMNS = ["ma_chu_the", "chu_the", "loai_hinh", "xa", "dia_chi", "website", "so_san_pham_ocop"] as const;
const RETAIL_COLUMNS = ["ma_diem_ban", "ten_diem_ban", "loai", "xa", "dia_chi", "vi_do", "kinh_do", "ma_san_pham_ocop"] as const;

/** The four datasets of `day` (a Vietnam calendar date), read in five queries. */
export async function snapshotDatasets(db: DbOrTx, day: string): Promise<Dataset[]> {
  const certRows = await db
    .select({ c: certificates, number: recognitionDecisions.number, decidedOn: recognitionDecisions.decidedOn, authority: recognitionDecisions.authorityName, level: recognitionDecisions.authorityLevel })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .where(sql`${certificates.decisionDate} <= ${day}::date`)
    .orderBy(asc(certificates.id));
  const events = new Map<number, (typeof certificateEvents.$inferSelect)[]>();
  // Every event known when the day is published, as /c/{id} reads them that day (a revocation decided ahead of
  // its effective date already shortens "valid until").
  for (const e of await db.select().from(certificateEvents).orderBy(asc(certificateEvents.id))) {
    (events.get(e.certificateId) ?? events.set(e.certificateId, []).get(e.certificateId)!).push(e);
  }
  const states = new Map<number, CertificateState>();
  const certificatesData: Cell[][] = certRows.map(({ c, number, decidedOn, authority, level }) => {
    const s = stateOf(c, events.get(c.id) ?? [], day);
    states.set(c.id, s);
    return [c.id, c.productCode, c.productName, c.producerId, c.producerName, c.communeName, c.districtName, c.provinceName, c.criteriaSetId, criteriaSetLabel(c.criteriaSetId, "vi"), c.stars, c.score,
      number, decidedOn, authority, level, s.term.validFrom, s.term.expiresOn, s.validUntil, s.status, s.label.vi, c.supersedesId];
  });

  // The product's certificate that day: its newest in force, else its newest (as the stamp page and the lookup say).
  const byProduct = new Map<number, { id: number; stars: number; status: string }[]>();
  for (const { c } of [...certRows].reverse()) {
    const entry = { id: c.id, stars: c.stars, status: states.get(c.id)!.status };
    (byProduct.get(c.productId) ?? byProduct.set(c.productId, []).get(c.productId)!).push(entry);
  }
  const current = new Map([...byProduct].map(([productId, newestFirst]) => [productId, standingCertificate(newestFirst, (x) => x.status)!]));
  const productIds = [...current.keys()];
  const productRows = productIds.length
    ? await db
        .select({ id: products.id, code: products.code, name: products.name, gtin: products.gtin, set: products.criteriaSetId, producerId: products.producerId, commune: adminUnits.name })
        .from(products)
        .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
        .where(inArray(products.id, productIds))
        .orderBy(asc(products.id))
    : [];
  const productsData: Cell[][] = productRows.map((p) => {
    const c = current.get(p.id)!;
    return [p.code, p.name, p.gtin, p.set, criteriaSetLabel(p.set, "vi"), p.producerId, p.commune, c.id, c.stars, c.status];
  });

  const certifiedOf = new Map<number, number>();
  for (const p of productRows) certifiedOf.set(p.producerId, (certifiedOf.get(p.producerId) ?? 0) + 1);
  const producerIds = [...new Set(certRows.map((r) => r.c.producerId))];
  // Named columns only: nothing personal is ever selected, so nothing personal can leak into a file.
  const producerRows = producerIds.length
    ? await db
        .select({ id: producers.id, name: producers.name, kind: producers.kind, commune: adminUnits.name, address: producers.address, website: producers.website })
        .from(producers)
        .innerJoin(adminUnits, eq(adminUnits.id, producers.communeId))
        .where(inArray(producers.id, producerIds))
        .orderBy(asc(producers.id))
    : [];
  const producersData: Cell[][] = producerRows.map((p) => [p.id, p.name, p.kind, p.commune, p.address, p.website, certifiedOf.get(p.id) ?? 0]);

  const codeOf = new Map(productRows.map((p) => [p.id, p.code]));
  const retailRows = await db
    .select({ id: retailPoints.id, name: retailPoints.name, kind: retailPoints.kind, commune: adminUnits.name, address: retailPoints.address, lat: retailPoints.latitude, lon: retailPoints.longitude })
    .from(retailPoints)
    .innerJoin(adminUnits, eq(adminUnits.id, retailPoints.communeId))
    .orderBy(asc(retailPoints.id));
  const stocked = new Map<number, string[]>();
  for (const s of await db.select({ point: retailStock.retailPointId, product: retailStock.productId }).from(retailStock).orderBy(asc(retailStock.retailPointId), asc(retailStock.productId))) {
    const code = codeOf.get(s.product);
    if (code) (stocked.get(s.point) ?? stocked.set(s.point, []).get(s.point)!).push(code);
  }
  const retailData: Cell[][] = retailRows.map((r) => [r.id, r.name, r.kind, r.commune, r.address, r.lat, r.lon, (stocked.get(r.id) ?? []).join(" ")]);

  return [
    { name: "certificates", columns: CERT_COLUMNS, rows: certificatesData },
    { name: "products", columns: PRODUCT_COLUMNS, rows: productsData },
    { name: "producers", columns: PRODUCER_COLUMNS, rows: producersData },
    { name: "points-of-sale", columns: RETAIL_COLUMNS, rows: retailData },
  ];
}

const utf8 = new TextEncoder();

/** A dataset as `{name}.json` ({day, dataset, columns, records: [{column: value}]}) and `{name}.csv` (UTF-8 with BOM, CRLF). */
export function datasetFiles(day: string, d: Dataset): SnapshotFile[] {
  const records = d.rows.map((r) => Object.fromEntries(d.columns.map((col, i) => [col, r[i] ?? null])));
  const json = JSON.stringify({ day, dataset: d.name, columns: d.columns, records }) + "\n";
  const csv = "\ufeff" + [d.columns.join(","), ...d.rows.map((r) => r.map(csvCell).join(","))].join("\r\n") + "\r\n";
  return [
    { name: `${d.name}.json`, contentType: "application/json", bytes: utf8.encode(json), records: d.rows.length },
    { name: `${d.name}.csv`, contentType: "text/csv; charset=utf-8", bytes: utf8.encode(csv), records: d.rows.length },
  ];
}
