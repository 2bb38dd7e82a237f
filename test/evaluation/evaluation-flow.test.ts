import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEADLINES, ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DURING, assign, council, createProduct, openRound, proposedDossier, reformEval, seedsEval, sheetFor, submit } from "./support.js";

/*
 * The issue's "done when" for evaluation: a dossier walks from filing through a district council to a
 * province council that scores afresh (seeds' chain), and through a province council alone (after the
 * reform); the producer gets feedback without names and the audit chain verifies.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

describe("commune → district → province", () => {
  it("files, self-scores, is proposed, scored ≥ 50 by the district, forwarded and scored afresh by the province", async () => {
    const w = await seedsEval(t);
    const cycle = await ok(w.office.api("POST", "/api/cycles", { year: 2026, chain: "commune-district-province", deadlines: DEADLINES }), 201);
    const productId = await createProduct(t, w.commune, w.producer.id, cycle.id);

    // The producer's self-score shows what is missing and which minimums are not met while writing.
    const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, kind: "first", representativeName: "Nguyễn Thị Hoa", representativePosition: "Giám đốc", phone: "0912345678" }), 201);
    expect(d).toMatchObject({ state: "draft", rubricVersion: "qd-26-2026", chain: "commune-district-province", editable: true, actions: ["submit"] });
    const partial = await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: Object.fromEntries(Object.entries(sheetFor(100).choices).slice(0, 1)) }));
    expect(partial.selfScore.missing.length).toBeGreaterThan(10);
    expect(partial.selfScore.unmetStarMinimums["3"].length).toBeGreaterThan(0);
    const submitTooEarly = await w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" });
    expect(submitTooEarly.status).toBe(409);
    const full = sheetFor(82);
    const scored = await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: full.choices, notes: full.notes }));
    expect(scored.selfScore).toMatchObject({ total: full.total, missing: [] });

    // Evidence attached to a criterion, checked by content.
    const withEvidence = await uploadEvidence(t, w.producerMember, d.id, "1.2");
    expect(withEvidence.evidence).toEqual([expect.objectContaining({ criterionId: "1.2", name: "vietgap.pdf", contentType: "application/pdf" })]);
    expect((await uploadEvidence(t, w.producerMember, d.id, "99.9", 400)).code).toBe("validation");

    await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    // The commune returns it once (reason required), then reports and proposes.
    expect((await w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "return" })).status).toBe(400);
    await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "return", reason: "Bổ sung giấy chứng nhận ATTP" }));
    expect((await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "resubmit" }))).attempt).toBe(2);
    expect((await w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" })).status).toBe(409);
    await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, { localRawMaterials: "Gạo của xã", localLabour: "10 lao động", ideaOrigin: "Làng nghề", localIdentity: "Bản sắc làng", opinion: "Đề nghị đánh giá" }));
    const proposed = await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    expect(proposed).toMatchObject({ state: "proposed", awaitingLevel: "district" });

    // District round, 4 scoring seats.
    const districtCouncil = await council(t, w.tree.districts[0], 4);
    const districtRound = await openRound(w.office, w.tree.districts[0].id, "district", districtCouncil);
    const provinceCouncil = await council(t, w.tree.province, 4);
    const provinceRound = await openRound(w.office, w.tree.province.id, "province", provinceCouncil);
    // A proposed dossier waits for the district, not the province.
    expect((await w.office.api("POST", `/api/rounds/${provinceRound.id}/dossiers`, { dossierIds: [d.id] })).status).toBe(409);
    const rdId = await assign(w.office, districtRound.id, d.id);

    const targets = [72, 74, 71, 75];
    for (const [i, seat] of districtCouncil.seats.entries()) await ok(submit(seat, districtRound.id, rdId, targets[i]!));
    const result = await ok(districtCouncil.chair.api("GET", `/api/rounds/${districtRound.id}/dossiers/${rdId}/result`));
    expect(result.canFinalise).toBe(true);
    const final = await ok(districtCouncil.chair.api("POST", `/api/rounds/${districtRound.id}/dossiers/${rdId}/finalise`, { forwardRoundId: provinceRound.id }));
    expect(final).toMatchObject({ final: true, auditHash: expect.stringMatching(/^[0-9a-f]{64}$/), forwardedRoundDossierId: expect.any(Number) });
    expect((await districtCouncil.chair.api("POST", `/api/rounds/${districtRound.id}/dossiers/${rdId}/finalise`, {})).status).toBe(409);

    // The province's council starts from empty sheets: the dossier travelled, not the scores.
    const provinceRd = final.forwardedRoundDossierId;
    const fresh = await ok(provinceCouncil.chair.api("GET", `/api/rounds/${provinceRound.id}/dossiers/${provinceRd}/sheet`));
    expect(fresh).toMatchObject({ state: "draft", total: 0, choices: {} });
    for (const [i, seat] of provinceCouncil.seats.entries()) await ok(submit(seat, provinceRound.id, provinceRd, [80, 78, 82, 79][i]!));
    const provinceFinal = await ok(provinceCouncil.chair.api("POST", `/api/rounds/${provinceRound.id}/dossiers/${provinceRd}/finalise`, {}));
    expect(provinceFinal.final).toBe(true);
    expect((await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}`))).state).toBe("decided");

    // Feedback: per final round, part means and notes, no member names or ids.
    const feedback = await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}/feedback`));
    expect(feedback.rounds.map((r: any) => r.level)).toEqual(["district", "province"]);
    expect(feedback.rounds[0]).toMatchObject({ forwardTo: "province", partMeans: { A: expect.any(Number), B: expect.any(Number), C: expect.any(Number) } });
    expect(feedback.rounds[1].notes.length).toBeGreaterThan(0);
    const text = JSON.stringify(feedback);
    for (const s of [...districtCouncil.seats, ...provinceCouncil.seats]) expect(text).not.toContain(s.userId);

    const verify = await ok(w.office.api("GET", "/api/audit/verify"));
    expect(verify.ok).toBe(true);
  });
});

describe("commune → province (after the reform)", () => {
  it("goes from the commune's proposal straight to a province round", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await proposedDossier(w, productId);
    expect(d).toMatchObject({ chain: "commune-province", awaitingLevel: "province" });
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    for (const [i, seat] of c.seats.entries()) await ok(submit(seat, round.id, rdId, [60, 62, 61][i]!));
    const final = await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/finalise`, {}));
    expect(final.final).toBe(true);
    const fb = await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}/feedback`));
    expect(fb.rounds).toHaveLength(1);
    expect((await ok(w.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });
});

async function uploadEvidence(t: TestApp, who: { headers: Record<string, string> }, dossierId: number, criterionId: string, status = 201) {
  const form = new FormData();
  form.set("criterionId", criterionId);
  form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% VietGAP\n")], "vietgap.pdf", { type: "application/pdf" }));
  const res = await t.app.request(`/api/dossiers/${dossierId}/evidence`, { method: "POST", headers: who.headers, body: form });
  expect(res.status, await res.clone().text()).toBe(status);
  return res.json();
}
