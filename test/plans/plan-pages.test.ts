import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createUnit, formBody, formHeaders, grant, signedInUser, type SignedInSession, type TestUnit } from "../support/fixtures.js";
import { DEADLINES, apiAs, ideaForm, ok, type Api } from "../cycle/support.js";

/* Cycles, business plans, products and the budget report as pages, on the post-reform chain. */

let t: TestApp;
let province: TestUnit;
let commune: TestUnit;
let producer: SignedInSession;
let office: SignedInSession;
let officer: SignedInSession;
let producerApi: Api;
let officeApi: Api;
let cycleId: number;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  province = await createUnit(db, { level: "province" });
  commune = await createUnit(db, { level: "commune", parent: province });
  const p = await createProducer(db, commune, { name: "HTX Cam Thử" });
  producer = (await signedInUser(t.app, db, [grant("producer_member", p)])).session;
  office = (await signedInUser(t.app, db, [grant("province_office", province)])).session;
  officer = (await signedInUser(t.app, db, [grant("commune_officer", commune)])).session;
  producerApi = apiAs(t, producer);
  officeApi = apiAs(t, office);
});
afterAll(() => t.close());

const get = async (path: string, s: SignedInSession | null) => {
  const res = await t.app.request(path, { headers: s ? { cookie: s.cookie } : {} });
  return { status: res.status, location: res.headers.get("location"), html: await res.text(), headers: res.headers };
};
const post = async (path: string, s: SignedInSession, fields: Record<string, string | number>) => {
  const res = await t.app.request(path, { method: "POST", headers: formHeaders(s), body: formBody(fields, s) });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};

async function approvedIdea(name: string): Promise<number> {
  const idea = await ok(producerApi("POST", "/api/ideas", { cycleId, ...ideaForm({ name }) }), 201);
  await ok(producerApi("POST", `/api/ideas/${idea.id}/actions`, { action: "submit" }));
  await ok(apiAs(t, officer)("POST", `/api/ideas/${idea.id}/actions`, { action: "commune_forward" }));
  await ok(officeApi("POST", `/api/ideas/${idea.id}/actions`, { action: "approve" }));
  return idea.id;
}

const planFields = (over: Record<string, string> = {}) => ({
  production: "20 tấn/năm",
  rawMaterialArea: "15 ha cam",
  technology: "Sấy lạnh",
  packaging: "Túi zip",
  markets: "Trong tỉnh",
  revenue0: "1.200.000.000",
  profit0: "150.000.000",
  revenue1: "1.500.000.000",
  profit1: "-20.000.000",
  revenue2: "1 800 000 000",
  profit2: "300.000.000",
  ownCapital: "300.000.000",
  loans: "500.000.000",
  otherSources: "0",
  requestedSupport: "200.000.000",
  ...over,
});

describe("cycle pages", () => {
  it("let the provincial office set up a cycle and refuse other officials", async () => {
    expect((await get("/cycles/new", officer)).status).toBe(403);
    const bad = await post("/cycles/new", office, { year: 2026, chain: "commune-province", ...DEADLINES, appraisal: "2026-01-01" });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("không được trước hạn");
    const created = await post("/cycles/new", office, { year: 2026, chain: "commune-province", ...DEADLINES });
    expect(created.status).toBe(303);
    cycleId = Number(/\/cycles\/(\d+)/.exec(created.location!)![1]);
    const list = await get("/cycles", office);
    expect(list.html).toContain("Xã → Tỉnh");
    expect(list.html).toContain("31/03/2026");
  });
});

describe("plan and product pages", () => {
  it("take a plan from the form to approval, with amounts written the Vietnamese way, and make a product", async () => {
    const ideaId = await approvedIdea("Cam sấy dẻo");
    const idea = await get(`/ideas/${ideaId}`, producer);
    expect(idea.html).toContain(`/ideas/${ideaId}/plan/new`);

    const bad = await post(`/ideas/${ideaId}/plan/new`, producer, planFields({ loans: "-5", profit0: "2.000.000.000" }));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Vốn vay không được âm");
    expect(bad.html).toContain("Lợi nhuận năm 1 không được lớn hơn doanh thu");
    expect(bad.html).toContain("1 800 000 000");

    const created = await post(`/ideas/${ideaId}/plan/new`, producer, planFields());
    expect(created.status).toBe(303);
    const planPath = created.location!.split("?")[0]!;
    let plan = await get(planPath, producer);
    // 300 + 500 + 0 + 200 million = 1 000 000 000 đồng, formatted vi-VN.
    expect(plan.html).toContain("1.000.000.000");
    expect((await post(`${planPath}/actions`, producer, { action: "submit" })).status).toBe(303);

    plan = await get(planPath, office);
    expect(plan.html).toContain("Dự toán ngân sách nhà nước hỗ trợ");
    const noSupport = await post(`${planPath}/actions`, office, { action: "approve", estimatedStateSupport: "" });
    expect(noSupport.status).toBe(400);
    expect(noSupport.html).toContain("Cần ghi dự toán ngân sách nhà nước hỗ trợ");
    // A revision asked without a reason: said once, under the reason field (issue 16, finding 7).
    const noReason = await post(`${planPath}/actions`, office, { action: "request_revision" });
    expect(noReason.status).toBe(400);
    expect(noReason.html.match(/Cần ghi rõ lý do/g)).toHaveLength(1);
    expect((await post(`${planPath}/actions`, office, { action: "approve", estimatedStateSupport: "150.000.000" })).status).toBe(303);
    plan = await get(planPath, producer);
    expect(plan.html).toContain("150.000.000");
    const productPath = /href="(\/products\/\d+)"/.exec(plan.html)![1]!;

    const product = await get(productPath, producer);
    expect(product.html).toContain(`${province.code}-${commune.code}-001-2026`);

    // A photo: uploaded as JPEG, shown as a WebP thumbnail anyone may fetch.
    const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#e80" } }).jpeg().toBuffer();
    const fd = new FormData();
    fd.set("_csrf", producer.csrfToken);
    fd.set("photo", new File([new Uint8Array(jpeg)], "cam.jpg", { type: "image/jpeg" }));
    fd.set("caption", "Cam sấy dẻo đóng túi");
    const up = await t.app.request(`${productPath}/photos`, { method: "POST", headers: { cookie: producer.cookie }, body: fd });
    expect(up.status).toBe(303);
    const withPhoto = await get(productPath, producer);
    const thumb = /src="(\/products\/\d+\/photos\/\d+\/thumb\.webp)"/.exec(withPhoto.html)![1]!;
    const img = await get(thumb, null);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/webp");
    expect(img.headers.get("cache-control")).toContain("immutable");
    const again = await t.app.request(thumb, { headers: { "if-none-match": img.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("shows the budget report to the office, exact to the đồng, with a CSV", async () => {
    const report = await get(`/reports/budget?cycleId=${cycleId}`, office);
    expect(report.status).toBe(200);
    // One approved plan: 300 + 500 + 0 million and 150 million estimated support.
    expect(report.html).toContain("950.000.000");
    const csv = await t.app.request(`/reports/budget.csv?cycleId=${cycleId}`, { headers: { cookie: office.cookie } });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // The UTF-8 BOM (which Response.text() would strip) is what lets spreadsheets read the Vietnamese names.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("don_vi,")).toBe(true);
    expect(text).toContain(",300000000,500000000,0,150000000,950000000");
    expect((await get(`/reports/budget?cycleId=${cycleId}`, officer)).status).toBe(403);
  });
});
