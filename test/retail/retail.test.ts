import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStampCode, formatStampCodeForPrint, newSerial } from "../../src/domain/stamp-code.js";
import { productionLots, stampBatches, stamps, stampScans } from "../../src/modules/stamps/schema.js";
import { EXPIRES_ON, certified, daysBefore, freshPeople, inspectionProposingRevocation } from "../certificates/support.js";
import { apiAs, ok } from "../cycle/support.js";
import { person, reformEval } from "../evaluation/support.js";
import { createRetailPoint, createUnit, csrfFieldIn, formBody, formHeaders, grant, signedInUser, type TestRetailPoint } from "../support/fixtures.js";
import { stampRuntime } from "../../src/modules/stamps/runtime/stamp-runtime.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Retail points (Decision 950/QĐ-BCT): the office registers them, operators verify stamps (no scan recorded)
 * and keep their stock, which warns when a product's certificate is revoked, suspended, expired or expiring.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const KEY = "k".repeat(43);

/** An issued stamp of the product, activated on a lot unless told otherwise; its printed code. */
async function stampOf(productId: number, certificateId: number | null, opts: { activated?: boolean } = {}) {
  const db = t.database.db;
  const now = t.clock.now();
  const [b] = await db.insert(stampBatches).values({ productId, certificateId, quantity: 1, state: "printed", issuedAt: now, printedAt: now, createdAt: now }).returning({ id: stampBatches.id });
  let lotId: number | null = null;
  if (opts.activated !== false) {
    const [lot] = await db.insert(productionLots).values({ productId, lotNumber: `L-${newSerial().slice(0, 6)}`, producedOn: "2026-06-01", quantity: 100, createdAt: now }).returning({ id: productionLots.id });
    lotId = lot!.id;
  }
  const serial = newSerial();
  const [s] = await db.insert(stamps).values({ serial, batchId: b!.id, seq: 1, lotId, activatedAt: lotId ? now : null }).returning({ id: stamps.id });
  return { id: s!.id, batchId: b!.id, code: encodeStampCode(serial, KEY) };
}

async function operatorOf(point: TestRetailPoint) {
  const { session } = await signedInUser(t.app, t.database.db, [grant("retail_operator", point)]);
  return { api: apiAs(t, session), session };
}

const page = async (path: string, session: { cookie: string }) => {
  const res = await t.app.request(path, { headers: { cookie: session.cookie, accept: "text/html" } });
  return { status: res.status, text: await res.text(), location: res.headers.get("location") };
};

