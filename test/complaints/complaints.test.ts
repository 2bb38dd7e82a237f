import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { anonymousForm, formBody, formHeaders } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { person, reformEval } from "../evaluation/support.js";
import { certified } from "../certificates/support.js";
import sharp from "sharp";
import { eq } from "drizzle-orm";
import { storedFiles } from "../../src/modules/files/schema.js";
import { complaints } from "../../src/modules/complaints/schema.js";

/*
 * Complaints about a certified product: a public form from /c/{id} and /p/{id}, a private link to follow the
 * case, and the office's triage into an Art. 9 inspection (whose public summary shows on /c/{id} once concluded)
 * or closing with a reason.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ config: { trustProxy: true, proxyHops: 1, rateLimits: { scansPerMinute: 120, reportsPerHour: 4, syncMs: 1000 } } });
});
afterAll(() => t.close());

/** Files a complaint as an anonymous browser; returns the response (303 to the private link when filed). */
async function file(fields: Record<string, string | number>, form?: Awaited<ReturnType<typeof anonymousForm>>, ip = "198.51.100.7") {
  const f = form ?? (await anonymousForm(t.app));
  return t.app.request("/complaints/new", { method: "POST", headers: formHeaders(f, { accept: "text/html", "x-forwarded-for": ip }), body: formBody(fields, f) });
}
const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers: { accept: "text/html", ...headers } });
  return { status: res.status, html: await res.text() };
};
let ips = 1;
const nextIp = () => `203.0.113.${ips++}`;

