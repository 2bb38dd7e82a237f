import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { can, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { DbOrTx } from "../../../db/client.js";
import { SUSPICION } from "../../../domain/scan-verdict.js";
import { vnToday } from "../../../lib/dates.js";
import { forbidden, notFound, unauthenticated } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { stampBatches, stamps, stampScanDays, stampScans } from "../schema.js";
import { rolledThrough } from "../services/scan-rollup.js";
import type { DayCount, PlaceCount, SuspiciousStamp } from "../inputs.js";

/*
 * Where and when a product's stamps are scanned, for its producer and the provincial office: scans per day
 * over the last 30 days (Vietnam calendar days), per coarse place, and the stamps whose last 24 hours look
 * like a copy in circulation (the thresholds of the scan verdict, SUSPICION). Only first scans by a scanner
 * within the hour count (repeat = false), as on the scan page.
 *
 * The days before the daily roll-up's `through` are read from stamp_scan_days (scans per day, product and place,
 * refreshed by the daily job: services/scan-rollup.ts), the days from it on from the scans themselves, and the two
 * are added; before the first refresh everything is read from the scans.
 *
 * Everything is aggregated in SQL: every query bounds stamp_scans.at by its window, so the planner reads only the
 * month partitions the window touches (two, or three around a February) through their BRIN index on `at`; the scans are joined
 * to their stamp, batch and product (primary keys) to keep those in scope, so a page costs one pass over the
 * window's scans whatever the size of the table.
 */

export const DAYS = 30;
const VN_OFFSET = "+07:00"; // Vietnam keeps no daylight saving time.
const DAY_MS = 86_400_000;

/** Day `n` after a "YYYY-MM-DD" date (UTC arithmetic: no time zone can shift it). */
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export type StatsWindow = { days: string[]; since: Date; until: Date; /** The clock of the request (a window in the past reads the roll-up as of now). */ asOf?: Date };

/** The last 30 Vietnam calendar days up to today, and the instants they span. */
export function statsWindow(now: Date): StatsWindow {
  const today = vnToday(now);
  const first = addDays(today, -(DAYS - 1));
  const days = Array.from({ length: DAYS }, (_, i) => addDays(first, i));
  return { days, since: new Date(`${first}T00:00:00${VN_OFFSET}`), until: new Date(`${addDays(today, 1)}T00:00:00${VN_OFFSET}`) };
}

/** The most days one statistics request may span (the API's from/to): a year and a day, for a leap year. */
export const MAX_DAYS = 366;

/** The Vietnam calendar days from `from` to `to` (both "YYYY-MM-DD", inclusive) and the instants they span. */
export function statsWindowOf(from: string, to: string, now: Date): StatsWindow {
  const n = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  const days = Array.from({ length: Math.max(n, 0) }, (_, i) => addDays(from, i));
  return { days, since: new Date(`${from}T00:00:00${VN_OFFSET}`), until: new Date(`${addDays(to, 1)}T00:00:00${VN_OFFSET}`), asOf: now };
}

export type StatsScope = {
  /** Which products' scans count (a condition on products and their commune). */
  where: SQL;
  /** The caller holds a unit-scoped right (the office): it also sees the suspicious stamps. */
  office: boolean;
  product: { id: number; name: string; code: string } | null;
};

/** What the principal may see: one product (checked), or all its products (producer) / products in its units (office). */
export async function statsScope(ctx: ServiceCtx, productId?: number): Promise<StatsScope> {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "stamps.read");
  const producerIds = ctx.principal.grants.filter((g) => g.role === "producer_member" && g.producerId !== undefined).map((g) => g.producerId!);
  if (!scopes.length && !producerIds.length) throw forbidden({ vi: "Chỉ chủ thể và cơ quan quản lý OCOP xem được thống kê lượt quét.", en: "Only producers and the OCOP office may see scan statistics." });
  if (productId !== undefined) {
    const [p] = await ctx.db
      .select({ id: products.id, name: products.name, code: products.code, producerId: products.producerId, unitPath: adminUnits.path })
      .from(products)
      .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
      .where(eq(products.id, productId))
      .limit(1);
    if (!p) throw notFound({ vi: "sản phẩm", en: "The product" });
    if (!can(ctx.principal, "stamps.read", { unitPath: p.unitPath, producerId: p.producerId })) throw forbidden({ vi: "Bạn không xem được lượt quét của sản phẩm này.", en: "You may not see this product's scans." });
    return { where: eq(products.id, p.id), office: scopes.length > 0, product: { id: p.id, name: p.name, code: p.code } };
  }
  const where = or(withinUnits(adminUnits.path, scopes), producerIds.length ? inArray(products.producerId, producerIds) : sql`false`)!;
  return { where, office: scopes.length > 0, product: null };
}

