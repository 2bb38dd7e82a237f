/*
 * A rate limiter shared by several server processes without a database round trip per request.
 *
 * A rule allows `limit` hits per key (a client address) per fixed window. Each process counts its own hits and
 * may admit them only up to its *claim*: a share of the window's budget it has reserved in a shared store
 * (PostgreSQL: db/rate-limit-store.ts). Claims are reconciled under one lock, about once a second and whenever a
 * process has used up a key's claim: the process writes its hits, reads what the others have claimed for the
 * same keys, and claims at most what is left, sized by its recent demand (twice the hits it saw since the last
 * reconcile), so a busy process gets more and an idle one hands its unused claim back at the next reconcile.
 *
 * Why the sum holds: claims are written under the lock, and a process claims only what the others' committed
 * claims leave free, so the claims of all processes never add up to more than the limit. The one exception is
 * a key's first hit in a window on a process, admitted before any reconcile (a client's first request must not
 * wait for the database): a key seen once and never again is never written at all, which keeps the store small
 * under real traffic (most clients scan once). So in one window a key is admitted at most
 * `limit + processes - 1` times; that is the documented tolerance, and the two-process test holds it.
 *
 * What a request costs: a Map lookup and two additions, on every request but the one that finds its claim used
 * up; that one waits for the next reconcile (shared by all waiting requests, at most maxWaitMs). When the store
 * fails or is slow, a process falls back to limiting alone (each process admits up to the limit): availability
 * over exactness.
 */

export type LimitRule = {
  /** The rule's name in the store ("scan", "report"). */
  name: string;
  limit: number;
  windowMs: number;
};

/** One key's row in the store, from this process. */
export type ClaimRef = { limiter: string; key: string; windowStart: Date; expiresAt: Date };
export type Others = { hits: number; claimed: number };
export type Mine = { hits: number; claimed: number };

export interface ClaimStore {
  /**
   * Under one lock shared by every process: reads the other processes' hits and claims on `refs`, asks
   * `decide` for this process's new hits and claims (index for index) and writes them.
   */
  reconcile(node: string, refs: ClaimRef[], decide: (others: Others[]) => Mine[]): Promise<void>;
  /** Deletes the rows of windows that ended before `now`. */
  sweep(now: Date): Promise<void>;
}

type Entry = {
  rule: LimitRule;
  key: string;
  window: number;
  /** Hits admitted here in this window. */
  hits: number;
  /** Hits this process may reach in this window (its claim). */
  claim: number;
  /** Requests seen (admitted or not) since the last reconcile. */
  demand: number;
  /** Whether this key was ever reconciled in this window (a key seen once is not). */
  synced: boolean;
  others: Others;
  pushed: Mine;
  /** The last reconcile left nothing to claim: refuse without waiting until the next one. */
  dry: boolean;
};

type Logger = { warn(msg: string, fields?: Record<string, unknown>): void };

export type LimiterOptions = {
  node: string;
  syncMs: number;
  now: () => Date;
  logger: Logger;
  /** Reconciles between sweeps of ended windows' rows. */
  sweepEvery?: number;
  /** How long a request waits for a reconcile before it is decided by this process alone. */
  maxWaitMs?: number;
};

export class RateLimiter {
  // Per rule, then per key: no string built per request.
  private readonly entries = new Map<string, Map<string, Entry>>();
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private syncs = 0;

  constructor(
    private readonly store: ClaimStore,
    private readonly opts: LimiterOptions,
  ) {}

  /**
   * Counts one request of `key` under `rule`: 0 when admitted, else the seconds to wait (Retry-After). A number
   * on the fast path; a promise only for the request that used up its process's claim.
   */
  hit(rule: LimitRule, key: string, now: Date): number | Promise<number> {
    const t = now.getTime();
    const window = Math.floor(t / rule.windowMs);
    let keys = this.entries.get(rule.name);
    if (!keys) this.entries.set(rule.name, (keys = new Map()));
    let e = keys.get(key);
    if (!e || e.window !== window) {
      e = { rule, key, window, hits: 0, claim: 1, demand: 0, synced: false, others: { hits: 0, claimed: 0 }, pushed: { hits: 0, claimed: 0 }, dry: false };
      keys.set(key, e);
      this.start();
    }
    e.demand++;
    if (e.hits < e.claim) {
      e.hits++;
      return 0;
    }
    if (e.dry || this.full(e)) return this.wait(e, t);
    return this.waitForClaim(e, t);
  }

