import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDailyCertificateJob } from "../../src/jobs/daily.js";
import { notifications } from "../../src/modules/certificates/schema.js";
import { scoreSheets } from "../../src/modules/evaluation/schema.js";
import { eq } from "drizzle-orm";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { council, createProduct, DURING, openRound, assign, person, reformEval, registration, review, sheetFor, submit, type Person } from "./support.js";
import { DECIDED_ON, decisionBody, freshPeople, scoreAndFinalise } from "../certificates/support.js";

/*
 * Issue 18: a dossier that carries forward (Art. 6.1b–c) and documents that expire. An upgrade starts from the
 * certified dossier, only the changed items are sent, the council sees the diff and the last result's figures;
 * a filing with an expired required document is refused and one with an expired optional document is not;
 * documents of a certified product get one notice at 60 and one at 30 days; the office's page shows an expired
 * required document.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type World = Awaited<ReturnType<typeof reformEval>>;
type Doc = { criterionId: string; kind: string; name: string; validFrom?: string; validUntil?: string };

async function upload(p: Person, dossierId: number, doc: Doc & { replaces?: number }, status = 201) {
  const form = new FormData();
  form.set("criterionId", doc.criterionId);
  form.set("kind", doc.kind);
  if (doc.validFrom) form.set("validFrom", doc.validFrom);
  if (doc.validUntil) form.set("validUntil", doc.validUntil);
  if (doc.replaces) form.set("replaces", String(doc.replaces));
  form.set("file", new File([new TextEncoder().encode(`%PDF-1.4\n% ${doc.name}\n`)], doc.name, { type: "application/pdf" }));
  const res = await t.app.request(`/api/dossiers/${dossierId}/evidence`, { method: "POST", headers: p.headers, body: form });
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

/** A product of set 6 (food: the food-safety certificate is required) certified 4★ with these documents filed. */
async function certifiedWith(w: World, docs: Doc[], target = 75) {
  t.clock.set(DURING);
  const productId = await createProduct(t, w.commune, w.producer.id, null);
  const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
  const self = sheetFor(target);
  await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: self.choices, notes: self.notes }));
  for (const doc of docs) await upload(w.producerMember, d.id, doc);
  await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
  await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
  await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
  const rdId = await scoreAndFinalise(t, w, d.id, target);
  t.clock.set(`${DECIDED_ON}T03:00:00Z`);
  const decision = await ok(w.office.api("POST", "/api/decisions", decisionBody(w, [rdId])), 201);
  return { productId, dossierId: d.id as number, rdId, certificateId: decision.certificateIds[0] as number, self };
}

const ATTP = (validUntil: string): Doc => ({ criterionId: "1.1", kind: "food_safety_certificate", name: "gcn-attp.pdf", validFrom: "2024-01-10", validUntil });
const TRADEMARK = (validUntil: string): Doc => ({ criterionId: "1.2", kind: "trademark_certificate", name: "gcn-nhan-hieu.pdf", validFrom: "2016-08-01", validUntil });
const CONTRACT: Doc = { criterionId: "1.3", kind: "linkage_contract", name: "hop-dong-lien-ket.pdf" };

const upgrade = (p: Person, productId: number) => p.api("POST", "/api/dossiers", { productId, ...registration, kind: "upgrade", changes: "Bao bì mới, bổ sung chứng nhận VietGAP" });

