import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { products } from "../../products/schema.js";
import { productionLots, stampBatches, stamps } from "../schema.js";
import { serialIs } from "./serial-match.js";

/** What the GS1 resolver reads: the product of a GTIN, a lot of it, the product of a stamp's serial. */

export async function productByGtin(db: DbOrTx, gtin: string): Promise<{ id: number; name: string } | undefined> {
  const [p] = await db.select({ id: products.id, name: products.name }).from(products).where(eq(products.gtin, gtin)).limit(1);
  return p;
}

export async function lotExists(db: DbOrTx, productId: number, lotNumber: string): Promise<boolean> {
  const [lot] = await db.select({ id: productionLots.id }).from(productionLots).where(and(eq(productionLots.productId, productId), eq(productionLots.lotNumber, lotNumber))).limit(1);
  return !!lot;
}

export async function productOfSerial(db: DbOrTx, serial: string): Promise<number | undefined> {
  const [s] = await db.select({ productId: stampBatches.productId }).from(stamps).innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId)).where(serialIs(serial)).limit(1);
  return s?.productId;
}
