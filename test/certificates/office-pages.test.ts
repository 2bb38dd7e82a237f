import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REVOCATION_GROUNDS } from "../../src/domain/certificate-status.js";
import { ok } from "../cycle/support.js";
import { person, reformEval, type Person } from "../evaluation/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DECIDED_ON, EXPIRES_ON, certified, daysBefore, decisionBody, finalResult, inspectionProposingRevocation } from "./support.js";

/* The provincial office's certification pages: a decision from the pending results, sanctions and post-checks of one certificate, and the notices. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const cookieOf = (p: Person) => p.headers.cookie!;
const csrfOf = (p: Person) => p.headers["x-csrf-token"]!;
const get = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: cookieOf(p) } });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const post = async (path: string, p: Person, fields: Record<string, string> | [string, string][] = {}) => {
  const params = new URLSearchParams(fields);
  params.set("_csrf", csrfOf(p));
  const res = await t.app.request(path, { method: "POST", headers: { cookie: cookieOf(p), "content-type": "application/x-www-form-urlencoded" }, body: params.toString() });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const publicJson = async (id: number) => JSON.parse(await (await t.app.request(`/c/${id}`, { headers: { accept: "application/json" } })).text());

describe("the office's certification page", () => {
  it("records a recognition decision on the checked results; others get 403; a wrong form re-renders with the message", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 75);
    t.clock.set(`${DECIDED_ON}T03:00:00Z`);
    const office = await person(t, ["province_office", w.province]);
    const member = await person(t, ["producer_member", w.producer]);

    expect((await get("/certificates", member)).status).toBe(403);
    const form = await get("/certificates", office);
    expect(form.status).toBe(200);
    expect(form.html).toContain("Kết quả chờ công nhận");
    expect(form.html).toContain(`name="roundDossierIds" value="${r.rdId}"`);
    expect(form.html).toContain('value="Ủy ban nhân dân tỉnh Hà Tĩnh"');
    expect(form.html).toContain(`value="${DECIDED_ON}"`);
    expect(form.html).toContain('href="/registry"');

    const body = decisionBody(w, [r.rdId]);
    const fields = { unitId: String(w.province.id), number: body.number, decidedOn: DECIDED_ON, authorityLevel: "province", authorityName: "", signerName: body.signerName, signerTitle: body.signerTitle };
    const bad = await post("/certificates/decisions", office, { ...fields, number: "" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Chọn ít nhất một kết quả");
    expect(bad.html).toContain("Nhập số quyết định");
    expect(bad.html).toContain(`value="${body.signerName}"`);

    const done = await post("/certificates/decisions", office, [...Object.entries(fields), ["roundDossierIds", String(r.rdId)]]);
    expect(done.status).toBe(303);
    const id = Number(done.location!.match(/^\/c\/(\d+)\?/)![1]);
    const cert = await publicJson(id);
    expect(cert).toMatchObject({ id, status: "valid", decision: { number: body.number, authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", decidedOn: DECIDED_ON } });

    // The same number again: 409, re-rendered with the values.
    const again = await post("/certificates/decisions", office, [...Object.entries(fields), ["roundDossierIds", String(r.rdId)]]);
    expect(again.status).toBe(409);
    expect(again.html).toContain("Quyết định đã được ghi");
    expect((await get("/certificates", office)).html).not.toContain(`name="roundDossierIds" value="${r.rdId}"`);
  });

  it("lists the certificates in their re-evaluation window with links to them", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set(daysBefore(EXPIRES_ON, 170));
    const office = await person(t, ["province_office", w.province]);
    const html = (await get("/certificates", office)).html;
    const due = html.slice(html.indexOf("Sắp hết hạn — cần đánh giá lại"));
    expect(due).toContain(`href="/c/${a.certificateId}"`);
    expect(due).toContain(`href="/certificates/${a.certificateId}/manage"`);
    // Issue 12: the expiry shown is the last valid day, the same date as "valid through".
    expect(due).toContain("hết thời hạn 14/06/2029");
    // Issue 16: the office finds a certificate in its list (no internal number to type).
    expect(html.slice(html.indexOf("<h2>Danh sách giấy chứng nhận</h2>"))).toContain(`href="/certificates/${a.certificateId}/manage"`);
  });
});

describe("one certificate's page", () => {
  it("suspends then revokes; the public record shows it and the producer's member reads the notice", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set("2027-01-10T03:00:00Z");
    const office = await person(t, ["province_office", w.province]);
    const member = await person(t, ["producer_member", w.producer]);
    const base = `/certificates/${a.certificateId}`;

    expect((await get(`${base}/manage`, member)).status).toBe(403);
    const pageHtml = (await get(`${base}/manage`, office)).html;
    // The six grounds of Art. 8.1, each with its point letter and Vietnamese text.
    expect(REVOCATION_GROUNDS).toHaveLength(6);
    for (const g of REVOCATION_GROUNDS) expect(pageHtml).toContain(`<option value="${g.id}">${g.point}) ${g.vi.slice(0, 30)}`);
    expect(pageHtml).toContain('value="Ủy ban nhân dân tỉnh Hà Tĩnh"');

    expect((await post(`${base}/suspend`, office, { from: "2027-01-10", through: "", reason: "Chờ kết quả kiểm tra của Chi cục QLCL" })).location).toBe(`${base}/manage?done=suspended`);
    expect((await publicJson(a.certificateId)).status).toBe("suspended");
    const badLift = await post(`${base}/lift`, office, { on: "2027-01-10", reason: "Mẫu đạt" });
    expect(badLift.status).toBe(400);
    expect(badLift.html).toContain("Ngày có hiệu lực trở lại phải sau ngày bắt đầu tạm dừng");

    const revoke = { ground: "law_violation", effectiveOn: "2027-01-10", decisionNumber: "55/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Vi phạm ghi nhãn hàng hóa theo kết luận thanh tra" };
    const wrong = await post(`${base}/revoke`, office, { ...revoke, authorityName: "Bộ Công Thương" });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain("chỉ cơ quan này thu hồi");
    expect(wrong.html).toContain('value="Bộ Công Thương"');
    expect(wrong.html).toMatch(/<option value="law_violation" selected="">/);
    // Art. 8.1(c) needs an inspection proposing revocation on file (issue 12): the form says what is missing.
    const bare = await post(`${base}/revoke`, office, revoke);
    expect(bare.status).toBe(409);
    expect(bare.html).toContain("cần một đợt kiểm tra, giám sát (Điều 9) của giấy chứng nhận này đã kết luận đề nghị thu hồi");
    await inspectionProposingRevocation(t, w, a.certificateId, "2027-01-10");
    const done = await post(`${base}/revoke`, office, revoke);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${base}/manage?done=revoked`);
    expect((await get(done.location!, office)).html).toContain("Đã ghi quyết định thu hồi");
    expect((await publicJson(a.certificateId)).status).toBe("revoked");

    const notices = await get("/notices", member);
    expect(notices.status).toBe(200);
    expect(notices.html).toContain(`Giấy chứng nhận OCOP số ${a.certificateId} của sản phẩm`);
    expect(notices.html).toContain("bị thu hồi từ ngày 10/01/2027");
    expect(notices.html).toContain(`href="/c/${a.certificateId}"`);
    // Newest first: the revocation above the suspension.
    expect(notices.html.indexOf("bị thu hồi")).toBeLessThan(notices.html.indexOf("bị tạm dừng"));
  });

  it("opens an inspection, attaches a lab result and concludes it", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const office = await person(t, ["province_office", w.province]);
    const base = `/certificates/${a.certificateId}`;

    const opened = await post(`${base}/inspections`, office, { kind: "periodic", team: "Trần Văn Kiểm\r\n\r\nLê Thị Mẫu\r\n", startedOn: DECIDED_ON });
    expect(opened.status).toBe(303);
    const list = await ok(office.api("GET", `/api/certificates/${a.certificateId}/inspections`));
    expect(list.items).toHaveLength(1);
    const ins = list.items[0];
    expect(ins.team).toEqual(["Trần Văn Kiểm", "Lê Thị Mẫu"]);
    expect((await get(`${base}/manage`, office)).html).toContain(`action="/inspections/${ins.id}/conclude"`);

    const form = new FormData();
    form.set("_csrf", csrfOf(office));
    form.set("kind", "lab");
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% ket qua thu nghiem\n")], "ket-qua.pdf", { type: "application/pdf" }));
    const up = await t.app.request(`/inspections/${ins.id}/files`, { method: "POST", headers: { cookie: cookieOf(office) }, body: form });
    expect(up.status).toBe(303);
    expect(up.headers.get("location")).toBe(`${base}/manage?done=file#ins-${ins.id}`);

    const findings = "1.1 | không | Không còn nguyên liệu địa phương";
    const keep = await post(`/inspections/${ins.id}/conclude`, office, { findings, conclusion: "keep", note: "Giữ nguyên", concludedOn: DECIDED_ON });
    expect(keep.status).toBe(400);
    expect(keep.html).toContain("Có tiêu chí không đạt");
    expect(keep.html).toContain("Không còn nguyên liệu địa phương</textarea>");
    const garbled = await post(`/inspections/${ins.id}/conclude`, office, { findings: "1.1 Không đạt", conclusion: "propose_revocation", note: "x", concludedOn: DECIDED_ON });
    expect(garbled.status).toBe(400);
    expect(garbled.html).toContain("Dòng 1");

    const done = await post(`/inspections/${ins.id}/conclude`, office, { findings, conclusion: "propose_revocation", note: "Đề nghị thu hồi theo điểm b khoản 1 Điều 8", concludedOn: DECIDED_ON });
    expect(done.status).toBe(303);
    const after = (await get(`${base}/manage`, office)).html;
    expect(after).toContain("Đề nghị thu hồi giấy chứng nhận");
    expect(after).toContain("ket-qua.pdf");
    expect(after).not.toContain(`action="/inspections/${ins.id}/conclude"`);
    const again = await post(`/inspections/${ins.id}/conclude`, office, { findings: "", conclusion: "keep", note: "x", concludedOn: DECIDED_ON });
    expect(again.status).toBe(409);
  });
});
