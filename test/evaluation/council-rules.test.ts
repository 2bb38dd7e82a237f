import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DURING, assign, council, createProduct, openRound, proposedDossier, reformEval, sheetFor, submit } from "./support.js";

/* The council's rules through the API: conflicts, independence, locking and reopening, quorum, divergence. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

/** A province round of `n` scoring seats with one proposed dossier in it. */
async function roundWithDossier(n: number) {
  const w = await reformEval(t);
  const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
  const c = await council(t, w.province, n);
  const round = await openRound(w.office, w.province.id, "province", c);
  const rdId = await assign(w.office, round.id, d.id);
  const base = `/api/rounds/${round.id}/dossiers/${rdId}`;
  return { w, c, round, rdId, base, d };
}

describe("conflicts of interest", () => {
  it("hide the dossier from the conflicted member, take them out of the quorum, and a chair's waiver brings them back", async () => {
    const { c, round, rdId, base } = await roundWithDossier(4);
    const [chair, m1, m2, m3] = c.seats as [typeof c.chair, typeof c.chair, typeof c.chair, typeof c.chair];
    expect((await m3.api("POST", `${base}/conflicts`, {})).status).toBe(400);
    await ok(m3.api("POST", `${base}/conflicts`, { reason: "Là thành viên HTX nộp hồ sơ" }), 201);
    expect((await m3.api("GET", base)).status).toBe(404);
    expect((await m3.api("GET", `${base}/sheet`)).status).toBe(404);
    expect((await submit(m3, round.id, rdId, 80)).status).toBe(404);
    const listed = await ok(m3.api("GET", `/api/rounds/${round.id}/dossiers`));
    expect(listed.items[0]).toMatchObject({ myConflict: true });

    // Three of the three members without a conflict score: the quorum (3/4 of 3 → 3) is met without m3.
    for (const [i, s] of [chair, m1, m2].entries()) await ok(submit(s, round.id, rdId, [75, 76, 77][i]!));
    const result = await ok(chair.api("GET", `${base}/result`));
    expect(result.canFinalise).toBe(true);

    // The chair can waive; the member then sees the dossier again.
    const conflicts = await ok(chair.api("GET", `${base}/conflicts`));
    expect((await chair.api("POST", `${base}/conflicts/${conflicts.items[0].id}/waiver`, {})).status).toBe(400);
    expect((await m1.api("POST", `${base}/conflicts/${conflicts.items[0].id}/waiver`, { reason: "x" })).status).toBe(403);
    await ok(chair.api("POST", `${base}/conflicts/${conflicts.items[0].id}/waiver`, { reason: "Đã rút khỏi HTX từ 2024" }));
    await ok(m3.api("GET", base));
    // Now m3 counts again: 3 of 4 submitted still meets 3/4.
    expect((await ok(chair.api("GET", `${base}/result`))).canFinalise).toBe(true);
  });
});

describe("independent scoring", () => {
  it("hides the others' sheets until one's own is submitted, and locks a submitted sheet", async () => {
    const { c, round, rdId, base } = await roundWithDossier(3);
    const [chair, m1] = c.seats as [typeof c.chair, typeof c.chair];
    await ok(submit(chair, round.id, rdId, 70));
    const { total: _total, ...draft } = sheetFor(60);
    await ok(m1.api("PUT", `${base}/sheet`, draft));
    expect((await m1.api("GET", `${base}/sheets`)).status).toBe(409);
    expect((await m1.api("GET", `${base}/result`)).status).toBe(409);
    // The chair sees submitted sheets but never another's draft.
    const seen = await ok(chair.api("GET", `${base}/sheets`));
    expect(seen.items.map((s: any) => s.userId)).toEqual([chair.userId]);
    // Points withheld without a note are refused.
    const noNotes = await m1.api("POST", `${base}/sheet/submit`, { choices: draft.choices, notes: {} });
    expect(noNotes.status).toBe(400);
    await ok(m1.api("POST", `${base}/sheet/submit`, draft));
    expect((await ok(m1.api("GET", `${base}/sheets`))).items).toHaveLength(2);
    expect((await m1.api("PUT", `${base}/sheet`, draft)).status).toBe(409);
    // The secretary does not score.
    expect((await submit(c.secretary, round.id, rdId, 70)).status).toBe(403);
  });

  it("lets only the chair reopen a sheet, with a reason, and keeps the old values in the history", async () => {
    const { c, round, rdId, base } = await roundWithDossier(3);
    const [chair, m1] = c.seats as [typeof c.chair, typeof c.chair];
    const first = await ok(submit(m1, round.id, rdId, 65));
    expect((await m1.api("POST", `${base}/sheets/${first.id}/reopen`, { reason: "Tôi muốn sửa" })).status).toBe(403);
    expect((await chair.api("POST", `${base}/sheets/${first.id}/reopen`, {})).status).toBe(400);
    const reopened = await ok(chair.api("POST", `${base}/sheets/${first.id}/reopen`, { reason: "Chấm nhầm tiêu chí 9" }));
    expect(reopened).toMatchObject({ state: "draft", version: 2 });
    const second = await ok(submit(m1, round.id, rdId, 68));
    expect(second.total).not.toBe(first.total);
    const history = await ok(m1.api("GET", `${base}/sheets/${first.id}/history`));
    expect(history.items).toEqual([expect.objectContaining({ version: 1, total: first.total, reason: "Chấm nhầm tiêu chí 9", choices: first.choices })]);
  });
});