describe("complaints about a certified product", () => {
  it("is reachable from the certificate's and the product's public pages", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    expect((await page(`/c/${a.certificateId}`)).html).toContain(`/complaints/new?certificate=${a.certificateId}`);
    const form = await page(`/complaints/new?certificate=${a.certificateId}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Phản ánh về sản phẩm OCOP");
    expect(form.html).toContain('enctype="multipart/form-data"');
    expect((await page(`/complaints/new?product=${a.productId}`)).html).toContain(`name="certificateId" value="${a.certificateId}"`);
    expect((await page(`/complaints/new?certificate=99999999`)).status).toBe(404);
  });

  it("turns into an inspection whose public summary appears on /c/{id} once concluded; the private link follows it", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const res = await file({ certificateId: a.certificateId, topic: "quality", what: "Bưởi bị úng nước, vị đắng khác hẳn trước.", place: "Chợ Hà Tĩnh", contact: "0912 000 111" }, undefined, nextIp());
    expect(res.status).toBe(303);
    const link = res.headers.get("location")!;
    expect(link).toMatch(/^\/complaints\/track\/[A-Za-z0-9_-]{43}\?new=1$/);
    const track = await page(link);
    expect(track.html).toContain("Mới, chờ xem xét");
    expect(track.html).toContain("Bưởi bị úng nước");
    expect(track.html).not.toContain("0912 000 111"); // the contact is for the office only

    const list = await ok(w.office.api("GET", "/api/complaints?state=new"));
    const c = list.items.find((x: { certificateId: number }) => x.certificateId === a.certificateId);
    expect(c).toMatchObject({ topic: "quality", contact: "0912 000 111", state: "new" });
    const opened = await ok(w.office.api("POST", `/api/complaints/${c.id}/inspection`, { team: ["Trần Văn Kiểm", "Lê Thị Mẫu"], startedOn: "2026-06-20" }));
    expect(opened.state).toBe("inspection");
    expect(opened.inspectionId).toBeGreaterThan(0);
    expect((await w.office.api("POST", `/api/complaints/${c.id}/close`, { reason: "Đã xử lý" })).status).toBe(409);
    // Not concluded yet: nothing on the public page, the complainant sees the inspection under way.
    expect((await page(`/c/${a.certificateId}`)).html).not.toContain("Kết quả kiểm tra sau công nhận");
    expect((await page(link.replace("?new=1", ""))).html).toContain("Đoàn kiểm tra đang kiểm tra sản phẩm.");

    // The linked inspection is the certificate's, and concluding it publishes its summary.
    const inspections = await ok(w.office.api("GET", `/api/certificates/${a.certificateId}/inspections`));
    expect(inspections.items?.map?.((i: { id: number }) => i.id) ?? inspections.map((i: { id: number }) => i.id)).toContain(opened.inspectionId);
    await ok(w.office.api("POST", `/api/inspections/${opened.inspectionId}/conclusion`, { findings: [{ criterionId: "1.1", finding: "Mẫu đạt chỉ tiêu chất lượng", met: true }], conclusion: "keep", note: "Ghi chú nội bộ của đoàn", concludedOn: "2026-06-25" }));
    const pub = await page(`/c/${a.certificateId}`);
    expect(pub.html).toContain("Kết quả kiểm tra sau công nhận");
    expect(pub.html).toContain("25/06/2026");
    expect(pub.html).toContain("Kiểm tra đột xuất theo phản ánh về chất lượng sản phẩm");
    expect(pub.html).toContain("giữ công nhận");
    // No personal data and no office notes: not the team, not the complainant, not the note.
    for (const s of ["Trần Văn Kiểm", "0912 000 111", "Ghi chú nội bộ", "Bưởi bị úng nước"]) expect(pub.html).not.toContain(s);
    const json = await ok({ status: 200, body: await (await t.app.request(`/c/${a.certificateId}`, { headers: { accept: "application/json" } })).json() } as never);
    expect(json.inspections).toEqual([{ id: opened.inspectionId, concludedOn: "2026-06-25", conclusion: "keep", conclusionLabel: expect.any(Object), ground: "complaint_quality", groundLabel: expect.any(Object) }]);
    expect((await page(link.replace("?new=1", ""))).html).toContain("Kết luận kiểm tra");

    // Audited: filed by no one, triaged by the office.
    const audit = await ok(w.office.api("GET", `/api/audit?subjectType=complaint&subjectId=${c.id}`));
    expect(audit.items.map((x: { action: string }) => x.action).sort()).toEqual(["complaint.file", "complaint.inspect"]);
    expect(JSON.stringify(audit.items)).not.toContain("0912 000 111");
  });

  it("is closed with a reason the complainant reads; a wrong token shows nothing", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const link = (await file({ certificateId: a.certificateId, topic: "wrong_product_stamp", what: "Tem OCOP dán trên hộp kẹo không phải của HTX." }, undefined, nextIp())).headers.get("location")!;
    const c = (await ok(w.office.api("GET", "/api/complaints?topic=wrong_product_stamp"))).items.find((x: { certificateId: number }) => x.certificateId === a.certificateId);
    expect((await w.office.api("POST", `/api/complaints/${c.id}/close`, { reason: "  " })).status).toBe(400);
    const closed = await ok(w.office.api("POST", `/api/complaints/${c.id}/close`, { reason: "Sản phẩm đúng của chủ thể; tem dán đúng theo lô đã kích hoạt." }));
    expect(closed.state).toBe("closed");
    const track = await page(link.replace("?new=1", ""));
    expect(track.html).toContain("Đã đóng");
    expect(track.html).toContain("tem dán đúng theo lô đã kích hoạt");
    // A wrong, a malformed and another case's altered token show nothing.
    const token = /track\/([^?]+)/.exec(link)![1]!;
    const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [altered, "abc", "x".repeat(43)]) {
      const r = await page(`/complaints/track/${bad}`);
      expect(r.status).toBe(404);
      expect(r.html).not.toContain("tem dán đúng");
    }
  });

  it("validates the form (4xx, the form again with the values), and limits a client like the fake-report form", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const ip = nextIp();
    const form = await anonymousForm(t.app);
    // No CSRF token: refused.
    const noToken = await t.app.request("/complaints/new", { method: "POST", headers: formHeaders(form, { "x-forwarded-for": ip }), body: new URLSearchParams({ certificateId: String(a.certificateId), topic: "quality", what: "x" }).toString() });
    expect(noToken.status).toBe(403);
    const missing = await file({ certificateId: a.certificateId, topic: "quality", what: "   ", place: "Chợ Vinh" }, form, ip);
    expect(missing.status).toBe(400);
    const html = await missing.text();
    expect(html).toContain("Chợ Vinh");
    expect((await file({ certificateId: a.certificateId, topic: "fake", what: "Chủ đề lạ" }, form, ip)).status).toBe(400);
    // An unknown certificate: no form to show again, the certificate is not found.
    expect((await file({ certificateId: 99999999, topic: "quality", what: "Không có giấy" }, form, ip)).status).toBe(404);
    expect((await file({ certificateId: a.certificateId, topic: "quality", what: "x".repeat(4001) }, form, ip)).status).toBe(400);
    // The limit (4 an hour here) counts every attempt; the 5th is a 429.
    expect((await file({ certificateId: a.certificateId, topic: "other", what: "Lần thứ năm" }, form, ip)).status).toBe(429);
  });

  it("is handled only by the office of the certificate's province", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    await file({ certificateId: a.certificateId, topic: "labelling", what: "Nhãn thiếu hạn sử dụng." }, undefined, nextIp());
    const c = (await ok(w.office.api("GET", "/api/complaints?state=new"))).items.find((x: { certificateId: number }) => x.certificateId === a.certificateId);
    const other = await reformEval(t);
    expect((await other.office.api("GET", "/api/complaints")).body.items.map((x: { id: number }) => x.id)).not.toContain(c.id);
    expect((await other.office.api("POST", `/api/complaints/${c.id}/close`, { reason: "Tỉnh khác" })).status).toBe(404);
    const inspector = await person(t, ["inspector", w.province]);
    for (const p of [w.producerMember, w.communeOfficer, inspector]) {
      expect((await p.api("GET", "/api/complaints")).status).toBe(403);
      expect((await p.api("POST", `/api/complaints/${c.id}/close`, { reason: "Không có quyền" })).status).toBe(403);
    }
    expect((await t.app.request("/api/complaints")).status).toBe(401);
    // The office's list page, with its filters and the home's count.
    const list = await page("/complaints?state=new&topic=labelling", w.office.headers);
    expect(list.status).toBe(200);
    expect(list.html).toContain("Nhãn thiếu hạn sử dụng.");
    const home = await page("/", w.office.headers);
    expect(home.html).toContain("/complaints?state=new");
  });

  it("takes an optional photo through the fake reports' checks: re-encoded as WebP, shown to the office only", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const form = await anonymousForm(t.app);
    const ip = nextIp();
    const send = (photo: File) => {
      const fd = new FormData();
      fd.set("_csrf", form.csrfToken);
      fd.set("certificateId", String(a.certificateId));
      fd.set("topic", "quality");
      fd.set("what", "Quả bưởi bị sâu bên trong");
      fd.set("photo", photo);
      return t.app.request("/complaints/new", { method: "POST", headers: { cookie: form.cookie, accept: "text/html", "x-forwarded-for": ip }, body: fd });
    };
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#33cc33" } }).png().toBuffer();
    const sent = await send(new File([new Uint8Array(png)], "anh.png", { type: "image/png" }));
    expect(sent.status).toBe(303);
    const [row] = await t.database.db.select().from(complaints).where(eq(complaints.certificateId, a.certificateId));
    const [file] = await t.database.db.select().from(storedFiles).where(eq(storedFiles.id, row!.photoFileId!));
    expect(file!.contentType).toBe("image/webp");
    expect(file!.createdBy).toBeNull();
    const photo = await t.app.request(`/api/complaints/${row!.id}/photo`, { headers: w.office.headers });
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/webp");
    expect((await t.app.request(`/api/complaints/${row!.id}/photo`, { headers: w.producerMember.headers })).status).toBe(403);
    const refused = await send(new File([new TextEncoder().encode("<script>alert(1)</script>")], "anh.jpg", { type: "image/jpeg" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("chỉ nhận tệp JPEG, PNG, WebP");
  });

  it("lets the office triage from its page: an inspection opened by the form, and a refusal shown with the values", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    await file({ certificateId: a.certificateId, topic: "other", what: "Giá bán cao bất thường" }, undefined, nextIp());
    const c = (await ok(w.office.api("GET", "/api/complaints?state=new"))).items.find((x: { certificateId: number }) => x.certificateId === a.certificateId);
    const list = await page("/complaints?state=new", w.office.headers);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(list.html)![1]!;
    const post = (path: string, fields: Record<string, string>) =>
      t.app.request(path, { method: "POST", headers: { ...w.office.headers, "content-type": "application/x-www-form-urlencoded", accept: "text/html" }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
    const bad = await post(`/complaints/${c.id}/inspection`, { team: "", startedOn: "2026-06-20" });
    expect(bad.status).toBe(400);
    const done = await post(`/complaints/${c.id}/inspection`, { team: "Trần Văn Kiểm\nLê Thị Mẫu", startedOn: "2026-06-20" });
    expect(done.status).toBe(303);
    const after = (await ok(w.office.api("GET", "/api/complaints?state=inspection"))).items.find((x: { id: number }) => x.id === c.id);
    expect(after.inspectionId).toBeGreaterThan(0);
  });
});
