import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/modules/audit/audit-chain.js";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoIfEmpty } from "../../scripts/seed-demo.js";
import { createLogger } from "../../src/lib/logger.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { signIn } from "../support/fixtures.js";

describe("demo data", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date("2026-11-23T02:00:00Z");
    t.clock.set(now);
    expect(await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now })).toBe(true);
  });
  afterAll(() => t.close());

  it("is loaded once: a second start leaves it alone", async () => {
    expect(await seedDemoIfEmpty(t.database.db, { logger: createLogger("silent"), now: t.clock.now() })).toBe(false);
  });

  it("lets every documented demo account sign in and see its role on the home page", async () => {
    for (const username of ["admin", ...DEMO_ACCOUNTS.map((a) => a.username)]) {
      const s = await signIn(t.app, username, DEMO_PASSWORD);
      const me = (await (await t.app.request("/api/auth/me", { headers: s.headers })).json()) as { user: { grants: { role: string }[] } };
      const grants = me.user.grants;
      expect(grants.length, username).toBe(1);
      const home = await t.app.request("/", { headers: { cookie: s.cookie } });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("OCOP");
    }
  });

  it("writes every demo change with an audit record, and the chain verifies", async () => {
    const report = await verifyAuditChain(t.database.db);
    expect(report.ok).toBe(true);
    // admin (user + role), 4 producers, 1 retail point, 6 accounts × (user + role)
    expect(report.records).toBe(2 + 4 + 1 + DEMO_ACCOUNTS.length * 2);
  });
});