describe("registering retail points", () => {
  it("validates the form, takes a commune of the office's province only, and lists the point", async () => {
    const w = await reformEval(t);
    const good = { name: "Điểm giới thiệu sản phẩm OCOP Hà Tĩnh", communeId: w.commune.id, address: "Số 1 Phan Đình Phùng", kind: "showroom", latitude: 18.34, longitude: 105.9 };

    const empty = await w.office.api("POST", "/api/retail", { ...good, name: "  ", latitude: 95 });
    expect(empty.status).toBe(400);
    const paths = empty.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "latitude"]));
    expect(JSON.stringify(empty.body)).toContain("Vĩ độ từ -90 đến 90");
    const half = await w.office.api("POST", "/api/retail", { ...good, longitude: undefined });
    expect(half.status).toBe(400);
    expect(half.body.errors[0].path).toBe("longitude");
    expect((await w.office.api("POST", "/api/retail", { ...good, kind: "kiosk" })).status).toBe(400);
    // The province itself is not a commune.
    const notCommune = await w.office.api("POST", "/api/retail", { ...good, communeId: w.province.id });
    expect(notCommune.status).toBe(400);
    expect(notCommune.body.errors[0].path).toBe("communeId");

    // Not the office of this province; not an office at all.
    const other = await createUnit(t.database.db, { level: "province" });
    const otherOffice = await person(t, ["province_office", other]);
    expect((await otherOffice.api("POST", "/api/retail", good)).status).toBe(403);
    expect((await w.producerMember.api("POST", "/api/retail", good)).status).toBe(403);

    const point = await ok(w.office.api("POST", "/api/retail", good), 201);
    expect(point).toMatchObject({ name: good.name, communeId: w.commune.id, kind: "showroom", latitude: 18.34, longitude: 105.9, communeName: w.commune.name });
    const list = await ok(w.office.api("GET", "/api/retail"));
    expect(list.items.map((p: { id: number }) => p.id)).toContain(point.id);
    expect((await ok(otherOffice.api("GET", "/api/retail"))).items.map((p: { id: number }) => p.id)).not.toContain(point.id);
    // Another province's point is answered as if it did not exist (no enumeration of ids; test/hardening/retail-enumeration).
    expect((await otherOffice.api("GET", `/api/retail/${point.id}`)).status).toBe(404);
    expect((await w.office.api("GET", "/api/retail/999999")).status).toBe(404);
    expect((await ok(w.office.api("GET", `/api/retail/${point.id}`))).canManage).toBe(true);

    // The page form: errors come back in place (400), success redirects (303).
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", w.province)]);
    const form = await page("/retail", session);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Đăng ký điểm bán mới");
    const csrf = csrfFieldIn(form.text)!;
    const bad = await t.app.request("/retail", { method: "POST", headers: formHeaders(session), body: formBody({ _csrf: csrf, name: "Cửa hàng A", communeId: w.commune.id, address: "Chợ Hà Tĩnh", kind: "shop", latitude: "200", longitude: "105" }) });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("Vĩ độ từ -90 đến 90");
    expect(badHtml).toContain('value="Cửa hàng A"');
    const done = await t.app.request("/retail", { method: "POST", headers: formHeaders(session), body: formBody({ _csrf: csrf, name: "Cửa hàng A", communeId: w.commune.id, address: "Chợ Hà Tĩnh", kind: "shop", latitude: "", longitude: "" }) });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/retail\/\d+\?done=registered$/);
    expect((await ok(w.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});

describe("verifying a stamp at the point of sale", () => {
  it("shows the verdict, product, stars and certificate for a good code, 'unknown' for a bad one, and records no scan", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const stamp = await stampOf(a.productId, a.certificateId);
    const point = await createRetailPoint(t.database.db, w.commune);
    const op = await operatorOf(point);

    // Typed in lower case with hyphens.
    const typed = formatStampCodeForPrint(stamp.code).toLowerCase();
    const good = await ok(op.api("GET", `/api/retail/verify?code=${encodeURIComponent(typed)}`));
    expect(good).toMatchObject({ verdict: "genuine_first", code: stamp.code, recorded: false, product: { id: a.productId }, certificate: { id: a.certificateId, status: "valid" } });
    expect([3, 4]).toContain(good.stars);

    const bad = await ok(op.api("GET", "/api/retail/verify?code=ABCD-1234"));
    expect(bad).toMatchObject({ verdict: "unknown", product: null, certificate: null });
    expect(bad.advice.vi).toContain("không phải mã tem OCOP");
    // A well-formed code the key did not make.
    const forged = await ok(op.api("GET", `/api/retail/verify?code=${encodeStampCode(newSerial(), "z".repeat(43))}`));
    expect(forged.verdict).toBe("unknown");

    const html = await page(`/retail/verify?code=${encodeURIComponent(typed)}`, op.session);
    expect(html.status).toBe(200);
    expect(html.text).toContain('data-verdict="genuine_first"');
    expect(html.text).toContain("Tem chính hãng");
    expect(html.text).toContain("Còn hiệu lực");
    const badHtml = await page("/retail/verify?code=xyz", op.session);
    expect(badHtml.status).toBe(200);
    expect(badHtml.text).toContain("Không tìm thấy mã tem");
    expect((await page("/retail/verify", op.session)).status).toBe(200);

    // Nothing was recorded: no scan row (a stamp's counts are its rows).
    await stampRuntime(t.deps).recorder.flush();
    expect(await t.database.db.select().from(stampScans).where(eq(stampScans.stampId, stamp.id))).toHaveLength(0);

    // Signed-out visitors and producers do not use the retail check.
    expect((await t.app.request(`/api/retail/verify?code=${stamp.code}`)).status).toBe(401);
    expect((await w.producerMember.api("GET", `/api/retail/verify?code=${stamp.code}`)).status).toBe(403);
  });
});

