import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { productCertificate } from "../../certificates/index.js";
import { producers } from "../../producers/schema.js";
import { productPhotos, products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { ProductPage } from "../inputs.js";
import { productionLots } from "../schema.js";
import { loadWhereToBuy } from "./where-to-buy.js";

/*
 * What a product's public page (/p/{id}) shows. Not stamp-view's loadProductFacts: this page names the
 * product's own commune (products.commune_id, not the producer's), its criteria set, and shows a certificate
 * whether or not its recognition decision is on file, which loadProductFacts does not.
 */

/** The page of a certified product (undefined when there is none), with one lot's dates when asked for. */
export async function loadProductPage(db: DbOrTx, id: number, lotNumber: string | undefined, now: Date): Promise<ProductPage | undefined> {
  const [r] = await db
    .select({ p: products, producer: producers.name, address: producers.address, commune: adminUnits.name })
    .from(products)
    .innerJoin(producers, eq(producers.id, products.producerId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(eq(products.id, id))
    .limit(1);
  const cert = r ? await productCertificate(db, r.p.id, now) : undefined;
  if (!r || !cert) return undefined;
  const [lot] = lotNumber ? await db.select().from(productionLots).where(and(eq(productionLots.productId, id), eq(productionLots.lotNumber, lotNumber))).limit(1) : [];
  const [photo] = await db.select({ id: productPhotos.id }).from(productPhotos).where(eq(productPhotos.productId, id)).orderBy(asc(productPhotos.id)).limit(1);
  return { product: r.p, producer: r.producer, address: r.address, commune: r.commune, certificate: cert, lot, photoId: photo?.id ?? null, whereToBuy: await loadWhereToBuy(db, id) };
}