/** The products in scope, for the page's product choice. */
export async function productChoices(db: DbOrTx, scope: StatsScope): Promise<{ id: number; name: string; code: string }[]> {
  return db
    .select({ id: products.id, name: products.name, code: products.code })
    .from(products)
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(scope.where)
    .orderBy(asc(products.name), asc(products.id))
    .limit(1000);
}

/** Non-repeat scans in [since, until) of the stamps of products in scope: the FROM and WHERE every query shares. */
export function scansInScope(db: DbOrTx, select: Record<string, SQL>, scope: StatsScope, since: Date, until: Date) {
  return db
    .select(select)
    .from(stampScans)
    .innerJoin(stamps, eq(stamps.id, stampScans.stampId))
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(gte(stampScans.at, since), lt(stampScans.at, until), eq(stampScans.repeat, false), scope.where));
}

// The Vietnam calendar day of a scan: `at` (timestamptz) seen in Asia/Ho_Chi_Minh, truncated to the day.
const dayOf = sql<string>`to_char(date_trunc('day', ${stampScans.at} at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD')`;
const scans = sql<number>`count(*)::int`;
const country = sql<string | null>`${stampScans.country}`;
const region = sql<string | null>`${stampScans.region}`;

/** The window split at the roll-up: its days before `through` come from stamp_scan_days, the rest from the rows. */
type Split = { rolled: { from: string; until: string } | null; live: { since: Date; until: Date } | null };

async function split(db: DbOrTx, w: StatsWindow): Promise<Split> {
  const through = await rolledThrough(db, w.asOf ?? new Date(w.until.getTime() - 1));
  const first = w.days[0]!;
  const end = addDays(w.days.at(-1)!, 1);
  if (through === null || through <= first) return { rolled: null, live: { since: w.since, until: w.until } };
  if (through >= end) return { rolled: { from: first, until: end }, live: null };
  return { rolled: { from: first, until: through }, live: { since: new Date(`${through}T00:00:00${VN_OFFSET}`), until: w.until } };
}

