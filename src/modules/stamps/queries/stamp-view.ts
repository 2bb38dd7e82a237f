import { asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.js";
import { productCertificate } from "../../certificates/index.js";
import { recognitionDecisions } from "../../certificates/schema.js";
import { producers } from "../../producers/schema.js";
import { productPhotos, products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { ProductFacts, StampRow } from "../inputs.js";
import { retailPoints } from "../../retail/schema.js";
import { loadWhereToBuy } from "./where-to-buy.js";
import { productionLots, stampBatches, stampSales, stamps, stampScans } from "../schema.js";

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
 * A cold scan (a stamp this process has not seen: most scans, since a consumer scans a stamp once or twice) is
 * one prepared statement, one round trip: the stamp, its lot, its counts since activation and its last day's
 * scans, the two scan aggregates as correlated subqueries over the (stamp_id, at) index. Three round trips cost
 * cold scans three quarters of the warm rate (issue 14). Counting the rows at load keeps the counts exact with
 * no counter to drift; a stamp has few rows (repeats are one row a minute), and with scans partitioned by month
 * the `at` bounds let PostgreSQL skip the months before activation and, for the recent scans, all but the last.
 *
 * Prepared once per database (drizzle sends unprepared queries with `prepare: false`, so PostgreSQL would plan
 * it on every miss: research/perf-limits.md §2.2).
 */
const prepared = new WeakMap<object, ReturnType<typeof prepareStampQuery>>();
function prepareStampQuery(db: Db) {
  // A stamp not yet affixed has no scans that count: 'infinity' reads none, and no month of them.
  const from = sql`coalesce(${stamps.activatedAt}, 'infinity'::timestamptz)`;
  return db
    .select({
      s: stamps,
      productId: stampBatches.productId,
      lot: productionLots,
      // [scans, unique scans, first scan] since activation: what a consumer is told counts from the day the
      // stamp was affixed, so scans of the bare stamp do not count.
      counts: sql<[number, number, string | null] | null>`(select json_build_array(coalesce(sum(c.times), 0), count(*) filter (where not c.repeat), min(c.at))
        from ${stampScans} c where c.stamp_id = ${stamps.id} and c.at >= ${from})`,
      // The last day's non-repeat scans, newest first, for the suspicion rule: [epoch ms, country, region].
      recent: sql<[number, string | null, string | null][] | null>`(select json_agg(json_build_array(floor(extract(epoch from r.at) * 1000), r.country, r.region))
        from (select c.at, c.country, c.region from ${stampScans} c
          where c.stamp_id = ${stamps.id} and c.at > ${sql.placeholder("since")}::timestamptz and c.at >= ${from} and not c.repeat
          order by c.at desc limit 500) r)`,
      // Where and when a point of sale sold it, if one did: [sold at, the point's name].
      sale: sql<[string, string] | null>`(select json_build_array(ss.sold_at, rp.name) from ${stampSales} ss join ${retailPoints} rp on rp.id = ss.retail_point_id where ss.stamp_id = ${stamps.id})`,
    })
    .from(stamps)
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .leftJoin(productionLots, eq(productionLots.id, stamps.lotId))
    .where(sql`${stamps.serial} COLLATE "C" = ${sql.placeholder("serial")}`)
    .limit(1)
    .prepare("stamp_by_serial");
}

export async function loadStampRow(db: Db, serial: string, now: Date): Promise<StampRow | null> {
  let q = prepared.get(db);
  if (!q) prepared.set(db, (q = prepareStampQuery(db)));
  const [r] = await q.execute({ serial, since: new Date(now.getTime() - 86_400_000).toISOString() });
  if (!r) return null;
  // JSON arrives parsed from postgres.js and as text from some drivers: accept both.
  const counts = (typeof r.counts === "string" ? JSON.parse(r.counts) : r.counts) as [number, number, string | null] | null;
  const recent = (typeof r.recent === "string" ? JSON.parse(r.recent) : r.recent) as [number, string | null, string | null][] | null;
  const sale = (typeof r.sale === "string" ? JSON.parse(r.sale) : r.sale) as [string, string] | null;
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
    scanCount: Number(counts?.[0] ?? 0),
    uniqueScans: Number(counts?.[1] ?? 0),
    firstScanAt: counts?.[2] ? new Date(counts[2]).toISOString() : null,
    recent: (recent ?? []).map(([at, country, region]) => ({ at: Number(at), place: placeKey(country, region) })),
    sold: sale ? { at: new Date(sale[0]).toISOString(), by: sale[1] } : null,
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
  const whereToBuy = await loadWhereToBuy(db, r.p.id);
  return {
    whereToBuy,
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
