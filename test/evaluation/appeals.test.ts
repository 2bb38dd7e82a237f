import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { council, openRound, person, reformEval, submit } from "./support.js";
import { decisionBody, finalResult } from "../certificates/support.js";
import { appealLastDay, appealPeriodProblem, rescoreSeatConflicts } from "../../src/domain/appeal-period.js";

/*
 * Appeals of a council result: filed by the producer within the period after publication, decided by the office
 * (re-scored by members who did not score it, another remedy, or rejected), all audited and on the dossier page.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const at = (iso: string) => t.clock.set(iso);

describe("the appeal period (domain rule)", () => {
  it("runs 90 days from the day after publication, to the end of the last day in Vietnam", () => {
    // Published 1 June 2026 at 10:00 Vietnam time: last day 30 August.
    const published = new Date("2026-06-01T03:00:00Z");
    expect(appealLastDay(published)).toBe("2026-08-30");
    expect(appealPeriodProblem(published, new Date("2026-08-30T16:59:00Z"))).toBeNull(); // 23:59 on 30 Aug in Vietnam
    expect(appealPeriodProblem(published, new Date("2026-08-30T17:00:00Z"))?.vi).toContain("30/08/2026"); // 00:00 on 31 Aug
    // Published at 23:30 on 31 May Vietnam time (16:30 UTC): the Vietnam day counts, not the UTC one.
    expect(appealLastDay(new Date("2026-05-31T16:30:00Z"))).toBe("2026-08-29");
    expect(appealLastDay(published, 30)).toBe("2026-07-01");
  });
  it("names the re-scoring seats that scored the appealed result", () => {
    expect(rescoreSeatConflicts(["a", "b"], ["c", "b", "d"])).toEqual(["b"]);
    expect(rescoreSeatConflicts(["a"], ["c", "d"])).toEqual([]);
  });
});

describe("appeals of a result", () => {
  it("upheld: re-scored by a council that did not score it, whose result replaces the old one", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 60); // 3★ at the province
    const appeal = await ok(w.producerMember.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: r.rdId, grounds: "Tiêu chí 1.2 đã có hợp đồng liên kết nhưng Hội đồng chưa xem xét." }), 201);
    expect(appeal.state).toBe("filed");
    // While it waits, the result cannot be recognised.
    expect((await ok(w.office.api("GET", "/api/decisions/pending-results"))).items.map((i: { rdId: number }) => i.rdId)).not.toContain(r.rdId);
    expect((await w.office.api("POST", "/api/decisions", decisionBody(w, [r.rdId], { decidedOn: "2026-06-10" }))).status).toBe(400);
    // A second appeal of the same result is refused.
    expect((await w.producerMember.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: r.rdId, grounds: "Lần hai" })).status).toBe(409);

    // The office may not seat the old council for the re-score.
    const oldSheets = await ok(w.office.api("GET", `/api/appeals?state=filed`));
    expect(oldSheets.items.map((a: { id: number }) => a.id)).toContain(appeal.id);
    const fresh = await council(t, w.province, 3);
    const day = (o: number) => new Date(t.clock.now().getTime() + o * 86_400_000).toISOString().slice(0, 10);
    const round = await openRound(w.office, w.province.id, "province", fresh, { opensOn: day(-1), closesOn: day(20), name: "Đợt chấm lại theo khiếu nại" });
    const decided = await ok(w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "rescore", reason: "Căn cứ khiếu nại có cơ sở: hợp đồng liên kết chưa được xem xét.", roundId: round.id }));
    expect(decided.state).toBe("rescoring");
    const newRd = decided.rescore.roundDossierId as number;
    expect(newRd).toBeGreaterThan(r.rdId);

    // The new council scores higher; the result is computed by the same council rules and closes the appeal.
    for (const [i, seat] of fresh.seats.entries()) await ok(submit(seat, round.id, newRd, 84 + [0, 1, 2][i]!));
    const fin = await ok(fresh.chair.api("POST", `/api/rounds/${round.id}/dossiers/${newRd}/finalise`, {}));
    expect(fin.final).toBe(true);
    const after = await ok(w.producerMember.api("GET", `/api/dossiers/${r.dossierId}/appeals`));
    expect(after.items[0].state).toBe("rescored");
    expect(after.items[0].rescore.stars).toBe(4);
    expect(after.items[0].rescore.officialScore).toBe(85);
    expect(after.items[0].reason).toContain("hợp đồng liên kết");
    // The re-score's result is the one recognised; the appealed one no longer is.
    const pending = (await ok(w.office.api("GET", "/api/decisions/pending-results"))).items.map((i: { rdId: number }) => i.rdId);
    expect(pending).toContain(newRd);
    expect(pending).not.toContain(r.rdId);
    // A re-score's result is not appealed again here.
    expect((await w.producerMember.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: newRd, grounds: "Khiếu nại lại" })).status).toBe(409);
    // The producer sees the appeal and its decision on the dossier page.
    const html = await (await t.app.request(`/dossiers/${r.dossierId}`, { headers: { ...w.producerMember.headers, accept: "text/html" } })).text();
    expect(html).toContain("Khiếu nại kết quả");
    expect(html).toContain("Đã chấm lại, kết quả mới thay thế");
    // Audited.
    const audit = await ok(w.office.api("GET", `/api/audit?subjectType=result_appeal&subjectId=${appeal.id}`));
    expect(audit.items.map((x: { action: string }) => x.action).sort()).toEqual(["appeal.decide", "appeal.file", "appeal.rescored"]);
  });

  it("refuses a re-scoring council holding a member who scored the result", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 60);
    const appeal = await ok(w.producerMember.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: r.rdId, grounds: "Điểm phần B chưa đúng." }), 201);
    const sheets = await ok(w.office.api("GET", `/api/rounds/${(await ok(w.office.api("GET", `/api/appeals?state=filed`))).items.find((a: { id: number }) => a.id === appeal.id).roundId}/dossiers/${r.rdId}/sheets`));
    const scorer = sheets.items[0].userId as string;
    const fresh = await council(t, w.province, 2);
    const body = { members: [...fresh.body.members, { userId: scorer, role: "member" }] };
    const day = (o: number) => new Date(t.clock.now().getTime() + o * 86_400_000).toISOString().slice(0, 10);
    const round = await openRound(w.office, w.province.id, "province", { body }, { opensOn: day(-1), closesOn: day(20) });
    const refused = await w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "rescore", reason: "Chấm lại", roundId: round.id });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain("chưa chấm");
    // With a clean council it is accepted; re-seating the scorer afterwards is refused.
    await ok(w.office.api("PUT", `/api/rounds/${round.id}/council`, fresh.body));
    await ok(w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "rescore", reason: "Chấm lại", roundId: round.id }));
    expect((await w.office.api("PUT", `/api/rounds/${round.id}/council`, body)).status).toBe(400);
  });

  it("rejected with reasons, or upheld with another remedy; audited and shown to the producer", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 60);
    const appeal = await ok(w.producerMember.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: r.rdId, grounds: "Hội đồng chấm thấp." }), 201);
    // Reasons are required; a remedy needs its text.
    expect((await w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "reject", reason: "" })).status).toBe(400);
    expect((await w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "other_remedy", reason: "Có cơ sở" })).status).toBe(400);
    expect((await w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "rescore", reason: "Có cơ sở" })).status).toBe(400);
    const rejected = await ok(w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "reject", reason: "Các phiếu chấm thống nhất, không có căn cứ chấm lại." }));
    expect(rejected.state).toBe("rejected");
    expect((await w.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "reject", reason: "Lần nữa" })).status).toBe(409);
    const seen = await ok(w.producerMember.api("GET", `/api/dossiers/${r.dossierId}/appeals`));
    expect(seen.items[0]).toMatchObject({ state: "rejected", outcome: "reject", reason: "Các phiếu chấm thống nhất, không có căn cứ chấm lại." });
    expect(seen.appealable).toBeNull();
    // The rejected result can be recognised again.
    expect((await ok(w.office.api("GET", "/api/decisions/pending-results"))).items.map((i: { rdId: number }) => i.rdId)).toContain(r.rdId);
    const html = await (await t.app.request(`/dossiers/${r.dossierId}`, { headers: { ...w.producerMember.headers, accept: "text/html" } })).text();
    expect(html).toContain("Các phiếu chấm thống nhất");
  });

  it("refuses a late appeal with a 4xx naming the last day, and accepts one on the last day", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 60); // finalised on DURING (10 June 2026): last day 8 September
    const options = await ok(w.producerMember.api("GET", `/api/dossiers/${r.dossierId}/appeals`));
    expect(options.appealable).toEqual({ roundDossierId: r.rdId, lastDay: "2026-09-08" });
    at("2026-09-08T17:00:00Z"); // 00:00 on 9 September in Vietnam
    const late = await person(t, ["producer_member", w.producer]);
    const res = await late.api("POST", `/api/dossiers/${r.dossierId}/appeals`, { roundDossierId: r.rdId, grounds: "Khiếu nại muộn" });
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain("08/09/2026");
    expect((await ok(late.api("GET", `/api/dossiers/${r.dossierId}/appeals`))).appealable).toBeNull();

    const w2 = await reformEval(t);
    const r2 = await finalResult(t, w2, 60);
    at("2026-09-08T16:59:00Z"); // 23:59 on 8 September
    const inTime = await person(t, ["producer_member", w2.producer]);
    expect((await inTime.api("POST", `/api/dossiers/${r2.dossierId}/appeals`, { roundDossierId: r2.rdId, grounds: "Kịp hạn" })).status).toBe(201);
  });

  it("validates and checks permissions", async () => {
    const w = await reformEval(t);
    const r = await finalResult(t, w, 60);
    const path = `/api/dossiers/${r.dossierId}/appeals`;
    expect((await w.producerMember.api("POST", path, { roundDossierId: r.rdId, grounds: "  " })).status).toBe(400);
    expect((await w.producerMember.api("POST", path, { roundDossierId: r.rdId, grounds: "x", extra: 1 })).status).toBe(400);
    expect((await w.producerMember.api("POST", path, { roundDossierId: 999999, grounds: "Không có" })).status).toBe(400);
    // Neither the office, the commune nor another producer files the producer's appeal.
    expect((await w.office.api("POST", path, { roundDossierId: r.rdId, grounds: "Thay chủ thể" })).status).toBe(403);
    expect((await w.communeOfficer.api("POST", path, { roundDossierId: r.rdId, grounds: "Thay chủ thể" })).status).toBe(403);
    const other = await reformEval(t);
    expect((await other.producerMember.api("POST", path, { roundDossierId: r.rdId, grounds: "Người khác" })).status).toBe(404);
    const appeal = await ok(w.producerMember.api("POST", path, { roundDossierId: r.rdId, grounds: "Đúng người" }), 201);
    // Only the office of the round's province decides; another province's office does not see it.
    expect((await w.producerMember.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "reject", reason: "Tự quyết" })).status).toBe(403);
    expect((await other.office.api("POST", `/api/appeals/${appeal.id}/decision`, { outcome: "reject", reason: "Tỉnh khác" })).status).toBe(404);
    expect((await other.office.api("GET", "/api/appeals")).body.items.map((a: { id: number }) => a.id)).not.toContain(appeal.id);
    expect((await w.producerMember.api("GET", "/api/appeals")).status).toBe(403);
  });
});