describe("stock", () => {
  it("lists each product with its certificate today and warns after a revocation (and, more mildly, before expiry)", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const b = await certified(t, w);
    const point = await createRetailPoint(t.database.db, w.commune);
    let op = await operatorOf(point);
    const base = `/api/retail/${point.id}/stock`;

    expect((await ok(op.api("POST", base, { productId: a.productId }), 201)).items).toHaveLength(1);
    expect((await ok(op.api("POST", base, { productId: a.productId }), 200)).items).toHaveLength(1);
    await ok(op.api("POST", base, { productId: b.productId }), 201);
    expect((await op.api("POST", base, { productId: 999999 })).status).toBe(400);
    let stock = await ok(op.api("GET", base));
    expect(stock.items).toHaveLength(2);
    for (const i of stock.items) expect(i).toMatchObject({ certificate: { status: "valid" }, warning: null });

    // Another point's operator and another province's office may not touch it.
    const otherPoint = await createRetailPoint(t.database.db, w.commune);
    const stranger = await operatorOf(otherPoint);
    expect((await stranger.api("GET", base)).status).toBe(404);
    expect((await stranger.api("POST", base, { productId: a.productId })).status).toBe(404);
    expect((await w.producerMember.api("GET", base)).status).toBe(403);
    expect((await op.api("GET", "/api/retail/999999/stock")).status).toBe(404);

    // The office revokes product a's certificate.
    t.clock.set("2027-01-11T03:00:00Z");
    const p = await freshPeople(t, w);
    // Revocation on ground c rests on an inspection proposing it (Art. 8.1, issue 12).
    await inspectionProposingRevocation(t, w, a.certificateId, "2027-01-11");
    await ok(p.office.api("POST", `/api/certificates/${a.certificateId}/revocation`, { ground: "law_violation", effectiveOn: "2027-01-11", decisionNumber: "56/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Vi phạm ghi nhãn hàng hóa" }), 201);
    op = await operatorOf(point);
    stock = await ok(op.api("GET", base));
    const byId = (id: number) => stock.items.find((i: { productId: number }) => i.productId === id);
    expect(byId(a.productId)).toMatchObject({ certificate: { status: "revoked" }, warning: { level: "stop" } });
    expect(byId(a.productId).warning.vi).toContain("thu hồi");
    expect(byId(b.productId).warning).toBeNull();

    // The page puts the warnings first.
    const html = await page(`/retail/${point.id}`, op.session);
    expect(html.status).toBe(200);
    const warnAt = html.text.indexOf('id="stock-warnings"');
    expect(warnAt).toBeGreaterThan(0);
    expect(warnAt).toBeLessThan(html.text.indexOf("<table"));
    expect(html.text).toContain("Giấy chứng nhận OCOP đã bị thu hồi");

    // 100 days before expiry product b's certificate is expiring: a notice, not a stop.
    t.clock.set(daysBefore(EXPIRES_ON, 100));
    op = await operatorOf(point);
    stock = await ok(op.api("GET", base));
    expect(byId(b.productId)).toMatchObject({ certificate: { status: "expiring" }, warning: { level: "notice" } });

    // Removing from the page form and the API.
    const csrf = csrfFieldIn((await page(`/retail/${point.id}`, op.session)).text)!;
    const removed = await t.app.request(`/retail/${point.id}/stock/${b.productId}/remove`, { method: "POST", headers: formHeaders(op.session), body: formBody({ _csrf: csrf }) });
    expect(removed.status).toBe(303);
    expect((await ok(op.api("DELETE", `${base}/${a.productId}`))).items).toHaveLength(0);
    expect((await op.api("DELETE", `${base}/${a.productId}`)).status).toBe(404);
    const office = await person(t, ["province_office", w.province]);
    expect((await ok(office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});
