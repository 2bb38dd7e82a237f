import type { Db } from "../../../db/client.js";
import type { ProductFacts, StampView } from "../inputs.js";
import { loadProductFacts, loadStampRow } from "../queries/stamp-view.js";
import { isDatabaseUnavailable } from "../../../db/outage.js";

/*
 * The scan page's read path. A database read per scan caps the page near a fifth of bare Hono on these
 * machines (DESIGN.md), so views are kept in memory for a short while: long enough that a burst of scans costs
 * one read, short enough that a certificate's change of status (and the calendar) shows within seconds. A
 * stamp's own row and its product's facts are cached apart: a product's thousands of stamps share one copy of
 * its facts, so a miss on a new stamp is one prepared query. Activation and voiding in this process forget the
 * batch at once; concurrent misses on one key share one read.
 *
 * When the database is away (a restart, a failover), a stamp whose view is here but due for a fresh read is
 * answered from the view it has (its scan is buffered and written once the database is back), and the read is
 * tried again at most once a second; a stamp not here cannot be answered, and the error reaches the app's
 * handler, which answers 503 with Retry-After.
 */

export type CachedStamp = {
  view: StampView;
  loadedAt: number;
  /** Which read of the product facts `view` holds; a newer read in the cache replaces them on the next hit. */
  factsAt: number;
  /** Scans this process recorded since the view was loaded (the stored counters do not include them yet). */
  since: { scans: number; unique: number; firstScanAt: string | null };
  /** Non-repeat scans recorded here since loading: when, by which (in-memory) scanner, from where. */
  mine: { at: number; visitor: string; place: string | null }[];
  /** When each scanner last scanned this stamp (in memory only), to tell repeats within the hour. */
  visitors: Map<string, number>;
  /** Another process recorded a scan of it: read it again before the next answer. */
  stale?: boolean;
  /** A fresh read failed with the database away at this instant: the view is served as it is until a second later. */
  failedAt?: number;
};

/** How long a view is served as it is after a failed fresh read before the database is tried again. */
const OUTAGE_RETRY_MS = 1_000;

/** `read` numbers the reads, so a fresh read is told from the old one even within one millisecond. */
type Timed<T> = { value: T; loadedAt: number; read: number };

export class StampCache {
  private readonly entries = new Map<string, CachedStamp>();
  /** stamp id → serial of the entries, for notes that name stamps by id. */
  private readonly serials = new Map<number, string>();
  private readonly loading = new Map<string, Promise<CachedStamp | null>>();
  private readonly facts = new Map<number, Timed<ProductFacts | null>>();
  private readonly loadingFacts = new Map<number, Promise<ProductFacts | null>>();
  private reads = 0;

  /** The database to read from: fixed on Node; on the Worker, the current request's connection (a getter). */
  private readonly dbOf: () => Db;

  constructor(
    db: Db | (() => Db),
    /*
     * A stamp's own row changes only through this server (activation, voiding: they forget it at once), so it
     * may stay longer; the product's facts carry the certificate's status of the day and stay 30 s.
     */
    private readonly opts: { stampTtlMs: number; factsTtlMs: number; maxEntries: number } = { stampTtlMs: 300_000, factsTtlMs: 30_000, maxEntries: 200_000 },
    /** Called before a stamp's view is read again, to write this process's scans of it first (ScanSink.settle). */
    private readonly beforeReload?: (stampId: number) => Promise<void>,
  ) {
    this.dbOf = typeof db === "function" ? db : () => db;
  }

