import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sessions } from "../../src/modules/accounts/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { cookieFrom, createUser, signIn } from "../support/fixtures.js";

// lucia reads Date.now(), so session time is moved with vitest's fake Date; timers stay real for the database.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3_600_000;
const start = new Date("2026-06-01T01:00:00Z").getTime();
const at = (ms: number) => vi.setSystemTime(new Date(start + ms));
const me = (cookie: string) => t.app.request("/api/auth/me", { headers: { cookie } });

describe("session lifetime", () => {
  it("ends 12 hours after the last renewal: the cookie is cleared and the row deleted", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);
    at(12 * HOUR + 1000);
    const res = await me(s.cookie);
    expect(res.status).toBe(401);
    expect(cookieFrom(res, "ocop_session")).toBe("ocop_session=");
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, u.id))).toEqual([]);
  });

  it("is renewed (sliding) once less than half its lifetime is left, and the cookie refreshed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    at(0);
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);

    at(5 * HOUR);
    const early = await me(s.cookie);
    expect(early.status).toBe(200);
    expect(cookieFrom(early, "ocop_session")).toBeUndefined();

    at(7 * HOUR);
    const renewed = await me(s.cookie);
    expect(renewed.status).toBe(200);
    const set = renewed.headers.getSetCookie().find((c) => c.startsWith("ocop_session="))!;
    expect(set.split(";")[0]).toBe(s.cookie);
    expect(set).toMatch(/Max-Age=43200/);
    const [row] = await t.database.db.select().from(sessions).where(eq(sessions.userId, u.id));
    expect(row!.expiresAt.getTime()).toBe(start + 19 * HOUR);

    at(18 * HOUR);
    expect((await me(s.cookie)).status).toBe(200);
    at(18 * HOUR + 12 * HOUR + 1000);
    expect((await me(s.cookie)).status).toBe(401);
  });

  it("ignores a made-up session id and clears it", async () => {
    const res = await me("ocop_session=abcdefghijklmnopqrstuvwxyz234567abcdefghij");
    expect(res.status).toBe(401);
    expect(cookieFrom(res, "ocop_session")).toBe("ocop_session=");
  });

  it("keeps sessions of one user apart: signing out one leaves the other", async () => {
    const u = await createUser(t.database.db);
    const phone = await signIn(t.app, u.username);
    const laptop = await signIn(t.app, u.username);
    expect((await t.app.request("/api/auth/logout", { method: "POST", headers: phone.headers })).status).toBe(204);
    expect((await me(phone.cookie)).status).toBe(401);
    expect((await me(laptop.cookie)).status).toBe(200);
  });
});
