import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newSerial } from "../../src/domain/stamp-code.js";
import { refreshScanRollup } from "../../src/modules/stamps/index.js";
import { stampBatches, stamps, stampScans } from "../../src/modules/stamps/schema.js";
import { certified } from "../certificates/support.js";
import { createProduct, reformEval } from "../evaluation/support.js";
import { createProducer, createUnit, grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Issue 19: the scan statistics as a JSON API for a producer's own systems, with the page's scope and counting,
 * any window of Vietnam days, per day, place, product or both, and the same figures before and after the daily
 * roll-up.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const NOW = "2026-06-20T05:00:00Z"; // 12:00 in Hà Tĩnh

async function stampOf(productId: number) {
  const db = t.database.db;
  const now = t.clock.now();
  const [b] = await db.insert(stampBatches).values({ productId, quantity: 1, state: "printed", issuedAt: now, createdAt: now }).returning({ id: stampBatches.id });
  const [s] = await db.insert(stamps).values({ serial: newSerial(), batchId: b!.id, seq: 1, activatedAt: now }).returning({ id: stamps.id });
  return s!.id;
}
async function scans(stampId: number, rows: { at: string; region?: string; repeat?: boolean }[]) {
  await t.database.db.insert(stampScans).values(rows.map((r) => ({ stampId, at: new Date(r.at), country: r.region ? "VN" : null, region: r.region ?? null, verdict: "genuine_seen", repeat: r.repeat ?? false })));
}

describe("GET /api/stamps/scan-stats", () => {
  it("answers the producer's own figures as JSON, per day, place, product and both, for any window, before and after the roll-up", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const b = await createProduct(t, w.commune, w.producer.id, null);
    t.clock.set(NOW);
    const sa = await stampOf(a.productId);
    const sb = await stampOf(b);
    await scans(sa, [
      { at: "2026-06-20T01:00:00Z", region: "Hà Tĩnh" },
      { at: "2026-06-20T01:00:00Z", region: "Hà Tĩnh", repeat: true }, // a repeat does not count
      { at: "2026-06-19T17:30:00Z", region: "Hà Tĩnh" }, // 00:30 on 20/06 in Vietnam
      { at: "2026-06-19T16:30:00Z" }, // 23:30 on 19/06, place unknown
      { at: "2026-03-02T03:00:00Z", region: "Nghệ An" }, // months ago: outside the default window
    ]);
    await scans(sb, [{ at: "2026-06-18T03:00:00Z", region: "Hà Nội" }]);

    const member = (await signedInUser(t.app, t.database.db, [grant("producer_member", w.producer)])).session;
    const api = async (q: string, cookie: string | undefined = member.cookie) => {
      const res = await t.app.request(`/api/stamps/scan-stats${q}`, { headers: { accept: "application/json", ...(cookie ? { cookie } : {}) } });
      return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.json() };
    };

    const check = async () => {
      const days = await api(`?productId=${a.productId}`);
      expect(days.status).toBe(200);
      expect(days.body).toMatchObject({ from: "2026-05-22", to: "2026-06-20", timeZone: "Asia/Ho_Chi_Minh", by: "day", product: { id: a.productId }, total: 3 });
      expect(days.body.rows).toHaveLength(30);
      expect(days.body.rows.at(-1)).toEqual({ day: "2026-06-20", scans: 2 });
      expect(days.body.rows.at(-2)).toEqual({ day: "2026-06-19", scans: 1 });

      const places = await api(`?productId=${a.productId}&by=place`);
      expect(places.body.rows).toEqual([{ country: "VN", region: "Hà Tĩnh", scans: 2 }, { country: null, region: null, scans: 1 }]);

      // All the member's products, per product; then a window of its own reaching back to March.
      const perProduct = await api("?by=product");
      expect(perProduct.body.product).toBeNull();
      expect(perProduct.body.rows.map((r: { productId: number; scans: number }) => [r.productId, r.scans])).toEqual([[a.productId, 3], [b, 1]]);
      const perCommune = await api("?by=commune");
      expect(perCommune.body.rows).toEqual([{ communeId: w.commune.id, commune: expect.any(String), scans: 4 }]);
      const spring = await api(`?productId=${a.productId}&from=2026-03-01&to=2026-03-31&by=day-place`);
      expect(spring.body).toMatchObject({ from: "2026-03-01", to: "2026-03-31", total: 1, rows: [{ day: "2026-03-02", country: "VN", region: "Nghệ An", scans: 1 }] });
      const year = await api(`?from=2025-06-20&to=2026-06-20`);
      expect(year.body.rows).toHaveLength(366);
      expect(year.body.total).toBe(5);
      return [days.body, places.body, perProduct.body, perCommune.body, spring.body, year.body];
    };
    const live = await check();
    // The daily job rolls the older days up; the API's figures do not move.
    t.clock.set("2026-06-20T20:00:00Z");
    await refreshScanRollup(t.database.db, new Date("2026-06-20T20:00:00Z"));
    t.clock.set(NOW);
    expect(await check()).toEqual(live);

    // The CSV and the API's day-place rows agree.
    const csv = (await (await t.app.request(`/stats/scans.csv?productId=${a.productId}`, { headers: { cookie: member.cookie } })).text()).replace(/^\ufeff/, "").trim().split("\r\n").slice(1);
    const both = await api(`?productId=${a.productId}&by=day-place`);
    expect(both.body.rows.map((r: { day: string; country: string | null; region: string | null; scans: number }) => `${r.day},${r.country ?? ""},${r.region ?? "không rõ"},${r.scans}`)).toEqual(csv);

    // Windows and inputs it refuses, in Vietnamese and English.
    for (const q of ["?from=2026-06-10&to=2026-06-01", "?to=2026-06-21", "?from=2025-06-19&to=2026-06-20", "?from=2026-02-30", "?by=week", "?productId=abc"]) {
      const r = await api(q);
      expect(r.status, q).toBe(400);
      expect(r.type).toContain("application/problem+json");
      expect(r.body.i18n.vi.title).not.toBe(r.body.i18n.en.title);
    }
    // Who may not see: another producer, another province's office, a visitor; a missing product.
    const stranger = (await signedInUser(t.app, t.database.db, [grant("producer_member", await createProducer(t.database.db, w.commune))])).session;
    expect((await api(`?productId=${a.productId}`, stranger.cookie)).status).toBe(403);
    expect((await api("", stranger.cookie)).body.total).toBe(0);
    const otherOffice = (await signedInUser(t.app, t.database.db, [grant("province_office", await createUnit(t.database.db, { level: "province" }))])).session;
    expect((await api(`?productId=${a.productId}`, otherOffice.cookie)).status).toBe(403);
    const office = (await signedInUser(t.app, t.database.db, [grant("province_office", w.province)])).session;
    expect((await api(`?productId=${a.productId}`, office.cookie)).body.total).toBe(3);
    expect((await api("", "")).status).toBe(401);
    expect((await api("?productId=999999")).status).toBe(404);
  });

  it("is in the OpenAPI document", async () => {
    const doc = await (await t.app.request("/api/openapi.json")).json();
    expect(Object.keys(doc.paths)).toContain("/api/stamps/scan-stats");
    expect(doc.paths["/api/stamps/scan-stats"].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(["by", "from", "productId", "to"]);
  });
});
