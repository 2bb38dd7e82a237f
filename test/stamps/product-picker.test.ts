import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { products } from "../../src/modules/products/schema.js";
import { resolvePick } from "../../src/web/picker.js";
import { certified } from "../certificates/support.js";
import { ok } from "../cycle/support.js";
import { createProduct, reformEval, type Person } from "../evaluation/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/* Issue 16, finding 4: the office names the product of a stamp batch by its code or name, never by an internal id. */

describe("resolvePick (the picker's rule)", () => {
  const list = [
    { id: 1, name: "Bưởi Phúc Trạch", code: "42-18547-001-2026", hint: "HTX Bưởi Phúc Trạch" },
    { id: 2, name: "Tinh dầu bưởi", code: "42-18547-002-2026", hint: "HTX Bưởi Phúc Trạch" },
    { id: 3, name: "Tinh dầu bưởi", code: "42-18550-001-2026", hint: "HTX Hương Khê" },
  ];
  const what = { field: "product", noun: { vi: "sản phẩm", en: "product" } };
  const messageOf = (typed: string) => {
    try {
      resolvePick(typed, list, what);
    } catch (err) {
      return (err as { status: number; extra: { errors: { path: string; vi: string }[] } }).extra.errors[0]!;
    }
    throw new Error("resolved");
  };

  it("takes a code, a picked suggestion, an exact name or the one name containing the words", () => {
    expect(resolvePick("42-18547-002-2026", list, what).id).toBe(2);
    expect(resolvePick(" 42-18550-001-2026 — Tinh dầu bưởi ", list, what).id).toBe(3);
    expect(resolvePick("bưởi phúc trạch", list, what).id).toBe(1);
    expect(resolvePick("Phúc Trạch", list.slice(0, 1), what).id).toBe(1);
  });
  it("names the candidates of an ambiguous entry and says what an unknown one lacks, on the field", () => {
    const ambiguous = messageOf("Tinh dầu bưởi");
    expect(ambiguous.path).toBe("product");
    expect(ambiguous.vi).toContain("Có 2 sản phẩm khớp");
    expect(ambiguous.vi).toContain("Tinh dầu bưởi (42-18547-002-2026)");
    expect(ambiguous.vi).toContain("Tinh dầu bưởi (42-18550-001-2026)");
    expect(messageOf("Kẹo lạc").vi).toContain('Không tìm thấy sản phẩm "Kẹo lạc"');
    expect(messageOf("  ").vi).toContain("Chọn sản phẩm");
  });
});

describe("the office's stamp issue form", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = async (p: Person, fields: Record<string, string>) => {
    const body = new URLSearchParams({ _csrf: p.headers["x-csrf-token"]!, ...fields }).toString();
    const res = await t.app.request("/stamps/issue", { method: "POST", headers: { cookie: p.headers.cookie!, "content-type": "application/x-www-form-urlencoded" }, body });
    return { status: res.status, html: await res.text(), location: res.headers.get("location") };
  };
  const productRow = async (id: number) => (await t.database.db.select().from(products).where(eq(products.id, id)))[0]!;

  it("resolves a code and a name, refuses an ambiguous and an unknown entry with a field error, and offers suggestions", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const certifiedProduct = await productRow(c.productId);
    // Two more products whose names share the certified one's first words ("Bánh đa vừng …").
    const other1 = await productRow(await createProduct(t, w.commune, w.producer.id, null));
    await createProduct(t, w.commune, w.producer.id, null);

    const form = await (await t.app.request("/stamps", { headers: { cookie: w.office.headers.cookie! } })).text();
    expect(form).not.toContain("(ID)");
    expect(form).not.toMatch(/name="productId"[^>]*type="number"/);
    expect(form).toContain('<input id="issue-product" name="product" type="text" list="issue-product-choices"');
    expect(form).toContain(`<option value="${certifiedProduct.code} — ${certifiedProduct.name}">`);
    expect(form).toContain(`<option value="${other1.code} — ${other1.name}">`);

    const key = () => `key-${Math.random().toString(36).slice(2, 12)}`;
    const byCode = await post(w.office, { product: certifiedProduct.code, quantity: "3", idempotencyKey: key() });
    expect(byCode.status).toBe(303);
    const byName = await post(w.office, { product: certifiedProduct.name, quantity: "4", idempotencyKey: key() });
    expect(byName.status).toBe(303);
    const picked = await post(w.office, { product: `${certifiedProduct.code} — ${certifiedProduct.name}`, quantity: "2", idempotencyKey: key() });
    expect(picked.status).toBe(303);
    const batches = await ok(w.office.api("GET", `/api/stamp-batches?productId=${c.productId}`));
    expect(batches.items.map((b: { quantity: number }) => b.quantity).sort()).toEqual([2, 3, 4]);

    const ambiguous = await post(w.office, { product: "Bánh đa vừng", quantity: "5", idempotencyKey: key() });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.html).toContain("Có 3 sản phẩm khớp với");
    expect(ambiguous.html).toContain(`${other1.name} (${other1.code})`);
    expect(ambiguous.html).toContain('id="product-error"');
    expect(ambiguous.html).toContain('value="Bánh đa vừng"');

    const unknown = await post(w.office, { product: "42-99999-999-2026", quantity: "", idempotencyKey: key() });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("Không tìm thấy sản phẩm &quot;42-99999-999-2026&quot;");
    // Both fields' messages at once.
    expect(unknown.html).toContain("Nhập số lượng tem");
    expect((await ok(w.office.api("GET", `/api/stamp-batches?productId=${c.productId}`))).items).toHaveLength(3);
  }, 120_000);
});
