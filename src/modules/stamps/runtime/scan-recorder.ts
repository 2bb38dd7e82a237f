import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Logger } from "../../../lib/logger.js";

/*
 * Scans are appended in batches, never one INSERT per request on the hot path: the page answers at once and the
 * row waits here until a flush (every 100 ms, or sooner when 1,000 rows wait). A flush is one INSERT of all its
 * rows. A stamp's counts are counted from its rows when its view is loaded, so nothing else is updated per
 * scan and no counter can drift: advancing counters on the stamps as well cost about a tenth of the scan page's
 * throughput here. A failed flush keeps its rows and tries again; a graceful shutdown flushes what is left.
 */

export type ScanRow = { stampId: number; at: Date; country: string | null; region: string | null; verdict: string; repeat: boolean };

/** Where the scan service hands its rows: this buffer on Node, a write after the response on the Worker. */
export type ScanSink = { record(row: ScanRow): void; flush(): Promise<void>; stop(): Promise<void> };

/** One INSERT of these rows; one parameter unpacked in the database, the same text every call, on both databases. */
export async function insertScans(db: Db, rows: ScanRow[]): Promise<void> {
  const scans = JSON.stringify(rows.map((r) => ({ stamp_id: r.stampId, at: r.at.toISOString(), country: r.country, region: r.region, verdict: r.verdict, repeat: r.repeat })));
  await db.execute(sql`insert into stamp_scans (stamp_id, at, country, region, verdict, repeat)
    select stamp_id, at, country, region, verdict, repeat from json_to_recordset(${scans}::json)
      as x(stamp_id bigint, at timestamptz, country text, region text, verdict text, repeat boolean)`);
}

export class ScanRecorder implements ScanSink {
  private buffer: ScanRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly opts: { intervalMs: number; maxRows: number; maxBuffered: number } = { intervalMs: 100, maxRows: 1000, maxBuffered: 200_000 },
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.opts.intervalMs);
    this.timer.unref();
  }

  record(row: ScanRow): void {
    if (this.buffer.length >= this.opts.maxBuffered) {
      // The database has been away for a long time: drop the oldest rather than exhaust memory.
      const dropped = this.buffer.shift()!;
      this.logger.warn("scan buffer full: dropped the oldest scan", { stampId: dropped.stampId });
    }
    this.buffer.push(row);
    // One flush at a time: while one runs, rows gather for the next (a flush per row would pile up waiters).
    if (this.buffer.length >= this.opts.maxRows && !this.flushing) void this.flush();
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered now (and waits for a flush already running). */
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.buffer.length) await this.flush();
  }

  private write(rows: ScanRow[]): Promise<void> {
    return insertScans(this.db, rows);
  }
}
