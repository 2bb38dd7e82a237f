import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { DURING, assign, council, createProduct, openRound, reformEval, registration, review, sheetFor, submit, type Person } from "./support.js";

/* The producer's dossier page: self-scoring on the council's rubric without JavaScript, then the feedback. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(DURING);
});
afterAll(() => t.close());

const get = async (path: string, p: Person) => {
  const res = await t.app.request(path, { headers: { cookie: p.headers.cookie! } });
  return { status: res.status, html: await res.text() };
};
const post = async (path: string, p: Person, fields: Record<string, string>) => {
  const body = new URLSearchParams({ _csrf: p.headers["x-csrf-token"]!, ...fields }).toString();
  const res = await t.app.request(path, { method: "POST", headers: { cookie: p.headers.cookie!, "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, location: res.headers.get("location") };
};

describe("dossier pages", () => {
  it("let the producer self-score, see what it misses, file the dossier and later read the council's feedback", async () => {
    const w = await reformEval(t);
    const productId = await createProduct(t, w.commune, w.producer.id, null);
    // The registration (Mẫu 01) from the product page: a missing phone comes back beside the form.
    expect((await get(`/products/${productId}`, w.producerMember)).html).toContain(`/products/${productId}/dossiers/new`);
    const form = { kind: "first", representativeName: registration.representativeName, representativePosition: registration.representativePosition, phone: "", sampleCount: "5" };
    expect((await post(`/products/${productId}/dossiers/new`, w.producerMember, form)).status).toBe(400);
    const opened = await post(`/products/${productId}/dossiers/new`, w.producerMember, { ...form, phone: registration.phone });
    expect(opened.status).toBe(303);
    const d = { id: Number(/\/dossiers\/(\d+)/.exec(opened.location!)![1]) };

    // One item answered with its lowest option: the page shows the total, what is missing and the minimums not met.
    const lowSheet = sheetFor(0);
    const [firstItem, firstChoice] = Object.entries(lowSheet.choices)[0]!;
    expect((await post(`/dossiers/${d.id}/self-score`, w.producerMember, { [`choice:${firstItem}`]: firstChoice })).status).toBe(303);
    let page = await get(`/dossiers/${d.id}`, w.producerMember);
    expect(page.html).toContain("Tổng điểm tự chấm");
    expect(page.html).toContain("Còn thiếu");
    expect(page.html).toContain(`value="${firstChoice}" checked=""`);

    // The whole rubric, as a form, then filing.
    const full = sheetFor(85);
    const fields = Object.fromEntries(Object.entries(full.choices).map(([k, v]) => [`choice:${k}`, v]));
    expect((await post(`/dossiers/${d.id}/self-score`, w.producerMember, fields)).status).toBe(303);
    page = await get(`/dossiers/${d.id}`, w.producerMember);
    expect(page.html).toContain(`Tổng điểm tự chấm: ${new Intl.NumberFormat("vi-VN").format(full.total)} / 100`);
    expect(page.html).not.toContain("Còn thiếu");
    expect((await post(`/dossiers/${d.id}/actions`, w.producerMember, { action: "submit" })).status).toBe(303);

    await ok(w.communeOfficer.api("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    await ok(w.communeOfficer.api("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    const c = await council(t, w.province, 3);
    const round = await openRound(w.office, w.province.id, "province", c);
    const rdId = await assign(w.office, round.id, d.id);
    for (const [i, seat] of c.seats.entries()) await ok(submit(seat, round.id, rdId, [72, 74, 73][i]!));
    await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/finalise`, {}));

    page = await get(`/dossiers/${d.id}`, w.producerMember);
    expect(page.html).toContain("Kết quả và góp ý của Hội đồng");
    const fb = await ok(w.producerMember.api("GET", `/api/dossiers/${d.id}/feedback`));
    expect(fb.rounds[0].stars).toBeGreaterThanOrEqual(3);
    expect(page.html).toContain(`${new Intl.NumberFormat("vi-VN").format(fb.rounds[0].officialScore)}</strong> điểm · ${"★".repeat(fb.rounds[0].stars)}`);
    for (const seat of c.seats) expect(page.html).not.toContain(seat.userId);
    // Another producer's member cannot open it.
    const other = await reformEval(t);
    expect((await get(`/dossiers/${d.id}`, other.producerMember)).status).toBe(404);
  });
});
