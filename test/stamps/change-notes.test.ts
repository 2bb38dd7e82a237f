import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { vnToday } from "../../src/lib/dates.js";
import type { Deps } from "../../src/http/env.js";
import { stampRuntime, stopStampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { issuedBatch, lot } from "./support.js";

/*
 * Issue 14: two server processes on one database. A void or a certificate change made through one reaches the
 * other's scan cache within 1 s (NOTIFY on commit), not after its TTL. The test clock stands still, so no TTL
 * ever expires here: only the notes can make the second app see the change.
 */

let t: TestApp;
let other: { deps: Deps; app: ReturnType<typeof createApp> };
beforeAll(async () => {
  t = await createTestApp();
  const deps: Deps = { ...t.deps };
  other = { deps, app: createApp(deps) };
});
afterAll(async () => {
  await stopStampRuntime(other.deps);
  await stopStampRuntime(t.deps);
  await t.close();
});

const verdictOn = async (app: { request: TestApp["app"]["request"] }, code: string) =>
  (await (await app.request(`/s/${code}`, { headers: { accept: "application/json", "user-agent": "phone" } })).json()).verdict as string;

/** Polls the second app for up to `ms` of real time; returns the verdict and how long it took. */
async function within(ms: number, code: string, wanted: string | RegExp): Promise<{ verdict: string; ms: number }> {
  const start = Date.now();
  let verdict = "";
  while (Date.now() - start < ms) {
    verdict = await verdictOn(other.app, code);
    if (typeof wanted === "string" ? verdict === wanted : wanted.test(verdict)) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { verdict, ms: Date.now() - start };
}

describe("changes made through one process reach another's scan page", () => {
  it("a void, an activation and a certificate's suspension, each within 1 s", async () => {
    const { w, cert, batch, codes } = await issuedBatch(t, 4);
    const [a, b] = codes as [string, string];
    // The second app caches the stamp as it is now.
    expect(await verdictOn(other.app, a)).toBe("not_activated");
    // The listener is subscribed when the runtime starts; give it its first tick.
    stampRuntime(other.deps);
    await new Promise((r) => setTimeout(r, 50));

    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
    // Genuine, first or seen: the polls made before the note arrived are scans at the activation's instant.
    expect((await within(1000, a, /^genuine_/)).verdict).toMatch(/^genuine_/);

    await ok(w.office.api("POST", "/api/stamps/void", { code: a, reason: "Mất cuộn tem" }));
    const voided = await within(1000, a, "void");
    expect(voided.verdict).toBe("void");

    expect(await verdictOn(other.app, b)).toMatch(/^genuine_/);
    await ok(w.office.api("POST", `/api/certificates/${cert.certificateId}/suspension`, { from: vnToday(t.clock.now()), reason: "Kiểm tra" }), 201);
    const suspended = await within(1000, b, "certificate_suspended");
    expect(suspended.verdict).toBe("certificate_suspended");
  });

  it("a rolled-back change sends nothing: the other app keeps its view", async () => {
    const { w, batch, codes } = await issuedBatch(t, 2);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-rb" } }));
    const code = codes[0]!;
    expect((await within(1000, code, /^genuine_/)).verdict).toMatch(/^genuine_/);
    // A void without a reason is refused before anything commits.
    expect((await w.office.api("POST", "/api/stamps/void", { code })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(await verdictOn(other.app, code)).toMatch(/^genuine_/);
  });
});

describe("scans recorded by one process count on the other's scan page", () => {
  // Two apps behind a balancer that sends a phone to either: each must count the other's scans.
  const scanOn = async (app: { request: TestApp["app"]["request"] }, code: string, ip: string) =>
    (await (await app.request(`/s/${code}`, { headers: { accept: "application/json", "user-agent": "phone", "x-forwarded-for": ip } })).json()) as { verdict: string; previousScans: number };

  /** What `deps`' process would answer now, without recording a scan; polled until `wanted` or 1 s. */
  async function peekUntil(deps: Deps, code: string, wanted: (r: { verdict: string; previousScans?: number }) => boolean) {
    const start = Date.now();
    const peek = () => stampRuntime(deps).scans.peek(code, deps.now());
    let r = await peek();
    while (!wanted(r) && Date.now() - start < 1000) {
      await new Promise((res) => setTimeout(res, 20));
      r = await peek();
    }
    return { r, ms: Date.now() - start };
  }

  it("a stamp first scanned through one is 'seen before' through the other, and suspicion counts both", async () => {
    const a = await createTestApp({ config: { trustProxy: true } });
    const bDeps: Deps = { ...a.deps };
    const b = { deps: bDeps, app: createApp(bDeps) };
    try {
      stampRuntime(b.deps);
      stampRuntime(a.deps);
      const { w, batch, codes } = await issuedBatch(a, 2);
      await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-two" } }));
      a.clock.advance(1000);
      const [code, other2] = codes as [string, string];
      // Both hold the stamp's view; the first consumer's scan goes to A.
      expect((await peekUntil(b.deps, code, () => true)).r.verdict).toBe("genuine_first");
      expect((await scanOn(a.app, code, "10.1.0.1")).verdict).toBe("genuine_first");
      // B's next answer knows it within a second (its view was read before that scan).
      const seen = await peekUntil(b.deps, code, (r) => r.previousScans === 1);
      expect(seen.r).toMatchObject({ verdict: "genuine_seen", previousScans: 1 });
      expect(seen.ms).toBeLessThan(1000);
      // A second consumer through B: A's next answer counts two.
      expect((await scanOn(b.app, code, "10.2.0.1")).verdict).toBe("genuine_seen");
      expect((await peekUntil(a.deps, code, (r) => r.previousScans === 2)).r).toMatchObject({ previousScans: 2 });

      // 21 scanners in a day, 11 through A and 10 through B: neither alone passes the rule's 20; both do.
      await peekUntil(a.deps, other2, () => true);
      await peekUntil(b.deps, other2, () => true);
      for (let i = 0; i < 11; i++) expect((await scanOn(a.app, other2, `172.16.${i}.1`)).verdict).toMatch(/^genuine_/);
      for (let i = 0; i < 10; i++) await scanOn(b.app, other2, `172.17.${i}.1`);
      expect((await peekUntil(b.deps, other2, (r) => r.verdict === "suspicious")).r.verdict).toBe("suspicious");
      expect((await peekUntil(a.deps, other2, (r) => r.verdict === "suspicious")).r.verdict).toBe("suspicious");
      // And the counts every process answers with are the rows'.
      await stampRuntime(a.deps).recorder.flushAll();
      await stampRuntime(b.deps).recorder.flushAll();
      const rows = await a.database.db.execute(sql`select count(*)::int as n from stamp_scans where not repeat`);
      expect(Number((Array.isArray(rows) ? rows : (rows as unknown as { rows: { n: number }[] }).rows)[0]!.n)).toBe(2 + 21);
    } finally {
      await stopStampRuntime(b.deps);
      await stopStampRuntime(a.deps);
      await a.close();
    }
  });
});
