import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUSPICION } from "../../src/domain/scan-verdict.js";
import { newSerial } from "../../src/domain/stamp-code.js";
import { stampBatches, stamps, stampScans } from "../../src/modules/stamps/schema.js";
import { barChart, columnChart, escapeXml } from "../../src/web/svg-chart.js";
import { certified } from "../certificates/support.js";
import { createProduct, reformEval } from "../evaluation/support.js";
import { createProducer, createUnit, grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Scan statistics: per Vietnam calendar day over 30 days and per place, counting only non-repeat scans, as SVG
 * charts and CSV, for the producer (its products) and the office (its province), which also sees the stamps
 * beyond the suspicion thresholds of the last 24 hours.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const NOW = "2026-06-20T05:00:00Z"; // 12:00 in Hà Tĩnh
const at = (iso: string) => new Date(iso);
const minutesAgo = (n: number) => new Date(Date.parse(NOW) - n * 60_000);

async function stampOf(productId: number) {
  const db = t.database.db;
  const now = t.clock.now();
  const [b] = await db.insert(stampBatches).values({ productId, quantity: 1, state: "printed", issuedAt: now, createdAt: now }).returning({ id: stampBatches.id });
  const [s] = await db.insert(stamps).values({ serial: newSerial(), batchId: b!.id, seq: 1, activatedAt: now }).returning({ id: stamps.id });
  return { id: s!.id, batchId: b!.id };
}

type Scan = { at: Date; country?: string | null; region?: string | null; repeat?: boolean };
async function scans(stampId: number, rows: Scan[]) {
  await t.database.db.insert(stampScans).values(rows.map((r) => ({ stampId, at: r.at, country: r.country ?? null, region: r.region ?? null, verdict: "genuine_seen", repeat: r.repeat ?? false })));
}
const times = (n: number, f: (i: number) => Scan) => Array.from({ length: n }, (_, i) => f(i));

const get = async (path: string, cookie?: string) => {
  const res = await t.app.request(path, { headers: { accept: "text/html", ...(cookie ? { cookie } : {}) } });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "", location: res.headers.get("location") };
};
const titlesIn = (svg: string) => [...svg.matchAll(/<rect class="bar"[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => m[1]!);
const chart = (html: string, id: string) => new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? "";

describe("the SVG charts", () => {
  it("are plain SVG with a viewBox, accessible titles, escaped labels and no script", () => {
    const svg = columnChart({ id: "c", title: 'Lượt quét <script>alert("x")</script>', bars: [{ label: "<b>&", value: 3, title: "01/06: 3" }, { label: "x", value: 0, title: "02/06: 0" }] });
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"[^>]*role="img"[^>]*aria-labelledby="c-title"/);
    expect(svg).toContain('<title id="c-title">Lượt quét &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>');
    expect(svg).not.toMatch(/<script|on\w+=/i);
    expect(svg).toContain("&lt;b&gt;&amp;");
    expect(titlesIn(svg)).toEqual(["01/06: 3", "02/06: 0"]);
    const bars = barChart({ id: "p", title: "Nơi", description: "d", bars: [{ label: 'Quảng "Bình"', value: 2, title: "Quảng Bình: 2" }] });
    expect(bars).toContain('aria-labelledby="p-title p-desc"');
    expect(bars).toContain("Quảng &quot;Bình&quot;");
    expect(escapeXml("a\u0001<")).toBe("a&lt;");
  });
});

describe("scan statistics", () => {
  it("counts non-repeat scans per Vietnam day and place for the producer, exports CSV, and shows the office the suspicious stamps", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const other = await createProduct(t, w.commune, w.producer.id, null);
    t.clock.set(NOW);
    const s1 = await stampOf(a.productId);
    const s2 = await stampOf(other);
    const s3 = await stampOf(other);
    const s4 = await stampOf(other);

    await scans(s1.id, [
      ...times(3, () => ({ at: at("2026-06-20T01:00:00Z"), country: "VN", region: "Hà Tĩnh" })),
      ...times(2, () => ({ at: at("2026-06-20T01:10:00Z"), country: "VN", region: "Hà Tĩnh", repeat: true })),
      { at: at("2026-06-19T17:30:00Z"), country: "VN", region: "Hà Tĩnh" }, // 00:30 on 20/06 in Vietnam
      { at: at("2026-06-19T16:30:00Z") }, // 23:30 on 19/06, place unknown
      ...times(2, () => ({ at: at("2026-06-10T03:00:00Z"), country: "VN", region: "Nghệ An" })),
      { at: at("2026-05-21T18:00:00Z"), country: "VN", region: "Hà Nội" }, // 01:00 on 22/05: the window's first day
      { at: at("2026-05-21T16:00:00Z"), country: "VN", region: "Hà Nội" }, // 23:00 on 21/05: outside
    ]);
    // s2: one scan more than the threshold in 24 h; s3: as many places as the threshold; s4: exactly the threshold, one place.
    await scans(s2.id, times(SUSPICION.scannersPerDay + 1, (i) => ({ at: minutesAgo(i + 1), country: "VN", region: "Hà Tĩnh" })));
    await scans(s3.id, times(SUSPICION.placesPerDay, (i) => ({ at: minutesAgo(10 * (i + 1)), country: "VN", region: `Tỉnh ${i}` })));
    await scans(s4.id, [...times(SUSPICION.scannersPerDay, (i) => ({ at: minutesAgo(i + 1), country: "VN", region: "Hà Tĩnh" })), ...times(30, (i) => ({ at: minutesAgo(i + 1), country: "LA", region: "Viêng Chăn", repeat: true }))]);

    // The producer's member, for product a.
    const member = (await signedInUser(t.app, t.database.db, [grant("producer_member", w.producer)])).session;
    const res = await get(`/stats/scans?productId=${a.productId}`, member.cookie);
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/<script/i);
    const days = chart(res.text, "scans-by-day");
    expect(days).toContain("viewBox=");
    const titles = titlesIn(days);
    expect(titles).toHaveLength(30);
    expect(titles[0]).toBe("2026-05-22: 1 lượt quét");
    expect(titles[29]).toBe("2026-06-20: 4 lượt quét");
    expect(titles).toContain("2026-06-19: 1 lượt quét");
    expect(titles).toContain("2026-06-10: 2 lượt quét");
    expect(titles).toContain("2026-06-01: 0 lượt quét");
    expect(titles.filter((x) => !x.endsWith(": 0 lượt quét"))).toHaveLength(4);
    expect(res.text).toContain('<strong id="total-scans">8 lượt quét</strong>');
    expect(titlesIn(chart(res.text, "scans-by-place"))).toEqual(["Hà Tĩnh (VN): 4 lượt quét", "Nghệ An (VN): 2 lượt quét", "Hà Nội (VN): 1 lượt quét", "không rõ: 1 lượt quét"]);
    // A producer is not shown the office's list.
    expect(res.text).not.toContain('id="suspicious"');

    const csv = await get(`/stats/scans.csv?productId=${a.productId}`, member.cookie);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain("text/csv");
    const lines = csv.text.replace(/^\ufeff/, "").trim().split("\r\n");
    expect(lines[0]).toBe("day,country,region,scans");
    expect(lines).toContain("2026-06-20,VN,Hà Tĩnh,4");
    expect(lines).toContain("2026-06-19,,không rõ,1");
    expect(lines.slice(1).reduce((sum, l) => sum + Number(l.split(",").at(-1)), 0)).toBe(8);

    // The member's view of all its products adds the other product's non-repeat scans.
    const all = await get("/stats/scans", member.cookie);
    const total = 8 + SUSPICION.scannersPerDay + 1 + SUSPICION.placesPerDay + SUSPICION.scannersPerDay;
    expect(all.text).toContain(`<strong id="total-scans">${total} lượt quét</strong>`);
    const allCsv = (await get("/stats/scans.csv", member.cookie)).text.replace(/^\ufeff/, "").trim().split("\r\n");
    expect(allCsv.slice(1).reduce((sum, l) => sum + Number(l.split(",").at(-1)), 0)).toBe(total);

    // The office sees the suspicious stamps: s2 (scans) and s3 (places), not s4 (at the threshold) nor s1.
    const office = (await signedInUser(t.app, t.database.db, [grant("province_office", w.province)])).session;
    const off = await get("/stats/scans", office.cookie);
    expect(off.status).toBe(200);
    const section = /<section class="card" id="suspicious">[\s\S]*?<\/section>/.exec(off.text)?.[0] ?? "";
    expect(section).toContain(`data-stamp-id="${s2.id}"`);
    expect(section).toContain(`data-stamp-id="${s3.id}"`);
    expect(section).not.toContain(`data-stamp-id="${s4.id}"`);
    expect(section).not.toContain(`data-stamp-id="${s1.id}"`);
    const s2Row = new RegExp(`<tr data-stamp-id="${s2.id}">[\\s\\S]*?</tr>`).exec(section)![0];
    expect(s2Row).toContain(`<td>${s2.batchId}</td>`);
    expect(s2Row).toContain(`>${SUSPICION.scannersPerDay + 1}</td>`);

    // Others: another province's office, another producer, a missing product, a bad id, a visitor.
    const elsewhere = await createUnit(t.database.db, { level: "province" });
    const otherOffice = (await signedInUser(t.app, t.database.db, [grant("province_office", elsewhere)])).session;
    expect((await get(`/stats/scans?productId=${a.productId}`, otherOffice.cookie)).status).toBe(403);
    expect((await get(`/stats/scans.csv?productId=${a.productId}`, otherOffice.cookie)).status).toBe(403);
    const theirs = await get("/stats/scans", otherOffice.cookie);
    expect(theirs.text).toContain('<strong id="total-scans">0 lượt quét</strong>');
    expect(theirs.text).not.toContain("data-stamp-id=");
    const otherProducer = await createProducer(t.database.db, w.commune);
    const stranger = (await signedInUser(t.app, t.database.db, [grant("producer_member", otherProducer)])).session;
    expect((await get(`/stats/scans?productId=${a.productId}`, stranger.cookie)).status).toBe(403);
    expect((await get("/stats/scans?productId=999999", member.cookie)).status).toBe(404);
    expect((await get("/stats/scans?productId=abc", member.cookie)).status).toBe(400);
    const visitor = await get("/stats/scans");
    expect(visitor.status).toBe(303);
    expect(visitor.location).toContain("/login");
  });
});
