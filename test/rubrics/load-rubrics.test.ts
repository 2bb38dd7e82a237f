import { describe, expect, it } from "vitest";
import { CRITERIA_SETS } from "../../src/domain/product-categories.js";
import { listRubrics, loadRubric, RubricError, rubricFor, validateRubric } from "../../src/modules/rubrics/queries.js";
import { scoredItems, walkNodes, type CriterionNode, type RubricFile } from "../../src/domain/rubric.js";

const VERSION = "qd-26-2026";
const clone = (r: RubricFile): RubricFile => structuredClone(r);
const node = (r: RubricFile, id: string): CriterionNode => {
  for (const p of r.parts) for (const n of walkNodes(p.criteria)) if (n.id === id) return n;
  throw new Error(`no ${id}`);
};

describe("the QĐ 26/2026 rubric files", () => {
  it.each(CRITERIA_SETS.map((s) => [s.id, s.title.vi] as const))("set %i (%s) loads and validates", (setId) => {
    const r = loadRubric(VERSION, setId);
    expect(validateRubric(r)).toEqual([]);
    expect(r.setId).toBe(setId);
    expect(r.version).toBe(VERSION);
    // Art. 11.1: in force from 22 May 2026, the day of signing.
    expect(r.effectiveFrom).toBe("2026-05-22");
    expect(r.effectiveTo).toBeNull();
    expect(r.parts.map((p) => [p.id, p.maxPoints])).toEqual([
      ["A", 40],
      ["B", 25],
      ["C", 35],
    ]);
    expect(r.totalPoints).toBe(100);
    expect(scoredItems(r).length).toBeGreaterThan(20);
  });

  it("lists all 26 sets of the version in order", () => {
    expect(listRubrics(VERSION).map((r) => r.setId)).toEqual(CRITERIA_SETS.map((s) => s.id));
    expect(listRubrics().filter((r) => r.version === VERSION)).toHaveLength(26);
  });

  it("finds the rubric in force on a date", () => {
    expect(rubricFor(1, "2026-06-01")?.version).toBe(VERSION);
    expect(rubricFor(1, "2026-05-21")).toBeUndefined();
  });

  it("refuses an unknown version or set", () => {
    expect(() => loadRubric(VERSION, 27)).toThrow(RubricError);
    expect(() => loadRubric("qd-0-1900", 1)).toThrow(RubricError);
    expect(() => loadRubric("../etc", 1)).toThrow(RubricError);
  });

  it("keeps the printed shape: set 1 items, notes, star marks and the yes/no item", () => {
    const r = loadRubric(VERSION, 1);
    expect(node(r, "1").title).toBe("TỔ CHỨC SẢN XUẤT");
    expect(node(r, "1.1").requirement).toBe("100% sản phẩm được trồng trên địa bàn cấp tỉnh");
    expect(node(r, "1.5").options!.map((o) => [o.id, o.points, o.minStar])).toEqual([
      ["1.5.a", 0, undefined],
      ["1.5.b", 1, undefined],
      ["1.5.c", 2, 4],
      ["1.5.d", 3, 5],
    ]);
    expect(node(r, "1.5").options![3]!.text).toBe(
      "Có hợp đồng liên kết trên 75% sản lượng tiêu thụ và tổ chức thực hiện hợp đồng ổn định từ 12 tháng trở lên tính đến thời điểm đăng ký đánh giá, phân hạng OCOP",
    );
    expect(node(r, "2.4").options!.every((o) => o.implied)).toBe(true);
    expect(node(r, "5.2").notes).toEqual(["Chỉ áp dụng khi có câu chuyện sản phẩm"]);
    expect(node(r, "7").options).toHaveLength(3); // a criterion scored directly, without sub-criteria
    expect(r.eliminationRules).toHaveLength(1); // printed twice in the decision, one rule
    expect(r.starLegend).toContain("Dấu sao là yêu cầu tối thiểu");
  });

  it("nests a third level where the decision does (tea, set 11) and records the corrected misprint", () => {
    const r = loadRubric(VERSION, 11);
    expect(node(r, "6").subCriteria!.map((n) => n.id)).toEqual(["6.1", "6.2"]);
    expect(node(r, "6.1").subCriteria!.map((n) => n.id)).toEqual(["6.1.1", "6.1.2"]);
    expect(node(r, "6.1.1").options!.map((o) => o.points)).toEqual([0, 1, 2]);
    expect(r.transcriptionNotes?.some((n) => n.startsWith("6.1.1:"))).toBe(true);
  });

  it("keeps the tourism set's case groups (set 26, criterion 8)", () => {
    const r = loadRubric(VERSION, 26);
    const c8 = node(r, "8");
    expect(c8.optionGroups?.map((g) => g.id)).toEqual(["a", "b"]);
    expect(c8.options!.map((o) => [o.id, o.group, o.points])).toEqual([
      ["8.a", "a", 1],
      ["8.b", "a", 3],
      ["8.c", "b", 1],
      ["8.d", "b", 3],
    ]);
    expect(r.eliminationRules).toEqual([]);
    expect(r.starLegend).toBeNull();
  });
});

