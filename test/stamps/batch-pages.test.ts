import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certified } from "../certificates/support.js";
import { ok } from "../cycle/support.js";
import { reformEval, type Person } from "../evaluation/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { eq, sql } from "drizzle-orm";
import { products } from "../../src/modules/products/schema.js";
import { stampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { codesOf, issuedBatch, lot, scan } from "./support.js";

/* Stamp batches from the pages: request, approve, reject, issue (once), activate, void. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: p.headers.cookie! } });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const post = async (path: string, p: Person, fields: Record<string, string> = {}) => {
  const body = new URLSearchParams({ _csrf: p.headers["x-csrf-token"]!, ...fields }).toString();
  const res = await t.app.request(path, { method: "POST", headers: { cookie: p.headers.cookie!, "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const idFrom = (location: string | null) => Number(/^\/stamps\/(\d+)\?done=/.exec(location ?? "")?.[1]);
const batchOf = (p: Person, id: number) => ok(p.api("GET", `/api/stamp-batches/${id}`));

describe("stamp batch pages", () => {
  it("let the producer request a batch that the office approves or rejects", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);

    const list = await get("/stamps", w.producerMember);
    expect(list.status).toBe(200);
    expect(list.html).toContain("Đề nghị cấp tem");
    expect(list.html).toContain(`value="${c.productId}"`);
    expect(list.html).not.toContain('action="/stamps/issue"');

    const bad = await post("/stamps/requests", w.producerMember, { productId: String(c.productId), quantity: "", note: "Cho lô Tết" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Nhập số lượng tem");
    expect(bad.html).toContain('value="Cho lô Tết"');
    expect((await post("/stamps/requests", w.producerMember, { productId: String(c.productId), quantity: "0" })).html).toContain("Ít nhất 1 tem");

    const sent = await post("/stamps/requests", w.producerMember, { productId: String(c.productId), quantity: "5", note: "Cho lô Tết" });
    expect(sent.status).toBe(303);
    const id = idFrom(sent.location);
    expect(sent.location).toBe(`/stamps/${id}?done=requested`);
    expect((await batchOf(w.producerMember, id)).state).toBe("requested");
    const mine = await get(sent.location!, w.producerMember);
    expect(mine.html).toContain("Đã gửi đề nghị cấp tem");
    expect(mine.html).not.toContain(`/stamps/${id}/approve`);

    // Only the office approves; the producer is told there is no such batch.
    expect((await post(`/stamps/${id}/approve`, w.producerMember)).status).toBe(404);
    const office = await get("/stamps", w.office);
    expect(office.html).toContain("Phát hành tem");
    expect(office.html).toContain(`href="/stamps/${id}"`);
    expect(office.html).toContain("Chờ duyệt");
    expect((await get(`/stamps/${id}`, w.office)).html).toContain(`action="/stamps/${id}/approve"`);
    const approved = await post(`/stamps/${id}/approve`, w.office);
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`/stamps/${id}?done=approved`);
    expect((await batchOf(w.office, id)).state).toBe("issued");
    expect(await codesOf(t, id)).toHaveLength(5);
    const shown = await get(`/stamps/${id}`, w.office);
    expect(shown.html).toContain(`/api/stamp-batches/${id}/sheet.pdf`);
    expect(shown.html).toContain("layout=roll");

    const other = idFrom((await post("/stamps/requests", w.producerMember, { productId: String(c.productId), quantity: "3" })).location);
    const noReason = await post(`/stamps/${other}/reject`, w.office, { rejectReason: " " });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("Nhập lý do");
    const rejected = await post(`/stamps/${other}/reject`, w.office, { rejectReason: "Trùng yêu cầu" });
    expect(rejected.status).toBe(303);
    expect((await batchOf(w.office, other)).state).toBe("rejected");
    expect((await get(`/stamps/${other}`, w.producerMember)).html).toContain("Trùng yêu cầu");
    // Approving a rejected batch is refused in the page.
    expect((await post(`/stamps/${other}/approve`, w.office)).status).toBe(409);

    // Neither the list nor the batch is the commune officer's.
    expect((await get("/stamps", w.communeOfficer)).status).toBe(403);
    expect((await get(`/stamps/${id}`, w.communeOfficer)).status).toBe(404);
  });

  it("issues once when the same issue form is posted twice", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const form = await get("/stamps", w.office);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.html)?.[1];
    expect(key).toBeTruthy();
    // A fresh form has a fresh key.
    expect((await get("/stamps", w.office)).html).not.toContain(key!);

    const [product] = await t.database.db.select({ code: products.code }).from(products).where(eq(products.id, c.productId));
    // The product is named by its code, as every page prints it (issue 16: no internal id to type).
    const fields = { product: product!.code, quantity: "7", idempotencyKey: key! };
    const bad = await post("/stamps/issue", w.office, { ...fields, quantity: "abc" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Nhập số lượng tem");
    expect(bad.html).toContain(`value="${key}"`);

    const first = await post("/stamps/issue", w.office, fields);
    const second = await post("/stamps/issue", w.office, fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
    const batches = await ok(w.office.api("GET", `/api/stamp-batches?productId=${c.productId}`));
    expect(batches.items).toHaveLength(1);
    expect(batches.items[0]).toMatchObject({ state: "issued", quantity: 7 });
    expect(await codesOf(t, batches.items[0].id)).toHaveLength(7);

    expect((await post("/stamps/issue", w.producerMember, { ...fields, idempotencyKey: "another-key-1" })).status).toBe(403);
  });

  it("activate and void stamps, changing the batch's counts", async () => {
    const { w, batch } = await issuedBatch(t, 10);
    const at = `/stamps/${batch.id}`;
    const page = await get(at, w.producerMember);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`action="${at}/activate"`);
    expect(page.html).toContain(`action="${at}/void"`);

    const fields = { fromSeq: "1", toSeq: "4", lotNumber: lot.lotNumber, producedOn: lot.producedOn, expiresOn: lot.expiresOn, lotQuantity: String(lot.quantity) };
    const half = await post(`${at}/activate`, w.producerMember, { ...fields, toSeq: "" });
    expect(half.status).toBe(400);
    expect(half.html).toContain("Nhập cả số đầu và số cuối");
    const expiry = await post(`${at}/activate`, w.producerMember, { ...fields, expiresOn: "2026-01-01" });
    expect(expiry.status).toBe(400);
    expect(expiry.html).toContain("Hạn sử dụng phải sau ngày sản xuất");
    expect(expiry.html).toContain(`value="${lot.lotNumber}"`);
    expect((await post(`${at}/activate`, w.producerMember, { ...fields, toSeq: "20" })).html).toContain("Lô tem có 10 tem");

    const activated = await post(`${at}/activate`, w.producerMember, fields);
    expect(activated.status).toBe(303);
    expect(activated.location).toBe(`${at}?done=activated`);
    expect((await batchOf(w.producerMember, batch.id)).counts).toMatchObject({ activated: 4, voided: 0 });
    // The whole batch: the rest of it.
    expect((await post(`${at}/activate`, w.office, { ...fields, fromSeq: "", toSeq: "" })).status).toBe(303);
    expect((await batchOf(w.office, batch.id)).counts.activated).toBe(10);

    const noReason = await post(`${at}/void`, w.office, { voidFromSeq: "9", voidToSeq: "10", voidReason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.html).toContain("Nhập lý do");
    const voided = await post(`${at}/void`, w.office, { voidFromSeq: "9", voidToSeq: "10", voidReason: "Mất cuộn tem" });
    expect(voided.status).toBe(303);
    expect((await batchOf(w.office, batch.id)).counts).toMatchObject({ activated: 10, voided: 2 });
    const shown = await get(`${at}?done=voided`, w.office);
    expect(shown.html).toContain("Đã hủy tem.");

    // Another province's office and producer see no such batch.
    const other = await reformEval(t);
    expect((await get(at, other.office)).status).toBe(404);
    expect((await get(at, other.producerMember)).status).toBe(404);
    expect((await post(`${at}/void`, other.office, { voidReason: "x" })).status).toBe(404);
    expect((await post(`${at}/activate`, other.producerMember, fields)).status).toBe(404);
    expect((await batchOf(w.office, batch.id)).counts.voided).toBe(2);
  });

  it("counts the stamps that were scanned, as the rows say (issue 16: it showed the whole batch)", async () => {
    const { w, batch, codes } = await issuedBatch(t, 12);
    await ok(w.producerMember.api("POST", "/api/stamps/activate", { batchId: batch.id, lot: { ...lot, lotNumber: "L-count" } }));
    // Three stamps at the end of the batch scanned, one of them twice: stamp ids and scan ids do not coincide.
    for (const code of [codes[9]!, codes[10]!, codes[11]!, codes[11]!]) expect((await scan(t, code)).status).toBe(200);
    await stampRuntime(t.deps).recorder.flush();
    const rows = await t.database.db.execute(sql`select count(distinct x.stamp_id)::int as n from stamp_scans x join stamps s on s.id = x.stamp_id where s.batch_id = ${batch.id}`);
    const [{ n }] = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as [{ n: number }];
    expect(Number(n)).toBe(3);
    expect((await batchOf(w.office, batch.id)).counts.scanned).toBe(3);
    const page = await get(`/stamps/${batch.id}`, w.office);
    expect(page.html).toMatch(/Đã được quét<\/th>\s*<td>3<\/td>/);
  });
});
