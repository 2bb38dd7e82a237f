import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import { ROLES } from "../../src/domain/roles.js";
import { producers } from "../../src/modules/producers/schema.js";
import { retailPoints } from "../../src/modules/retail/schema.js";
import { adminUnits } from "../../src/modules/units/schema.js";
import { ROLE_LABELS } from "../../src/web/role-labels.js";
import { createTestApp, type TestApp } from "../support/harness.js";

// The home page is about roles, not sign-in: the session is replaced by a principal sent in a header.
vi.mock("../../src/auth/middleware.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/auth/middleware.js")>();
  const { createMiddleware } = await import("hono/factory");
  return {
    ...real,
    sessionMiddleware: createMiddleware(async (c, next) => {
      const raw = c.req.header("x-test-principal");
      c.set("auth", { principal: raw ? JSON.parse(decodeURIComponent(raw)) : null, sessionId: raw ? "s" : null });
      c.set("csrfToken", "test-csrf");
      await next();
    }),
  };
});

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/'/g, "&#39;").replace(/"/g, "&quot;");
const mainOf = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));
const linksIn = (html: string) => [...mainOf(html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);

describe("GET / for a signed-in user", () => {
  let t: TestApp;
  let ids: { district: number; commune: number; producer: number; retail: number };
  const home = async (p: Principal, lang = "vi") => {
    const res = await t.app.request(`/?lang=${lang}`, { headers: { "x-test-principal": encodeURIComponent(JSON.stringify(p)) } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    const unit = async (code: string, name: string, kind: string, level: "district" | "commune") =>
      (await db.insert(adminUnits).values({ code, name, kind, level, validFrom: "2020-01-01", path: "-", source: "test" }).returning())[0]!.id;
    const district = await unit("436", "Cẩm Xuyên", "huyện", "district");
    const commune = await unit("18580", "Xã Cẩm Thạch", "xã", "commune");
    const [producer] = await db.insert(producers).values({ name: "HTX Mật ong Cẩm Thạch", kind: "htx", communeId: commune, address: "Thôn 1" }).returning();
    const [retail] = await db.insert(retailPoints).values({ name: "Điểm bán OCOP Hồng Lĩnh", communeId: commune, address: "Phố 2" }).returning();
    ids = { district, commune, producer: producer!.id, retail: retail!.id };
  });
  afterAll(() => t.close());

  it("gives every role a card with its names, scope, what it can do now and what comes later", async () => {
    const p: Principal = {
      userId: "u1",
      username: "nhieu.vai.tro",
      displayName: "Lê Văn Ba",
      locale: "vi",
      grants: [
        { role: "district_office", unitId: ids.district, unitPath: `1.${ids.district}` },
        { role: "producer_member", producerId: ids.producer },
        { role: "retail_operator", retailPointId: ids.retail },
      ],
    };
    const html = await home(p);
    expect(html).toContain("Xin chào, Lê Văn Ba");
    expect(html.match(/class="card role"/g)).toHaveLength(3);
    for (const g of p.grants) {
      expect(html).toContain(esc(ROLE_LABELS[g.role].vi));
      // One language per page: no English subtitle under a Vietnamese role name (issue 16).
      expect(html).not.toContain(esc(ROLE_LABELS[g.role].en));
    }
    // Shipped work is offered as work, never announced as a later stage.
    expect(html).not.toContain("Sẽ có");
    expect(html).toContain("<strong>Huyện Cẩm Xuyên</strong>");
    expect(html).toContain("<strong>HTX Mật ong Cẩm Thạch</strong>");
    expect(html).toContain("<strong>Điểm bán OCOP Hồng Lĩnh</strong>");
    // None of these roles may open the admin pages, so none are offered; the district office and the
    // producer member may read producers and follow the cycle, each from their side of it; the district office
    // reports on the tasks assigned to it (issue 17).
    expect(new Set(linksIn(html))).toEqual(
      new Set(["/producers", "/units", "/ideas?waiting=1", "/plans?waiting=1", "/products", "/reports/budget", "/ideas/new", "/ideas", "/plans", "/dossiers", "/stamps", "/stats/scans", "/notices", "/retail/verify", "/programme", "/programme/training/mine", "/tasks", "/monthly-reports", "/dashboard"]),
    );
  });

  it("offers the office and the administrator only the admin pages the policy grants them", async () => {
    const grant = (role: "system_admin" | "province_office" | "inspector") => ({ role, unitId: ids.commune, unitPath: `1.${ids.commune}` });
    const admin = await home({ userId: "a", username: "a", displayName: "A", locale: "vi", grants: [grant("system_admin")] });
    expect(admin).toContain("Tạo tài khoản, giao và thu hồi vai trò");
    expect(admin).toContain("<strong>Xã Cẩm Thạch</strong>");
    expect(new Set(linksIn(admin))).toEqual(
      new Set(["/admin/users", "/admin/audit", "/admin/audit?verify=1", "/producers", "/units", "/ideas", "/plans", "/products", "/reports/budget", "/programme", "/programme/training/mine", "/monthly-reports/overview", "/dashboard"]),
    );

    const office = await home({ userId: "o", username: "o", displayName: "O", locale: "vi", grants: [grant("province_office")] });
    expect(office).toContain("Xem tài khoản và vai trò");
    expect(office).not.toContain("Tạo tài khoản");

    const inspector = await home({ userId: "i", username: "i", displayName: "I", locale: "vi", grants: [grant("inspector")] });
    expect(new Set(linksIn(inspector))).toEqual(new Set(["/admin/audit", "/producers", "/units", "/ideas", "/plans", "/products"]));
  });

  it("has a label for every role, and speaks English on request", async () => {
    for (const role of ROLES) expect(ROLE_LABELS[role].vi && ROLE_LABELS[role].en, role).toBeTruthy();
    const html = await home({ userId: "c", username: "c", displayName: "Chi", locale: "en", grants: [{ role: "council_member", unitId: ids.district }] }, "en");
    expect(html).toContain("Welcome, Chi");
    expect(html).toContain("Rating council member");
    expect(html).not.toContain(esc(ROLE_LABELS.council_member.vi));
  });

  it("tells a user without roles whom to ask", async () => {
    const html = await home({ userId: "n", username: "n", displayName: "N", locale: "vi", grants: [] });
    expect(html).toContain("chưa được giao vai trò nào");
    expect(linksIn(html)).toEqual(["/units"]);
  });
});
