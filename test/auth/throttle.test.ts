import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { anonymousForm, createUser, formBody, formHeaders, jsonHeaders } from "../support/fixtures.js";

let t: TestApp;
beforeAll(async () => {
  // The addresses come from X-Forwarded-For, which only a proxied deployment believes.
  // The header reads "client, first proxy": two proxies in front, so the client is the second from the right.
  t = await createTestApp({ config: { trustProxy: true, proxyHops: 2 } });
});
afterAll(() => t.close());

const MIN = 60_000;
let nextAddress = 1;
// Each test signs in from an address of its own, so the per-address count of one test never spills into another.
const address = () => `198.51.100.${nextAddress++}`;
const login = (username: string, password: string, ip: string) =>
  t.app.request("/api/auth/login", { method: "POST", headers: jsonHeaders(null, { "x-forwarded-for": `${ip}, 10.0.0.1` }), body: JSON.stringify({ username, password }) });

describe("login throttling", () => {
  it("locks a username for 15 minutes after 5 failures, then lets the right password in", async () => {
    const u = await createUser(t.database.db);
    const ip = address();
    for (let i = 0; i < 5; i++) expect((await login(u.username, `wrong ${i}`, ip)).status).toBe(401);

    const locked = await login(u.username, u.password, address());
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toBe("900");
    const body = (await locked.json()) as any;
    expect(body.code).toBe("rate-limited");
    expect(body.i18n.vi.detail).toBe("Vui lòng thử lại sau 900 giây.");
    expect(body.i18n.en.detail).toBe("Please try again in 900 seconds.");

    t.clock.advance(5 * MIN);
    const anon = await anonymousForm(t.app);
    const form = await t.app.request("/login", { method: "POST", headers: formHeaders(anon), body: formBody({ username: u.username, password: u.password }, anon) });
    expect(form.status).toBe(429);
    expect(form.headers.get("retry-after")).toBe("600");
    const html = await form.text();
    expect(html).toContain("Quá nhiều yêu cầu");
    expect(html).toContain(`value="${u.username}"`);

    t.clock.advance(10 * MIN + 1000);
    expect((await login(u.username, u.password, ip)).status).toBe(200);
    // success cleared the count: a new failure starts from one
    expect((await login(u.username, "wrong again", ip)).status).toBe(401);
    expect((await login(u.username, u.password, ip)).status).toBe(200);
  });

  it("forgets failures older than the 15-minute window", async () => {
    const u = await createUser(t.database.db);
    const ip = address();
    for (let i = 0; i < 4; i++) expect((await login(u.username, `wrong ${i}`, ip)).status).toBe(401);
    t.clock.advance(16 * MIN);
    for (let i = 0; i < 4; i++) expect((await login(u.username, `wrong ${i}`, ip)).status).toBe(401);
    expect((await login(u.username, u.password, ip)).status).toBe(200);
  });

  it("locks unknown usernames the same way, so locking reveals nothing", async () => {
    const ip = address();
    for (let i = 0; i < 5; i++) expect((await login("khong_ton_tai", `wrong ${i}`, ip)).status).toBe(401);
    expect((await login("KHONG_TON_TAI", "anything", ip)).status).toBe(429);
    t.clock.advance(15 * MIN + 1000);
  });

  it("locks an address after 20 failures across usernames, but not other addresses", async () => {
    const u = await createUser(t.database.db);
    const ip = address();
    for (let i = 0; i < 20; i++) expect((await login(`guess_${i}`, "wrong password", ip)).status).toBe(401);
    expect((await login(u.username, u.password, ip)).status).toBe(429);
    expect((await login(u.username, u.password, address())).status).toBe(200);
    t.clock.advance(15 * MIN + 1000);
    expect((await login(u.username, u.password, ip)).status).toBe(200);
  });

  it("does not count a disabled account's right password as a failure", async () => {
    const u = await createUser(t.database.db, { disabled: true });
    const ip = address();
    for (let i = 0; i < 6; i++) expect((await login(u.username, u.password, ip)).status).toBe(403);
  });

  it("ignores X-Forwarded-For unless TRUST_PROXY is set, so a client cannot dodge the address limit", async () => {
    const direct = await createTestApp();
    try {
      const u = await createUser(direct.database.db);
      // Every failure comes from the same (unknown) socket address whatever the header claims.
      for (let i = 0; i < 20; i++) {
        const res = await direct.app.request("/api/auth/login", {
          method: "POST",
          headers: jsonHeaders(null, { "x-forwarded-for": `203.0.113.${i}` }),
          body: JSON.stringify({ username: `guess_${i}`, password: "wrong password" }),
        });
        expect(res.status).toBe(401);
      }
      const res = await direct.app.request("/api/auth/login", {
        method: "POST",
        headers: jsonHeaders(null, { "x-forwarded-for": "203.0.113.250" }),
        body: JSON.stringify({ username: u.username, password: u.password }),
      });
      expect(res.status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});
