import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.js";
import { productCertificate } from "../../certificates/index.js";
import { recognitionDecisions } from "../../certificates/schema.js";
import { producers } from "../../producers/schema.js";
import { productPhotos, products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { ProductFacts, StampRow } from "../inputs.js";
import { productionLots, stampBatches, stamps, stampScans } from "../schema.js";

/*
 * Everything the scan page shows about one stamp, in two parts read separately because they change at
 * different rates and are shared differently: the stamp's own row (state, lot, counters, recent scans), and
 * its product's facts (product, producer, the certificate with its status of the day), which every stamp of
 * the product shares. The fields are those Circular 02/2024/TT-BKHCN asks a traceability page to show
 * consumers (product, producer and address, lot, production and expiry dates, standards applied) plus the
 * OCOP recognition.
 */

export const placeKey = (country: string | null, region: string | null) => (country || region ? `${country ?? ""}/${region ?? ""}` : null);

/*
 * The hot query is prepared once per database (drizzle sends unprepared queries with `prepare: false`, so
 * Postgres would plan it on every miss: research/perf-limits.md §2.2).
 */
const prepared = new WeakMap<object, { stamp: ReturnType<typeof prepareStampQuery>; counts: ReturnType<typeof prepareCountsQuery> }>();
function prepareCountsQuery(db: Db) {
  return db
    .select({
      n: sql<number>`coalesce(sum(${stampScans.times}), 0)::int`,
      u: sql<number>`(count(*) filter (where not ${stampScans.repeat}))::int`,
      first: sql<string | null>`min(${stampScans.at})`,
      last: sql<string | null>`max(${stampScans.at})`,
    })
    .from(stampScans)
    .where(and(eq(stampScans.stampId, sql.placeholder("id")), sql`${stampScans.at} >= ${sql.placeholder("from")}`))
    .prepare("stamp_scan_counts");
}
function prepareStampQuery(db: Db) {
  return db
    .select({ s: stamps, productId: stampBatches.productId, lot: productionLots })
    .from(stamps)
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .leftJoin(productionLots, eq(productionLots.id, stamps.lotId))
    .where(sql`${stamps.serial} COLLATE "C" = ${sql.placeholder("serial")}`)
    .limit(1)
    .prepare("stamp_by_serial");
}

export async function loadStampRow(db: Db, serial: string, now: Date): Promise<StampRow | null> {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = { stamp: prepareStampQuery(db), counts: prepareCountsQuery(db) }));
  const [r] = await q.stamp.execute({ serial });
  if (!r) return null;
  // What a consumer is told counts from the day the stamp was affixed: scans of the bare stamp do not count.
  const [c] = await q.counts.execute({ id: r.s.id, from: (r.s.activatedAt ?? new Date(0)).toISOString() });
  const last = c?.last ? new Date(c.last) : null;
  const since = new Date(now.getTime() - 86_400_000);
  // Only a stamp scanned in the last day has recent scans to read.
  const recent =
    last && last > since
      ? await db
          .select({ at: stampScans.at, region: stampScans.region, country: stampScans.country })
          .from(stampScans)
          .where(and(eq(stampScans.stampId, r.s.id), gt(stampScans.at, since), eq(stampScans.repeat, false)))
          .orderBy(desc(stampScans.at))
          .limit(500)
      : [];
  return {
    stampId: r.s.id,
    serial: r.s.serial,
    batchId: r.s.batchId,
    seq: r.s.seq,
    productId: r.productId,
    activated: r.s.activatedAt !== null,
    voided: r.s.voidedAt !== null,
    voidedAt: r.s.voidedAt?.toISOString() ?? null,
    lot: r.lot ? { number: r.lot.lotNumber, producedOn: r.lot.producedOn, expiresOn: r.lot.expiresOn } : null,
    scanCount: c?.n ?? 0,
    uniqueScans: c?.u ?? 0,
    firstScanAt: c?.first ? new Date(c.first).toISOString() : null,
    recent: recent.map((x) => ({ at: x.at.getTime(), place: placeKey(x.country, x.region) })),
  };
}

export async function loadProductFacts(db: DbOrTx, productId: number, now: Date): Promise<ProductFacts | null> {
  const [r] = await db
    .select({ p: products, producer: producers, commune: adminUnits.name, communeParent: adminUnits.parentId })
    .from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(adminUnits, eq(adminUnits.id, producers.communeId))
    .where(eq(products.id, productId))
    .limit(1);
  if (!r) return null;
  const [photo] = await db.select({ id: productPhotos.id }).from(productPhotos).where(eq(productPhotos.productId, r.p.id)).orderBy(asc(productPhotos.id)).limit(1);
  const province = await provinceName(db, r.communeParent);
  const c = await productCertificate(db, r.p.id, now);
  const decision = c ? (await db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, c.cert.decisionId)))[0] : undefined;
  return {
    product: { id: r.p.id, name: r.p.name, code: r.p.code, gtin: r.p.gtin, standards: r.p.standards, story: r.p.description, photoId: photo?.id ?? null },
    producer: { name: r.producer.name, address: r.producer.address, phone: r.producer.publicContacts ? r.producer.phone : null, website: r.producer.website },
    place: { commune: r.commune, province },
    certificate:
      c && decision
        ? {
            id: c.cert.id,
            stars: c.cert.stars,
            status: c.state.status,
            statusLabel: c.state.label,
            explanation: c.state.explanation,
            validFrom: c.state.term.validFrom,
            validThrough: c.state.term.expiresOn,
            validUntil: c.state.validUntil,
            authorityName: decision.authorityName,
            decisionNumber: decision.number,
            decidedOn: decision.decidedOn,
            district: c.cert.districtName,
            commune: c.cert.communeName,
          }
        : null,
  };
}

async function provinceName(db: DbOrTx, parentId: number | null): Promise<string | null> {
  let id = parentId;
  for (let i = 0; i < 3 && id !== null; i++) {
    const [u] = await db.select({ name: adminUnits.name, level: adminUnits.level, parentId: adminUnits.parentId }).from(adminUnits).where(eq(adminUnits.id, id)).limit(1);
    if (!u) return null;
    if (u.level === "province") return u.name;
    id = u.parentId;
  }
  return null;
}
