import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import { MENU_GROUPS, PAGES, menuGroupsFor } from "../../src/web/nav.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createUnit, grant, signedInUser } from "../support/fixtures.js";

/* Issue 16, finding 9: the menu in folded groups, the current page marked, one table behind it. */

const office = (unitId: number, unitPath: string): Principal => ({ userId: "u", username: "vp", displayName: "Văn phòng", locale: "vi", grants: [{ role: "province_office", unitId, unitPath }] });

describe("menuGroupsFor", () => {
  it("puts every menu link of the table in a group, in the groups' order", () => {
    for (const e of PAGES.filter((p) => p.menu)) expect(Object.keys(MENU_GROUPS), e.href).toContain(e.group);
    const groups = menuGroupsFor(office(1, "1"), "/");
    expect(groups.map((g) => g.id)).toEqual(Object.keys(MENU_GROUPS).filter((id) => groups.some((g) => g.id === id)));
    expect(groups.some((g) => g.current)).toBe(false);
  });

  it("marks the page's link, or the link a record's page lies under, and only that one", () => {
    const marked = (path: string) => menuGroupsFor(office(1, "1"), path).flatMap((g) => g.links.filter((l) => l.current).map((l) => [g.id, l.href]));
    expect(marked("/certificates")).toEqual([["certs", "/certificates"]]);
    expect(marked("/certificates/7/manage")).toEqual([["certs", "/certificates"]]);
    expect(marked("/certificates?status=valid")).toEqual([["certs", "/certificates"]]);
    expect(marked("/ideas/new")).toEqual([["records", "/ideas"]]);
    expect(marked("/retail/verify")).toEqual([["lookup", "/retail/verify"]]);
    expect(marked("/")).toEqual([]);
  });
});

describe("the rendered menu", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("opens the current page's group with aria-current on its link; the other groups are folded", async () => {
    const province = await createUnit(t.database.db, { level: "province" });
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", province)]);
    const html = await (await t.app.request("/certificates?status=valid", { headers: { cookie: session.cookie } })).text();
    const nav = html.slice(html.indexOf('<nav class="menu"'), html.indexOf("</nav>") + 6);
    const details = [...nav.matchAll(/<details name="menu"( open="")?( class="here")?><summary>([^<]+)<\/summary>/g)].map((m) => ({ open: !!m[1], here: !!m[2], label: m[3] }));
    expect(details.length).toBeGreaterThanOrEqual(3);
    expect(details.filter((d) => d.open)).toEqual([{ open: true, here: true, label: "Chứng nhận, tem" }]);
    expect([...nav.matchAll(/aria-current="page"/g)]).toHaveLength(1);
    expect(nav).toContain('<a href="/certificates" aria-current="page">Giấy chứng nhận OCOP</a>');
    // Every link the office had before is still there, just folded.
    for (const href of ["/registry", "/producers", "/ideas", "/stamps", "/reports/fakes", "/admin/audit"]) expect(nav).toContain(`href="${href}"`);

    const home = await (await t.app.request("/", { headers: { cookie: session.cookie } })).text();
    expect(home).not.toContain('aria-current="page"');
    expect(home).not.toMatch(/<details name="menu" open/);
  });
});
