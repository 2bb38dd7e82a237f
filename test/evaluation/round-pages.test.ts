import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DURING, assign, council, createProduct, openRound, proposedDossier, reformEval, submit, type Person } from "./support.js";

/* The round "at a glance" for the chair, and the member who must submit before seeing the council's figures. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

const cookieOf = (p: Person) => p.headers.cookie!;
const csrfOf = (p: Person) => p.headers["x-csrf-token"]!;
const get = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: cookieOf(p) } });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};
const post = async (path: string, p: Person, fields: Record<string, string> = {}) => {
  const body = new URLSearchParams({ _csrf: csrfOf(p), ...fields }).toString();
  const res = await t.app.request(path, { method: "POST", headers: { cookie: cookieOf(p), "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
};

describe("round pages", () => {
  it("show the chair progress, spread and blockers, take the discussion note and finalise", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    const d = await proposedDossier(w, productId);
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);

    // Before anyone scores, a member sees only the way to the sheet.
    const member = c.seats[1]!;
    let page = await get(`/rounds/${round.id}`, member);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`/rounds/${round.id}/dossiers/${rdId}/sheet`);
    expect(page.html).toContain("sau khi bạn nộp phiếu");

    // Totals about 61 and 80: the spread exceeds the 10-point limit.
    for (const [i, seat] of c.seats.entries()) await ok(submit(seat, round.id, rdId, [61, 80, 65][i]!));
    const result = await ok(c.chair.api("GET", `/api/rounds/${round.id}/dossiers/${rdId}/result`));
    expect(result.council.spread).toBeGreaterThan(10);
    page = await get(`/rounds/${round.id}`, c.chair);
    expect(page.html).toContain("3 / 3");
    expect(page.html).toContain(new Intl.NumberFormat("vi-VN").format(result.council.officialScore));
    expect(page.html).toContain("Chưa chốt được kết quả");
    expect(page.html).toMatch(/<button type="submit" disabled="">Chốt kết quả/);

    const refused = await post(`/rounds/${round.id}/dossiers/${rdId}/finalise`, c.chair);
    expect(refused.status).toBe(409);
    const noted = await post(`/rounds/${round.id}/dossiers/${rdId}/discussion`, c.chair, { note: "Hội đồng thảo luận tiêu chí 1.2; các thành viên giữ điểm." });
    expect(noted.status).toBe(303);
    const final = await post(`/rounds/${round.id}/dossiers/${rdId}/finalise`, c.chair);
    expect(final.status).toBe(303);
    page = await get(`/rounds/${round.id}`, c.chair);
    expect(page.html).toContain("Đã chốt");
    expect(page.html).toContain(`/api/rounds/${round.id}/dossiers/${rdId}/minutes.pdf`);
    expect(page.html).toContain("★★★");
  });
});

describe("setting a round up from the pages", () => {
  it("opens a round, seats the council, assigns the waiting dossier; the chair eliminates it and finalises", async () => {
    const w = await reformEval(t);
    const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
    const c = await council(t, w.province, 3);

    // A council member cannot open rounds; the office sees the form with its province.
    expect((await get("/rounds/new", c.chair)).status).toBe(403);
    const form = await get("/rounds/new", w.office);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`value="${w.province.id}"`);
    const fields = { name: "Đợt 2 năm 2026", level: "province", unitId: String(w.province.id), opensOn: "2026-06-01", closesOn: "2026-06-30", rubricVersion: "qd-26-2026", quorumNumerator: "3", quorumDenominator: "4", divergenceLimit: "10", bandEdge: "1" };
    const bad = await post("/rounds/new", w.office, { ...fields, closesOn: "2026-05-01" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Ngày kết thúc phải sau ngày bắt đầu");
    const opened = await post("/rounds/new", w.office, fields);
    expect(opened.status).toBe(303);
    const roundId = Number(/\/rounds\/(\d+)\/setup/.exec(opened.location!)![1]);

    // Every council candidate of the province is offered; two chairs are refused with the reason.
    let setup = await get(`/rounds/${roundId}/setup`, w.office);
    for (const p of [...c.seats, c.secretary]) expect(setup.html).toContain(`seat:${p.userId}`);
    expect(setup.html).toContain(d.productName ?? "");
    const twoChairs = await post(`/rounds/${roundId}/council`, w.office, { [`seat:${c.seats[0]!.userId}`]: "chair", [`seat:${c.seats[1]!.userId}`]: "chair" });
    expect(twoChairs.status).toBe(400);
    expect(twoChairs.html).toContain("đúng một chủ tịch");
    const seats: Record<string, string> = { [`seat:${c.seats[0]!.userId}`]: "chair", [`seat:${c.seats[1]!.userId}`]: "member", [`seat:${c.seats[2]!.userId}`]: "member", [`seat:${c.secretary.userId}`]: "secretary" };
    expect((await post(`/rounds/${roundId}/council`, w.office, seats)).status).toBe(303);
    const round = await ok(w.office.api("GET", `/api/rounds/${roundId}`));
    expect(round.council).toHaveLength(4);
    expect((await post(`/rounds/${roundId}/assign`, w.office, { dossierIds: String(d.id) })).status).toBe(303);
    setup = await get(`/rounds/${roundId}/setup`, w.office);
    expect(setup.html).toContain("Không có hồ sơ nào đang chờ");

    // The chair eliminates under E1 from the round page and finalises without a quorum.
    const [{ id: rdId }] = (await ok(c.chair.api("GET", `/api/rounds/${roundId}/dossiers`))).items;
    let page = await get(`/rounds/${roundId}`, c.chair);
    expect(page.html).toContain("Loại hồ sơ theo quy định");
    expect((await post(`/rounds/${roundId}/dossiers/${rdId}/elimination`, c.chair, { ruleId: "E1" })).status).toBe(400);
    expect((await post(`/rounds/${roundId}/dossiers/${rdId}/elimination`, c.chair, { ruleId: "E1", note: "Thiếu giấy chứng nhận ATTP" })).status).toBe(303);
    expect((await post(`/rounds/${roundId}/dossiers/${rdId}/finalise`, c.chair)).status).toBe(303);
    page = await get(`/rounds/${roundId}`, c.chair);
    expect(page.html).toContain("Đã chốt");
    expect(page.html).toContain("Thiếu giấy chứng nhận ATTP");
  });

  it("lets the office seat an acting chair when the chair is conflicted", async () => {
    const w = await reformEval(t);
    const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/conflicts`, { reason: "Vợ là thành viên HTX" }), 201);
    const page = await get(`/rounds/${round.id}`, w.office);
    expect(page.html).toContain("Cử người chủ trì thay");
    const seated = await post(`/rounds/${round.id}/dossiers/${rdId}/acting-chair`, w.office, { userId: c.seats[1]!.userId, reason: "Quyết định ủy quyền số 12" });
    expect(seated.status).toBe(303);
    const memberPage = await get(`/rounds/${round.id}`, c.seats[1]!);
    expect(memberPage.html).toContain("Loại hồ sơ theo quy định");
  });
});
