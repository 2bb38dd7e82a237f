import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { person, reformEval } from "../evaluation/support.js";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { DECIDED_ON, EXPIRES_ON, certified, daysBefore, decisionBody, fileDossier, finalResult, freshPeople, inspectionProposingRevocation, scoreAndFinalise } from "./support.js";

/*
 * The certification issue's "done when", through the API and the public pages: decisions issue certificates,
 * the status follows the clock and the decisions, the re-evaluation window is enforced at its edges, a timely
 * re-evaluation extends validity, upgrades supersede, revocation and suspension show on the public page, and
 * the public page and registry show no private data.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const anon = async (path: string, accept = "text/html") => {
  const res = await t.app.request(path, { headers: { accept } });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") ?? "" };
};

describe("recognition decisions", () => {
  it("issue a certificate for a final province result, valid 36 months, shown to anyone at /c/{id}", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 75);
    t.clock.set(`${DECIDED_ON}T03:00:00Z`);
    const pending = await ok(w.office.api("GET", "/api/decisions/pending-results"));
    expect(pending.items.map((i: { rdId: number }) => i.rdId)).toContain(r.rdId);

    // Refusals: the producer; the wrong authority; a future date; an unknown result.
    expect((await w.producerMember.api("POST", "/api/decisions", decisionBody(w, [r.rdId]))).status).toBe(403);
    const central = await w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId], { authorityLevel: "central", authorityName: "Bộ Nông nghiệp và Môi trường" }));
    expect(central.status).toBe(400);
    expect(JSON.stringify(central.body)).toContain("cấp tỉnh");
    expect((await w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId], { decidedOn: "2026-07-01" }))).status).toBe(400);
    expect((await w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId, 999999]))).status).toBe(400);

    const body = decisionBody(w, [r.rdId]);
    const decision = await ok(w.office.api("POST", "/api/decisions", body), 201);
    expect(decision.certificateIds).toHaveLength(1);
    expect((await w.office.api("POST", "/api/decisions", body)).status).toBe(409);
    expect((await w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId]))).status).toBe(400);

    const id = decision.certificateIds[0];
    const json = JSON.parse((await anon(`/c/${id}`, "application/json")).text);
    expect([3, 4]).toContain(json.stars);
    expect(json).toMatchObject({ id, status: "valid", decision: { number: body.number, authorityLevel: "province" }, validity: { from: DECIDED_ON, through: "2029-06-14", reevaluationWindow: { opens: "2028-12-16", closes: "2029-02-14" } } });
    expect(json.history[0]).toMatchObject({ kind: "issued", on: DECIDED_ON });
    // Nothing private: no member, no sheet, no phone the producer did not publish.
    const raw = JSON.stringify(json);
    expect(raw).not.toMatch(/userId|sheet|representative/i);
    expect(json.producer.phone).toBeNull();

    const html = await anon(`/c/${id}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain("★".repeat(json.stars));
    expect(html.text).toContain("Còn hiệu lực");
    expect(html.text).toContain(body.number);
    expect((await anon("/c/999999")).status).toBe(404);
    expect((await ok(w.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});

describe("the re-evaluation window and the extension", () => {
  it("refuses 181 and 119 days before expiry, accepts 180 and 120, and a timely filing keeps the certificate valid past expiry", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const b = await certified(t, w);

    t.clock.set(daysBefore(EXPIRES_ON, 181));
    let p = await freshPeople(t, w);
    const early = await fileDossier(p.producerMember, a.productId, "reevaluation");
    expect(early.submit.status).toBe(409);
    expect(early.submit.body.code).toBe("reevaluation-too-early");
    expect(early.submit.body.detail).toContain("16/12/2028");
    expect(early.submit.body.detail).toContain("14/02/2029");
    // Issue 12: one expiry date in the refusal, the one the pages show as "valid through".
    expect(early.submit.body.detail).toContain("hết thời hạn ngày 14/06/2029");

    t.clock.set(daysBefore(EXPIRES_ON, 180));
    p = await freshPeople(t, w);
    expect((await p.producerMember.api("POST", `/api/dossiers/${early.dossierId}/actions`, { action: "submit" })).status).toBe(200);

    t.clock.set(daysBefore(EXPIRES_ON, 119));
    p = await freshPeople(t, w);
    const late = await fileDossier(p.producerMember, b.productId, "reevaluation");
    expect(late.submit.status).toBe(409);
    expect(late.submit.body.code).toBe("reevaluation-too-late");
    t.clock.set(daysBefore(EXPIRES_ON, 120));
    p = await freshPeople(t, w);
    expect((await p.producerMember.api("POST", `/api/dossiers/${late.dossierId}/actions`, { action: "submit" })).status).toBe(200);

    // Ten days past expiry, both re-evaluations are pending: the certificates stay valid (extended).
    t.clock.set(`2029-06-25T03:00:00Z`);
    const ext = JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text);
    expect(ext).toMatchObject({ status: "valid", validity: { extended: true, validUntil: "2029-12-11" } });
    expect(ext.history.map((h: { kind: string }) => h.kind)).toContain("reevaluation_filed");
    // 180 days after expiry the extension has run out.
    t.clock.set(`2029-12-12T03:00:00Z`);
    expect(JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text).status).toBe("expired");
  });

  it("a re-evaluation that ends without a star (eliminated) ends the extension at the council's result", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set(daysBefore(EXPIRES_ON, 150));
    const p = await freshPeople(t, w);
    const f = await fileDossier(p.producerMember, a.productId, "reevaluation");
    expect(f.submit.status).toBe(200);
    await ok(p.communeOfficer.api("PUT", `/api/dossiers/${f.dossierId}/commune-review`, { localRawMaterials: "x", localLabour: "x", ideaOrigin: "x", localIdentity: "x", opinion: "Đề nghị đánh giá lại" }));
    await ok(p.communeOfficer.api("POST", `/api/dossiers/${f.dossierId}/actions`, { action: "propose" }));
    t.clock.set(`2029-07-01T03:00:00Z`);
    const again = await freshPeople(t, w);
    await scoreAndFinalise(t, { ...w, office: again.office }, f.dossierId, 75, { eliminate: "Giấy chứng nhận ATTP hết hạn" });
    const s = JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text);
    expect(s.status, JSON.stringify(s.history)).toBe("expired");
    expect(s.history.map((h: { kind: string }) => h.kind)).toEqual(expect.arrayContaining(["reevaluation_filed", "reevaluation_decided"]));
  });
});

describe("upgrade", () => {
  it("supersedes the old certificate on the new decision's date; both pages link", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w, 72);
    t.clock.set("2027-03-01T03:00:00Z");
    const p = await freshPeople(t, w);
    const f = await fileDossier(p.producerMember, a.productId, "upgrade");
    expect(f.submit.status).toBe(200);
    await ok(p.communeOfficer.api("PUT", `/api/dossiers/${f.dossierId}/commune-review`, { localRawMaterials: "x", localLabour: "x", ideaOrigin: "x", localIdentity: "x", opinion: "Đề nghị nâng hạng" }));
    await ok(p.communeOfficer.api("POST", `/api/dossiers/${f.dossierId}/actions`, { action: "propose" }));
    const rdId = await scoreAndFinalise(t, { ...w, office: p.office }, f.dossierId, 85);
    const d = await ok(p.office.api("POST", "/api/decisions", decisionBody(w, [rdId], { decidedOn: "2027-03-01" })), 201);
    const newId = d.certificateIds[0];
    const old = JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text);
    expect(old).toMatchObject({ status: "superseded", supersededBy: newId });
    const fresh = JSON.parse((await anon(`/c/${newId}`, "application/json")).text);
    expect(fresh).toMatchObject({ status: "valid", supersedes: a.certificateId, kind: "upgrade" });
    expect((await anon(`/c/${a.certificateId}`)).text).toContain(`/c/${newId}`);
  });

  it("is refused without a certificate in force", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 75);
    const f = await fileDossier(w.producerMember, r.productId, "upgrade");
    expect(f.submit.status).toBe(409);
    expect(f.submit.body.code).toBe("no-certificate");
  });
});

describe("suspension and revocation", () => {
  it("suspend, lift, then revoke by the authority that recognised it; the producer is told and the page shows the ground", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set("2027-01-10T03:00:00Z");
    const p = await freshPeople(t, w);
    const base = `/api/certificates/${a.certificateId}`;
    expect((await p.producerMember.api("POST", `${base}/suspension`, { from: "2027-01-10", reason: "x" })).status).toBe(403);
    await ok(p.office.api("POST", `${base}/suspension`, { from: "2027-01-10", reason: "Chờ kết quả kiểm tra của Chi cục QLCL" }), 201);
    expect(JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text).status).toBe("suspended");
    expect((await p.office.api("POST", `${base}/suspension`, { from: "2027-01-10", reason: "lần hai" })).status).toBe(409);
    expect((await p.office.api("POST", `${base}/suspension/lift`, { on: "2027-01-10", reason: "Mẫu đạt" })).status).toBe(400);
    await ok(p.office.api("POST", `${base}/suspension/lift`, { on: "2027-01-11", reason: "Mẫu đạt" }), 201);
    t.clock.set("2027-01-11T03:00:00Z");
    expect(JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text).status).toBe("valid");

    const revoke = { ground: "law_violation", effectiveOn: "2027-01-11", decisionNumber: "55/QĐ-UBND", authorityName: "Ủy ban nhân dân tỉnh Hà Tĩnh", reason: "Vi phạm ghi nhãn hàng hóa theo kết luận thanh tra" };
    expect((await p.office.api("POST", `${base}/revocation`, { ...revoke, authorityName: "Bộ Công Thương" })).status).toBe(400);
    expect((await p.office.api("POST", `${base}/revocation`, { ...revoke, ground: "bad" })).status).toBe(400);
    // Art. 8.1(c) rests on the authority's conclusion: refused until an inspection proposing revocation is on file.
    const bare = await p.office.api("POST", `${base}/revocation`, revoke);
    expect(bare.status).toBe(409);
    expect(bare.body).toMatchObject({ code: "revocation-evidence-missing" });
    expect(bare.body.i18n.vi.detail).toContain("Điều 8 khoản 1 điểm c cần một đợt kiểm tra, giám sát (Điều 9) của giấy chứng nhận này đã kết luận đề nghị thu hồi; giấy chứng nhận này chưa có đợt kiểm tra nào");
    expect(bare.body.i18n.en.detail).toContain("Art. 8.1(c) needs an inspection (Art. 9) of this certificate concluded with a proposal to revoke; this certificate has no inspection on file");
    const inspectionId = await inspectionProposingRevocation(t, w, a.certificateId, "2027-01-11");
    await ok(p.office.api("POST", `${base}/revocation`, revoke), 201);
    const again = await p.office.api("POST", `${base}/revocation`, revoke);
    expect(again.status).toBe(409);
    expect(again.body.i18n.vi.detail).toBe(`Giấy chứng nhận số ${a.certificateId} đã bị thu hồi từ ngày 11/01/2027 theo Quyết định số 55/QĐ-UBND — Ủy ban nhân dân tỉnh Hà Tĩnh; không ghi nhận thu hồi lần thứ hai.`);
    expect(again.body.i18n.en.detail).toBe(`Certificate ${a.certificateId} was already revoked with effect from 11/01/2027 by decision 55/QĐ-UBND — Ủy ban nhân dân tỉnh Hà Tĩnh; a second revocation is not recorded.`);
    expect(inspectionId).toBeGreaterThan(0);
    const pub = JSON.parse((await anon(`/c/${a.certificateId}`, "application/json")).text);
    expect(pub.status).toBe("revoked");
    expect(pub.history.map((h: { kind: string }) => h.kind)).toEqual(["issued", "suspended", "suspension_lifted", "revoked"]);
    const html = (await anon(`/c/${a.certificateId}`)).text;
    expect(html).toContain("Đã bị thu hồi");
    expect(html).toContain("Điều 8 khoản 1 điểm c");
    // The office's free text is not public.
    expect(html).not.toContain("Chi cục QLCL");
    const notices = await ok(p.producerMember.api("GET", "/api/notices"));
    expect(notices.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(["revoked", "suspended", "suspension_lifted"]));
    expect((await ok(p.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});

describe("inspections", () => {
  it("record a team, findings per criterion, a lab result, and a conclusion", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    const inspector = await person(t, ["inspector", w.province]);
    const base = `/api/certificates/${a.certificateId}/inspections`;
    expect((await w.producerMember.api("POST", base, { kind: "ad_hoc", team: ["A"], startedOn: DECIDED_ON })).status).toBe(403);
    const ins = await ok(inspector.api("POST", base, { kind: "periodic", team: ["Trần Văn Kiểm", "Lê Thị Mẫu"], startedOn: DECIDED_ON }), 201);
    const form = new FormData();
    form.set("kind", "lab");
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% ket qua thu nghiem\n")], "ket-qua.pdf", { type: "application/pdf" }));
    const up = await t.app.request(`/api/inspections/${ins.id}/files`, { method: "POST", headers: inspector.headers, body: form });
    expect(up.status).toBe(201);
    const bad = await inspector.api("POST", `/api/inspections/${ins.id}/conclusion`, { findings: [{ criterionId: "99.9", finding: "x", met: true }], conclusion: "keep", note: "x", concludedOn: DECIDED_ON });
    expect(bad.status).toBe(400);
    const keepButUnmet = await inspector.api("POST", `/api/inspections/${ins.id}/conclusion`, { findings: [{ criterionId: "1.1", finding: "Không còn nguyên liệu địa phương", met: false }], conclusion: "keep", note: "x", concludedOn: DECIDED_ON });
    expect(keepButUnmet.status).toBe(400);
    const done = await ok(inspector.api("POST", `/api/inspections/${ins.id}/conclusion`, { findings: [{ criterionId: "1.1", finding: "Không còn nguyên liệu địa phương", met: false }], conclusion: "propose_revocation", note: "Đề nghị thu hồi theo điểm b khoản 1 Điều 8", concludedOn: DECIDED_ON }));
    expect(done).toMatchObject({ conclusion: "propose_revocation", files: [{ kind: "lab", name: "ket-qua.pdf" }] });
    expect((await inspector.api("POST", `/api/inspections/${ins.id}/conclusion`, { findings: [], conclusion: "keep", note: "x", concludedOn: DECIDED_ON })).status).toBe(409);
  });
});

describe("reminders", () => {
  it("list certificates in the window and record one notice per certificate, however often the job runs", async () => {
    const w = await reformEval(t);
    const a = await certified(t, w);
    t.clock.set(daysBefore(EXPIRES_ON, 170));
    const p = await freshPeople(t, w);
    const list = await ok(p.office.api("GET", "/api/certificates/reevaluation-window"));
    expect(list.items.map((i: { certificateId: number }) => i.certificateId)).toContain(a.certificateId);
    const mine = await ok(p.producerMember.api("GET", "/api/certificates/reevaluation-window"));
    expect(mine.items.map((i: { certificateId: number }) => i.certificateId)).toEqual([a.certificateId]);
    await runDailyCertificateJob(t.database.db, t.clock.now());
    await runDailyCertificateJob(t.database.db, t.clock.now());
    const notices = (await ok(p.producerMember.api("GET", "/api/notices"))).items.filter((n: { certificateId: number; kind: string }) => n.certificateId === a.certificateId && n.kind === "reevaluation_window");
    expect(notices).toHaveLength(1);
    expect(notices[0].vi).toContain("16/12/2028");
    const office = (await ok(p.office.api("GET", "/api/notices"))).items.filter((n: { certificateId: number }) => n.certificateId === a.certificateId);
    expect(office).toHaveLength(1);
  });
});
