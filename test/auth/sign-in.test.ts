import { randomBytes, scryptSync } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { sessions, users } from "../../src/modules/accounts/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import {
  anonymousForm,
  cookieFrom,
  createUnitTree,
  createUser,
  formBody,
  formHeaders,
  grant,
  jsonHeaders,
  signIn,
  type UnitTree,
} from "../support/fixtures.js";

let t: TestApp;
let tree: UnitTree;
beforeAll(async () => {
  t = await createTestApp();
  tree = await createUnitTree(t.database.db);
});
afterAll(() => t.close());

const db = () => t.database.db;
const login = (body: unknown, headers: Record<string, string> = {}) =>
  t.app.request("/api/auth/login", { method: "POST", headers: jsonHeaders(null, headers), body: JSON.stringify(body) });
const sessionsOf = async (userId: string) => (await db().select().from(sessions).where(eq(sessions.userId, userId))).length;

describe("sign-in page", () => {
  it("is in Vietnamese by default, with a CSRF field and the anonymous double-submit cookie", async () => {
    const res = await t.app.request("/login");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="vi"');
    expect(html).toContain("Tên đăng nhập");
    expect(html).toContain("Mật khẩu");
    expect(html).toMatch(/name="_csrf" value="[A-Za-z0-9_-]{20,}"/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("ocop_csrf="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
  });

  it("is in English when asked", async () => {
    for (const init of [{ path: "/login?lang=en" }, { path: "/login", headers: { "accept-language": "en-GB,en;q=0.9" } }]) {
      const html = await (await t.app.request(init.path, { headers: init.headers ?? {} })).text();
      expect(html).toContain('<html lang="en"');
      expect(html).toContain("Username");
      expect(html).toContain("Password");
    }
  });

  it("sends a signed-in visitor on to where they were going", async () => {
    const u = await createUser(db(), { grants: [grant("district_office", tree.districts[0])] });
    const s = await signIn(t.app, u.username);
    const res = await t.app.request("/login?next=/admin/users", { headers: { cookie: s.cookie } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/users");
  });
});

describe("form sign-in and sign-out", () => {
  it("signs in, sets the session cookie and redirects to a safe `next`", async () => {
    const u = await createUser(db(), { grants: [grant("commune_officer", tree.communes[0][1])] });
    const anon = await anonymousForm(t.app);
    const res = await t.app.request("/login", {
      method: "POST",
      headers: formHeaders(anon),
      body: formBody({ username: u.username.toUpperCase(), password: u.password, next: "/admin/users?q=a" }, anon),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/users?q=a");
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("ocop_session="))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Max-Age=43200/);
    expect(setCookie).toMatch(/Path=\//);

    const me = await t.app.request("/api/auth/me", { headers: { cookie: cookieFrom(res, "ocop_session")! } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as any;
    expect(body.user.username).toBe(u.username);
    expect(body.user.grants).toEqual([{ role: "commune_officer", unitId: tree.communes[0][1].id, unitPath: tree.communes[0][1].path }]);
  });

  it("refuses off-site `next` values", async () => {
    const u = await createUser(db());
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const anon = await anonymousForm(t.app);
      const res = await t.app.request("/login", { method: "POST", headers: formHeaders(anon), body: formBody({ username: u.username, password: u.password, next }, anon) });
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe("/");
    }
  });

  it("shows the error inline, keeps the username and sets no session", async () => {
    const u = await createUser(db());
    const anon = await anonymousForm(t.app);
    const res = await t.app.request("/login", { method: "POST", headers: formHeaders(anon), body: formBody({ username: u.username, password: "wrong password" }, anon) });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("Sai tên đăng nhập hoặc mật khẩu");
    expect(html).toContain(`value="${u.username}"`);
    expect(html).toContain('role="alert"');
    expect(cookieFrom(res, "ocop_session")).toBeUndefined();

    const en = await t.app.request("/login", {
      method: "POST",
      headers: formHeaders(anon, { "accept-language": "en" }),
      body: formBody({ username: u.username, password: "wrong password" }, anon),
    });
    expect(await en.text()).toContain("Wrong username or password");
  });

  it("asks for both fields when one is empty", async () => {
    const anon = await anonymousForm(t.app);
    const res = await t.app.request("/login", { method: "POST", headers: formHeaders(anon), body: formBody({ username: "someone", password: "" }, anon) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Vui lòng nhập tên đăng nhập và mật khẩu.");
  });

  it("signs out with the form: the session is deleted and the cookie cleared", async () => {
    const u = await createUser(db());
    const s = await signIn(t.app, u.username);
    expect(await sessionsOf(u.id)).toBe(1);
    const res = await t.app.request("/logout", { method: "POST", headers: formHeaders(s), body: formBody({}, s) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.getSetCookie().find((c) => c.startsWith("ocop_session="))).toMatch(/^ocop_session=;.*Max-Age=0/);
    expect(await sessionsOf(u.id)).toBe(0);
    const me = await t.app.request("/api/auth/me", { headers: { cookie: s.cookie } });
    expect(me.status).toBe(401);
  });
});

describe("JSON sign-in", () => {
  it("returns the principal and a CSRF token, and /me answers for the session", async () => {
    const u = await createUser(db(), { grants: [grant("province_office", tree.province), grant("inspector", tree.districts[1])] });
    const res = await login({ username: u.username, password: u.password });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as any;
    expect(body.user).toEqual({
      userId: u.id,
      username: u.username,
      displayName: u.displayName,
      locale: "vi",
      grants: [
        { role: "province_office", unitId: tree.province.id, unitPath: tree.province.path },
        { role: "inspector", unitId: tree.districts[1].id, unitPath: tree.districts[1].path },
      ],
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = cookieFrom(res, "ocop_session")!;
    const me = (await (await t.app.request("/api/auth/me", { headers: { cookie } })).json()) as any;
    expect(me.user.userId).toBe(u.id);
    expect(me.csrfToken).toBe(body.csrfToken);
  });

  it("answers 401 problem+json on /me when nobody is signed in", async () => {
    const res = await t.app.request("/api/auth/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as any;
    expect(body.i18n.vi.title).toBe("Cần đăng nhập");
    expect(body.i18n.en.title).toBe("Sign-in required");
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const u = await createUser(db());
    const strip = async (r: Response) => {
      const { requestId: _r, ...rest } = (await r.json()) as any;
      return { status: r.status, ...rest };
    };
    const unknown = await strip(await login({ username: `nobody_${randomBytes(3).toString("hex")}`, password: "whatever 123" }));
    const wrong = await strip(await login({ username: u.username, password: "whatever 123" }));
    expect(unknown).toEqual(wrong);
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe("invalid-credentials");
    expect(wrong.i18n.vi.title).toBe("Sai tên đăng nhập hoặc mật khẩu");
    expect(wrong.i18n.en.title).toBe("Wrong username or password");
  });

  it("signs out: 204, the cookie is cleared and the old cookie no longer works", async () => {
    const u = await createUser(db());
    const s = await signIn(t.app, u.username);
    const res = await t.app.request("/api/auth/logout", { method: "POST", headers: s.headers });
    expect(res.status).toBe(204);
    expect(cookieFrom(res, "ocop_session")).toBe("ocop_session=");
    expect((await t.app.request("/api/auth/me", { headers: { cookie: s.cookie } })).status).toBe(401);
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("starts a new session at sign-in and ends the one the browser carried", async () => {
    const u = await createUser(db());
    const first = await signIn(t.app, u.username);
    const res = await login({ username: u.username, password: u.password }, { cookie: first.cookie, "x-csrf-token": first.csrfToken });
    expect(res.status).toBe(200);
    const second = cookieFrom(res, "ocop_session")!;
    expect(second).not.toBe(first.cookie);
    expect((await t.app.request("/api/auth/me", { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await t.app.request("/api/auth/me", { headers: { cookie: second } })).status).toBe(200);
  });

  it("upgrades a hash made with older parameters at sign-in", async () => {
    const u = await createUser(db(), { password: "Old params 2020" });
    const salt = randomBytes(16);
    const key = scryptSync("Old params 2020", salt, 32, { N: 2 ** 12, r: 8, p: 1 });
    const old = `$scrypt$ln=12,r=8,p=1$${salt.toString("base64")}$${key.toString("base64")}`;
    await db().update(users).set({ passwordHash: old }).where(eq(users.id, u.id));
    await signIn(t.app, u.username, "Old params 2020");
    const [row] = await db().select({ h: users.passwordHash }).from(users).where(eq(users.id, u.id));
    expect(row!.h).toMatch(/^\$scrypt\$ln=14,/);
    await signIn(t.app, u.username, "Old params 2020");
  });

  it("omits Secure from cookies when the deployment serves plain http", async () => {
    const plain = createApp({ ...t.deps, config: { ...t.deps.config, cookieSecure: false } });
    const u = await createUser(db());
    const res = await plain.request("/api/auth/login", { method: "POST", headers: jsonHeaders(), body: JSON.stringify({ username: u.username, password: u.password }) });
    const c = res.headers.getSetCookie().find((x) => x.startsWith("ocop_session="))!;
    expect(c).toMatch(/HttpOnly/);
    expect(c).not.toMatch(/Secure/);
  });
});

describe("bad sign-in input", () => {
  it("rejects unknown fields with a bilingual 400 problem", async () => {
    const res = await login({ username: "a", password: "b", remember: true });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as any;
    expect(body.code).toBe("validation");
    expect(body.i18n.vi.title).toBe("Dữ liệu không hợp lệ");
    expect(body.i18n.en.title).toBe("Invalid input");
    const issue = body.errors.find((e: any) => e.en.includes("remember"));
    expect(issue).toBeDefined();
    expect(issue.vi).not.toBe(issue.en);
  });

  it("rejects wrong types, in Vietnamese and English", async () => {
    const res = await login({ username: 42, password: "x" }, { "accept-language": "en" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.title).toBe("Invalid input");
    const issue = body.errors.find((e: any) => e.path === "username");
    expect(issue.en).toMatch(/expected string/);
    expect(issue.vi).toMatch(/không hợp lệ/);
  });

  it("rejects empty fields with the schema's own bilingual message", async () => {
    const body = (await (await login({ username: "  ", password: "" })).json()) as any;
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "username", vi: "Nhập tên đăng nhập", en: "Enter the username" }),
        expect.objectContaining({ path: "password", vi: "Nhập mật khẩu", en: "Enter the password" }),
      ]),
    );
  });

  it("rejects malformed JSON with a 400 problem", async () => {
    const res = await t.app.request("/api/auth/login", { method: "POST", headers: jsonHeaders(), body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("disabled accounts", () => {
  it("cannot sign in; the right password learns it is disabled, a wrong one learns nothing", async () => {
    const u = await createUser(db(), { disabled: true });
    const right = await login({ username: u.username, password: u.password });
    expect(right.status).toBe(403);
    expect(((await right.json()) as any).code).toBe("account-disabled");
    expect(cookieFrom(right, "ocop_session")).toBeUndefined();
    const wrong = await login({ username: u.username, password: "not the password" });
    expect(wrong.status).toBe(401);
  });

  it("lose their live sessions at the next request", async () => {
    const u = await createUser(db());
    const a = await signIn(t.app, u.username);
    const b = await signIn(t.app, u.username);
    await db().update(users).set({ disabledAt: t.clock.now() }).where(eq(users.id, u.id));
    const res = await t.app.request("/api/auth/me", { headers: { cookie: a.cookie } });
    expect(res.status).toBe(401);
    expect(cookieFrom(res, "ocop_session")).toBe("ocop_session=");
    expect(await sessionsOf(u.id)).toBe(0);
    expect((await t.app.request("/api/auth/me", { headers: { cookie: b.cookie } })).status).toBe(401);
  });
});
