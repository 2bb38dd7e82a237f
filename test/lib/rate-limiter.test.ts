import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ClaimRef, type ClaimStore, type LimitRule, type Mine, type Others, RateLimiter } from "../../src/lib/rate-limiter.js";

/*
 * The reconciled limiter against a store held in memory, with several "processes" (limiters) sharing it: under
 * any interleaving of hits and reconciles the processes together admit at most limit + (processes - 1) per key
 * and window (lib/rate-limiter.ts explains the one blind hit per process). The PostgreSQL store is exercised by
 * test/hardening/rate-limits-across-apps.test.ts.
 */

function memoryStore(opts: { commitMs?: number } = {}): ClaimStore & { rows: Map<string, Mine> } {
  const rows = new Map<string, Mine>();
  let lock: Promise<void> = Promise.resolve();
  const id = (r: ClaimRef, node: string) => `${r.limiter}|${r.key}|${r.windowStart.toISOString()}|${node}`;
  return {
    rows,
    reconcile(node, refs, decide) {
      const run = lock.then(async () => {
        await Promise.resolve();
        const others: Others[] = refs.map((r) => {
          const o = { hits: 0, claimed: 0 };
          const prefix = id(r, "");
          for (const [k, v] of rows) if (k.startsWith(prefix) && k !== id(r, node)) (o.hits += v.hits), (o.claimed += v.claimed);
          return o;
        });
        const mine = decide(others);
        refs.forEach((r, i) => rows.set(id(r, node), mine[i]!));
        // A database's commit takes a while: requests keep arriving between the decision and its end.
        if (opts.commitMs) await new Promise((r) => setTimeout(r, opts.commitMs));
      });
      lock = run.catch(() => undefined);
      return run;
    },
    async sweep() {},
  };
}

const quiet = { warn: () => {} };
const rule: LimitRule = { name: "t", limit: 25, windowMs: 60_000 };
const NOW = new Date("2026-03-01T03:00:10Z");

async function hit(l: RateLimiter, key = "k"): Promise<boolean> {
  const r = l.hit(rule, key, NOW);
  return (typeof r === "number" ? r : await r) === 0;
}

describe("RateLimiter across processes sharing a store", () => {
  it("never admits more than limit + processes - 1 under any interleaving of hits and reconciles", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.tuple(fc.nat(3), fc.boolean(), fc.nat(3)), { minLength: 80, maxLength: 240 }), async (processes, steps) => {
        const store = memoryStore();
        const limiters = Array.from({ length: processes }, (_, i) => new RateLimiter(store, { node: `n${i}`, syncMs: 1e9, now: () => NOW, logger: quiet }));
        let admitted = 0;
        const pending: Promise<boolean>[] = [];
        for (const [who, concurrent, reconcileWho] of steps) {
          const l = limiters[who % processes]!;
          if (concurrent) pending.push(hit(l));
          else if (await hit(l)) admitted++;
          if (reconcileWho === 0) await limiters[who % processes]!.sync();
        }
        admitted += (await Promise.all(pending)).filter(Boolean).length;
        for (const l of limiters) l.stop();
        expect(admitted).toBeLessThanOrEqual(rule.limit + processes - 1);
      }),
      { numRuns: 150 },
    );
  });

  it("spends the whole budget when one client alternates between processes", async () => {
    const store = memoryStore();
    const [a, b] = [0, 1].map((i) => new RateLimiter(store, { node: `n${i}`, syncMs: 1e9, now: () => NOW, logger: quiet }));
    let admitted = 0;
    for (let i = 0; i < 4 * rule.limit; i++) {
      if (await hit(i % 2 ? a! : b!)) admitted++;
      if (i % 4 === 3) await Promise.all([a!.sync(), b!.sync()]);
    }
    expect(admitted).toBeGreaterThanOrEqual(rule.limit - 1);
    expect(admitted).toBeLessThanOrEqual(rule.limit + 1);
    // Other keys are untouched, and the refusal says when to come back.
    expect(await hit(a!, "other")).toBe(true);
    const wait = a!.hit(rule, "k", NOW);
    expect(typeof wait === "number" ? wait : await wait).toBeGreaterThan(0);
  });

  it("limits each process alone when the store is away", async () => {
    const broken: ClaimStore = { reconcile: () => Promise.reject(new Error("database away")), sweep: async () => {} };
    const l = new RateLimiter(broken, { node: "n", syncMs: 1e9, now: () => NOW, logger: quiet });
    let admitted = 0;
    for (let i = 0; i < 3 * rule.limit; i++) if (await hit(l)) admitted++;
    expect(admitted).toBe(rule.limit);
  });

  it("decides alone, within maxWaitMs, when the store hangs (PostgreSQL restarting)", async () => {
    const hanging: ClaimStore = { reconcile: () => new Promise(() => {}), sweep: async () => {} };
    const l = new RateLimiter(hanging, { node: "n", syncMs: 1e9, now: () => NOW, logger: quiet, maxWaitMs: 20 });
    const started = performance.now();
    let admitted = 0;
    for (let i = 0; i < 5; i++) if (await hit(l)) admitted++;
    expect(admitted).toBe(5);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses none of a concurrent burst that stays within the budget (waiters share grants over several reconciles)", async () => {
    const store = memoryStore({ commitMs: 3 });
    const wide: LimitRule = { name: "wide", limit: 1_000_000, windowMs: 60_000 };
    const l = new RateLimiter(store, { node: "n", syncMs: 1e9, now: () => NOW, logger: quiet });
    for (let round = 0; round < 5; round++) {
      const pending: Promise<number>[] = [];
      // Requests arrive in waves, a millisecond apart, as from 100 connections.
      for (let i = 0; i < 100; i++) {
        const r = l.hit(wide, "bench", NOW);
        pending.push(typeof r === "number" ? Promise.resolve(r) : r);
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 1));
      }
      const results = await Promise.all(pending);
      expect(results.filter((w) => w !== 0)).toEqual([]);
    }
  });
});

