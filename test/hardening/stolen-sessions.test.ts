import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../src/modules/accounts/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { cookieFrom, createUser, signIn } from "../support/fixtures.js";

// What a read of the sessions table (a backup, a replica, an injection elsewhere) gives an attacker: nothing
// that signs in. The row keeps the SHA-256 of the cookie's token, not the token.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const rowsOf = (userId: string) => t.database.db.select().from(sessions).where(eq(sessions.userId, userId));
const tokenOf = (cookie: string) => cookie.slice("ocop_session=".length);

describe("a leaked sessions row", () => {
  it("stores the SHA-256 of the cookie's token, never the token", async () => {
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);
    const [row] = await rowsOf(u.id);
    expect(row!.id).not.toBe(tokenOf(s.cookie));
    expect(row!.id).toBe(createHash("sha256").update(tokenOf(s.cookie)).digest("hex"));
    expect((await t.app.request("/api/auth/me", { headers: { cookie: s.cookie } })).status).toBe(200);
  });

  it("does not sign in when its id is sent as the cookie: 401 on the API, sign-in page for a page", async () => {
    const u = await createUser(t.database.db);
    await signIn(t.app, u.username);
    const [row] = await rowsOf(u.id);
    const stolen = `ocop_session=${row!.id}`;
    const api = await t.app.request("/api/auth/me", { headers: { cookie: stolen } });
    expect(api.status).toBe(401);
    expect(cookieFrom(api, "ocop_session")).toBe("ocop_session=");
    const page = await t.app.request("/admin/audit", { headers: { cookie: stolen, accept: "text/html" } });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toMatch(/^\/login/);
    // The stolen id ends nothing either: the real session still works.
    expect(await rowsOf(u.id)).toHaveLength(1);
  });

  it("does not sign in with an id that has a token's shape either (the hash of the hash matches no row)", async () => {
    const u = await createUser(t.database.db);
    await signIn(t.app, u.username);
    const [row] = await rowsOf(u.id);
    // Shortened to a token's 43 characters, or re-encoded as base64url: neither is the token.
    for (const guess of [row!.id.slice(0, 43), Buffer.from(row!.id, "hex").toString("base64url").slice(0, 43)]) {
      expect((await t.app.request("/api/auth/me", { headers: { cookie: `ocop_session=${guess}` } })).status).toBe(401);
    }
  });

  it("cannot hold a raw token: the table refuses an id that is not a SHA-256 in hex", async () => {
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);
    await expect(t.database.db.insert(sessions).values({ id: tokenOf(s.cookie), userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) })).rejects.toThrow();
  });

  it("signing out deletes the row found by the token's hash", async () => {
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);
    expect((await t.app.request("/api/auth/logout", { method: "POST", headers: s.headers })).status).toBe(204);
    expect(await rowsOf(u.id)).toEqual([]);
  });
});
