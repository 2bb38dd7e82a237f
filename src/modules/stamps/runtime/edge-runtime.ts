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
 *  - no buffer outlives a request: each answered scan's row is written by its own INSERT right after the
 *    response (`defer`, the request's ctx.waitUntil), tried three times; a row lost after that is logged.
 */

export const EDGE_VIEW_TTL_MS = 15_000;

type EdgeDeps = { config: Config; logger: Logger };

class RowsAfterResponse implements ScanSink {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly dbOf: () => Db,
    private readonly logger: Logger,
    private readonly defer: (work: Promise<unknown>) => void,
  ) {}

  record(row: ScanRow): void {
    const write = this.write(row).finally(() => this.pending.delete(write));
    this.pending.add(write);
    this.defer(write);
  }

  private async write(row: ScanRow): Promise<void> {
    // Three tries, 100 ms then 400 ms apart: the usual failure is the database refusing a connection for a
    // moment (too many clients under a burst), which a short wait outlasts; waitUntil allows 30 s.
    for (let attempt = 0; ; attempt++) {
      try {
        await insertScans(this.dbOf(), [row]);
        return;
      } catch (err) {
        if (attempt >= 2) {
          this.logger.error("scan row lost", { stampId: row.stampId, verdict: row.verdict, error: String(err) });
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 4 ** attempt));
      }
    }
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** Nothing is held back at the edge (each row is written after its response), so this is flush. */
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
