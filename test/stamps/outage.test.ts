import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import type { Deps } from "../../src/http/env.js";
import { stampRuntime, stopStampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { outageDatabase, type Outage } from "../support/outage.js";
import { issuedBatch, lot } from "./support.js";

/*
 * Issue 14: a database restart answered 49 scans with 500. Now a scan whose stamp view is cached, even past its
 * TTL, is answered from that view and recorded once the database is back; one that needs the database gets 503
 * with Retry-After (a Vietnamese page for a browser, problem+json for a client); no answer is a 500.
 */

let t: TestApp;
let outage: Outage;
let app: ReturnType<typeof createApp>;
let deps: Deps;
beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true } });
  outage = await outageDatabase(t.database);
  deps = { ...t.deps, database: outage.database };
  app = createApp(deps);
});
afterAll(async () => {
  await outage.up();
  await stopStampRuntime(deps);
  await outage.close();
  await t.close();
});

const scanOn = (code: string, ip: string, accept = "application/json") => app.request(`/s/${code}`, { headers: { accept, "user-agent": "phone", "x-forwarded-for": ip } });

/** Scans recorded in the database (a row may stand for several repeats). */
async function rowsOf(): Promise<number> {
  const r = await t.database.db.execute(sql`select coalesce(sum(times), 0)::int as n from stamp_scans`);
  return Number(((Array.isArray(r) ? r : (r as unknown as { rows: unknown[] }).rows)[0] as { n: number }).n);
}

describe("a scan while the database is away", () => {
  it("is answered from the cached view, or 503 with Retry-After, never 500; the scans answered are written once it is back", async () => {
    const { w, batch, codes } = await issuedBatch(t, 3);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot }));
    t.clock.advance(1000);
    const [cached, uncached] = codes as [string, string];
    expect((await (await scanOn(cached, "10.0.1.1")).json()).verdict).toBe("genuine_first");
    expect((await (await scanOn(cached, "10.0.2.1")).json()).verdict).toBe("genuine_seen");
    await stampRuntime(deps).recorder.flushAll();
    const before = await rowsOf();
    expect(before).toBe(2);

    // Past both TTLs (the stamp's 5 minutes, the facts' 30 s): the next scan wants a fresh read it cannot get.
    t.clock.advance(6 * 60_000);
    await outage.down();
    try {
      const json = await scanOn(cached, "10.0.3.1");
      expect(json.status).toBe(200);
      expect((await json.json()).verdict).toBe("genuine_seen");
      const page = await scanOn(cached, "10.0.4.1", "text/html");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Tem chính hãng");

      const miss = await scanOn(uncached, "10.0.5.1");
      expect(miss.status).toBe(503);
      expect(miss.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(miss.headers.get("content-type")).toContain("application/problem+json");
      expect(await miss.json()).toMatchObject({ status: 503 });
      const missPage = await scanOn(uncached, "10.0.6.1", "text/html");
      expect(missPage.status).toBe(503);
      expect(missPage.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(await missPage.text()).toContain("Tạm thời gián đoạn");

      // Any other page that needs the database: 503 as well, not 500.
      for (const path of ["/registry", "/api/registry", "/login"]) {
        const res = await app.request(path, { headers: { accept: path.startsWith("/api") ? "application/json" : "text/html" } });
        expect(res.status, path).not.toBe(500);
        if (res.status >= 500) expect(res.status, path).toBe(503);
      }
      // The flusher fails while it is away and keeps the rows.
      await stampRuntime(deps).recorder.flushAll();
    } finally {
      await outage.up();
    }
    await stampRuntime(deps).recorder.flushAll();
    expect(await rowsOf()).toBe(before + 2);
    // Back: the stamp that needed the database is answered.
    expect((await scanOn(uncached, "10.0.7.1")).status).toBe(200);
  });
});
