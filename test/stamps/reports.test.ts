import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeStampCode, formatStampCodeForPrint, newSerial } from "../../src/domain/stamp-code.js";
import { storedFiles } from "../../src/modules/files/schema.js";
import { fakeReports, stampBatches, stamps } from "../../src/modules/stamps/schema.js";
import { certified } from "../certificates/support.js";
import { ok } from "../cycle/support.js";
import { person, reformEval } from "../evaluation/support.js";
import { cookieFrom, createUnit, csrfFieldIn, formBody, formHeaders, grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";

/*
 * Reports of suspected fakes: filed by anyone from /s/{code}/report (CSRF-checked, with or without a photo,
 * for a real or an unknown code), and handled as cases by the provincial office of the product's province.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const KEY = "k".repeat(43);

async function stampOf(productId: number, certificateId: number) {
  const db = t.database.db;
  const now = t.clock.now();
  const [b] = await db.insert(stampBatches).values({ productId, certificateId, quantity: 1, state: "printed", issuedAt: now, createdAt: now }).returning({ id: stampBatches.id });
  const serial = newSerial();
  const [s] = await db.insert(stamps).values({ serial, batchId: b!.id, seq: 1, activatedAt: now }).returning({ id: stamps.id });
  return { id: s!.id, batchId: b!.id, code: encodeStampCode(serial, KEY) };
}

/** What an anonymous browser holds after opening the report form: its CSRF cookie and the form's token. */
async function openForm(code: string) {
  const res = await t.app.request(`/s/${encodeURIComponent(code)}/report`, { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const cookie = cookieFrom(res, "ocop_csrf")!;
  const csrfToken = csrfFieldIn(html)!;
  expect(cookie).toBeTruthy();
  expect(csrfToken).toBeTruthy();
  return { html, cookie, csrfToken };
}

const caseIdOf = (location: string | null) => Number(/case=BCG-(\d+)/.exec(location ?? "")?.[1]);

describe("filing a report", () => {
  it("files a report for an issued stamp, with and without a photo, and for an unknown code", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const stamp = await stampOf(a.productId, a.certificateId);
    const printed = formatStampCodeForPrint(stamp.code);

    const form = await openForm(printed);
    expect(form.html).toContain("Điều gì đã xảy ra?");
    expect(form.html).toContain('enctype="multipart/form-data"');

    // No token: refused. Missing "what": the form again with the message and the values kept.
    const noToken = await t.app.request(`/s/${printed}/report`, { method: "POST", headers: formHeaders(form), body: formBody({ what: "x" }) });
    expect(noToken.status).toBe(403);
    const missing = await t.app.request(`/s/${printed}/report`, { method: "POST", headers: formHeaders(form), body: formBody({ what: "  ", place: "Chợ Vinh" }, form) });
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain("Hãy kể điều đã xảy ra");
    expect(missingHtml).toContain('value="Chợ Vinh"');

    // Urlencoded, no photo.
    const sent = await t.app.request(`/s/${printed}/report`, { method: "POST", headers: formHeaders(form), body: formBody({ what: "Tem bị bong, chữ in mờ", place: "Chợ Vinh", contact: "0912 345 678" }, form) });
    expect(sent.status).toBe(303);
    const id1 = caseIdOf(sent.headers.get("location"));
    expect(id1).toBeGreaterThan(0);
    const thanks = await t.app.request(sent.headers.get("location")!, { headers: { accept: "text/html", cookie: form.cookie } });
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain(`BCG-${String(id1).padStart(6, "0")}`);
    const [r1] = await t.database.db.select().from(fakeReports).where(eq(fakeReports.id, id1));
    expect(r1).toMatchObject({ code: stamp.code, stampId: stamp.id, productId: a.productId, what: "Tem bị bong, chữ in mờ", place: "Chợ Vinh", contact: "0912 345 678", state: "new", photoFileId: null });

    // Multipart with a PNG photo: stored re-encoded as WebP.
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#cc3333" } }).png().toBuffer();
    const fd = new FormData();
    fd.set("_csrf", form.csrfToken);
    fd.set("what", "Hộp giả, tem quét ra sản phẩm khác");
    fd.set("photo", new File([new Uint8Array(png)], "anh.png", { type: "image/png" }));
    const withPhoto = await t.app.request(`/s/${stamp.code.toLowerCase()}/report`, { method: "POST", headers: { cookie: form.cookie }, body: fd });
    expect(withPhoto.status).toBe(303);
    const id2 = caseIdOf(withPhoto.headers.get("location"));
    const [r2] = await t.database.db.select().from(fakeReports).where(eq(fakeReports.id, id2));
    expect(r2).toMatchObject({ stampId: stamp.id, productId: a.productId, contact: null, place: null });
    const [file] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, r2!.photoFileId!));
    expect(file!.contentType).toBe("image/webp");
    expect(file!.createdBy).toBeNull();

    // Not an image: the form again, naming the photo field.
    const notImage = new FormData();
    notImage.set("_csrf", form.csrfToken);
    notImage.set("what", "Ảnh lỗi");
    notImage.set("photo", new File([new TextEncoder().encode("<script>alert(1)</script>")], "anh.jpg", { type: "image/jpeg" }));
    const refused = await t.app.request(`/s/${stamp.code}/report`, { method: "POST", headers: { cookie: form.cookie }, body: notImage });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("chỉ nhận tệp JPEG, PNG, WebP");

    // A code nobody issued is kept as text.
    const unknown = await openForm("KHONG-PHAI-MA");
    const res3 = await t.app.request("/s/KHONG-PHAI-MA/report", { method: "POST", headers: formHeaders(unknown), body: formBody({ what: "Tem không quét được" }, unknown) });
    expect(res3.status).toBe(303);
    const [r3] = await t.database.db.select().from(fakeReports).where(eq(fakeReports.id, caseIdOf(res3.headers.get("location"))));
    expect(r3).toMatchObject({ code: "KHONG-PHAI-MA", stampId: null, productId: null });
  });
});