describe("an upgrade dossier carries the certified one forward", () => {
  it("starts as a copy marked unchanged, takes only the changed items, and shows the diff and last result to the council", async () => {
    const w = await reformEval(t);
    const c = await certifiedWith(w, [ATTP("2028-01-09"), TRADEMARK("2030-12-31"), CONTRACT]);
    t.clock.set("2026-09-01T03:00:00Z");
    const me = await freshPeople(t, w);
    const d = await ok(upgrade(me.producerMember, c.productId), 201);

    // Every answer, note and file copied; nothing changed yet.
    expect(d.selfScore.choices).toEqual(c.self.choices);
    expect(d.selfScore.notes).toEqual(c.self.notes);
    expect(d.evidence.map((e: any) => [e.name, e.kind, e.validUntil])).toEqual([["gcn-attp.pdf", "food_safety_certificate", "2028-01-09"], ["gcn-nhan-hieu.pdf", "trademark_certificate", "2030-12-31"], ["hop-dong-lien-ket.pdf", "linkage_contract", null]]);
    expect(d.evidence.every((e: any) => e.carriedFromId !== null)).toBe(true);
    expect(d.carryForward.basedOnDossierId).toBe(c.dossierId);
    expect(d.carryForward.certificateId).toBe(c.certificateId);
    expect(d.carryForward.changedItems).toBe(0);
    expect(d.carryForward.items.every((i: any) => i.status === "unchanged")).toBe(true);
    expect(d.carryForward.evidence.every((e: any) => e.status === "unchanged")).toBe(true);
    // The last result as its certificate recognised it.
    const pub = await (await t.app.request(`/c/${c.certificateId}`, { headers: { accept: "application/json" } })).json();
    expect(d.carryForward.lastResult.stars).toBe(pub.stars);
    expect(d.carryForward.lastResult.officialScore).toBe(pub.score);
    expect(d.carryForward.lastResult.partMeans.A + d.carryForward.lastResult.partMeans.B + d.carryForward.lastResult.partMeans.C).toBeCloseTo(d.carryForward.lastResult.officialScore, 1);

    // Only two items re-sent: each to an option worth more than before (items the target lowered).
    const lowered = Object.keys(c.self.notes).slice(0, 2);
    const best = sheetFor(100).choices;
    const changed = Object.fromEntries(lowered.map((id) => [id, best[id]!]));
    const after = await ok(me.producerMember.api("PATCH", `/api/dossiers/${d.id}/self-score`, { choices: changed, notes: Object.fromEntries(lowered.map((id) => [id, ""])) }));
    expect(after.carryForward.items.filter((i: any) => i.status === "changed").map((i: any) => i.itemId).sort()).toEqual([...lowered].sort());
    expect(after.carryForward.changedItems).toBe(2);
    for (const id of Object.keys(c.self.choices).filter((x) => !lowered.includes(x))) expect(after.selfScore.choices[id]).toBe(c.self.choices[id]);
    expect(after.selfScore.total).toBeGreaterThan(d.selfScore.total);

    // A renewed contract in place of the copied one: the old one shows removed, the new one new, its item changed.
    const contract = after.evidence.find((e: any) => e.name === "hop-dong-lien-ket.pdf");
    const renewed = await upload(me.producerMember, d.id, { criterionId: "1.3", kind: "linkage_contract", name: "hop-dong-lien-ket-2026.pdf", validFrom: "2026-08-01", validUntil: "2029-07-31", replaces: contract.id });
    const ev = renewed.carryForward.evidence.map((e: any) => [e.name, e.status]);
    expect(ev).toEqual(expect.arrayContaining([["gcn-attp.pdf", "unchanged"], ["gcn-nhan-hieu.pdf", "unchanged"], ["hop-dong-lien-ket-2026.pdf", "new"], ["hop-dong-lien-ket.pdf", "removed"]]));
    expect(renewed.carryForward.items.find((i: any) => i.itemId === "1.3")).toMatchObject({ status: "changed", evidenceChanged: true });

    // Filed, proposed, assigned: the council reads the same diff and the last result, never the last members.
    await ok(me.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    await ok(me.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    await ok(me.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    const board = await council(t, w.province, 3);
    const round = await openRound(me.office, w.province.id, "province", board, { opensOn: "2026-08-25", closesOn: "2026-09-30" });
    const rdId = await assign(me.office, round.id, d.id);
    const seen = await ok(board.seats[1]!.api("GET", `/api/rounds/${round.id}/dossiers/${rdId}`));
    expect(seen.carryForward.items.filter((i: any) => i.status === "changed").map((i: any) => i.itemId).sort()).toEqual([...lowered, "1.3"].sort());
    expect(seen.carryForward.lastResult).toEqual(d.carryForward.lastResult);
    const lastSheets = await t.database.db.select().from(scoreSheets).where(eq(scoreSheets.roundDossierId, c.rdId));
    const raw = JSON.stringify(seen.carryForward);
    for (const s of lastSheets) expect(raw).not.toContain(s.userId);

    // The score sheet page and the round's dossier page highlight the changes.
    const sheetHtml = await (await t.app.request(`/rounds/${round.id}/dossiers/${rdId}/sheet`, { headers: board.seats[1]!.headers })).text();
    expect(sheetHtml).toContain("Thay đổi so với hồ sơ đã được công nhận");
    expect(sheetHtml).toContain("Kết quả Hội đồng lần trước");
    expect(sheetHtml.match(/Đã thay đổi so với hồ sơ được công nhận/g)?.length).toBe(3);
    const pageRes = await t.app.request(`/rounds/${round.id}/dossiers/${rdId}`, { headers: board.seats[1]!.headers });
    expect(pageRes.status).toBe(200);
    const pageHtml = await pageRes.text();
    expect(pageHtml).toContain("hop-dong-lien-ket-2026.pdf");
    expect(pageHtml).toContain("Mới bổ sung");
    expect(pageHtml).toContain("Đã gỡ hoặc thay thế");
    // A sheet submitted on it scores afresh.
    await ok(submit(board.seats[0]!, round.id, rdId, 80));
  });
});

describe("documents that expire", () => {
  it("refuses a filing with a required document expired on the filing day (Vietnam time), and allows an expired optional one", async () => {
    const w = await reformEval(t);
    const c = await certifiedWith(w, [ATTP("2026-09-20"), TRADEMARK("2026-09-10"), CONTRACT]);
    // 18:00 UTC on the 20th is already the 21st in Vietnam: the ATTP certificate's last valid day has passed.
    t.clock.set("2026-09-20T18:00:00Z");
    const me = await freshPeople(t, w);
    const d = await ok(upgrade(me.producerMember, c.productId), 201);
    expect(d.documents.find((x: any) => x.id === "food_safety")).toMatchObject({ status: "expired" });
    const refused = await me.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("required-document-expired");
    expect(refused.body.i18n.vi.detail).toContain("gcn-attp.pdf");
    expect(refused.body.i18n.vi.detail).toContain("20/09/2026");
    expect(refused.body.i18n.en.detail).toContain("gcn-attp.pdf");
    expect(refused.body.i18n.vi.detail).not.toContain("gcn-nhan-hieu.pdf");
    expect((await ok(me.producerMember.api("GET", `/api/dossiers/${d.id}`))).state).toBe("draft");

    // A renewed certificate in its place: filed, though the (optional) trademark certificate has expired too.
    const attp = d.evidence.find((e: any) => e.kind === "food_safety_certificate");
    await upload(me.producerMember, d.id, { ...ATTP("2029-09-19"), name: "gcn-attp-2026.pdf", validFrom: "2026-09-15", replaces: attp.id });
    const filed = await ok(me.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    expect(filed.state).toBe("submitted");
    expect(filed.evidence.find((e: any) => e.kind === "trademark_certificate").status).toBe("expired");
  });

  it("asks the end day of a document that prints one, and refuses an end before its start", async () => {
    const w = await reformEval(t);
    t.clock.set(DURING);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
    const missing = await upload(w.producerMember, d.id, { criterionId: "1.1", kind: "food_safety_certificate", name: "attp.pdf" }, 400);
    expect(JSON.stringify(missing)).toContain("validUntil");
    await upload(w.producerMember, d.id, { criterionId: "1.1", kind: "lab_test_report", name: "kn.pdf", validFrom: "2026-05-02", validUntil: "2026-05-01" }, 400);
    await upload(w.producerMember, d.id, { criterionId: "1.1", kind: "no_such_kind", name: "x.pdf" }, 400);
  });

  it("tells the producer and the office once at 60 and once at 30 days before a document of a certified product ends", async () => {
    const w = await reformEval(t);
    const end = "2027-03-31";
    const c = await certifiedWith(w, [ATTP(end), CONTRACT]);
    const at = (daysBefore: number) => new Date(Date.parse(`${end}T03:00:00Z`) - daysBefore * 86_400_000);
    const count = async () => (await t.database.db.select().from(notifications).where(eq(notifications.certificateId, c.certificateId))).filter((n) => n.kind === "document_expiring");
    expect((await runDailyCertificateJob(t.database.db, at(61))).documentNotices).toBe(0);
    expect((await runDailyCertificateJob(t.database.db, at(60))).documentNotices).toBe(2);
    expect((await runDailyCertificateJob(t.database.db, at(60))).documentNotices).toBe(0);
    expect((await runDailyCertificateJob(t.database.db, at(59))).documentNotices).toBe(0);
    expect((await runDailyCertificateJob(t.database.db, at(31))).documentNotices).toBe(0);
    expect((await runDailyCertificateJob(t.database.db, at(30))).documentNotices).toBe(2);
    expect((await runDailyCertificateJob(t.database.db, at(29))).documentNotices).toBe(0);
    const sent = await count();
    expect(sent.map((n) => n.audience).sort()).toEqual(["office", "office", "producer", "producer"]);
    expect(sent.every((n) => n.vi.includes("gcn-attp.pdf") && n.vi.includes("31/03/2027"))).toBe(true);
    expect(sent.filter((n) => n.vi.includes("còn 60 ngày"))).toHaveLength(2);
    expect(sent.filter((n) => n.vi.includes("còn 30 ngày"))).toHaveLength(2);
    // The producer reads them among its notices.
    t.clock.set(at(29).toISOString());
    const producer = await person(t, ["producer_member", w.producer]);
    const mine = await ok(producer.api("GET", "/api/notices"));
    expect(mine.items.filter((n: any) => n.kind === "document_expiring")).toHaveLength(2);
  });

  it("shows an expired required document on the certificate's management page", async () => {
    const w = await reformEval(t);
    const c = await certifiedWith(w, [ATTP("2027-01-15"), TRADEMARK("2030-01-01")]);
    t.clock.set("2027-01-20T03:00:00Z");
    const office = await person(t, ["province_office", w.province]);
    const res = await t.app.request(`/certificates/${c.certificateId}/manage`, { headers: office.headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Giấy tờ bắt buộc đã hết hạn");
    const warning = html.slice(html.indexOf("Giấy tờ bắt buộc đã hết hạn"), html.indexOf("</div>", html.indexOf("Giấy tờ bắt buộc đã hết hạn")));
    expect(warning).toContain("gcn-attp.pdf");
    expect(warning).toContain("15/01/2027");
    expect(warning).not.toContain("gcn-nhan-hieu.pdf");
    // The same through the API, for the producer (certificates.documents); another producer sees nothing.
    const producer = await person(t, ["producer_member", w.producer]);
    const docs = await ok(producer.api("GET", `/api/certificates/${c.certificateId}/documents`));
    expect(docs.expiredRequired.map((d: any) => d.name)).toEqual(["gcn-attp.pdf"]);
    expect(docs.documents.find((d: any) => d.name === "gcn-nhan-hieu.pdf")).toMatchObject({ status: "valid", required: false });
    const other = await reformEval(t);
    expect((await (await person(t, ["producer_member", other.producer])).api("GET", `/api/certificates/${c.certificateId}/documents`)).status).toBe(404);
    // Before that day the page has no such warning.
    t.clock.set("2027-01-15T03:00:00Z");
    const before = await (await t.app.request(`/certificates/${c.certificateId}/manage`, { headers: (await person(t, ["province_office", w.province])).headers })).text();
    expect(before).not.toContain("Giấy tờ bắt buộc đã hết hạn");
    expect(before).toContain("gcn-attp.pdf");
  });
});

describe("the producer's dossier page", () => {
  it("uploads a document with its kind and validity, lists it with its status, and asks the end day of a certificate", async () => {
    const w = await reformEval(t);
    t.clock.set(DURING);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
    const page = await (await t.app.request(`/dossiers/${d.id}`, { headers: { cookie: w.producerMember.headers.cookie! } })).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm");
    const send = async (fields: Record<string, string>) => {
      const form = new FormData();
      form.set("_csrf", w.producerMember.headers["x-csrf-token"]!);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% attp\n")], "attp-2026.pdf", { type: "application/pdf" }));
      return t.app.request(`/dossiers/${d.id}/evidence`, { method: "POST", headers: { cookie: w.producerMember.headers.cookie! }, body: form });
    };
    const refused = await send({ criterionId: "1.1", kind: "food_safety_certificate" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Nhập ngày hết hiệu lực");
    const done = await send({ criterionId: "1.1", kind: "food_safety_certificate", validFrom: "2026-01-05", validUntil: "2029-01-04", replaces: "" });
    expect(done.status).toBe(303);
    const after = await (await t.app.request(`/dossiers/${d.id}`, { headers: { cookie: w.producerMember.headers.cookie! } })).text();
    expect(after).toContain("attp-2026.pdf");
    expect(after).toContain("04/01/2029");
    expect(after).toContain("đã có, còn hiệu lực");
  });
});
