import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Logger } from "../../../lib/logger.js";
import { CHANGE_CHANNEL, scanNotePayloads } from "../../../db/change-notes.js";

/*
 * Scans are appended in batches, never one INSERT per request on the hot path: the page answers at once and the
 * row waits here until a flush (every 100 ms, or sooner when 1,000 rows wait). A flush is one INSERT of all its
 * rows. A stamp's counts are counted from its rows when its view is loaded, so nothing else is updated per
 * scan and no counter can drift: advancing counters on the stamps as well cost about a tenth of the scan page's
 * throughput here. A failed flush keeps its rows and tries again; a graceful shutdown flushes what is left.
 *
 * Repeats (the same scanner on the same stamp within the hour) count for nothing but the total, so they get no
 * row each: they are tallied here per stamp, verdict and place and written once a minute as one row carrying
 * how many scans it stands for (`times`). One client replaying a stamp 173,000 times in 30 s (as seen) adds one
 * row, not 173,000; a crash loses at most a minute of repeats, which no verdict or statistic reads.
 *
 * Several processes on one database each cache the stamps they serve, so each flush also tells the others which
 * stamps it just recorded a (non-repeat) scan of, by NOTIFY in the same statement: a process holding one of them
 * reads it again before its next answer, so "seen before" and the suspicion rule count every process's scans.
 */

export type ScanRow = { stampId: number; at: Date; country: string | null; region: string | null; verdict: string; repeat: boolean };
type StoredRow = ScanRow & { times: number };

export type RecorderOptions = { intervalMs: number; maxRows: number; maxBuffered: number; repeatIntervalMs: number; maxRepeatKeys: number };

/**
 * Where the scan service hands its rows: this buffer on Node, a write after the response on the Worker.
 * `settle` returns once this stamp's scans recorded here are in the database (before its view is read again).
 */
export type ScanSink = { record(row: ScanRow): void; flush(): Promise<void>; flushAll(): Promise<void>; stop(): Promise<void>; settle?(stampId: number): Promise<void> };

/**
 * One INSERT of these rows (a row may stand for several coalesced repeats: `times`, 1 when absent); one
 * parameter unpacked in the database, the same text every call, on both databases. With `from` (the writing
 * process), the same statement announces the stamps of its non-repeat rows on the change channel: the note is
 * delivered when the rows commit, and never without them.
 */
export async function insertScans(db: Db, rows: (ScanRow & { times?: number })[], from?: string): Promise<void> {
  const scans = JSON.stringify(rows.map((r) => ({ stamp_id: r.stampId, at: r.at.toISOString(), country: r.country, region: r.region, verdict: r.verdict, repeat: r.repeat, times: r.times ?? 1 })));
  const insert = sql`insert into stamp_scans (stamp_id, at, country, region, verdict, repeat, times)
    select stamp_id, at, country, region, verdict, repeat, times from json_to_recordset(${scans}::json)
      as x(stamp_id bigint, at timestamptz, country text, region text, verdict text, repeat boolean, times integer)`;
  const scanned = from === undefined ? [] : [...new Set(rows.filter((r) => !r.repeat).map((r) => r.stampId))];
  if (scanned.length === 0) {
    await db.execute(insert);
    return;
  }
  // A data-modifying WITH runs whether or not the outer query reads it: one statement, one transaction.
  const notes = JSON.stringify(scanNotePayloads(from!, scanned));
  await db.execute(sql`with written as (${insert} returning 1)
    select pg_notify(${CHANGE_CHANNEL}, p) from json_array_elements_text(${notes}::json) p`);
}

export class ScanRecorder implements ScanSink {
  private buffer: StoredRow[] = [];
  private repeats = new Map<string, StoredRow>();
  private timer: NodeJS.Timeout | undefined;
  private repeatTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  /** Non-repeat rows per stamp not yet written (buffered or being written). */
  private readonly unwritten = new Map<number, number>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly opts: RecorderOptions = { intervalMs: 100, maxRows: 1000, maxBuffered: 200_000, repeatIntervalMs: 60_000, maxRepeatKeys: 50_000 },
    /** This process, named in the notes of scanned stamps (absent: no notes). */
    private readonly origin?: string,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.intervalMs);
    this.timer.unref();
    this.repeatTimer = setInterval(() => this.releaseRepeats(), this.opts.repeatIntervalMs);
    this.repeatTimer.unref();
  }

  record(row: ScanRow): void {
    if (row.repeat) {
      const key = `${row.stampId}|${row.verdict}|${row.country ?? ""}|${row.region ?? ""}`;
      const tally = this.repeats.get(key);
      if (tally) tally.times++;
      else {
        this.repeats.set(key, { ...row, times: 1 });
        // Many distinct stamps replayed at once: write the tallies early rather than hold them without bound.
        if (this.repeats.size >= this.opts.maxRepeatKeys) this.releaseRepeats();
      }
      return;
    }
    this.unwritten.set(row.stampId, (this.unwritten.get(row.stampId) ?? 0) + 1);
    this.push({ ...row, times: 1 });
  }

  /** Writes what waits if some of it is this stamp's scans, so a fresh read of the stamp includes them. */
  async settle(stampId: number): Promise<void> {
    for (let i = 0; i < 3 && this.unwritten.has(stampId); i++) await this.flush();
  }

  /** Moves the repeat tallies into the buffer, for the next flush. */
  private releaseRepeats(): void {
    if (this.repeats.size === 0) return;
    const tallies = [...this.repeats.values()];
    this.repeats = new Map();
    for (const t of tallies) this.push(t);
  }

  private push(row: StoredRow): void {
    if (this.buffer.length >= this.opts.maxBuffered) {
      // The database has been away for a long time: drop the oldest rather than exhaust memory.
      const dropped = this.buffer.shift()!;
      if (!dropped.repeat) this.written([dropped]);
      this.logger.warn("scan buffer full: dropped the oldest scan", { stampId: dropped.stampId, times: dropped.times });
    }
    this.buffer.push(row);
    // One flush at a time: while one runs, rows gather for the next (a flush per row would pile up waiters).
    if (this.buffer.length >= this.opts.maxRows && !this.flushing) void this.flush();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered now (and waits for a flush already running). Repeat tallies wait their minute. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    this.flushing = this.write(rows)
      .catch((err) => {
        // Put them back in front, in order, for the next flush.
        this.buffer = rows.concat(this.buffer);
        this.logger.warn("scan flush failed; will retry", { rows: rows.length, error: String(err) });
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  /** Writes everything, the repeat tallies included (a graceful stop, or a test reading the rows). */
  async flushAll(): Promise<void> {
    this.releaseRepeats();
    await this.flush();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.repeatTimer) clearInterval(this.repeatTimer);
    this.timer = this.repeatTimer = undefined;
    await this.flushAll();
    if (this.buffer.length) await this.flush();
  }

  private async write(rows: StoredRow[]): Promise<void> {
    await insertScans(this.db, rows, this.origin);
    this.written(rows);
  }

  private written(rows: StoredRow[]): void {
    for (const r of rows) {
      if (r.repeat) continue;
      const left = (this.unwritten.get(r.stampId) ?? 1) - 1;
      if (left > 0) this.unwritten.set(r.stampId, left);
      else this.unwritten.delete(r.stampId);
    }
  }
}
