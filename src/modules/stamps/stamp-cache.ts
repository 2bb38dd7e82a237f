import type { Db } from "../../db/client.js";
import { loadStampView, type StampView } from "./stamp-view.js";

/*
 * The scan page's read path. A database read per scan caps the page near a fifth of bare Hono on these
 * machines (DESIGN.md), so each stamp's view is kept in memory for a short while: long enough that a burst of
 * scans costs one read, short enough that a certificate's change of status (and the calendar) shows within
 * seconds. Activation and voiding in this process forget the batch at once. Concurrent misses on one serial
 * share one read.
 */

export type CachedStamp = {
  view: StampView;
  loadedAt: number;
  /** Scans this process recorded since the view was loaded (the stored counters do not include them yet). */
  since: { scans: number; unique: number; firstScanAt: string | null };
  /** Non-repeat scans recorded here since loading: when, by which (in-memory) scanner, from where. */
  mine: { at: number; visitor: string; place: string | null }[];
  /** When each scanner last scanned this stamp (in memory only), to tell repeats within the hour. */
  visitors: Map<string, number>;
};

export class StampCache {
  private readonly entries = new Map<string, CachedStamp | null>();
  private readonly loading = new Map<string, Promise<CachedStamp | null>>();

  constructor(
    private readonly db: Db,
    private readonly opts: { ttlMs: number; maxEntries: number } = { ttlMs: 30_000, maxEntries: 200_000 },
  ) {}

  async get(serial: string, now: Date): Promise<CachedStamp | null> {
    const hit = this.entries.get(serial);
    if (hit !== undefined && (hit === null ? false : now.getTime() - hit.loadedAt < this.opts.ttlMs)) {
      // Map order is insertion order: re-inserting keeps the most recently used at the end (LRU).
      this.entries.delete(serial);
      this.entries.set(serial, hit);
      return hit;
    }
    let pending = this.loading.get(serial);
    if (!pending) {
      pending = this.load(serial, now, hit ?? undefined).finally(() => this.loading.delete(serial));
      this.loading.set(serial, pending);
    }
    return pending;
  }

  private async load(serial: string, now: Date, previous: CachedStamp | undefined): Promise<CachedStamp | null> {
    const view = await loadStampView(this.db, serial, now);
    // Unknown serials are not cached: a MAC-valid code that is not in the database is rare, and caching
    // misses would let anyone with the key's outputs fill the cache.
    if (!view) return null;
    const entry: CachedStamp = { view, loadedAt: now.getTime(), since: { scans: 0, unique: 0, firstScanAt: null }, mine: [], visitors: previous?.visitors ?? new Map() };
    this.entries.delete(serial);
    this.entries.set(serial, entry);
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }

  forgetBatch(batchId: number): void {
    for (const [k, v] of this.entries) if (v && v.view.batchId === batchId) this.entries.delete(k);
  }

  /** After a certificate changes, every view of its product must be read again. */
  forgetProduct(productId: number): void {
    for (const [k, v] of this.entries) if (v && v.view.product.id === productId) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}
