import { and, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { fakeReports, stampBatches, stamps, stampScanMonths, stampScans } from "../schema.js";
import { rolledThrough, vnDayStart } from "../services/scan-rollup.js";

/*
 * The stamp figures of a report (the dashboard): stamps issued, activated and scanned over a period of whole
 * Vietnam months, for the products whose commune lies in the given units. Scans come from the monthly roll-up for
 * the days it holds and from the rows for the days after it (services/scan-rollup.ts), so the figure is exact and a
 * year costs a roll-up row per product and month plus the last days' scans.
 */

export type StampFigures = { issued: number; activated: number; scanned: number };
/** A period of whole Vietnam months: [since, until), both "YYYY-MM-01". */
export type MonthPeriod = { since: string; until: string };

const inUnits = (paths: readonly string[]) => withinUnits(adminUnits.path, paths);

export async function stampFigures(db: DbOrTx, paths: readonly string[], p: MonthPeriod, now: Date): Promise<StampFigures> {
  const from = vnDayStart(p.since);
  const to = vnDayStart(p.until);
  const [issued] = await db
    .select({ n: sql<string>`coalesce(sum(${stampBatches.quantity}), 0)` })
    .from(stampBatches)
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(inArray(stampBatches.state, ["issued", "printed"]), gte(stampBatches.issuedAt, from), lt(stampBatches.issuedAt, to), inUnits(paths)));
  const [activated] = await db
    .select({ n: sql<string>`count(*)` })
    .from(stamps)
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(sql`${stamps.activatedAt} is not null`, gte(stamps.activatedAt, from), lt(stamps.activatedAt, to), inUnits(paths)));
  return { issued: Number(issued?.n ?? 0), activated: Number(activated?.n ?? 0), scanned: await scansIn(db, paths, p, now) };
}

/** Non-repeat scans (as the scan statistics count them) in the period, of products in the units. */
export async function scansIn(db: DbOrTx, paths: readonly string[], p: MonthPeriod, now: Date): Promise<number> {
  const through = await rolledThrough(db, now);
  let rolled = 0;
  if (through !== null) {
    const [r] = await db
      .select({ n: sql<string>`coalesce(sum(${stampScanMonths.scans}), 0)` })
      .from(stampScanMonths)
      .innerJoin(products, eq(products.id, stampScanMonths.productId))
      .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
      .where(and(gte(stampScanMonths.month, p.since), lt(stampScanMonths.month, p.until), inUnits(paths)));
    rolled = Number(r?.n ?? 0);
  }
  // The days the roll-up does not hold yet: from `through` (or the start) to the period's end.
  const liveFrom = through !== null && through > p.since ? through : p.since;
  if (liveFrom >= p.until) return rolled;
  const [live] = await db
    .select({ n: sql<string>`count(*)` })
    .from(stampScans)
    .innerJoin(stamps, eq(stamps.id, stampScans.stampId))
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(gte(stampScans.at, vnDayStart(liveFrom)), lt(stampScans.at, vnDayStart(p.until)), eq(stampScans.repeat, false), inUnits(paths)));
  return rolled + Number(live?.n ?? 0);
}

/**
 * Reports of suspected fakes still open (new or being investigated), by state: those about products in the units,
 * and, when `unplaced`, those naming no known product (the province office's, as on /reports/fakes).
 */
export async function openFakeReports(db: DbOrTx, paths: readonly string[], unplaced: boolean): Promise<{ new: number; investigating: number }> {
  const rows = await db
    .select({ state: fakeReports.state, n: sql<string>`count(*)` })
    .from(fakeReports)
    .leftJoin(products, eq(products.id, fakeReports.productId))
    .leftJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(inArray(fakeReports.state, ["new", "investigating"]), unplaced ? or(isNull(fakeReports.productId), inUnits(paths)) : inUnits(paths)))
    .groupBy(fakeReports.state);
  const by = new Map(rows.map((r) => [r.state, Number(r.n)]));
  return { new: by.get("new") ?? 0, investigating: by.get("investigating") ?? 0 };
}
