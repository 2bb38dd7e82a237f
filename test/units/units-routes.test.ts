import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBundledProvince } from "../../src/modules/units/services/load-units.js";
import { findUnitByCode } from "../../src/modules/units/queries.js";
import { createTestApp, type TestApp } from "../support/harness.js";

describe("administrative units API and pages", () => {
  let t: TestApp;
  const json = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
  };
  const html = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };
  const idOf = async (code: string, at: string) => (await findUnitByCode(t.database.db, code, at))!.id;

  beforeAll(async () => {
    t = await createTestApp(); // the clock says 2026-03-01
    await loadBundledProvince(t.database.db, "42");
  });
  afterAll(() => t.close());

  it("lists the tree as of a date, without signing in", async () => {
    const before = await json("/api/units?at=2025-06-30&level=district");
    expect(before.status).toBe(200);
    expect(before.body.at).toBe("2025-06-30");
    expect(before.body.items.map((u: any) => u.fullName)).toEqual([
      "Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Huyện Hương Sơn", "Huyện Đức Thọ", "Huyện Vũ Quang", "Huyện Nghi Xuân",
      "Huyện Can Lộc", "Huyện Hương Khê", "Huyện Thạch Hà", "Huyện Cẩm Xuyên", "Huyện Kỳ Anh", "Thị xã Kỳ Anh",
    ]);
    const after = await json("/api/units?at=2025-07-01&level=commune");
    expect(after.body.items).toHaveLength(69);
    expect(after.body.items[0]).toMatchObject({ code: "18073", name: "Thành Sen", fullName: "Phường Thành Sen", kind: "phường", level: "commune", validFrom: "2025-07-01", validTo: null });
    const today = await json("/api/units");
    expect(today.body.at).toBe("2026-03-01");
    expect(today.body.items).toHaveLength(70);
  });

  it("filters by parent and by name", async () => {
    const thachHa = await idOf("445", "2025-06-30");
    const communes = await json(`/api/units?at=2025-06-30&parentId=${thachHa}`);
    expect(communes.body.items).toHaveLength(22);
    expect(communes.body.items.map((u: any) => u.fullName)).toContain("Thị trấn Lộc Hà");
    const found = await json("/api/units?q=ha%20huy%20tap&at=2025-07-01");
    expect(found.body.items.map((u: any) => u.fullName)).toEqual(["Phường Hà Huy Tập"]);
  });

  it("answers one unit with its ancestors, children and old → new mapping", async () => {
    const thachLinh = await idOf("18094", "2024-06-01");
    const r = await json(`/api/units/${thachLinh}`);
    expect(r.status).toBe(200);
    expect(r.body.unit).toMatchObject({ code: "18094", fullName: "Phường Thạch Linh", validFrom: "2020-01-01", validTo: "2025-01-01" });
    expect(r.body.ancestors.map((u: any) => u.fullName)).toEqual(["Tỉnh Hà Tĩnh", "Thành phố Hà Tĩnh"]);
    expect(r.body.at).toBe("2024-12-31");
    expect(r.body.predecessors).toEqual([]);
    expect(r.body.successors.map((s: any) => [s.unit.fullName, s.effectiveDate, s.partial])).toEqual([["Phường Trần Phú", "2025-01-01", false]]);
    expect(r.body.current.map((c: any) => c.unit.fullName)).toEqual(["Phường Thành Sen"]);
    const city = await json(`/api/units/${await idOf("436", "2024-06-01")}?at=2024-06-01`);
    expect(city.body.children).toHaveLength(15);
    expect(city.body.current.map((c: any) => c.unit.fullName)).toEqual([]);
  });

  it("answers an unknown unit with a 404 problem", async () => {
    const r = await json("/api/units/987654");
    expect(r.status).toBe(404);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body.i18n.vi.detail).toBe("Không tìm thấy đơn vị hành chính.");
  });

  it.each([
    ["/api/units?at=2025-13-45", "at"],
    ["/api/units?at=30/06/2025", "at"],
    ["/api/units?level=village", "level"],
    ["/api/units?parentId=abc", "parentId"],
    ["/api/units?color=red", ""],
    ["/api/units/abc", "id"],
    ["/units?at=yesterday", "at"],
  ])("rejects %s with a 400 problem naming the field", async (path, field) => {
    const r = await json(path);
    expect(r.status).toBe(400);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe("validation");
    expect(r.body.errors.map((e: any) => e.path)).toContain(field);
  });

  it("publishes both routes in the OpenAPI document", async () => {
    const doc = await json("/api/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/api/units", "/api/units/{id}"]));
    expect(doc.body.paths["/api/units"].get.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(["at", "parentId", "level", "q"]));
  });

  it("renders the tree page as of a date, in Vietnamese and in English", async () => {
    const before = await html("/units?at=2025-06-30");
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/html/);
    expect(before.text).toContain("12 đơn vị cấp huyện, 209 đơn vị cấp xã.");
    expect(before.text).toContain("Huyện Thạch Hà");
    expect(before.text).toContain('value="2025-06-30"');
    const after = await html("/units?at=2025-07-01&q=");
    expect(after.text).toContain("0 đơn vị cấp huyện, 69 đơn vị cấp xã.");
    expect(after.text).toContain("Phường Thành Sen");
    expect(after.text).not.toContain("Huyện Thạch Hà");
    const en = await html("/units?at=2024-12-31&lang=en");
    expect(en.text).toContain("<h1>Administrative units</h1>");
    expect(en.text).toContain("13 district-level units, 216 commune-level units.");
    expect(en.text).toContain("Huyện Lộc Hà");
  });

  it("renders a former unit with what it is today", async () => {
    const thachDai = await idOf("18643", "2025-03-01");
    const page = await html(`/units/${thachDai}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("<h1>Xã Thạch Đài</h1>");
    expect(page.text).toContain("Đơn vị này không còn. Hiện nay thuộc:");
    expect(page.text).toContain("Phường Hà Huy Tập");
    expect(page.text).toContain("Nghị quyết số 1283/NQ-UBTVQH15");
    expect(page.text).toContain("Nghị quyết số 1665/NQ-UBTVQH15");
    expect((await html("/units/987654")).status).toBe(404);
  });
});