  async get(serial: string, now: Date): Promise<CachedStamp | null> {
    const hit = this.entries.get(serial);
    const t = now.getTime();
    const fresh = hit && !hit.stale && t - hit.loadedAt < this.opts.stampTtlMs;
    const waitingForDb = hit?.failedAt !== undefined && t - hit.failedAt < OUTAGE_RETRY_MS;
    if (hit && (fresh || waitingForDb)) {
      // The product's facts (the certificate's status of the day) are refreshed on their own, shorter clock.
      if (!waitingForDb && !this.factsFresh(hit.view.productId, now)) {
        try {
          await this.productFacts(hit.view.productId, now);
        } catch (err) {
          if (!isDatabaseUnavailable(err)) throw err;
          hit.failedAt = t;
        }
      }
      const f = this.facts.get(hit.view.productId);
      if (f?.value && f.read !== hit.factsAt) {
        hit.view = { ...hit.view, ...f.value };
        hit.factsAt = f.read;
      }
      // Map order is insertion order: re-inserting keeps the most recently used at the end (LRU).
      this.entries.delete(serial);
      this.entries.set(serial, hit);
      return hit;
    }
    let pending = this.loading.get(serial);
    if (!pending) {
      pending = this.load(serial, now, hit)
        .catch((err: unknown) => {
          // The database is away: the view we have is the best answer there is (see the note at the top).
          if (!hit || !isDatabaseUnavailable(err)) throw err;
          hit.failedAt = t;
          return hit;
        })
        .finally(() => this.loading.delete(serial));
      this.loading.set(serial, pending);
    }
    return pending;
  }

  /** Stamps another process just recorded scans of: each held here is read again before its next answer. */
  scannedElsewhere(stampIds: readonly number[]): void {
    for (const id of stampIds) {
      const serial = this.serials.get(id);
      const entry = serial === undefined ? undefined : this.entries.get(serial);
      if (entry) entry.stale = true;
    }
  }

  private factsFresh(productId: number, now: Date): boolean {
    const f = this.facts.get(productId);
    return !!f && now.getTime() - f.loadedAt < this.opts.factsTtlMs;
  }

  private async productFacts(productId: number, now: Date): Promise<ProductFacts | null> {
    const hit = this.facts.get(productId);
    if (hit && now.getTime() - hit.loadedAt < this.opts.factsTtlMs) return hit.value;
    let pending = this.loadingFacts.get(productId);
    if (!pending) {
      pending = loadProductFacts(this.dbOf(), productId, now)
        .then((value) => {
          this.facts.set(productId, { value, loadedAt: now.getTime(), read: ++this.reads });
          return value;
        })
        .finally(() => this.loadingFacts.delete(productId));
      this.loadingFacts.set(productId, pending);
    }
    return pending;
  }

  private async load(serial: string, now: Date, previous: CachedStamp | undefined): Promise<CachedStamp | null> {
    // Unknown serials are not cached: a MAC-valid code that is not in the database is rare, and caching
    // misses would let anyone with the key's outputs fill the cache.
    // This process's own scans of the stamp go to the database first, or the fresh read would miss them.
    if (previous && this.beforeReload) await this.beforeReload(previous.view.stampId);
    const row = await loadStampRow(this.dbOf(), serial, now);
    if (!row) {
      this.remove(serial);
      return null;
    }
    const facts = await this.productFacts(row.productId, now);
    if (!facts) return null;
    // A fresh stamp row and the facts it was joined with: the facts' age decides when they are read again.
    const entry: CachedStamp = { view: { ...row, ...facts }, loadedAt: now.getTime(), factsAt: this.facts.get(row.productId)?.read ?? 0, since: { scans: 0, unique: 0, firstScanAt: null }, mine: [], visitors: previous?.visitors ?? new Map() };
    this.entries.delete(serial);
    this.entries.set(serial, entry);
    this.serials.set(row.stampId, serial);
    while (this.entries.size > this.opts.maxEntries) this.remove(this.entries.keys().next().value as string);
    return entry;
  }

  private remove(serial: string): void {
    const entry = this.entries.get(serial);
    if (!entry) return;
    this.entries.delete(serial);
    this.serials.delete(entry.view.stampId);
  }

  forgetBatch(batchId: number): void {
    for (const [k, v] of this.entries) if (v.view.batchId === batchId) this.remove(k);
  }

  /** After a certificate changes, its product's facts and every view of its stamps must be read again. */
  forgetProduct(productId: number): void {
    this.facts.delete(productId);
    for (const [k, v] of this.entries) if (v.view.productId === productId) this.remove(k);
  }

  /**
   * After any certificate changes (another process's decision, told through NOTIFY): every product's facts are
   * read again on its next scan. Facts are one row per product, so this costs a read per product, not per stamp.
   */
  forgetFacts(): void {
    this.facts.clear();
  }

  clear(): void {
    this.entries.clear();
    this.serials.clear();
    this.facts.clear();
  }
}
