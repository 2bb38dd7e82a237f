import { describe, expect, it } from "vitest";
import { CRITERIA_SETS } from "../../src/domain/product-categories.js";
import { loadRubric } from "../../src/modules/rubrics/queries.js";
import { scoredItems, type RubricFile } from "../../src/domain/rubric.js";
import { scoreSheet } from "../../src/domain/rubric-score.js";

const VERSION = "qd-26-2026";

const best = (r: RubricFile) =>
  Object.fromEntries(scoredItems(r).map(({ item }) => [item.id, item.options.reduce((a, o) => (o.points > a.points ? o : a)).id]));
const first = (r: RubricFile) => Object.fromEntries(scoredItems(r).map(({ item }) => [item.id, item.options[0]!.id]));

/**
 * A full sheet for set 1 (Rau, củ, quả, hạt tươi), one option per item, with the points the decision prints
 * for that option (Annex II, set 1) in the comment. Sums by hand:
 *   1 (Tổ chức sản xuất)  3+1+2+2+2+1+1 = 12
 *   2 (Phát triển SP)     3+2+3+0       = 8
 *   3 (Sức mạnh CĐ)       3+0+3+2+2     = 10   → Part A 30
 *   4 (Tiếp thị)          3+1+2         = 6
 *   5 (Câu chuyện SP)     5+1+3         = 9    → Part B 15
 *   6 (Cảm quan)          2+3+2+2       = 9
 *   7..12                 1+3+4+3+1+1   = 13   → Part C 22
 * Total 30 + 15 + 22 = 67.
 */
const SET1_MIXED: Record<string, string> = {
  "1.1": "1.1.c", // 75–100% grown in the commune: 3
  "1.2": "1.2.b", // national-standard certificate (VietGAP…): 1
  "1.3": "1.3.b", // machinery in pre-processing: 2 (the ***** option is 1.3.c)
  "1.4": "1.4.b", // medium capacity: 2
  "1.5": "1.5.c", // contracts for >75% of output: 2 (****)
  "1.6": "1.6.a", // environmental dossier: 1 (****)
  "1.7": "1.7.b", // sustainable technology: 1
  "2.1": "2.1.c", // provincial specialty with origin sign: 3 (****)
  "2.2": "2.2.c", // creative, attractive packaging: 2 (***)
  "2.3": "2.3.c", // full label + story + e-traceability: 3 (****)
  "2.4": "2.4.a", // no bilingual label: 0
  "3.1": "3.1.c", // cooperative: 3
  "3.2": "3.2.a", // representative not in the listed groups: 0
  "3.3": "3.3.c", // ≥75% local labour: 3
  "3.4": "3.4.b", // two years of profit growth: 2 (****)
  "3.5": "3.5.b", // registered trademark + origin sign: 2 (****)
  "4.1": "4.1.c", // outside the commune, ≥5 agents: 3 (****)
  "4.2": "4.2.b", // a person responsible: 1
  "4.3": "4.3.c", // >3 activities, website, in-province fairs: 2
  "5.1": "5.1.e", // story on leaflet, website and e-traceability: 5 (****)
  "5.2": "5.2.b", // concise: 1
  "5.3": "5.3.c", // traditional and cultural colour: 3
  "6.1": "6.1.c", // uniform: 2 (****)
  "6.2": "6.2.d", // suitable: 3 (****)
  "6.3": "6.3.c", // fairly good: 2
  "6.4": "6.4.c", // good: 2
  "7": "7.b", // 1–2 nutrition indicators: 1
  "8": "8.c", // unique, characteristic: 3 (****)
  "9": "9.b", // declared + national standards: 4
  "10": "10.b", // national QMS certification: 3 (****; the 5-point option carries no mark)
  "11": "11.a", // simple instructions: 1
  "12": "12.a", // exportable to ASEAN: 1
};

