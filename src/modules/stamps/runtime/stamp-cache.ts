import type { Db } from "../../../db/client.js";
import type { ProductFacts, StampView } from "../inputs.js";
import { loadProductFacts, loadStampRow } from "../queries/stamp-view.js";

/*
 * The scan page's read path. A database read per scan caps the page near a fifth of bare Hono on these
 * machines (DESIGN.md), so views are kept in memory for a short while: long enough that a burst of scans costs
 * one read, short enough that a certificate's change of status (and the calendar) shows within seconds. A
 * stamp's own row and its product's facts are cached apart: a product's thousands of stamps share one copy of
 * its facts, so a miss on a new stamp is one prepared query. Activation and voiding in this process forget the
 * batch at once; concurrent misses on one key share one read.
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
};

/** `read` numbers the reads, so a fresh read is told from the old one even within one millisecond. */
type Timed<T> = { value: T; loadedAt: number; read: number };

export class StampCache {
  private readonly entries = new Map<string, CachedStamp>();
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
  ) {
    this.dbOf = typeof db === "function" ? db : () => db;
  }

  async get(serial: string, now: Date): Promise<CachedStamp | null> {
    const hit = this.entries.get(serial);
    if (hit && now.getTime() - hit.loadedAt < this.opts.stampTtlMs) {
      // The product's facts (the certificate's status of the day) are refreshed on their own, shorter clock.
      if (!this.factsFresh(hit.view.productId, now)) await this.productFacts(hit.view.productId, now);
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
      pending = this.load(serial, now, hit).finally(() => this.loading.delete(serial));
      this.loading.set(serial, pending);
    }
    return pending;
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
    const row = await loadStampRow(this.dbOf(), serial, now);
    if (!row) return null;
    const facts = await this.productFacts(row.productId, now);
    if (!facts) return null;
    // A fresh stamp row and the facts it was joined with: the facts' age decides when they are read again.
    const entry: CachedStamp = { view: { ...row, ...facts }, loadedAt: now.getTime(), factsAt: this.facts.get(row.productId)?.read ?? 0, since: { scans: 0, unique: 0, firstScanAt: null }, mine: [], visitors: previous?.visitors ?? new Map() };
    this.entries.delete(serial);
    this.entries.set(serial, entry);
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  forgetBatch(batchId: number): void {
    for (const [k, v] of this.entries) if (v.view.batchId === batchId) this.entries.delete(k);
  }

  /** After a certificate changes, its product's facts and every view of its stamps must be read again. */
  forgetProduct(productId: number): void {
    this.facts.delete(productId);
    for (const [k, v] of this.entries) if (v.view.productId === productId) this.entries.delete(k);
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
    this.facts.clear();
  }
}
