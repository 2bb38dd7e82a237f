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