describe("scoreSheet", () => {
  const set1 = loadRubric(VERSION, 1);

  it("covers every scored item of set 1 with the mixed sheet", () => {
    expect(Object.keys(SET1_MIXED).sort()).toEqual(scoredItems(set1).map(({ item }) => item.id).sort());
  });

  it("scores the mixed set 1 sheet to 67 (30 + 15 + 22)", () => {
    const s = scoreSheet(set1, SET1_MIXED);
    expect(s.total).toBe(67);
    expect(s.partTotals).toEqual({ A: 30, B: 15, C: 22 });
    expect(s.missing).toEqual([]);
    expect(s.invalid).toEqual([]);
    // Every ***/**** mark is reached; the three ***** marks of set 1 (1.3, 1.5, 4.1) are not.
    expect(s.unmetStarMinimums).toEqual({ 3: [], 4: [], 5: ["1.3", "1.5", "4.1"] });
  });

  it("scores the best option everywhere to 100 with no unmet minimum, in every set", () => {
    for (const { id } of CRITERIA_SETS) {
      const r = loadRubric(VERSION, id);
      const s = scoreSheet(r, best(r));
      expect(s.total, `set ${id}`).toBe(100);
      expect(s.partTotals, `set ${id}`).toEqual({ A: 40, B: 25, C: 35 });
      expect(s.unmetStarMinimums, `set ${id}`).toEqual({ 3: [], 4: [], 5: [] });
    }
  });

  // Issue 12 changed this expectation: set 1's first option of 2.1 ("trồng phổ biến", 0) fires the printed stop
  // rule of 2.1, so every later item is not assessed and scores 0 (it used to sum to 15).
  it("stops at 2.1 when the first (lowest) option is chosen everywhere in set 1", () => {
    // A: 1+0+1+1+0+1+0 = 4 from 1.x; 2.1 is 0 and stops the assessment.
    const s = scoreSheet(set1, first(set1));
    expect(s.partTotals).toEqual({ A: 4, B: 0, C: 0 });
    expect(s.total).toBe(4);
    expect(s.notAssessed[0]).toEqual({ item: "2.2", reason: "stopped", by: "2.1" });
    expect(s.unmetStarMinimums[3]).toEqual(["2.2", "2.3", "3.5", "4.1", "5.3", "9", "10"]);
  });

  it("scores the lowest option everywhere but 2.1 in set 1 to 16", () => {
    // A: 1+0+1+1+0+1+0 + 1+0+1+0 + 1+0+1+1+1 = 10; B: 1+0+0 + 0+0+0 = 1; C: 0+0+0+0 + 0+0+2+1+1+1 = 5.
    // 5.1.a ("Không có câu chuyện", 0) makes 5.2 not applicable (its first option is 0 anyway).
    const s = scoreSheet(set1, { ...first(set1), "2.1": "2.1.b" });
    expect(s.partTotals).toEqual({ A: 10, B: 1, C: 5 });
    expect(s.total).toBe(16);
    expect(s.notAssessed).toEqual([{ item: "5.2", reason: "not-applicable", by: "5.1" }]);
    // Items whose first printed option is itself the *** minimum (2.3, 3.5, 9, 10) are met at 3★ when that option
    // is ticked; "none applies" is how a sheet says they are not (test/domain/rubric-rules.test.ts).
    expect(s.unmetStarMinimums[3]).toEqual(["2.2", "4.1", "5.3"]);
  });

  it("reports unmet star minimums for low options on starred criteria", () => {
    // 2.2 simple packaging (1 point, below the *** option worth 2); 6.2 "Tương đối phù hợp" (2, below **** at 3).
    const s = scoreSheet(set1, { ...SET1_MIXED, "2.2": "2.2.b", "6.2": "6.2.c" });
    expect(s.total).toBe(65);
    expect(s.unmetStarMinimums[3]).toEqual(["2.2"]);
    // A 4★ product must also meet the 3★ minimums.
    expect(s.unmetStarMinimums[4]).toEqual(["2.2", "6.2"]);
    expect(s.unmetStarMinimums[5]).toEqual(["1.3", "1.5", "2.2", "4.1", "6.2"]);
  });

  it("reports missing and invalid choices", () => {
    const { "1.1": _dropped, "7": _alsoDropped, ...rest } = SET1_MIXED;
    const s = scoreSheet(set1, { ...rest, "2.2": "2.2.z", "1.5": "1.4.a", "99.1": "99.1.a", "1": "1.1.a" });
    expect(s.invalid.sort()).toEqual(["1", "1.5", "2.2", "99.1"]);
    expect(s.missing).toEqual(["1.1", "1.5", "2.2", "7"]);
    // 67 minus 1.1 (3), 1.5 (2), 2.2 (2) and 7 (1).
    expect(s.total).toBe(59);
    // An item with a star minimum and no valid choice has not shown it reaches the minimum.
    expect(s.unmetStarMinimums[3]).toEqual(["2.2"]);
    expect(s.unmetStarMinimums[4]).toEqual(["1.5", "2.2"]);
  });

  it("scores an empty sheet as all missing", () => {
    const s = scoreSheet(set1, {});
    expect(s.total).toBe(0);
    // Issue 12: 5.2 applies only when 5.1 scores above 0, so on an empty sheet it is not assessed, not missing.
    expect(s.missing).toEqual(scoredItems(set1).map(({ item }) => item.id).filter((id) => id !== "5.2"));
    expect(s.notAssessed).toEqual([{ item: "5.2", reason: "not-applicable", by: "5.1" }]);
    expect(s.unmetStarMinimums[3]).toEqual(["2.2", "2.3", "3.5", "4.1", "5.3", "9", "10"]);
  });

  it("scores the nested tea sensory items and the tourism case groups", () => {
    const tea = loadRubric(VERSION, 11);
    const s11 = scoreSheet(tea, { ...best(tea), "6.1.1": "6.1.1.b" });
    expect(s11.total).toBe(99);
    expect(s11.unmetStarMinimums[4]).toEqual(["6.1.1"]);

    const tourism = loadRubric(VERSION, 26);
    // Criterion 8, case 2 (a tourist site), first option: 1 of 3.
    const s26 = scoreSheet(tourism, { ...best(tourism), "8": "8.c" });
    expect(s26.total).toBe(98);
    expect(s26.partTotals.C).toBe(33);
  });
});
