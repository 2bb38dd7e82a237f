import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.js";
import { vnToday } from "../../../lib/dates.js";
import { scanRollups, stampMonthCounts, stampScanDays } from "../schema.js";

/*
 * The roll-ups of scans, refreshed by the daily job: non-repeat scans and activations per Vietnam month and product
 * (stamp_month_counts, every month, for the reports' yearly figures) and scans per Vietnam day, product and coarse place
 * (stamp_scan_days, the last DAYS_KEPT days, for the 30 days of the scan statistics). Both hold the days before
 * `through` (the day of the last refresh, Vietnam calendar); readers add the days from `through` on, counted from the
 * rows (queries/figures.ts, queries/scan-stats.ts), so the live part is today's scans only: joining those to their
 * stamps stays a few thousand index lookups, where a few days of them made the planner read the whole stamps table.
 *
 * A scan may be written after its day ended (buffered across midnight, moved out of the default partition): each
 * refresh counts again from two days before the old `through` (the month's first day for the monthly roll-up), so
 * such a row is counted from the next day's refresh on. A run recounts at most a month and two days of scans; the
 * first counts every scan once. The rows recounted are replaced in one transaction, so a reader sees the old roll-up
 * or the new one, never half. Like the scan partitions it is system upkeep: no audit record. Once `through` is today
 * the run does nothing until tomorrow. A reader whose clock is before `through` (a clock set back) reads the rows
 * alone.
 */

export const SCAN_ROLLUP = "scans";
/** Days kept by the daily roll-up: the statistics' 30 days, and margin for a job that missed a few days. */
export const DAYS_KEPT = 40;
/** Days before today that are always read from the rows (0: today only; see above). */
export const LIVE_DAYS = 0;
const NEVER = "1970-01-01";
const VN = "+07:00"; // Vietnam keeps no daylight saving time.
const DAY_MS = 86_400_000;

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
/** The instant a Vietnam calendar day begins. */
export const vnDayStart = (date: string) => new Date(`${date}T00:00:00${VN}`);
/** An instant for raw SQL, as ISO text cast there: both drivers take it alike (no column maps a bare Date here). */
const at = (date: string) => sql`${vnDayStart(date).toISOString()}::timestamptz`;

/**
 * How far the roll-ups reach for a reader at `now` ("YYYY-MM-DD": the days before it are in them), or null when they
 * are not to be read: before the first refresh, or when the reader's today is before it (a clock set back).
 */
export async function rolledThrough(db: DbOrTx, now: Date): Promise<string | null> {
  const [state] = await db.select({ through: scanRollups.through }).from(scanRollups).where(eq(scanRollups.name, SCAN_ROLLUP));
  if (!state || state.through === NEVER) return null;
  return state.through <= vnToday(now) ? state.through : null;
}

export type RollupRun = { through: string; from: string | null; skipped: boolean };

export async function refreshScanRollup(db: Db, now: Date): Promise<RollupRun> {
  const today = vnToday(now);
  const through = addDays(today, -LIVE_DAYS);
  return db.transaction(async (tx) => {
    // One refresh at a time across processes: the state row is locked (made first if missing) for the transaction.
    await tx.insert(scanRollups).values({ name: SCAN_ROLLUP, through: NEVER, refreshedAt: now }).onConflictDoNothing();
    const [state] = await tx.select().from(scanRollups).where(eq(scanRollups.name, SCAN_ROLLUP)).for("update");
    const old = state!.through === NEVER ? null : state!.through;
    if (old !== null && old >= through) return { through: old, from: null, skipped: true };
    const scans = (since: string | null) => sql`
      from stamp_scans s
      join stamps st on st.id = s.stamp_id
      join stamp_batches b on b.id = st.batch_id
      where s.repeat = false and s.at < ${at(through)} ${since === null ? sql`` : sql`and s.at >= ${at(since)}`}`;

    const monthFrom = old === null ? null : `${addDays(old, -2).slice(0, 7)}-01`;
    if (monthFrom === null) await tx.delete(stampMonthCounts);
    else await tx.delete(stampMonthCounts).where(sql`${stampMonthCounts.month} >= ${monthFrom}`);
    const activatedSince = monthFrom === null ? sql`` : sql`and st.activated_at >= ${at(monthFrom)}`;
    await tx.execute(sql`
      insert into stamp_month_counts (month, product_id, scans, activated)
      select month, product_id, sum(scans)::int, sum(activated)::int from (
        select to_char(s.at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-01')::date as month, b.product_id, count(*) as scans, 0 as activated
        ${scans(monthFrom)}
        group by 1, 2
        union all
        select to_char(st.activated_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-01')::date, b.product_id, 0, count(*)
        from stamps st join stamp_batches b on b.id = st.batch_id
        where st.activated_at is not null and st.activated_at < ${at(through)} ${activatedSince}
        group by 1, 2
      ) x
      group by 1, 2`);

    const keepFrom = addDays(today, -DAYS_KEPT);
    const dayFrom = old === null || addDays(old, -2) < keepFrom ? keepFrom : addDays(old, -2);
    await tx.delete(stampScanDays).where(sql`${stampScanDays.day} < ${keepFrom} or ${stampScanDays.day} >= ${dayFrom}`);
    await tx.execute(sql`
      insert into stamp_scan_days (day, product_id, country, region, scans)
      select (s.at at time zone 'Asia/Ho_Chi_Minh')::date, b.product_id, s.country, s.region, count(*)::int
      ${scans(dayFrom)}
      group by 1, 2, 3, 4`);

    await tx.update(scanRollups).set({ through, refreshedAt: now }).where(eq(scanRollups.name, SCAN_ROLLUP));
    return { through, from: monthFrom, skipped: false };
  });
}