/** Rolled-up scans of products in scope over [from, until) (Vietnam days). */
function rolledInScope(db: DbOrTx, select: Record<string, SQL>, scope: StatsScope, r: { from: string; until: string }) {
  return db
    .select(select)
    .from(stampScanDays)
    .innerJoin(products, eq(products.id, stampScanDays.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(gte(stampScanDays.day, r.from), lt(stampScanDays.day, r.until), scope.where));
}

const rolledScans = sql<number>`sum(${stampScanDays.scans})::int`;
const rolledDay = sql<string>`to_char(${stampScanDays.day}, 'YYYY-MM-DD')`;
/** SQL's ascending order (NULLS LAST) for the merged rows. */
const nullsLast = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
const placeKey = (r: { country: string | null; region: string | null }) => `${r.country ?? ""}\u0000${r.region ?? ""}`;

/** Scans per day over the window, every day present (zero when none). */
export async function scansByDay(db: DbOrTx, scope: StatsScope, w: StatsWindow): Promise<DayCount[]> {
  const s = await split(db, w);
  const by = new Map<string, number>();
  if (s.rolled) for (const r of (await rolledInScope(db, { day: rolledDay, scans: rolledScans }, scope, s.rolled).groupBy(stampScanDays.day)) as unknown as { day: string; scans: number }[]) by.set(r.day, (by.get(r.day) ?? 0) + Number(r.scans));
  if (s.live) for (const r of (await scansInScope(db, { day: dayOf, scans }, scope, s.live.since, s.live.until).groupBy(dayOf)) as unknown as { day: string; scans: number }[]) by.set(r.day, (by.get(r.day) ?? 0) + Number(r.scans));
  return w.days.map((day) => ({ day, scans: by.get(day) ?? 0 }));
}

/** Scans per place (country, region as recorded; null where unknown) over the window, most first. */
export async function scansByPlace(db: DbOrTx, scope: StatsScope, w: StatsWindow, limit = 50): Promise<PlaceCount[]> {
  const s = await split(db, w);
  const by = new Map<string, PlaceCount>();
  const add = (rows: PlaceCount[]) => {
    for (const r of rows) {
      const k = placeKey(r);
      const had = by.get(k);
      if (had) had.scans += Number(r.scans);
      else by.set(k, { country: r.country, region: r.region, scans: Number(r.scans) });
    }
  };
  if (s.rolled) add((await rolledInScope(db, { country: sql`${stampScanDays.country}`, region: sql`${stampScanDays.region}`, scans: rolledScans }, scope, s.rolled).groupBy(stampScanDays.country, stampScanDays.region)) as unknown as PlaceCount[]);
  if (s.live) add((await scansInScope(db, { country, region, scans }, scope, s.live.since, s.live.until).groupBy(stampScans.country, stampScans.region)) as unknown as PlaceCount[]);
  return [...by.values()].sort((a, b) => b.scans - a.scans || nullsLast(a.country, b.country) || nullsLast(a.region, b.region)).slice(0, limit);
}

/** Scans per product in scope over the window, most first (products with none left out). */
export async function scansByProduct(db: DbOrTx, scope: StatsScope, w: StatsWindow): Promise<{ productId: number; name: string; code: string; scans: number }[]> {
  const s = await split(db, w);
  const by = new Map<number, { productId: number; name: string; code: string; scans: number }>();
  const add = (rows: { productId: number; name: string; code: string; scans: number }[]) => {
    for (const r of rows) {
      const had = by.get(r.productId);
      if (had) had.scans += Number(r.scans);
      else by.set(r.productId, { productId: r.productId, name: r.name, code: r.code, scans: Number(r.scans) });
    }
  };
  const cols = { productId: sql`${products.id}`, name: sql`${products.name}`, code: sql`${products.code}` };
  if (s.rolled) add((await rolledInScope(db, { ...cols, scans: rolledScans }, scope, s.rolled).groupBy(products.id, products.name, products.code)) as unknown as { productId: number; name: string; code: string; scans: number }[]);
  if (s.live) add((await scansInScope(db, { ...cols, scans }, scope, s.live.since, s.live.until).groupBy(products.id, products.name, products.code)) as unknown as { productId: number; name: string; code: string; scans: number }[]);
  return [...by.values()].sort((a, b) => b.scans - a.scans || a.productId - b.productId);
}

/** Scans per producing commune (the products' commune, not where the scanner was) over the window, most first. */
export async function scansByCommune(db: DbOrTx, scope: StatsScope, w: StatsWindow): Promise<{ communeId: number; commune: string; scans: number }[]> {
  const s = await split(db, w);
  const by = new Map<number, { communeId: number; commune: string; scans: number }>();
  const add = (rows: { communeId: number; commune: string; scans: number }[]) => {
    for (const r of rows) {
      const had = by.get(r.communeId);
      if (had) had.scans += Number(r.scans);
      else by.set(r.communeId, { communeId: r.communeId, commune: r.commune, scans: Number(r.scans) });
    }
  };
  const cols = { communeId: sql`${adminUnits.id}`, commune: sql`${adminUnits.name}` };
  if (s.rolled) add((await rolledInScope(db, { ...cols, scans: rolledScans }, scope, s.rolled).groupBy(adminUnits.id, adminUnits.name)) as unknown as { communeId: number; commune: string; scans: number }[]);
  if (s.live) add((await scansInScope(db, { ...cols, scans }, scope, s.live.since, s.live.until).groupBy(adminUnits.id, adminUnits.name)) as unknown as { communeId: number; commune: string; scans: number }[]);
  return [...by.values()].sort((a, b) => b.scans - a.scans || a.communeId - b.communeId);
}

/** Rows of the CSV export: scans per day and place. */
export async function scansByDayAndPlace(db: DbOrTx, scope: StatsScope, w: StatsWindow): Promise<(PlaceCount & { day: string })[]> {
  const s = await split(db, w);
  const by = new Map<string, PlaceCount & { day: string }>();
  const add = (rows: (PlaceCount & { day: string })[]) => {
    for (const r of rows) {
      const k = `${r.day}\u0000${placeKey(r)}`;
      const had = by.get(k);
      if (had) had.scans += Number(r.scans);
      else by.set(k, { day: r.day, country: r.country, region: r.region, scans: Number(r.scans) });
    }
  };
  if (s.rolled) add((await rolledInScope(db, { day: rolledDay, country: sql`${stampScanDays.country}`, region: sql`${stampScanDays.region}`, scans: rolledScans }, scope, s.rolled).groupBy(stampScanDays.day, stampScanDays.country, stampScanDays.region)) as unknown as (PlaceCount & { day: string })[]);
  if (s.live) add((await scansInScope(db, { day: dayOf, country, region, scans }, scope, s.live.since, s.live.until).groupBy(dayOf, stampScans.country, stampScans.region)) as unknown as (PlaceCount & { day: string })[]);
  return [...by.values()].sort((a, b) => nullsLast(a.day, b.day) || nullsLast(a.country, b.country) || nullsLast(a.region, b.region));
}

// A place is the (country, region) pair as recorded; scans with neither are from nowhere known and not counted.
const placeOf = sql`case when ${stampScans.country} is null and ${stampScans.region} is null then null else coalesce(${stampScans.country}, '') || '/' || coalesce(${stampScans.region}, '') end`;

/**
 * Stamps whose last 24 hours exceed the scan verdict's thresholds: more than SUSPICION.scannersPerDay
 * non-repeat scans, or scans from SUSPICION.placesPerDay distinct places or more.
 */
export async function suspiciousStamps(db: DbOrTx, scope: StatsScope, now: Date, limit = 100): Promise<SuspiciousStamp[]> {
  const since = new Date(now.getTime() - DAY_MS);
  const places = sql<number>`count(distinct ${placeOf})::int`;
  const rows = await db
    .select({ stampId: stamps.id, batchId: stamps.batchId, seq: stamps.seq, productId: products.id, productName: products.name, scans, places, lastScanAt: sql<Date>`max(${stampScans.at})` })
    .from(stampScans)
    .innerJoin(stamps, eq(stamps.id, stampScans.stampId))
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .innerJoin(products, eq(products.id, stampBatches.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .where(and(gte(stampScans.at, since), lt(stampScans.at, new Date(now.getTime() + 1)), eq(stampScans.repeat, false), scope.where))
    .groupBy(stamps.id, stamps.batchId, stamps.seq, products.id, products.name)
    .having(sql`count(*) > ${SUSPICION.scannersPerDay} or count(distinct ${placeOf}) >= ${SUSPICION.placesPerDay}`)
    .orderBy(desc(scans), asc(stamps.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, scans: Number(r.scans), places: Number(r.places), lastScanAt: new Date(r.lastScanAt as unknown as string).toISOString() }));
}
