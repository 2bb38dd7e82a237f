import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAudit } from "../../src/modules/audit/service.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createUnitTree, grant, signedInUser, type UnitTree } from "../support/fixtures.js";

// End to end through the real sign-in and session: the other web tests stand a principal in for the session.
describe("pages for a user signed in through the real session", () => {
  let t: TestApp;
  let tree: UnitTree;
  beforeAll(async () => {
    t = await createTestApp();
    tree = await createUnitTree(t.database.db);
    await t.database.db.transaction((tx) => writeAudit(tx, { actorId: null, action: "test.seed", subjectType: "unit", subjectId: tree.province.id }, t.clock.now()));
  });
  afterAll(() => t.close());

  it("shows the home page with a card per role and its scope", async () => {
    const producer = await createProducer(t.database.db, tree.communes[0][0]);
    const { user, session } = await signedInUser(t.app, t.database.db, [grant("province_office", tree.province), grant("producer_member", producer)]);
    const res = await t.app.request("/", { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(user.displayName);
    expect(html).toContain('data-role="province_office"');
    expect(html).toContain('data-role="producer_member"');
    expect(html).toContain(`<strong>${tree.province.name}</strong>`);
    expect(html).toContain(`<strong>${producer.name}</strong>`);
    expect(html).toContain('href="/admin/audit"');
  });

  it("lets the provincial office verify the chain through the API and the page", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", tree.province)]);
    const api = await t.app.request("/api/audit/verify", { headers: { cookie: session.cookie } });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ ok: true });
    const page = await t.app.request("/admin/audit?verify=1", { headers: { cookie: session.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Chuỗi toàn vẹn.");
    expect(html).toContain("test.seed");
  });

  it("refuses a commune officer the audit API", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("commune_officer", tree.communes[1][1])]);
    expect((await t.app.request("/api/audit", { headers: { cookie: session.cookie } })).status).toBe(403);
  });
});
