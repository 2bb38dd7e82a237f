import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import {
  anonymousForm,
  createProducer,
  createUnitTree,
  csrfFieldIn,
  formBody,
  formHeaders,
  grant,
  signedInUser,
  signIn,
  type SignedInSession,
  type TestProducer,
  type UnitTree,
} from "../support/fixtures.js";

let t: TestApp;
let tree: UnitTree;
let inDistrict0: TestProducer;
let inDistrict1: TestProducer;
let district0: SignedInSession;
let office: SignedInSession;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createUnitTree(db);
  inDistrict0 = await createProducer(db, tree.communes[0][1], { name: "HTX Bưởi Phúc Trạch" });
  inDistrict1 = await createProducer(db, tree.communes[1][0], { name: "HTX Nhút Thanh Chương" });
  district0 = (await signedInUser(t.app, db, [grant("district_office", tree.districts[0])])).session;
  office = (await signedInUser(t.app, db, [grant("province_office", tree.province)])).session;
});
afterAll(() => t.close());

const get = (path: string, s: SignedInSession | null) => t.app.request(path, { headers: s ? { cookie: s.cookie } : {} });
const post = (path: string, s: SignedInSession, fields: Record<string, string | number>) =>
  t.app.request(path, { method: "POST", headers: formHeaders(s), body: formBody(fields, s) });

let n = 0;
const taxCode = () => String(4_000_000_000 + Math.floor(Math.random() * 900_000_000) + n++);
const form = (over: Record<string, string | number> = {}) => ({
  name: `HTX Kẹo cu đơ ${Date.now().toString(36)}${n++}`,
  kind: "htx",
  taxCode: taxCode(),
  communeId: tree.communes[0][0].id,
  address: "Thôn Bắc Sơn",
  phone: "0987654321",
  email: "",
  website: "",
  representativeName: "Hoàng Văn Sáu",
  representativeGender: "male",
  representativeEthnicity: "Kinh",
  registrationNumber: "",
  registrationDate: "",
  ...over,
});