describe("finalising", () => {
  it("is refused until the quorum is met", async () => {
    const { c, round, rdId, base } = await roundWithDossier(4);
    const [chair, m1] = c.seats as [typeof c.chair, typeof c.chair];
    await ok(submit(chair, round.id, rdId, 75));
    await ok(submit(m1, round.id, rdId, 76));
    const refused = await chair.api("POST", `${base}/finalise`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("cannot-finalise");
    expect(refused.body.reasons.length).toBeGreaterThan(0);
    expect((await m1.api("POST", `${base}/finalise`, {})).status).toBe(403);
  });

  it("needs a recorded discussion when totals diverge beyond the limit", async () => {
    const { c, round, rdId, base } = await roundWithDossier(3);
    for (const [i, s] of c.seats.entries()) await ok(submit(s, round.id, rdId, [60, 75, 66][i]!));
    const refused = await c.chair.api("POST", `${base}/finalise`, {});
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body.reasons)).toMatch(/diverg/i);
    expect((await c.seats[1]!.api("POST", `${base}/discussion`, { note: "x" })).status).toBe(403);
    await ok(c.chair.api("POST", `${base}/discussion`, { note: "Hội đồng thảo luận tiêu chí 4.1 và 8; các thành viên giữ nguyên điểm." }));
    const final = await ok(c.chair.api("POST", `${base}/finalise`, {}));
    expect(final).toMatchObject({ final: true, discussionNote: expect.stringContaining("thảo luận") });
    expect((await c.chair.api("POST", `${base}/discussion`, { note: "sau" })).status).toBe(409);
  });
});

describe("a conflicted chair", () => {
  it("hands the chair's steps to the acting chair the office seats, who also counts as the chair in the quorum", async () => {
    const { w, c, round, rdId, base } = await roundWithDossier(4);
    const [chair, m1, m2, m3] = c.seats as [typeof c.chair, typeof c.chair, typeof c.chair, typeof c.chair];
    // No acting chair while the chair is not conflicted.
    expect((await w.office.api("PUT", `${base}/acting-chair`, { userId: m1.userId, reason: "x" })).status).toBe(409);
    await ok(chair.api("POST", `${base}/conflicts`, { reason: "Người thân là giám đốc cơ sở" }), 201);
    for (const [i, s] of [m1, m2, m3].entries()) await ok(submit(s, round.id, rdId, [70.5, 72, 71][i]!));
    const blocked = await ok(w.office.api("GET", `${base}/result`));
    expect(blocked.canFinalise).toBe(false);
    expect(blocked.reasons.map((r: { code: string }) => r.code)).toContain("chair_recused");
    expect(blocked.chairId).toBe(chair.userId);

    // Only the office seats, only a non-conflicted scoring member, and with a reason.
    expect((await m1.api("PUT", `${base}/acting-chair`, { userId: m1.userId, reason: "Ủy quyền" })).status).toBe(403);
    expect((await w.office.api("PUT", `${base}/acting-chair`, { userId: c.secretary.userId, reason: "Ủy quyền" })).status).toBe(400);
    expect((await w.office.api("PUT", `${base}/acting-chair`, { userId: m1.userId })).status).toBe(400);
    const seated = await ok(w.office.api("PUT", `${base}/acting-chair`, { userId: m1.userId, reason: "Chủ tịch ủy quyền cho Phó Chủ tịch chủ trì hồ sơ này" }));
    expect(seated).toMatchObject({ chairId: m1.userId, actingChair: true, canFinalise: true });

    // The council's chair cannot act on it; the acting chair can.
    expect((await chair.api("POST", `${base}/finalise`, {})).status).toBe(404);
    expect((await m2.api("POST", `${base}/finalise`, {})).status).toBe(403);
    const final = await ok(m1.api("POST", `${base}/finalise`, {}));
    expect(final.final).toBe(true);
    const minutes = await t.app.request(`${base}/minutes.pdf`, { headers: m1.headers });
    expect(minutes.status).toBe(200);
    const audit = await ok(w.office.api("GET", "/api/audit?action=round.acting_chair"));
    expect(JSON.stringify(audit)).toContain("Chủ tịch ủy quyền");
  });
});

