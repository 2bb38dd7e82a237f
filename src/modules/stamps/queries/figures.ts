import { and, eq, gte, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { fakeReports, stampBatches, stampMonthCounts, stamps, stampScans } from "../schema.js";
import { rolledThrough, vnDayStart } from "../services/scan-rollup.js";

/*
 * The stamp figures of a report (the dashboard): stamps issued, activated and scanned over a period of whole
 * Vietnam months, for the products whose commune lies in the given units. Activations and scans come from the monthly
 * roll-up for the days it holds and from the rows for the days after it (services/scan-rollup.ts), so the figures are
 * exact and a year costs a roll-up row per product and month plus today's rows.
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
  const through = await rolledThrough(db, now);
  const rolled = { scans: 0, activated: 0 };
  if (through !== null) {
    const [r] = await db
      .select({ scans: sql<string>`coalesce(sum(${stampMonthCounts.scans}), 0)`, activated: sql<string>`coalesce(sum(${stampMonthCounts.activated}), 0)` })
      .from(stampMonthCounts)
      .innerJoin(products, eq(products.id, stampMonthCounts.productId))
      .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
      .where(and(gte(stampMonthCounts.month, p.since), lt(stampMonthCounts.month, p.until), inUnits(paths)));
    rolled.scans = Number(r?.scans ?? 0);
    rolled.activated = Number(r?.activated ?? 0);
  }
  // The days the roll-up does not hold yet: from `through` (or the period's start) to its end.
  const liveFrom = through !== null && through > p.since ? through : p.since;
  if (liveFrom >= p.until) return { issued: Number(issued?.n ?? 0), activated: rolled.activated, scanned: rolled.scans };
  const since = vnDayStart(liveFrom);
  const [activated] = await db
    .select({ n: sql<string>`count(*)` })
    .from(stamps)
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(sql`${stamps.activatedAt} is not null`, gte(stamps.activatedAt, since), lt(stamps.activatedAt, to), inUnits(paths)));
  const [live] = await db
    .select({ n: sql<string>`count(*)` })
    .from(stampScans)
    .innerJoin(stamps, eq(stamps.id, stampScans.stampId))
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(gte(stampScans.at, since), lt(stampScans.at, to), eq(stampScans.repeat, false), inUnits(paths)));
  return { issued: Number(issued?.n ?? 0), activated: rolled.activated + Number(activated?.n ?? 0), scanned: rolled.scans + Number(live?.n ?? 0) };
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