describe("producer pages", () => {
  it("send anonymous visitors to sign in, and refuse an anonymous form post even with a valid CSRF token", async () => {
    const res = await get("/producers/new", null);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login?next=%2Fproducers%2Fnew");
    const anon = await anonymousForm(t.app);
    const posted = await t.app.request("/producers/new", { method: "POST", headers: formHeaders(anon), body: formBody(form(), anon) });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toMatch(/^\/login/);
  });

  it("register through the form without JavaScript; the new member lands on its own page", async () => {
    const { session } = await signedInUser(t.app, t.database.db, []);
    // An account without a producer is sent to the registration form.
    const start = await get("/producers", session);
    expect(start.status).toBe(303);
    expect(start.headers.get("location")).toBe("/producers/new");

    const page = await get("/producers/new", session);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Đăng ký chủ thể OCOP");
    expect(csrfFieldIn(html)).toBe(session.csrfToken);
    // Today's communes grouped under their district.
    expect(html).toContain(`<optgroup label="${tree.districts[0].name}">`);
    expect(html).toContain(`<option value="${tree.communes[0][0].id}">${tree.communes[0][0].name}</option>`);
    expect(html).toContain('name="viewport"');

    const fields = form();
    const posted = await post("/producers/new", session, fields);
    expect(posted.status, await posted.clone().text()).toBe(303);
    const location = posted.headers.get("location")!;
    expect(location).toMatch(/^\/producers\/\d+\?done=registered$/);
    const own = location.split("?")[0]!;

    const profile = await (await get(location, session)).text();
    expect(profile).toContain(fields.name);
    expect(profile).toContain("Đã đăng ký chủ thể");
    expect(profile).toContain("Thêm thành viên");
    expect(profile).toContain(`action="${own}"`);
    expect(profile).toContain("0987654321");

    // A member's list is its own page; it has no second registration.
    expect((await get("/producers", session)).headers.get("location")).toBe(own);
    expect((await get("/producers/new", session)).headers.get("location")).toBe(own);

    // Edit, then add a member, both from the profile page.
    const edited = await post(own, session, { ...fields, address: "Thôn Nam Sơn", publicContacts: "on" });
    expect(edited.status).toBe(303);
    expect(edited.headers.get("location")).toBe(`${own}?done=updated`);
    const afterEdit = await (await get(own, session)).text();
    expect(afterEdit).toContain("Thôn Nam Sơn");

    const username = `tv${Date.now().toString(36)}${n++}`;
    const added = await post(`${own}/members`, session, { username, displayName: "Đặng Thị Thu", email: "", password: "Mat-khau-thu-2026", locale: "vi" });
    expect(added.status).toBe(303);
    const withMember = await (await get(own, session)).text();
    expect(withMember).toContain("Đặng Thị Thu");
    await signIn(t.app, username, "Mat-khau-thu-2026");
  });

  it("show errors inline in the request's language, keeping what was typed", async () => {
    const { session } = await signedInUser(t.app, t.database.db, []);
    const bad = form({ taxCode: "12345", phone: "0123", name: "HTX Giữ nguyên tên" });
    const vi = await post("/producers/new", session, bad);
    expect(vi.status).toBe(400);
    expect(vi.headers.get("content-type")).toMatch(/^text\/html/);
    const viHtml = await vi.text();
    expect(viHtml).toContain("Dữ liệu không hợp lệ");
    expect(viHtml).toContain("Mã số thuế gồm 10 chữ số");
    expect(viHtml).toContain("Số điện thoại không hợp lệ");
    expect(viHtml).toContain('value="HTX Giữ nguyên tên"');
    expect(viHtml).toContain('value="12345"');
    expect(viHtml).toContain(`<option value="${tree.communes[0][0].id}" selected="">`);

    const en = await post("/producers/new?lang=en", session, bad);
    expect(en.status).toBe(400);
    const enHtml = await en.text();
    expect(enHtml).toContain("Invalid input");
    expect(enHtml).toContain("The tax code has 10 digits");
    expect(enHtml).not.toContain("Mã số thuế gồm 10 chữ số");

    // A duplicate tax code comes back beside the form too.
    const taken = await post("/producers/new", session, form({ taxCode: "" , kind: "hkd", name: "Hộ bánh đa" }));
    expect(taken.status).toBe(303);
    const { session: other } = await signedInUser(t.app, t.database.db, []);
    const code = taxCode();
    expect((await post("/producers/new", other, form({ taxCode: code }))).status).toBe(303);
    const { session: third } = await signedInUser(t.app, t.database.db, []);
    const dup = await post("/producers/new", third, form({ taxCode: code }));
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("Mã số thuế đã được đăng ký");

    // Without the form's token the post is refused.
    const noToken = await t.app.request("/producers/new", { method: "POST", headers: formHeaders(third), body: formBody(form(), null) });
    expect(noToken.status).toBe(403);
  });

  it("list producers for officials by scope, with a read-only profile for those who may not edit", async () => {
    const list = await get("/producers", district0);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("HTX Bưởi Phúc Trạch");
    expect(html).not.toContain("HTX Nhút Thanh Chương");
    expect(html).not.toContain('href="/producers/new"');

    const profile = await get(`/producers/${inDistrict0.id}`, district0);
    expect(profile.status).toBe(200);
    const p = await profile.text();
    expect(p).toContain("HTX Bưởi Phúc Trạch");
    expect(p).not.toContain('method="post"' + ` action="/producers/${inDistrict0.id}"`);
    expect(p).not.toContain("Thêm thành viên");

    const outside = await get(`/producers/${inDistrict1.id}`, district0);
    expect(outside.status).toBe(404);
    expect(await outside.text()).toContain("Không tìm thấy");

    const officeList = await (await get("/producers?lang=en", office)).text();
    expect(officeList).toContain("OCOP producers");
    expect(officeList).toContain("HTX Nhút Thanh Chương");
    expect(officeList).toContain('href="/producers/new"');
    const officeProfile = await (await get(`/producers/${inDistrict1.id}`, office)).text();
    expect(officeProfile).toContain("Sửa thông tin");
    expect(officeProfile).toContain("Thêm thành viên");

    // Officials of other roles are not offered the registration form, and roles without producer rights get a 403 page.
    expect((await get("/producers/new", district0)).headers.get("location")).toBe("/producers");
    const council = (await signedInUser(t.app, t.database.db, [grant("council_member", tree.province)])).session;
    const refused = await get("/producers", council);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Không có quyền");
  });

  it("show an edit error beside the edit form", async () => {
    const res = await post(`/producers/${inDistrict0.id}`, office, form({ name: "" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Nhập tên chủ thể");
    expect(html).toContain('value="Thôn Bắc Sơn"');
    const noTax = await post(`/producers/${inDistrict0.id}`, office, form({ taxCode: "" }));
    expect(noTax.status).toBe(400);
    expect(await noTax.text()).toContain("Doanh nghiệp và hợp tác xã phải có mã số thuế");
  });
});
