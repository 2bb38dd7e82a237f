import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { formBody } from "../support/fixtures.js";
import { DURING, assign, council, createProduct, openRound, proposedDossier, reformEval, sheetFor } from "./support.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

describe("the scoring page", () => {
  it("shows one row per criterion with radio options, saves a draft without JavaScript and shows the running total", async () => {
    const w = await reformEval(t);
    const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    const path = `/rounds/${round.id}/dossiers/${rdId}/sheet`;
    const headers = { cookie: c.chair.headers.cookie!, accept: "text/html" };
    const html = await (await t.app.request(path, { headers })).text();
    expect(html).toContain('type="radio"');
    expect(html).toContain("Còn thiếu");
    const s = sheetFor(100);
    const fields: Record<string, string> = { intent: "save" };
    for (const [k, v] of Object.entries(s.choices).slice(0, 3)) fields[`choice:${k}`] = v;
    const res = await t.app.request(path, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: formBody(fields, { csrfToken: c.chair.headers["x-csrf-token"]! }) });
    expect(res.status).toBe(303);
    const sheet = await ok(c.chair.api("GET", `/api/rounds/${round.id}/dossiers/${rdId}/sheet`));
    expect(Object.keys(sheet.choices)).toHaveLength(3);
    expect(sheet.total).toBeGreaterThan(0);
    const after = await (await t.app.request(`${path}?done=saved`, { headers })).text();
    expect(after).toContain(`${sheet.total}</strong>`.replace(/^/, ""));
  });
});

describe("none applies, stop rules and conditional items on the council sheet (issue 12)", () => {
  it("offers them on the page, says the rules beside their items, and the API accepts and applies them", async () => {
    const w = await reformEval(t);
    const d = await proposedDossier(w, await createProduct(t, w.commune, w.producer.id, null));
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    const path = `/rounds/${round.id}/dossiers/${rdId}/sheet`;
    const api = `/api/rounds/${round.id}/dossiers/${rdId}/sheet`;
    const headers = { cookie: c.chair.headers.cookie!, accept: "text/html" };
    const html = await (await t.app.request(path, { headers })).text();
    // Set 6: every item offers "none applies"; 6.1 carries the impurity stop rule and 5.2 the story condition.
    expect(html).toContain('name="choice:9" value="none"');
    expect(html).toContain("Không có phương án phù hợp");
    expect(html).toContain('name="choice:6.1" value="stop"');
    expect(html).toContain("Quy tắc dừng");
    expect(html).toContain("Tiêu chí có điều kiện");
    expect(html).toContain("chỉ chấm khi tiêu chí 5.1 được trên 0 điểm");

    // The form takes "none applies": 0 points, and without a note the sheet does not submit.
    const s = sheetFor(100);
    const fields: Record<string, string> = { intent: "submit" };
    for (const [k, v] of Object.entries({ ...s.choices, "9": "none" })) fields[`choice:${k}`] = v;
    const res = await t.app.request(path, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: formBody(fields, { csrfToken: c.chair.headers["x-csrf-token"]! }) });
    expect(res.status).toBe(400);
    const back = await res.text();
    expect(back).toContain("không có phương án phù hợp, ghi rõ lý do");
    // (A failed submit saves nothing; the draft is saved with "Lưu nháp".)
    const saved = await t.app.request(path, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: formBody({ ...fields, intent: "save" }, { csrfToken: c.chair.headers["x-csrf-token"]! }) });
    expect(saved.status).toBe(303);
    let sheet = await ok(c.chair.api("GET", api));
    expect(sheet.choices["9"]).toBe("none");
    expect(sheet.missing).toEqual([]);
    expect(sheet.unmetStarMinimums["3"]).toContain("9");

    // The API: a stop at 6.1 leaves the later items unassessed (0) and shown as such on the page.
    sheet = await ok(c.chair.api("PUT", api, { choices: { ...s.choices, "6.1": "stop", "5.1": "5.1.a" }, notes: { "6.1": "Có lông, côn trùng", "5.1": "Chưa có câu chuyện" } }));
    expect(sheet.notAssessed[0]).toEqual({ item: "5.2", reason: "not-applicable", by: "5.1" });
    expect(sheet.notAssessed.filter((n: { reason: string }) => n.reason === "stopped")[0]).toEqual({ item: "6.2", reason: "stopped", by: "6.1" });
    const page = await (await t.app.request(path, { headers })).text();
    expect(page).toContain("Không đánh giá: đã dừng đánh giá tại tiêu chí 6.1");
    expect(page).toContain("Không áp dụng: tiêu chí 5.1 được 0 điểm");
    // "stop" on an item that prints no declared stop rule is refused as any unknown option is.
    const bad = await c.chair.api("PUT", api, { choices: { ...s.choices, "1.1": "stop" } });
    expect(bad.status).toBe(400);
    const submitted = await c.chair.api("POST", `${api}/submit`, {});
    expect(submitted.status).toBe(200);
  });
});
