import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../src/modules/accounts/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import {
  createUnitTree,
  createUser,
  formBody,
  formHeaders,
  grant,
  signedInUser,
  signIn,
  type SignedInSession,
  type UnitTree,
} from "../support/fixtures.js";

let t: TestApp;
let tree: UnitTree;
let admin: SignedInSession;
let office: SignedInSession;
let commune: SignedInSession;

beforeAll(async () => {
  t = await createTestApp();
  tree = await createUnitTree(t.database.db);
  admin = (await signedInUser(t.app, t.database.db, [grant("system_admin", tree.province)])).session;
  office = (await signedInUser(t.app, t.database.db, [grant("province_office", tree.province)])).session;
  commune = (await signedInUser(t.app, t.database.db, [grant("commune_officer", tree.communes[0][0])])).session;
});
afterAll(() => t.close());

const get = (path: string, s: SignedInSession | null, headers: Record<string, string> = {}) =>
  t.app.request(path, { headers: { ...(s ? { cookie: s.cookie } : {}), ...headers } });
const post = (path: string, s: SignedInSession, fields: Record<string, string | number>) =>
  t.app.request(path, { method: "POST", headers: formHeaders(s), body: formBody(fields, s) });
let n = 0;
const uname = () => `trang${Date.now().toString(36)}${n++}`;

describe("admin user pages", () => {
  it("send anonymous visitors to the sign-in page and back", async () => {
    const res = await get("/admin/users/abc", null);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fadmin%2Fusers%2Fabc");
  });

  it("show a bilingual 403 page to roles that may not read users", async () => {
    const res = await get("/admin/users", commune);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain("Không có quyền");
    expect(await (await get("/admin/users?lang=en", commune)).text()).toContain("Not allowed");
  });

  it("list users; the create form is for administrators only", async () => {
    const adminPage = await (await get("/admin/users", admin)).text();
    expect(adminPage).toContain("Tạo tài khoản");
    expect(adminPage).toContain('method="post" action="/admin/users"');
    const officePage = await get("/admin/users", office);
    expect(officePage.status).toBe(200);
    const html = await officePage.text();
    expect(html).not.toContain('method="post" action="/admin/users"');
    expect(html).toContain("Người dùng");
  });

  it("create an account, grant and revoke a role, and disable it, all without JavaScript", async () => {
    const username = uname();
    const created = await post("/admin/users", admin, { username, displayName: "Lê Văn Bình", email: "", password: "Mat-khau-binh-2026", locale: "vi" });
    expect(created.status).toBe(303);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/admin\/users\/[^/?]+\?done=created$/);
    const userPath = location.split("?")[0]!;
    const detail = await (await get(location, admin)).text();
    expect(detail).toContain("Đã tạo tài khoản");
    expect(detail).toContain("Lê Văn Bình");
    expect(detail).toContain("Chưa có vai trò nào.");

    const granted = await post(`${userPath}/roles`, admin, { role: "district_office", unitId: tree.districts[1].id, producerId: "", retailPointId: "" });
    expect(granted.status).toBe(303);
    expect(granted.headers.get("location")).toBe(`${userPath}?done=granted`);
    const withRole = await (await get(userPath, admin)).text();
    expect(withRole).toContain(tree.districts[1].name);
    const assignmentId = /\/roles\/(\d+)\/revoke/.exec(withRole)![1];

    const bob = await signIn(t.app, username, "Mat-khau-binh-2026");
    const revoked = await post(`${userPath}/roles/${assignmentId}/revoke`, admin, {});
    expect(revoked.status).toBe(303);
    expect(await (await get(`${userPath}?done=revoked`, admin)).text()).toContain("Đã thu hồi vai trò.");

    const disabled = await post(`${userPath}/disable`, admin, {});
    expect(disabled.status).toBe(303);
    const userId = decodeURIComponent(userPath.split("/").pop()!);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, userId))).toEqual([]);
    expect((await get("/api/auth/me", bob)).status).toBe(401);
    const after = await (await get(userPath, admin)).text();
    expect(after).toContain("Đã vô hiệu hóa");
    expect(after).not.toContain(`action="${userPath}/roles"`);
  });

  it("keep what was typed and show the errors when the create form is wrong", async () => {
    const taken = await createUser(t.database.db);
    const dup = await post("/admin/users", admin, { username: taken.username, displayName: "Phạm Thị Cúc", email: "", password: "Mat-khau-cuc-2026", locale: "vi" });
    expect(dup.status).toBe(409);
    const html = await dup.text();
    expect(html).toContain("Tên đăng nhập đã tồn tại");
    expect(html).toContain(`value="${taken.username}"`);
    expect(html).toContain('value="Phạm Thị Cúc"');
    expect(html).not.toContain("Mat-khau-cuc-2026");

    const weak = await post("/admin/users", admin, { username: "x", displayName: "Cúc", email: "not-an-email", password: "short", locale: "vi" });
    expect(weak.status).toBe(400);
    const weakHtml = await weak.text();
    expect(weakHtml).toContain("Mật khẩu tối thiểu 10 ký tự");
    expect(weakHtml).toContain("Email không hợp lệ");
    expect(weakHtml).toContain('aria-invalid="true"');
  });

  it("explain a role given the wrong kind of unit, in the chosen language", async () => {
    const u = await createUser(t.database.db);
    const res = await t.app.request(`/admin/users/${u.id}/roles?lang=en`, {
      method: "POST",
      headers: formHeaders(admin),
      body: formBody({ role: "commune_officer", unitId: tree.districts[0].id, producerId: "", retailPointId: "" }, admin),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("is held in a unit at commune level");
    expect(html).toMatch(new RegExp(`<option value="${tree.districts[0].id}" selected`));
  });

  it("refuse role changes from non-administrators", async () => {
    const u = await createUser(t.database.db);
    const res = await post(`/admin/users/${u.id}/roles`, office, { role: "inspector", unitId: tree.province.id });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Không có quyền");
  });

  it("answer 404 in the page frame for an unknown user", async () => {
    const res = await get("/admin/users/khong-co", admin);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Không tìm thấy người dùng.");
  });
});
