import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { productShopLinks } from "../../products/schema.js";
import { retailPoints, retailStock } from "../../retail/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { WhereToBuy } from "../inputs.js";

/*
 * "Where to buy" a product (issue 18): the registered OCOP points of sale whose stock list holds it, with address
 * and commune, and the producer's own shop links the provincial office approved. Shown on the product's public
 * page and the scan page; part of a product's facts, so the scan page reads it once per product and keeps it with
 * the certificate (refreshed on the facts' clock).
 */

/** Points of sale listed by name; a product in hundreds of shops shows the first ones and the count. */
export const WHERE_TO_BUY_POINTS = 12;

export async function loadWhereToBuy(db: DbOrTx, productId: number): Promise<WhereToBuy> {
  const [points, links] = await Promise.all([
    db
      .select({
        name: retailPoints.name,
        address: retailPoints.address,
        commune: adminUnits.name,
        kind: retailPoints.kind,
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(retailStock)
      .innerJoin(retailPoints, eq(retailPoints.id, retailStock.retailPointId))
      .innerJoin(adminUnits, eq(adminUnits.id, retailPoints.communeId))
      .where(eq(retailStock.productId, productId))
      .orderBy(asc(adminUnits.name), asc(retailPoints.name), asc(retailPoints.id))
      .limit(WHERE_TO_BUY_POINTS),
    db
      .select({ kind: productShopLinks.kind, url: productShopLinks.url, label: productShopLinks.label })
      .from(productShopLinks)
      .where(and(eq(productShopLinks.productId, productId), eq(productShopLinks.status, "approved")))
      .orderBy(asc(productShopLinks.decidedAt), asc(productShopLinks.id)),
  ]);
  return {
    points: points.map(({ total: _t, ...p }) => p),
    pointsTotal: points[0]?.total ?? 0,
    links,
  };
}
