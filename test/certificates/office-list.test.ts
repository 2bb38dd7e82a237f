import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { person, reformEval, type Person } from "../evaluation/support.js";
import { createProducer, createUnit } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { certified, decisionBody, finalResult, inspectionProposingRevocation } from "./support.js";

/*
 * Issue 16, finding 3: the office finds its certificates in a list with search, filters and status badges.
 * Every count the page shows is checked against the rows it lists, on figures of this test's own.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: p.headers.cookie! } });
  return { status: res.status, html: await res.text() };
};
const post = async (path: string, p: Person, fields: Record<string, string>) => {
  const params = new URLSearchParams({ ...fields, _csrf: p.headers["x-csrf-token"]! });
  return t.app.request(path, { method: "POST", headers: { cookie: p.headers.cookie!, "content-type": "application/x-www-form-urlencoded" }, body: params.toString() });
};
/** The list section of the page: its count and the certificates it links to, in order. */
const listed = (html: string) => {
  const section = html.slice(html.indexOf("<h2>Danh sách giấy chứng nhận</h2>"));
  const ids = [...section.matchAll(/href="\/certificates\/(\d+)\/manage"/g)].map((m) => Number(m[1]));
  const count = Number(section.match(/<p class="count" role="status"><strong>([\d.]+)<\/strong>/)![1]!.replace(/\./g, ""));
  return { ids, count, section };
};

