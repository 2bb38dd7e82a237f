import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { formBody } from "../support/fixtures.js";
import { DURING, SET, VERSION, assign, council, createProduct, openRound, proposedDossier, reformEval, registration, review, sheetFor } from "./support.js";
import { loadRubric, scoreSheet, scoredItems } from "../../src/modules/rubrics/index.js";

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
    // A refused submit still keeps what was typed as the draft (issue 16, finding 6).
    expect(back).toContain("đã được lưu nháp");
    expect((await ok(c.chair.api("GET", api))).choices["9"]).toBe("none");
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

describe("the score sheet a council member wants (issue 16, finding 6)", () => {
  it("shows the producer's self-score and evidence beside each item, the star minimums in words, the progress, and keeps a partial save", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    // The producer scores itself, explains one item and files a certificate for 1.1.
    const d = await ok(w.producerMember.api("POST", "/api/dossiers", { productId, ...registration }), 201);
    const self = sheetFor(80);
    await ok(w.producerMember.api("PUT", `/api/dossiers/${d.id}/self-score`, { choices: self.choices, notes: { "1.1": "Vùng nguyên liệu của HTX, có hợp đồng liên kết" } }));
    const form = new FormData();
    form.set("criterionId", "1.1");
    form.set("note", "Hợp đồng liên kết 2026");
    form.set("file", new File([new TextEncoder().encode("%PDF-1.4\n% hợp đồng\n")], "hop-dong-lien-ket.pdf", { type: "application/pdf" }));
    expect((await t.app.request(`/api/dossiers/${d.id}/evidence`, { method: "POST", headers: w.producerMember.headers, body: form })).status).toBe(201);
    await ok(w.producerMember.api("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));

    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    const member = c.seats[1]!;
    const path = `/rounds/${round.id}/dossiers/${rdId}/sheet`;
    const headers = { cookie: member.headers.cookie!, accept: "text/html" };
    const rubric = loadRubric(VERSION, SET);
    const items = scoredItems(rubric);
    // What is left to score: every item but those a conditional or a stop leaves unassessed.
    const toScore = (choices: Record<string, string>) => items.length - scoreSheet(rubric, choices).notAssessed.length;
    let html = await (await t.app.request(path, { headers })).text();

    // No internal version id; the decision named instead. The markers said in words.
    expect(html).not.toContain(VERSION);
    expect(html).toContain("Quyết định số 26/2026/QĐ-TTg");
    expect(html).not.toMatch(/ · \*{3,5}\)/);
    expect(html).toContain("mức tối thiểu cho 3");
    expect(html).toContain("Cách đọc phiếu");
    // Progress from nothing.
    expect(html).toContain(`0 / ${toScore({})} tiêu chí đã chấm`);
    // The producer's side of item 1.1: its choice, its explanation, its file, which the member may open.
    const row = /<tr id="item-1\.1">(.*?)<\/tr>/s.exec(html)?.[1] ?? "";
    const chosen = items.find((i) => i.item.id === "1.1")!.item.options.find((o) => o.id === self.choices["1.1"])!;
    expect(row).toContain("Chủ thể tự chấm:");
    expect(row).toContain(chosen.text);
    expect(row).toContain("Vùng nguyên liệu của HTX, có hợp đồng liên kết");
    expect(row).toContain("hop-dong-lien-ket.pdf");
    expect(row).toContain("(Hợp đồng liên kết 2026)");
    const href = /href="([^"]+\/evidence\/\d+)"/.exec(row)?.[1];
    const file = await t.app.request(href!, { headers: { cookie: member.headers.cookie! } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    // Someone outside the round does not get it.
    const outsider = await council(t, w.province, 1);
    expect((await t.app.request(href!, { headers: { cookie: outsider.chair.headers.cookie! } })).status).toBe(404);

    // Save and go on: 12 items scored with a note typed; the page comes back at the first item left.
    const s = sheetFor(100);
    const fields: Record<string, string> = { intent: "save", "note:1.1": "Đã xem hợp đồng" };
    for (const [k, v] of Object.entries(s.choices).slice(0, 12)) fields[`choice:${k}`] = v;
    const res = await t.app.request(path, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: formBody(fields, { csrfToken: member.headers["x-csrf-token"]! }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${path}?done=saved#item-${Object.keys(s.choices)[12]}`);
    html = await (await t.app.request(`${path}?done=saved`, { headers })).text();
    const first12 = Object.fromEntries(Object.entries(s.choices).slice(0, 12));
    expect(html).toContain(`12 / ${toScore(first12)} tiêu chí đã chấm`);
    expect(html).toContain(">Đã xem hợp đồng</textarea>");

    // Submitting the partial sheet is refused (every item is required) and loses nothing.
    fields["intent"] = "submit";
    fields[`choice:${Object.keys(s.choices)[12]}`] = Object.values(s.choices)[12]!;
    const refused = await t.app.request(path, { method: "POST", headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body: formBody(fields, { csrfToken: member.headers["x-csrf-token"]! }) });
    expect(refused.status).toBe(400);
    const back = await refused.text();
    expect(back).toContain("Chưa chấm tiêu chí");
    expect(back).toContain(`13 / ${toScore(Object.fromEntries(Object.entries(s.choices).slice(0, 13)))} tiêu chí đã chấm`);
    const stored = await ok(member.api("GET", `/api/rounds/${round.id}/dossiers/${rdId}/sheet`));
    expect(stored.state).toBe("draft");
    expect(Object.keys(stored.choices)).toHaveLength(13);
    expect(stored.notes["1.1"]).toBe("Đã xem hợp đồng");
  });
});
