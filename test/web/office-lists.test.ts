import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "../../src/modules/products/schema.js";
import { fakeReports } from "../../src/modules/stamps/schema.js";
import { certified } from "../certificates/support.js";
import { ok } from "../cycle/support.js";
import { createProduct, person, reformEval, type Person } from "../evaluation/support.js";
import { createProducer, createUnit } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Issue 16, finding 3: the office's other lists (products, producers, stamp batches, fake reports) have a
 * search, filters and a count, and every count is the number of rows the page lists.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const html = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: p.headers.cookie! } });
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.text();
};
const countOf = (page: string) => Number(/<p class="count" role="status"><strong>([\d.]+)<\/strong>/.exec(page)![1]!.replace(/\./g, ""));
const rowsOf = (page: string, href: RegExp) => [...new Set([...page.slice(page.indexOf("<main")).matchAll(href)].map((m) => Number(m[1])))];

describe("the office's lists", () => {
  it("search and filter products, producers, stamp batches and fake reports, with counts that match the rows", async () => {
    const w = await reformEval(t);
    const db = t.database.db;
    const commune2 = await createUnit(db, { level: "commune", parent: w.province, name: "Xã Kỳ Lạc Thử" });
    const producer2 = await createProducer(db, commune2, { name: "Hộ kinh doanh Mật ong Kỳ Lạc" });
    const c = await certified(t, w, 80);
    const p2 = await createProduct(t, commune2, producer2.id, null);
    const p3 = await createProduct(t, w.commune, w.producer.id, null);
    const office = await person(t, ["province_office", w.province]);
    const [cp] = await db.select().from(products).where(eq(products.id, c.productId));

    // Products: all three, by code, by commune.
    const productRows = (page: string) => rowsOf(page, /href="\/products\/(\d+)"/g);
    const all = await html("/products", office);
    expect(productRows(all).sort()).toEqual([c.productId, p2, p3].sort());
    expect(countOf(all)).toBe(3);
    const byCode = await html(`/products?q=${encodeURIComponent(cp!.code)}`, office);
    expect([productRows(byCode), countOf(byCode)]).toEqual([[c.productId], 1]);
    const byCommune = await html(`/products?communeId=${commune2.id}`, office);
    expect([productRows(byCommune), countOf(byCommune)]).toEqual([[p2], 1]);
    expect(byCommune).toContain(`<option value="${commune2.id}" selected="">Xã Kỳ Lạc Thử</option>`);

    // Producers: by commune and by words of the name.
    const producerRows = (page: string) => rowsOf(page, /href="\/producers\/(\d+)"/g);
    const prAll = await html("/producers", office);
    expect(producerRows(prAll).sort()).toEqual([w.producer.id, producer2.id].sort());
    expect(countOf(prAll)).toBe(2);
    const prByName = await html(`/producers?q=${encodeURIComponent("Mật ong")}`, office);
    expect([producerRows(prByName), countOf(prByName)]).toEqual([[producer2.id], 1]);
    const prByCommune = await html(`/producers?communeId=${w.commune.id}`, office);
    expect([producerRows(prByCommune), countOf(prByCommune)]).toEqual([[w.producer.id], 1]);

    // Stamp batches: two issued and one requested; by state, by the product's code, with state badges.
    const b1 = await ok(office.api("POST", "/api/stamp-batches", { productId: c.productId, quantity: 3 }), 201);
    const b2 = await ok(office.api("POST", "/api/stamp-batches", { productId: c.productId, quantity: 4 }), 201);
    const b3 = await ok(w.producerMember.api("POST", "/api/stamp-batches/requests", { productId: c.productId, quantity: 5 }), 201);
    const batchRows = (page: string) => rowsOf(page, /href="\/stamps\/(\d+)"/g);
    const bAll = await html("/stamps", office);
    const expected = [b1.id, b2.id, b3.id];
    expect(batchRows(bAll).sort()).toEqual(expected.sort());
    expect(countOf(bAll)).toBe(expected.length);
    expect(bAll).toContain('<span class="badge badge-info">Đã phát hành</span>');
    const issued = await html("/stamps?state=issued", office);
    expect([batchRows(issued).sort(), countOf(issued)]).toEqual([[b1.id, b2.id].sort(), 2]);
    const byProductCode = await html(`/stamps?q=${encodeURIComponent(cp!.code)}`, office);
    expect(countOf(byProductCode)).toBe(expected.length);
    const none = await html(`/stamps?q=${encodeURIComponent("không có sản phẩm này")}`, office);
    expect([batchRows(none), countOf(none)]).toEqual([[], 0]);
    expect(none).toContain("Không có lô tem nào khớp.");

    // Fake reports: by case number, by place, by state.
    const now = t.clock.now();
    const [r1, r2] = await db
      .insert(fakeReports)
      .values([
        { code: "MA-LA-1", productId: c.productId, what: "Tem mờ", place: "Chợ Hà Tĩnh", state: "new", createdAt: now, updatedAt: now },
        { code: "MA-LA-2", productId: c.productId, what: "Tem bong", place: "Siêu thị Kỳ Anh", state: "investigating", createdAt: now, updatedAt: now },
      ])
      .returning({ id: fakeReports.id });
    const caseRows = (page: string) => rowsOf(page, /id="case-(\d+)"/g);
    const rAll = await html("/reports/fakes", office);
    expect([caseRows(rAll).sort(), countOf(rAll)]).toEqual([[r1!.id, r2!.id].sort(), 2]);
    const byCase = await html(`/reports/fakes?q=BCG-${String(r2!.id).padStart(6, "0")}`, office);
    expect([caseRows(byCase), countOf(byCase)]).toEqual([[r2!.id], 1]);
    const byPlace = await html(`/reports/fakes?q=${encodeURIComponent("Chợ Hà")}`, office);
    expect([caseRows(byPlace), countOf(byPlace)]).toEqual([[r1!.id], 1]);
    const byState = await html("/reports/fakes?state=investigating", office);
    expect([caseRows(byState), countOf(byState)]).toEqual([[r2!.id], 1]);
  }, 120_000);
});