describe("elimination", () => {
  it("is recorded by the chair under one of the set's rules with grounds, ranks no star and needs no quorum", async () => {
    const { w, c, round, rdId, base, d } = await roundWithDossier(3);
    expect((await c.seats[1]!.api("PUT", `${base}/elimination`, { ruleId: "E1", note: "x" })).status).toBe(403);
    expect((await c.chair.api("PUT", `${base}/elimination`, { ruleId: "E9", note: "Hồ sơ giả mạo" })).status).toBe(400);
    expect((await c.chair.api("PUT", `${base}/elimination`, { ruleId: "E1" })).status).toBe(400);
    expect((await c.chair.api("PUT", `${base}/elimination`, { ruleId: null, note: "rút" })).status).toBe(409);

    // Recorded, withdrawn, recorded again: each step audited.
    await ok(c.chair.api("PUT", `${base}/elimination`, { ruleId: "E1", note: "Giấy chứng nhận ATTP đã hết hạn" }));
    const withdrawn = await ok(c.chair.api("PUT", `${base}/elimination`, { ruleId: null, note: "Cơ sở xuất trình giấy còn hạn" }));
    expect(withdrawn.elimination).toBeNull();
    const recorded = await ok(c.chair.api("PUT", `${base}/elimination`, { ruleId: "E1", note: "Giấy chứng nhận cơ sở đủ điều kiện ATTP không có trong hồ sơ" }));
    expect(recorded).toMatchObject({ canFinalise: true, elimination: { ruleId: "E1", note: expect.stringContaining("ATTP") } });
    expect(recorded.elimination.rule).toContain("Hồ sơ bị loại khi");

    // Only the chair has scored: no quorum, yet the eliminated dossier may be finalised, with no star.
    await ok(submit(c.chair, round.id, rdId, 95));
    const final = await ok(c.chair.api("POST", `${base}/finalise`, {}));
    expect(final.final).toBe(true);
    expect(final.stars).toMatchObject({ stars: 0, certifiable: false, forwardTo: null });
    expect((await c.chair.api("PUT", `${base}/elimination`, { ruleId: null, note: "muộn" })).status).toBe(409);
    const dossier = await ok(w.office.api("GET", `/api/dossiers/${d.id}`));
    expect(dossier.state).toBe("decided");
    const fb = await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}/feedback`));
    expect(fb.rounds[0]).toMatchObject({ stars: null, elimination: { ruleId: "E1" } });
    const actions = (await ok(w.office.api("GET", "/api/audit?subjectType=round_dossier"))).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["round.eliminate", "round.elimination_withdrawn", "round.finalise"]));
    expect((await ok(w.office.api("GET", "/api/audit/verify"))).ok).toBe(true);
  });

  it("finalises with no sheet at all: the minutes show no score and the rule", async () => {
    const { c, base } = await roundWithDossier(3);
    await ok(c.chair.api("PUT", `${base}/elimination`, { ruleId: "E1", note: "Hồ sơ đăng ký không đúng quy định" }));
    const final = await ok(c.chair.api("POST", `${base}/finalise`, {}));
    expect(final).toMatchObject({ final: true, stars: { stars: 0, certifiable: false } });
    const res = await t.app.request(`${base}/minutes.pdf`, { headers: c.chair.headers });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/pdf");
  });
});