  /**
   * The request that found its process's claim used up: it waits for reconciles until one grants it a hit, the
   * budget is gone (`dry`: the reconcile found nothing free), or maxWaitMs passes. Several reconciles may be
   * needed: requests that arrive while one runs share its grant with those that waited for it.
   */
  private async waitForClaim(e: Entry, t: number): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A slow store (PostgreSQL restarting) must not hold the request: after maxWaitMs it is decided alone.
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), this.opts.maxWaitMs ?? 500)));
    try {
      for (;;) {
        const outcome = await Promise.race([this.sync(), late]);
        if (outcome === "late" && e.hits < e.rule.limit - e.others.hits) e.claim = Math.max(e.claim, e.hits + 1);
        if (e.hits < e.claim) {
          e.hits++;
          return 0;
        }
        if (outcome === "late" || e.dry || this.full(e)) return this.wait(e, t);
        // Granted, but taken by the requests that came meanwhile: this one's demand is counted; ask again.
        e.demand++;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every hit of the window is spent (by whichever process): nothing frees up before the window ends. */
  private full(e: Entry): boolean {
    return e.others.hits + e.hits >= e.rule.limit;
  }

  private wait(e: Entry, t: number): number {
    const windowEnd = (e.window + 1) * e.rule.windowMs;
    // Spent: until the window ends. Claimed by other processes but not spent: they hand back what they do not
    // use within a reconcile or two.
    const ms = this.full(e) ? windowEnd - t : Math.min(windowEnd - t, 2 * this.opts.syncMs);
    return Math.max(1, Math.ceil(ms / 1000));
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      for (const keys of this.entries.values()) if (keys.size) return void this.sync();
    }, this.opts.syncMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Stops the clock (the last claims simply lapse with their window). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A reconcile that starts after this call: the running one may have read the entries before they changed. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.reconcile().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
  }

  private async reconcile(): Promise<void> {
    const now = this.opts.now();
    const t = now.getTime();
    const due: Entry[] = [];
    for (const keys of this.entries.values()) {
      for (const [key, e] of keys) {
        if ((e.window + 1) * e.rule.windowMs <= t) {
          keys.delete(key);
          continue;
        }
        // A key seen once (its blind first hit) is not written; anything else with news is.
        if (!e.synced && e.demand <= 1) continue;
        if (e.demand > 0 || e.hits !== e.pushed.hits || e.claim !== e.pushed.claimed) due.push(e);
      }
    }
    if (due.length) {
      const refs = due.map((e) => ({ limiter: e.rule.name, key: e.key, windowStart: new Date(e.window * e.rule.windowMs), expiresAt: new Date((e.window + 1) * e.rule.windowMs) }));
      try {
        await this.store.reconcile(this.opts.node, refs, (others) =>
          due.map((e, i) => {
            const o = others[i] ?? { hits: 0, claimed: 0 };
            const free = e.rule.limit - o.claimed - e.hits;
            // Demand since the last reconcile sizes the claim; an idle key hands back all it does not use.
            const want = e.demand > 0 ? Math.max(1, 2 * e.demand) : 0;
            const grant = Math.max(0, Math.min(want, free));
            e.claim = e.hits + grant;
            e.others = o;
            e.demand = 0;
            e.synced = true;
            // Nothing left to claim: refuse at once until a later reconcile finds some freed.
            e.dry = want > 0 && grant === 0;
            e.pushed = { hits: e.hits, claimed: e.claim };
            return e.pushed;
          }),
        );
      } catch (err) {
        // The store is away: limit alone, as if this were the only process, until it is back.
        this.opts.logger.warn("rate limits: reconcile failed; limiting this process alone", { error: String(err) });
        for (const e of due) {
          e.claim = Math.max(e.claim, Math.min(e.rule.limit - e.others.hits, e.hits + Math.max(1, 2 * e.demand)));
          e.demand = 0;
          e.dry = false;
        }
      }
    }
    if (++this.syncs % (this.opts.sweepEvery ?? 60) === 0) await this.store.sweep(now).catch(() => undefined);
  }
}
