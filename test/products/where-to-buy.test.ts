import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStampCode, newSerial } from "../../src/domain/stamp-code.js";
import { shopUrlProblem } from "../../src/domain/shop-links.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { retailStock } from "../../src/modules/retail/schema.js";
import { productionLots, stampBatches, stamps } from "../../src/modules/stamps/schema.js";
import { certified } from "../certificates/support.js";
import { ok } from "../cycle/support.js";
import { person, reformEval } from "../evaluation/support.js";
import { createProducer, createRetailPoint, createUnit, csrfFieldIn, formBody, formHeaders } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Where to buy (issue 18): the product's public page and the scan page list the registered points of sale whose
 * stock holds the product, and the producer's own shop links once the provincial office approved them.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** An activated stamp of the product: its scan path. */
async function stampPath(productId: number, certificateId: number) {
  const db = t.database.db;
  const now = t.clock.now();
  const [b] = await db.insert(stampBatches).values({ productId, certificateId, quantity: 1, state: "printed", issuedAt: now, printedAt: now, createdAt: now }).returning({ id: stampBatches.id });
  const [lot] = await db.insert(productionLots).values({ productId, lotNumber: `L-${newSerial().slice(0, 6)}`, producedOn: "2026-06-01", quantity: 10, createdAt: now }).returning({ id: productionLots.id });
  const serial = newSerial();
  await db.insert(stamps).values({ serial, batchId: b!.id, seq: 1, lotId: lot!.id, activatedAt: now });
  return `/s/${encodeStampCode(serial, t.deps.config.secrets.stampKey)}`;
}

const html = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers: { accept: "text/html", ...headers } });
  return { status: res.status, text: await res.text() };
};

describe("the shop-link rule", () => {
  it.each([
    ["javascript:alert(1)", "https://"],
    ["ftp://shop.example.vn/x", "https://"],
    ["https://192.168.1.10/shop", "IP"],
    ["https://[::1]/shop", "IP"],
    ["https://localhost:3000/", "IP"],
    ["https://intranet/shop", "IP"],
    ["https://admin:secret@shop.example.vn/", "mật khẩu"],
    ["not a url", "https://"],
  ])("refuses %s", (url, words) => {
    expect(shopUrlProblem(url)?.vi).toContain(words);
  });
  it.each(["https://shopee.vn/buoi-phuc-trach", "http://www.htxbuoiphuctrach.vn", "https://www.facebook.com/htx.buoi?ref=ocop"])("accepts %s", (url) => {
    expect(shopUrlProblem(url)).toBeNull();
  });
});