describe("the office's certificate list", () => {
  it("searches by product name, code and producer, filters by status, stars, unit and year, with counts that match the rows", async () => {
    const w = await reformEval(t);
    const db = t.database.db;
    // A second commune of the same province with its own producer.
    const commune2 = await createUnit(db, { level: "commune", parent: w.province, name: "Xã Sơn Kim Thử" });
    const producer2 = await createProducer(db, commune2, { name: "HTX Chè Sơn Kim Thử" });
    const w2 = { ...w, commune: commune2, producer: producer2, producerMember: await person(t, ["producer_member", producer2]), communeOfficer: await person(t, ["commune_officer", commune2]) };

    const a = await certified(t, w, 80); // 4★, stays valid
    const b = await certified(t, w, 60); // 3★, suspended below
    const c = await certified(t, w2, 80); // 4★ in the second commune, revoked below
    // One decided the next year: 3★.
    const r = await finalResult(t, w, 58);
    t.clock.set("2027-03-02T03:00:00Z");
    const office = await person(t, ["province_office", w.province]);
    const dd = await ok(office.api("POST", "/api/decisions", decisionBody(w, [r.rdId], { decidedOn: "2027-03-02" })), 201);
    const d = { certificateId: dd.certificateIds[0] as number };

    expect((await post(`/certificates/${b.certificateId}/suspend`, office, { from: "2027-03-02", through: "", reason: "Chờ kết quả kiểm tra" })).status).toBe(303);
    await inspectionProposingRevocation(t, w2, c.certificateId, "2027-03-02");
    const revoke = { ground: "law_violation", effectiveOn: "2027-03-02", decisionNumber: "77/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Vi phạm ghi nhãn hàng hóa" };
    expect((await post(`/certificates/${c.certificateId}/revoke`, office, revoke)).status).toBe(303);
    t.clock.set("2027-03-05T03:00:00Z");
    const fresh = await person(t, ["province_office", w.province]);

    const all = await get("/certificates", fresh);
    expect(all.status).toBe(200);
    // Nothing awaits a decision: no decision form, a sentence saying so.
    expect(all.html).not.toContain('action="/certificates/decisions"');
    expect(all.html).toContain("Không có kết quả đánh giá nào chờ quyết định công nhận");
    // No box to type an internal number any more.
    expect(all.html).not.toContain('name="manage"');
    const everything = listed(all.html);
    expect(everything.ids.sort()).toEqual([a, b, c, d].map((x) => x.certificateId).sort());
    expect(everything.count).toBe(4);
    // Status badges and the summary of the statuses, each a link to its filter.
    expect(everything.section).toContain('<span class="badge badge-ok">Còn hiệu lực</span>');
    expect(everything.section).toContain('<span class="badge badge-warn">Tạm dừng hiệu lực</span>');
    expect(everything.section).toContain('<span class="badge badge-bad">Đã bị thu hồi</span>');
    expect(everything.section).toContain('href="/certificates?status=valid">Còn hiệu lực: 2</a>');
    expect(everything.section).toContain('href="/certificates?status=suspended">Tạm dừng hiệu lực: 1</a>');
    expect(everything.section).toContain('href="/certificates?status=revoked">Đã bị thu hồi: 1</a>');

    const cases: [string, number[]][] = [
      ["status=valid", [a, d].map((x) => x.certificateId)],
      ["status=suspended", [b.certificateId]],
      ["status=revoked", [c.certificateId]],
      ["status=expired", []],
      ["stars=4", [a, c].map((x) => x.certificateId)],
      ["stars=3&status=valid", [d.certificateId]],
      [`unitId=${commune2.id}`, [c.certificateId]],
      [`unitId=${w.commune.id}&stars=3`, [b, d].map((x) => x.certificateId)],
      ["year=2027", [d.certificateId]],
      ["year=2026&status=valid", [a.certificateId]],
      [`q=${encodeURIComponent("Chè Sơn Kim")}`, [c.certificateId]],
    ];
    for (const [query, want] of cases) {
      const got = listed((await get(`/certificates?${query}`, fresh)).html);
      expect({ query, ids: got.ids.sort() }).toEqual({ query, ids: [...want].sort() });
      expect({ query, count: got.count }).toEqual({ query, count: want.length });
    }

    // By the product's name and by its code, as every page prints it.
    const pub = JSON.parse(await (await t.app.request(`/c/${a.certificateId}`, { headers: { accept: "application/json" } })).text());
    expect(listed((await get(`/certificates?q=${encodeURIComponent(pub.product.code)}`, fresh)).html).ids).toEqual([a.certificateId]);
    expect(listed((await get(`/certificates?q=${encodeURIComponent(pub.product.name)}`, fresh)).html).ids).toEqual([a.certificateId]);

    // The filters keep what was chosen; the unit and year choices are the office's.
    const kept = (await get(`/certificates?status=valid&stars=3&unitId=${w.commune.id}&year=2027`, fresh)).html;
    expect(kept).toContain('<option value="valid" selected="">');
    expect(kept).toContain('<option value="3" selected="">3 sao</option>');
    expect(kept).toContain(`<option value="${commune2.id}">Xã Sơn Kim Thử</option>`);
    expect(kept).toContain('<option value="2027" selected="">2027</option>');

    // Pages of two: the second page holds the rest, the count stays the whole.
    const p1 = listed((await get("/certificates?limit=2", fresh)).html);
    const p2 = listed((await get("/certificates?limit=2&offset=2", fresh)).html);
    expect(p1.count).toBe(4);
    expect(p1.ids).toHaveLength(2);
    expect([...p1.ids, ...p2.ids].sort()).toEqual(everything.ids.sort());
    expect(p1.section).toContain("Trang 1/2");
    expect(p1.section).toContain('href="/certificates?limit=2&amp;offset=2"');

    // In English the same list, the filters kept.
    const en = await get("/certificates?status=valid&lang=en", fresh);
    expect(en.status).toBe(200);
    expect(en.html).toContain("All certificates");
    expect(en.html).toContain('<option value="valid" selected="">Valid</option>');

    // A wrong filter is a 400 page, not a 500; another province's office sees none of these.
    expect((await get("/certificates?stars=9", fresh)).status).toBe(400);
    expect((await get("/certificates?status=nonsense", fresh)).status).toBe(400);
    const other = await reformEval(t);
    expect(listed((await get("/certificates", other.office)).html).count).toBe(0);
  }, 180_000);

  it("shows the decision form when a result awaits a decision", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 75);
    const html = (await get("/certificates", w.office)).html;
    expect(html).toContain('action="/certificates/decisions"');
    expect(html).toContain(`name="roundDossierIds" value="${r.rdId}"`);
    expect(html).toContain("Kết quả chờ công nhận (1)");
  }, 60_000);
});
