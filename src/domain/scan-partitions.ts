/*
 * How stamp_scans is cut into months: the one place that says where a month begins and ends, what its
 * partition is called and how far ahead partitions are made. The migration that made the table partitioned
 * (drizzle/0017_scans_by_month.sql) repeats MONTHS_AHEAD and the naming in SQL once; everything after it (the
 * daily job, the archive script, the tests) reads them from here.
 *
 * A month is a calendar month in UTC, written "YYYY-MM". Its partition holds the scans with
 * from <= at < to, from = the first instant of the month (00:00 UTC) and to = the first instant of the next.
 * UTC rather than Vietnam time: the bounds are written as timestamptz literals with +00, so no session time
 * zone can move them, and a report over Vietnam days (UTC+7) touches at most one extra month at its edges.
 */

/** The partitioned table, and its DEFAULT partition: it takes any scan no month partition covers. */
export const SCAN_TABLE = "stamp_scans";
export const DEFAULT_SCAN_PARTITION = "stamp_scans_default";

/** Partitions exist for the current month and this many after it (made by the daily job, idempotently). */
export const MONTHS_AHEAD = 2;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const PARTITION_RE = /^stamp_scans_(\d{4})_(0[1-9]|1[0-2])$/;

/** "YYYY-MM" if `s` is one (a month of year 2000 or later), else null. */
export function parseMonth(s: string): string | null {
  const m = MONTH_RE.exec(s.trim());
  return m && Number(m[1]) >= 2000 ? `${m[1]}-${m[2]}` : null;
}

/** The UTC month of an instant. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The first instant (00:00 UTC) of a month. */
export function monthStart(month: string): Date {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1));
}

/** The month `n` months after (or before, n < 0) the given one. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return monthOf(new Date(Date.UTC(y, m - 1 + n, 1)));
}

/** The half-open range [from, to) of instants a month's partition holds. */
export function monthBounds(month: string): { from: Date; to: Date } {
  return { from: monthStart(month), to: monthStart(addMonths(month, 1)) };
}

/** The partition of a month: stamp_scans_YYYY_MM. */
export function partitionName(month: string): string {
  return `${SCAN_TABLE}_${month.replace("-", "_")}`;
}

/** The month a partition's name stands for, or null (the default partition, or any other name). */
export function monthOfPartition(name: string): string | null {
  const m = PARTITION_RE.exec(name);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The months that must have a partition at `now`: the current month and MONTHS_AHEAD after it. */
export function monthsAhead(now: Date, ahead = MONTHS_AHEAD): string[] {
  const current = monthOf(now);
  return Array.from({ length: ahead + 1 }, (_, i) => addMonths(current, i));
}

/** The months a half-open range [since, until) of instants touches, in order: the partitions a report reads. */
export function monthsSpanning(since: Date, until: Date): string[] {
  if (until.getTime() <= since.getTime()) return [];
  const last = monthOf(new Date(until.getTime() - 1));
  const out: string[] = [];
  for (let m = monthOf(since); m <= last; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * Whether a month may be archived (detached) at `now`: only a month wholly in the past. The current month is
 * still being written, and a future one is where the scans of the coming weeks will go.
 */
export function archivable(month: string, now: Date): { ok: true } | { ok: false; reason: "current" | "future" } {
  const current = monthOf(now);
  if (month === current) return { ok: false, reason: "current" };
  if (month > current) return { ok: false, reason: "future" };
  return { ok: true };
}
