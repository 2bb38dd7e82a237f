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
