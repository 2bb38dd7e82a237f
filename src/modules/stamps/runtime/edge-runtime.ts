import type { Config } from "../../../config.js";
import type { Db } from "../../../db/client.js";
import type { Logger } from "../../../lib/logger.js";
import { insertScans, type ScanRow, type ScanSink } from "./scan-recorder.js";
import { ScanService } from "../services/scans.js";
import { StampCache } from "./stamp-cache.js";
import type { StampRuntime } from "./stamp-runtime.js";

/*
 * The Worker's stamp runtime. An isolate lives for minutes at most, serves one request at a time per
 * connection, cannot LISTEN for changes (no long-lived connection: each request has its own, closed after it)
 * and does not see the activations, voids and decisions made on the Node origin. So:
 *  - views (a stamp's row and its product's facts) are kept in the isolate for `viewTtlMs` only, both on the
 *    same clock: a void or a revocation on the origin reaches this isolate's answers within that bound;
 *  - no buffer outlives a request: answered scans' rows are gathered for 20 ms and written by one INSERT right
 *    after their responses (`defer`, the requests' ctx.waitUntil), tried three times; rows lost after that are
 *    logged.
 */

export const EDGE_VIEW_TTL_MS = 15_000;

type EdgeDeps = { config: Config; logger: Logger };

/** How long the first scan of a batch waits for others to join it, and the most rows one INSERT carries. */
const BATCH_WINDOW_MS = 20;
const BATCH_MAX_ROWS = 500;

class RowsAfterResponse implements ScanSink {
  private readonly pending = new Set<Promise<void>>();
  /** The batch being gathered: its rows, and the write every scan in it waits for. */
  private open: { rows: ScanRow[]; written: Promise<void> } | null = null;

  constructor(
    private readonly dbOf: () => Db,
    private readonly logger: Logger,
    private readonly defer: (work: Promise<unknown>) => void,
  ) {}

  /*
   * One INSERT per batch, not per scan: an INSERT each opened a connection per request, which capped the edge
   * at about 120 scans a second here and, under load, lost rows when the database refused connections. The
   * first scan of a batch leads it: the write runs on its request's connection (a Worker may use a connection
   * only inside the request that opened it) and its waitUntil holds that request open until the write is in;
   * the scans that join within the window wait on the same write, so each still knows its row is stored.
   */
  record(row: ScanRow): void {
    let batch = this.open;
    if (!batch || batch.rows.length >= BATCH_MAX_ROWS) {
      const rows: ScanRow[] = [];
      const db = this.dbOf();
      const written: Promise<void> = new Promise<void>((r) => setTimeout(r, BATCH_WINDOW_MS))
        .then(() => {
          if (this.open?.rows === rows) this.open = null;
          return this.write(db, rows);
        })
        .finally(() => this.pending.delete(written));
      batch = this.open = { rows, written };
      this.pending.add(written);
    }
    batch.rows.push(row);
    this.defer(batch.written);
  }

  private async write(db: Db, rows: ScanRow[]): Promise<void> {
    // Three tries, 100 ms then 400 ms apart: the usual failure is the database refusing a connection for a
    // moment (too many clients under a burst), which a short wait outlasts; waitUntil allows 30 s.
    for (let attempt = 0; ; attempt++) {
      try {
        await insertScans(db, rows);
        return;
      } catch (err) {
        if (attempt >= 2) {
          this.logger.error("scan rows lost", { rows: rows.length, stampIds: rows.slice(0, 20).map((r) => r.stampId), error: String(err) });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 4 ** attempt));
      }
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Nothing is held back at the edge beyond a batch's window, so this is flush. */
  flushAll(): Promise<void> {
    return this.flush();
  }

  stop(): Promise<void> {
    return this.flush();
  }
}

/**
 * A runtime for `provideStampRuntime`, living as long as the isolate. `dbOf` gives the current request's own
 * connection (not a stable facade: prepared statements belong to one connection, see queries/stamp-view.ts);
 * `defer` hands work to the current request's ctx.waitUntil.
 */
export function edgeStampRuntime(deps: EdgeDeps, opts: { viewTtlMs?: number | undefined; dbOf: () => Db; defer: (work: Promise<unknown>) => void }): StampRuntime {
  const ttl = opts.viewTtlMs ?? EDGE_VIEW_TTL_MS;
  // An isolate has 128 MB; a view is about a kilobyte.
  const cache = new StampCache(opts.dbOf, { stampTtlMs: ttl, factsTtlMs: ttl, maxEntries: 20_000 });
  const recorder = new RowsAfterResponse(opts.dbOf, deps.logger, opts.defer);
  const stampKeys = [deps.config.secrets.stampKey];
  return { cache, recorder, scans: new ScanService({ cache, recorder, stampKeys }), stampKeys };
}
