import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { anonymousForm, createUnitTree, createUser, formBody, formHeaders, grant, jsonHeaders, signIn, type TestUser } from "../support/fixtures.js";

let t: TestApp;
let user: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  user = await createUser(t.database.db);
});
afterAll(() => t.close());

async function expectCsrfRefusal(res: Response) {
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as any;
  expect(body.code).toBe("csrf");
  expect(body.i18n.vi.title).toBe("Yêu cầu bị từ chối");
  expect(body.i18n.en.title).toBe("Request refused");
  expect(body.i18n.vi.detail).toBeTruthy();
  expect(body.i18n.en.detail).toBeTruthy();
  return body;
}

const formLogin = (headers: Record<string, string>, body: string) => t.app.request("/login", { method: "POST", headers, body });

describe("CSRF on the anonymous sign-in form", () => {
  it("accepts the page's token with its cookie", async () => {
    const anon = await anonymousForm(t.app);
    const res = await formLogin(formHeaders(anon), formBody({ username: user.username, password: user.password }, anon));
    expect(res.status).toBe(303);
  });

  it("refuses a post without the token", async () => {
    const anon = await anonymousForm(t.app);
    const body = await expectCsrfRefusal(await formLogin(formHeaders(anon), formBody({ username: user.username, password: user.password })));
    expect(body.i18n.vi.detail).toContain("tải lại trang");
  });

  it("refuses a token without its cookie, and a token paired with another browser's cookie", async () => {
    const a = await anonymousForm(t.app);
    const b = await anonymousForm(t.app);
    await expectCsrfRefusal(await formLogin(formHeaders(null), formBody({ username: user.username, password: user.password }, a)));
    await expectCsrfRefusal(await formLogin(formHeaders(b), formBody({ username: user.username, password: user.password }, a)));
  });

  it("refuses a cross-site post even with a valid token", async () => {
    const variants: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
    ];
    for (const extra of variants) {
      const anon = await anonymousForm(t.app);
      const body = await expectCsrfRefusal(await formLogin(formHeaders(anon, extra), formBody({ username: user.username, password: user.password }, anon)));
      expect(body.i18n.en.detail).toContain("another site");
    }
  });

  it("accepts our own origin", async () => {
    const variants: Record<string, string>[] = [{ origin: "https://ocop.test", "sec-fetch-site": "same-origin" }, { origin: "http://localhost" }];
    for (const extra of variants) {
      const anon = await anonymousForm(t.app);
      const res = await formLogin(formHeaders(anon, extra), formBody({ username: user.username, password: user.password }, anon));
      expect(res.status).toBe(303);
    }
  });

  it("refuses a cross-site JSON sign-in", async () => {
    const res = await t.app.request("/api/auth/login", {
      method: "POST",
      headers: jsonHeaders(null, { origin: "https://evil.example" }),
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    await expectCsrfRefusal(res);
  });
});

describe("CSRF within a session", () => {
  it("requires x-csrf-token on JSON requests that carry the session cookie", async () => {
    const s = await signIn(t.app, user.username);
    await expectCsrfRefusal(await t.app.request("/api/auth/logout", { method: "POST", headers: { cookie: s.cookie } }));
    await expectCsrfRefusal(await t.app.request("/api/auth/logout", { method: "POST", headers: { cookie: s.cookie, "x-csrf-token": "x".repeat(43) } }));
    // still signed in after the refusals
    expect((await t.app.request("/api/auth/me", { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await t.app.request("/api/auth/logout", { method: "POST", headers: s.headers })).status).toBe(204);
  });

  it("refuses a text/plain post riding the cookie (the cross-site form trick)", async () => {
    const s = await signIn(t.app, user.username);
    await expectCsrfRefusal(await t.app.request("/api/auth/logout", { method: "POST", headers: { cookie: s.cookie, "content-type": "text/plain" }, body: "x" }));
  });

  it("refuses a session form post carrying an anonymous token or another session's token", async () => {
    const s = await signIn(t.app, user.username);
    const other = await signIn(t.app, user.username);
    const anon = await anonymousForm(t.app);
    await expectCsrfRefusal(await t.app.request("/logout", { method: "POST", headers: formHeaders(s), body: formBody({ _csrf: anon.csrfToken }) }));
    await expectCsrfRefusal(await t.app.request("/logout", { method: "POST", headers: formHeaders(s), body: formBody({}, other) }));
  });

  it("accepts the token from a multipart form or from the header", async () => {
    const s = await signIn(t.app, user.username);
    const fd = new FormData();
    fd.set("_csrf", s.csrfToken);
    const multipart = await t.app.request("/logout", { method: "POST", headers: { cookie: s.cookie }, body: fd });
    expect(multipart.status).toBe(303);
    const s2 = await signIn(t.app, user.username);
    const viaHeader = await t.app.request("/logout", { method: "POST", headers: formHeaders(s2, { "x-csrf-token": s2.csrfToken }), body: "" });
    expect(viaHeader.status).toBe(303);
  });

  it("does not check safe methods", async () => {
    const s = await signIn(t.app, user.username);
    const res = await t.app.request("/api/auth/me", { headers: { cookie: s.cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(200);
  });

  it("puts the session's token in the forms of its pages", async () => {
    const tree = await createUnitTree(t.database.db);
    const admin = await createUser(t.database.db, { grants: [grant("system_admin", tree.province)] });
    const s = await signIn(t.app, admin.username);
    const html = await (await t.app.request("/admin/users", { headers: { cookie: s.cookie } })).text();
    const tokens = [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    for (const token of tokens) expect(token).toBe(s.csrfToken);
  });
});