describe("handling the cases", () => {
  it("lets the office of the product's province list, open and move cases; others get 403/404", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const stamp = await stampOf(a.productId, a.certificateId);
    const form = await openForm(stamp.code);
    const file = async (code: string, fields: Record<string, string>, body?: FormData) => {
      const res = body
        ? await t.app.request(`/s/${code}/report`, { method: "POST", headers: { cookie: form.cookie }, body })
        : await t.app.request(`/s/${code}/report`, { method: "POST", headers: formHeaders(form), body: formBody(fields, form) });
      expect(res.status).toBe(303);
      return caseIdOf(res.headers.get("location"));
    };
    const known = await file(stamp.code, { what: "Nghi hàng giả", contact: "chi.hoa@example.vn" });
    const fd = new FormData();
    fd.set("_csrf", form.csrfToken);
    fd.set("what", "Có ảnh");
    fd.set("photo", new File([new Uint8Array(await sharp({ create: { width: 20, height: 20, channels: 3, background: "#000" } }).jpeg().toBuffer())], "x.jpg"));
    const withPhoto = await file(stamp.code, {}, fd);
    const orphan = await file("ZZZZ", { what: "Mã lạ" });

    const list = await ok(w.office.api("GET", "/api/fake-reports"));
    const ids = list.items.map((r: { id: number }) => r.id);
    expect(ids).toEqual(expect.arrayContaining([known, withPhoto, orphan]));
    const item = list.items.find((r: { id: number }) => r.id === known);
    expect(item).toMatchObject({ caseNumber: `BCG-${String(known).padStart(6, "0")}`, stampId: stamp.id, batchId: stamp.batchId, productId: a.productId, state: "new", contact: "chi.hoa@example.vn", photoUrl: null });
    expect(list.items.find((r: { id: number }) => r.id === withPhoto).photoUrl).toBe(`/api/fake-reports/${withPhoto}/photo`);

    // Another province's office sees only the report about no product, and may not touch the others.
    const other = await createUnit(t.database.db, { level: "province" });
    const otherOffice = await person(t, ["province_office", other]);
    const otherIds = (await ok(otherOffice.api("GET", "/api/fake-reports"))).items.map((r: { id: number }) => r.id);
    expect(otherIds).toContain(orphan);
    expect(otherIds).not.toContain(known);
    expect((await otherOffice.api("PATCH", `/api/fake-reports/${known}`, { state: "dismissed", note: "x" })).status).toBe(403);
    expect((await otherOffice.api("GET", `/api/fake-reports/${withPhoto}/photo`)).status).toBe(403);
    expect((await w.producerMember.api("GET", "/api/fake-reports")).status).toBe(403);
    expect((await w.producerMember.api("PATCH", `/api/fake-reports/${known}`, { state: "dismissed", note: "x" })).status).toBe(403);
    expect((await t.app.request("/api/fake-reports")).status).toBe(401);
    expect((await w.office.api("PATCH", "/api/fake-reports/999999", { state: "dismissed", note: "x" })).status).toBe(404);

    // Moving a case: a known state and a note are required.
    expect((await w.office.api("PATCH", `/api/fake-reports/${known}`, { state: "closed", note: "x" })).status).toBe(400);
    expect((await w.office.api("PATCH", `/api/fake-reports/${known}`, { state: "investigating", note: " " })).status).toBe(400);
    const moved = await ok(w.office.api("PATCH", `/api/fake-reports/${known}`, { state: "investigating", note: "Đã cử cán bộ xuống chợ Vinh" }));
    expect(moved).toMatchObject({ state: "investigating", officeNote: "Đã cử cán bộ xuống chợ Vinh" });
    expect((await ok(otherOffice.api("PATCH", `/api/fake-reports/${orphan}`, { state: "dismissed", note: "Mã gõ nhầm" }))).state).toBe("dismissed");
    const investigating = (await ok(w.office.api("GET", "/api/fake-reports?state=investigating"))).items.map((r: { id: number }) => r.id);
    expect(investigating).toEqual([known]);

    // The photo, for the office.
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", w.province)]);
    const photo = await t.app.request(`/api/fake-reports/${withPhoto}/photo`, { headers: session.headers });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/webp");

    // The page: every case with its form; a note is required; success redirects.
    const pageRes = await t.app.request("/reports/fakes", { headers: { cookie: session.cookie, accept: "text/html" } });
    expect(pageRes.status).toBe(200);
    const html = await pageRes.text();
    expect(html).toContain(`BCG-${String(known).padStart(6, "0")}`);
    expect(html).toContain("Đang xác minh");
    expect(html).toContain(`action="/reports/fakes/${withPhoto}"`);
    const csrf = csrfFieldIn(html)!;
    const noNote = await t.app.request(`/reports/fakes/${withPhoto}`, { method: "POST", headers: formHeaders(session), body: formBody({ _csrf: csrf, state: "confirmed_fake", note: "" }) });
    expect(noNote.status).toBe(400);
    expect(await noNote.text()).toContain("Nhập ghi chú xử lý");
    const done = await t.app.request(`/reports/fakes/${withPhoto}`, { method: "POST", headers: formHeaders(session), body: formBody({ _csrf: csrf, state: "confirmed_fake", note: "Đã lập biên bản" }) });
    expect(done.status).toBe(303);
    const [row] = await t.database.db.select().from(fakeReports).where(eq(fakeReports.id, withPhoto));
    expect(row).toMatchObject({ state: "confirmed_fake", officeNote: "Đã lập biên bản" });
    const producerPage = await t.app.request("/reports/fakes", { headers: { cookie: (await signedInUser(t.app, t.database.db, [grant("producer_member", w.producer)])).session.cookie, accept: "text/html" } });
    expect(producerPage.status).toBe(403);
    expect((await ok(w.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});
