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