describe("where to buy", () => {
  it("lists stocking points of sale and approved shop links on /p and the scan page, after the office's decision", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const base = `/api/products/${c.productId}/shop-links`;

    // The producer proposes; bad addresses are refused with the rule's words, before anything is stored.
    const bad = await w.producerMember.api("POST", base, { kind: "website", url: "https://10.0.0.1/shop" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("tên miền công khai");
    expect((await w.producerMember.api("POST", base, { kind: "kiosk", url: "https://shopee.vn/x" })).status).toBe(400);
    let detail = await ok(w.producerMember.api("POST", base, { kind: "marketplace", url: "https://shopee.vn/buoi-phuc-trach", label: "Gian hàng Shopee" }), 201);
    expect(detail.shopLinks).toEqual([expect.objectContaining({ status: "pending", kind: "marketplace", url: "https://shopee.vn/buoi-phuc-trach", label: "Gian hàng Shopee" })]);
    expect(detail.canProposeLinks).toBe(true);
    expect(detail.canDecideLinks).toBe(false);
    // The same address again (normalised: the host's capitals do not make another link) is a conflict.
    expect((await w.producerMember.api("POST", base, { kind: "marketplace", url: "https://SHOPEE.vn/buoi-phuc-trach" })).status).toBe(409);

    // A second link through the page form (post-redirect-get).
    const csrf = csrfFieldIn(await (await t.app.request(`/products/${c.productId}`, { headers: { ...w.producerMember.headers, accept: "text/html" } })).text())!;
    const posted = await t.app.request(`/products/${c.productId}/shop-links`, { method: "POST", headers: formHeaders({ cookie: w.producerMember.headers.cookie! }), body: formBody({ _csrf: csrf, kind: "website", url: "https://htxbuoi.example.vn/", label: "" }) });
    expect(posted.status, await posted.clone().text()).toBe(303);
    expect(posted.headers.get("location")).toContain("done=link_proposed");

    // Others may not propose: another producer, the commune officer, an anonymous caller.
    const otherProducer = await person(t, ["producer_member", await createProducer(t.database.db, w.commune)]);
    expect([403, 404]).toContain((await otherProducer.api("POST", base, { kind: "website", url: "https://a.example.vn/" })).status);
    expect((await w.communeOfficer.api("POST", base, { kind: "website", url: "https://a.example.vn/" })).status).toBe(403);
    expect([401, 403]).toContain((await t.app.request(base, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ kind: "website", url: "https://a.example.vn/" }) })).status);

    // Nothing shows publicly while pending.
    let pub = await html(`/p/${c.productId}`);
    expect(pub.status).toBe(200);
    expect(pub.text).not.toContain("shopee.vn");
    expect(pub.text).not.toContain('id="where-to-buy"');

    // The office's list and home count hold both; another province's office sees neither.
    const pending = await ok(w.office.api("GET", "/api/products/shop-links?status=pending"));
    expect(pending.total).toBe(2);
    const [shopee, site] = [pending.items.find((l: { url: string }) => l.url.includes("shopee"))!, pending.items.find((l: { url: string }) => l.url.includes("htxbuoi"))!];
    const home = await html("/", { cookie: w.office.headers.cookie! });
    expect(home.text).toContain("/products/shop-links?status=pending");
    const stranger = await person(t, ["province_office", await createUnit(t.database.db, { level: "province" })]);
    expect((await ok(stranger.api("GET", "/api/products/shop-links"))).total).toBe(0);
    expect((await w.producerMember.api("GET", "/api/products/shop-links")).status).toBe(403);

    // A rejection needs its reason; the producer may not decide.
    expect((await w.office.api("POST", `${base}/${site.id}/decision`, { decision: "reject" })).status).toBe(400);
    expect((await w.producerMember.api("POST", `${base}/${shopee.id}/decision`, { decision: "approve" })).status).toBe(403);
    await ok(w.office.api("POST", `${base}/${site.id}/decision`, { decision: "reject", reason: "Trang chưa hoạt động" }));
    detail = await ok(w.office.api("POST", `${base}/${shopee.id}/decision`, { decision: "approve" }));
    expect(detail.shopLinks.find((l: { id: number }) => l.id === site.id)).toMatchObject({ status: "rejected", reason: "Trang chưa hoạt động" });
    expect((await w.office.api("POST", `${base}/${shopee.id}/decision`, { decision: "reject", reason: "đổi ý" })).status).toBe(409);

    // Two registered points of sale stock it, a third stocks something else.
    const shop = await createRetailPoint(t.database.db, w.commune, { name: "Cửa hàng OCOP Hương Khê" });
    const showroom = await createRetailPoint(t.database.db, w.commune, { name: "Điểm giới thiệu OCOP tỉnh" });
    const elsewhere = await createRetailPoint(t.database.db, w.commune, { name: "Quầy không bán bưởi" });
    const d = await certified(t, w);
    const now = t.clock.now();
    await t.database.db.insert(retailStock).values([
      { retailPointId: shop.id, productId: c.productId, addedAt: now },
      { retailPointId: showroom.id, productId: c.productId, addedAt: now },
      { retailPointId: elsewhere.id, productId: d.productId, addedAt: now },
    ]);

    pub = await html(`/p/${c.productId}`);
    expect(pub.text).toContain('id="where-to-buy"');
    expect(pub.text).toContain("Gian hàng Shopee");
    expect(pub.text).toContain('href="https://shopee.vn/buoi-phuc-trach"');
    expect(pub.text).not.toContain("htxbuoi.example.vn");
    expect(pub.text).toContain("Cửa hàng OCOP Hương Khê");
    expect(pub.text).toContain("Điểm giới thiệu OCOP tỉnh");
    expect(pub.text).toContain(`Chợ ${w.commune.name}`);
    expect(pub.text).not.toContain("Quầy không bán bưởi");
    expect(pub.text).toContain('rel="nofollow noopener noreferrer external"');
    const en = await html(`/p/${c.productId}?lang=en`);
    expect(en.text).toContain("Where to buy");

    // The scan page and its JSON carry the same.
    const path = await stampPath(c.productId, c.certificateId);
    const scan = await html(path);
    expect(scan.status).toBe(200);
    expect(scan.text).toContain("Nơi mua");
    expect(scan.text).toContain("Cửa hàng OCOP Hương Khê");
    expect(scan.text).toContain("Gian hàng Shopee");
    const json = await (await t.app.request(path, { headers: { accept: "application/json" } })).json();
    expect(json.whereToBuy.pointsTotal).toBe(2);
    expect(json.whereToBuy.links).toEqual([{ kind: "marketplace", url: "https://shopee.vn/buoi-phuc-trach", label: "Gian hàng Shopee" }]);

    // The producer withdraws the link: gone from /p at once and from the scan page once its facts refresh.
    await ok(w.producerMember.api("DELETE", `${base}/${shopee.id}`));
    expect((await html(`/p/${c.productId}`)).text).not.toContain("shopee.vn");
    t.clock.advance(31_000);
    expect((await html(path)).text).not.toContain("shopee.vn");
    expect((await w.producerMember.api("DELETE", `${base}/${shopee.id}`)).status).toBe(404);

    // Every step left its audit record.
    const actions = (await t.database.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.subjectType, "product"), eq(auditLog.subjectId, String(c.productId))))).map((r) => r.action);
    expect(actions.filter((a) => a.startsWith("product.shop_link_")).sort()).toEqual(["product.shop_link_decide", "product.shop_link_decide", "product.shop_link_propose", "product.shop_link_propose", "product.shop_link_withdraw"]);
  });

  it("shows the first points of sale and the count of the rest when many stock the product", async () => {
    const w = await reformEval(t);
    const c = await certified(t, w);
    const now = t.clock.now();
    for (let i = 0; i < 15; i++) {
      const p = await createRetailPoint(t.database.db, w.commune, { name: `Điểm bán số ${String(i).padStart(2, "0")}` });
      await t.database.db.insert(retailStock).values({ retailPointId: p.id, productId: c.productId, addedAt: now });
    }
    const pub = await html(`/p/${c.productId}`);
    expect(pub.text).toContain("Điểm bán số 00");
    expect(pub.text).toContain("Điểm bán số 11");
    expect(pub.text).not.toContain("Điểm bán số 12");
    expect(pub.text).toContain("và 3 điểm bán khác");
  });
});