describe("validateRubric", () => {
  const base = () => clone(loadRubric(VERSION, 1));

  it("accepts the stored file", () => {
    expect(validateRubric(base())).toEqual([]);
  });

  it("reports a sub-criterion whose best option differs from its maximum", () => {
    const r = base();
    node(r, "1.1").options![2]!.points = 4;
    expect(validateRubric(r)).toContain("1.1 is worth 3 but its best option gives 4");
  });

  it("reports wrong sums at criterion, part and total level", () => {
    const r = base();
    node(r, "1").maxPoints = 19;
    r.parts[2]!.maxPoints = 34;
    r.totalPoints = 98;
    const problems = validateRubric(r);
    expect(problems).toContain("1 is worth 19 but its sub-criteria add up to 18");
    expect(problems).toContain("part A is worth 40 but its criteria add up to 41");
    expect(problems).toContain("part C is worth 34 but its criteria add up to 35");
    expect(problems).toContain("part C must be worth 35, not 34");
    expect(problems).toContain("totalPoints is 98 but the parts add up to 99");
    expect(problems).toContain("totalPoints must be 100, not 98");
  });

  it("reports duplicate ids", () => {
    const r = base();
    const n = node(r, "1.2");
    n.id = "1.1";
    n.options!.forEach((o, i) => (o.id = `1.1.${"xyz"[i]}`));
    expect(validateRubric(r)).toContain("duplicate id 1.1 (criterion)");

    const r2 = base();
    node(r2, "1.1").options![1]!.id = "1.1.a";
    expect(validateRubric(r2)).toContain("duplicate id 1.1.a (option)");
  });

  it("reports missing or too few options", () => {
    const r = base();
    delete node(r, "1.7").options;
    node(r, "3.2").options!.splice(0, 1);
    const problems = validateRubric(r);
    expect(problems).toContain("1.7 must have either options or sub-criteria");
    expect(problems).toContain("3.2 has 1 option(s); at least 2 are needed");
  });

  it("reports star marks other than 3, 4, 5 and marks that do not rise", () => {
    const r = base() as unknown as { parts: Array<{ criteria: Array<{ subCriteria: Array<{ options: Array<{ minStar?: number }> }> }> }> };
    r.parts[0]!.criteria[0]!.subCriteria[0]!.options[0]!.minStar = 6;
    expect(validateRubric(r).some((p) => p.startsWith("parts.0.criteria.0.subCriteria.0.options.0.minStar"))).toBe(true);

    const r2 = base();
    node(r2, "1.5").options![3]!.minStar = 3;
    expect(validateRubric(r2)).toContain("1.5: star marks do not rise with the options (1.5.c, 1.5.d)");
  });

  it("reports options that lose points down the list", () => {
    const r = base();
    node(r, "6.3").options![1]!.points = 3;
    expect(validateRubric(r)).toContain("6.3: option 6.3.c gives fewer points than the one before it");
  });

  it("reports a shape that is not a rubric at all", () => {
    expect(validateRubric({ version: "qd-26-2026" }).length).toBeGreaterThan(0);
    expect(validateRubric(null)).toEqual(["(root): Invalid input: expected object, received null"]);
  });
});
