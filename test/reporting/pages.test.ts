import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formBody, formHeaders, grant, signedInUser, type SignedInSession } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { M, plan, reformWorld, vn, type World } from "./support.js";

/* The monthly report's pages: the commune officer's home and list, the form (save, file), the office's month. */

let t: TestApp;
let w: World;
let officer: SignedInSession;
let office: SignedInSession;

beforeAll(async () => {
  t = await createTestApp();
  w = await reformWorld(t.database.db);
  t.clock.set(vn("2026-11-16 09:00"));
  officer = (await signedInUser(t.app, t.database.db, [grant("commune_officer", w.n1)])).session;
  office = (await signedInUser(t.app, t.database.db, [grant("province_office", w.province)])).session;
  await plan(t.database.db, w, w.n1, w.cycle2026, vn("2026-10-10 10:00"), { own: M(1500), loans: M(500), other: 0n, support: M(250) });
});
afterAll(() => t.close());

const get = async (path: string, s: SignedInSession) => {
  const res = await t.app.request(path, { headers: { cookie: s.cookie, accept: "text/html" } });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};
const post = async (path: string, s: SignedInSession, fields: Record<string, string>) => {
  const res = await t.app.request(path, { method: "POST", headers: formHeaders(s, { accept: "text/html" }), body: formBody(fields, s) });
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
};

describe("monthly report pages", () => {
  it("shows the report due soon on the commune officer's home, and the menu entry", async () => {
    const home = await get("/", officer);
    expect(home.html).toContain(`/monthly-reports/units/${w.n1.id}/2026-10`);
    expect(home.html).toContain("chưa nộp — hạn 20/11/2026");
    expect(home.html).toContain('href="/monthly-reports"');
    expect((await get("/monthly-reports", officer)).location).toBe(`/monthly-reports/units/${w.n1.id}`);
    const list = await get(`/monthly-reports/units/${w.n1.id}`, officer);
    expect(list.status).toBe(200);
    expect(list.html).toContain("tháng 10/2026");
    expect(list.html).toContain("Sắp đến hạn");
  });

  it("saves the form as a draft, refuses to file without results, files it, then shows it read-only", async () => {
    const path = `/monthly-reports/units/${w.n1.id}/2026-10`;
    const page = await get(path, officer);
    expect(page.html).toContain("1.500"); // own capital, million đồng
    expect(page.html).toContain("2.250"); // the total
    const saved = await post(path, officer, { action: "save", number: "7/BC-UBND", results: "" });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${path}?done=saved`);
    const refused = await post(path, officer, { action: "file", number: "7/BC-UBND", results: "" });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain("Nhập phần kết quả thực hiện trước khi nộp");
    expect(refused.html).toContain('value="7/BC-UBND"');
    const filed = await post(path, officer, { action: "file", number: "7/BC-UBND", results: "Kết quả tháng 10", difficulties: "", proposals: "" });
    expect(filed.location).toBe(`${path}?done=filed`);
    const after = await get(`${path}?done=filed`, officer);
    expect(after.html).toContain("Đã nộp báo cáo");
    expect(after.html).toContain("Đã nộp đúng hạn");
    expect(after.html).not.toContain('name="results"');
    expect((await get("/", officer)).html).not.toContain(`/monthly-reports/units/${w.n1.id}/2026-10`);
  });

  it("gives the office the month's overview and the roll-up", async () => {
    expect((await get("/monthly-reports", office)).location).toBe("/monthly-reports/overview");
    const o = await get("/monthly-reports/overview?month=2026-10", office);
    expect(o.status).toBe(200);
    expect(o.html).toContain('data-status="filed"');
    expect(o.html).toContain('data-status="due_soon"');
    const r = await get("/monthly-reports/rollup?month=2026-10", office);
    expect(r.status).toBe(200);
    expect(r.html).toContain("đã chấp thuận 1 phương án sản xuất kinh doanh");
    expect(r.html).toContain("2.250 triệu đồng");
    expect((await get("/monthly-reports/overview?month=2026-10", officer)).status).toBe(403);
    expect((await get("/monthly-reports/overview?month=bad", office)).status).toBe(400);
  });

  it("lets the office return a filed report from its page, and the officer's home says why", async () => {
    const path = `/monthly-reports/units/${w.n1.id}/2026-10`;
    expect((await get(path, office)).html).toContain(`action="${path}/return"`);
    expect((await get(path, officer)).html).not.toContain(`action="${path}/return"`);
    const empty = await post(`${path}/return`, office, { reason: "" });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain("Nhập lý do trả lại");
    const done = await post(`${path}/return`, office, { reason: "Bổ sung phần khó khăn" });
    expect(done.location).toBe(`${path}?done=returned`);
    const home = await get("/", officer);
    expect(home.html).toContain("bị trả lại để chỉnh sửa: Bổ sung phần khó khăn");
    const page = await get(path, officer);
    expect(page.html).toContain("Văn phòng trả lại để chỉnh sửa:");
    expect(page.html).toContain('name="results"');
    const o = await get("/monthly-reports/overview?month=2026-10", office);
    expect(o.html).toContain("Đã trả lại để chỉnh sửa");
  });
});
