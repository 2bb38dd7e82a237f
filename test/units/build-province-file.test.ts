import { describe, expect, it } from "vitest";
import { type Hcvn, ProvinceFacts, type Vad, buildProvinceFile } from "../../src/modules/units/services/build-province-file.js";
import { UnitFile } from "../../src/modules/units/data/unit-file.js";

// A made-up province 99 in the two packages' shapes: district 901 merges into 900 on 2025-01-01
// (commune 90003 moves, 90004 is absorbed into 90001); in 2025 90002 is split between two new wards.
const unit = (code: string, type: string, name: string, parent_code?: string) => {
  const prefix = { tinh: "Tỉnh", huyen: "Huyện", xa: "Xã", phuong: "Phường", "thi-tran": "Thị trấn" }[type]!;
  return { code, type, name, name_with_type: `${prefix}  ${name}`, ...(parent_code ? { parent_code } : {}) };
};
const hcvn: Hcvn = {
  provinces: { "99": unit("99", "tinh", "Thử Nghiệm") },
  districts: { "900": unit("900", "huyen", "Đông", "99"), "901": unit("901", "huyen", "Tây", "99") },
  communes: {
    "90001": unit("90001", "xa", "An Phú", "900"),
    "90002": unit("90002", "xa", "Bình Hòa", "900"),
    "90003": unit("90003", "thi-tran", "Tây Sơn", "901"),
    "90004": unit("90004", "xa", "Cát Lâm", "901"),
  },
};
const row = (old: string | null, name: string, district: string, next: string) => ({
  old_ward_code: old,
  old_ward_name: name,
  old_district_name: district,
  old_province_name: "Tỉnh Thử Nghiệm",
  new_ward_code: next,
  new_ward_name: "?",
  new_province_name: "Thử Nghiệm",
});
const vad: Vad = {
  provinces: [{ province_code: "99", name: "Thử Nghiệm", place_type: "Tỉnh" }],
  wards: [
    { ward_code: "90001", name: "Phường Đông An", province_code: "99" },
    { ward_code: "90002", name: "Xã Bình Hòa", province_code: "99" },
  ],
  mappings: [
    row("90001", "Xã An Phú", "Huyện Đông", "90001"),
    row("90002", "Xã Bình Hòa", "huyện đông", "90001"),
    row("90002", "Xã Bình Hòa", "Huyện Đông", "90002"),
    row("90003", "Thị trấn Tây Sơn", "Huyện Đông", "90002"),
    row(null, "Xã Cát Lâm", "Huyện Tây", "90001"),
  ],
};
const facts = ProvinceFacts.parse({
  province: "99",
  title: "Thử",
  baseline: { date: "2020-01-01", basis: "NQ gốc", why: "vì", sources: ["s1"] },
  interim: { date: "2025-01-01", legalBasis: "NQ 2024", sources: ["s2"], successions: [{ from: "90004", to: "90001", partial: false }] },
  reform: { date: "2025-07-01", legalBasis: "NQ 2025", sources: ["s3"] },
});
const build = (f = facts) => buildProvinceFile({ hcvn, vad, facts: f, sources: { hcvn: "hcvn@1", vad: "vad@1" }, licence: "MIT" });

describe("building a province file from the code lists", () => {
  it("dates the interim arrangement and the reform, with splits as partial", () => {
    const file = UnitFile.parse(build());
    const key = (u: { code: string; validFrom: string }) => `${u.code}@${u.validFrom}`;
    expect(file.units.map((u) => [key(u), u.kind, u.name, u.parent, u.validTo])).toEqual([
      ["99@2020-01-01", "tỉnh", "Thử Nghiệm", null, null],
      ["900@2020-01-01", "huyện", "Đông", "99@2020-01-01", "2025-07-01"],
      ["901@2020-01-01", "huyện", "Tây", "99@2020-01-01", "2025-01-01"],
      ["90001@2020-01-01", "xã", "An Phú", "900@2020-01-01", "2025-07-01"],
      ["90002@2020-01-01", "xã", "Bình Hòa", "900@2020-01-01", "2025-07-01"],
      ["90003@2020-01-01", "thị trấn", "Tây Sơn", "901@2020-01-01", "2025-01-01"],
      ["90004@2020-01-01", "xã", "Cát Lâm", "901@2020-01-01", "2025-01-01"],
      ["90003@2025-01-01", "thị trấn", "Tây Sơn", "900@2020-01-01", "2025-07-01"],
      ["90001@2025-07-01", "phường", "Đông An", "99@2020-01-01", null],
      ["90002@2025-07-01", "xã", "Bình Hòa", "99@2020-01-01", null],
    ]);
    expect(file.successions.map((s) => [s.from, s.to, s.legalBasis, s.partial])).toEqual([
      ["90003@2020-01-01", "90003@2025-01-01", "NQ 2024", false],
      ["90004@2020-01-01", "90001@2020-01-01", "NQ 2024", false],
      ["901@2020-01-01", "900@2020-01-01", "NQ 2024", false],
      ["90001@2020-01-01", "90001@2025-07-01", "NQ 2025", false],
      ["90002@2020-01-01", "90001@2025-07-01", "NQ 2025", true],
      ["90002@2020-01-01", "90002@2025-07-01", "NQ 2025", true],
      ["90003@2025-01-01", "90002@2025-07-01", "NQ 2025", false],
    ]);
    expect(file.counts.asOf).toEqual({
      "2020-01-01": { province: 1, district: 2, commune: 4 },
      "2024-12-31": { province: 1, district: 2, commune: 4 },
      "2025-01-01": { province: 1, district: 1, commune: 3 },
      "2025-06-30": { province: 1, district: 1, commune: 3 },
      "2025-07-01": { province: 1, commune: 2 },
    });
    expect(file.notes.join("\n")).toMatch(/1 mapping rows without an old code \(Xã Cát Lâm\)/);
    expect(file.changes.map((c) => c.effectiveDate)).toEqual(["2020-01-01", "2025-01-01", "2025-07-01"]);
  });

  it("refuses lists that differ when no arrangement in between is sourced", () => {
    const { interim: _, ...rest } = facts;
    expect(() => build(rest as ProvinceFacts)).toThrow(/changed: 90003; gone: 90004/);
  });

  it("leaves a note, not an invented successor, for a commune whose successor is unknown", () => {
    const file = build({ ...facts, interim: { ...facts.interim!, successions: [] } });
    expect(file.successions.some((s) => s.from === "90004@2020-01-01")).toBe(false);
    expect(file.notes.join("\n")).toContain("no succession row, because their successors could not be sourced: Xã Cát Lâm (90004)");
  });
});
