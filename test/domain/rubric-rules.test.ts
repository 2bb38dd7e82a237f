import { describe, expect, it } from "vitest";
import { NONE_APPLIES, STOP_ASSESSMENT, scoredItems, type RubricFile } from "../../src/domain/rubric.js";
import { scoreSheet } from "../../src/domain/rubric-score.js";
import { sheetSubmitProblems } from "../../src/domain/sheet-rules.js";
import { loadRubric } from "../../src/modules/rubrics/queries.js";

/*
 * Issue 12, score sheets: "none applies" is an answer; stop rules and conditional items printed in the sets are
 * rules. The sets are the bundled QĐ 26/2026 data, so these tests also pin what the builder made of the notes.
 */

const rubric = (id: number) => loadRubric("qd-26-2026", id);
const items = (r: RubricFile) => scoredItems(r).map(({ item }) => item);
const item = (r: RubricFile, id: string) => items(r).find((i) => i.id === id)!;
const best = (r: RubricFile) => Object.fromEntries(items(r).map((i) => [i.id, i.options.reduce((a, o) => (o.points > a.points ? o : a)).id]));
/** A note on every item, so that only the rule under test can make a sheet unsubmittable. */
const allNotes = (r: RubricFile) => Object.fromEntries(items(r).map((i) => [i.id, "lý do"]));
const after = (r: RubricFile, id: string) => {
  const ids = items(r).map((i) => i.id);
  return ids.slice(ids.indexOf(id) + 1);
};
const maxOf = (r: RubricFile, ids: string[]) => ids.reduce((s, id) => s + item(r, id).maxPoints, 0);

describe("none applies on an item carrying a star minimum: the minimum fails", () => {
  // [set, item, the lowest star level whose minimum sits on the item's first printed option or above]
  const cases: Array<[number, string, 3 | 4 | 5]> = [
    [1, "3.5", 3], // 3.5.a trademark application accepted ***
    [1, "9", 3], // 9.a quality declaration ***
    [1, "10", 3], // 10.a food-safety certificate ***
    [1, "1.6", 4], // 1.6.a ****
    [9, "3.5", 3],
    [9, "8", 3],
    [14, "1.1", 3],
    [19, "12", 3],
    [21, "7", 3],
    [26, "3.4", 4],
  ];
  it.each(cases)("set %i item %s", (setId, id, level) => {
    const r = rubric(setId);
    const choices = { ...best(r), [id]: NONE_APPLIES };
    const withLowest = { ...best(r), [id]: item(r, id).options[0]!.id };
    const s = scoreSheet(r, choices);
    expect(s.invalid).toEqual([]);
    expect(s.missing).toEqual([]);
    expect(s.total).toBe(100 - item(r, id).maxPoints);
    for (const l of [3, 4, 5] as const) expect(s.unmetStarMinimums[l].includes(id), `level ${l}`).toBe(l >= level);
    // The lowest printed option is no longer a free floor: it scores and meets what "none applies" does not.
    const low = scoreSheet(r, withLowest);
    expect(low.total).toBeGreaterThan(s.total);
    expect(low.unmetStarMinimums[level].includes(id)).toBe(item(r, id).options[0]!.minStar === undefined);
  });

  it("is a valid answer on every item of every set, worth 0", () => {
    for (let setId = 1; setId <= 26; setId++) {
      const r = rubric(setId);
      for (const i of items(r)) {
        const s = scoreSheet(r, { ...best(r), [i.id]: NONE_APPLIES });
        expect(s.invalid, `set ${setId} ${i.id}`).toEqual([]);
        // (Items that fire a stop or decide a conditional item take more with them: tested below.)
        const decides = items(r).some((x) => x.appliesWhen?.item === i.id || x.stop?.watch.includes(i.id));
        if (!i.stop && !decides) expect(s.total, `set ${setId} ${i.id}`).toBe(100 - i.maxPoints);
      }
    }
  });
});

describe("a blank item vs none applies, and the note", () => {
  const cases: Array<[number, string]> = [
    [1, "9"],
    [9, "2.3"],
    [19, "3.5"],
    [21, "8"],
    [26, "1.1"],
  ];
  it.each(cases)("set %i item %s", (setId, id) => {
    const r = rubric(setId);
    const { [id]: _blank, ...blank } = best(r);
    const none = { ...best(r), [id]: NONE_APPLIES };

    // Blank: not scored, so missing and unsubmittable at the choice.
    expect(scoreSheet(r, blank).missing).toEqual([id]);
    expect(sheetSubmitProblems(r, blank, {}).map((p) => p.path)).toEqual([`choices.${id}`]);

    // None applies: scored (0), not missing; it withholds points, so it needs a note, as any withheld points do.
    expect(scoreSheet(r, none).missing).toEqual([]);
    expect(scoreSheet(r, none).total).toBe(scoreSheet(r, blank).total);
    const problems = sheetSubmitProblems(r, none, {});
    expect(problems.map((p) => p.path)).toEqual([`notes.${id}`]);
    expect(problems[0]!.vi).toContain("không có phương án phù hợp");
    expect(sheetSubmitProblems(r, none, { [id]: "   " }).map((p) => p.path)).toEqual([`notes.${id}`]);
    expect(sheetSubmitProblems(r, none, { [id]: "Chưa nộp đơn đăng ký" })).toEqual([]);
  });
});

describe("stop rules: the later items are not assessed and score 0", () => {
  // [set, stop item, the answer that fires it, printed note]
  const cases: Array<[number, string, string, string]> = [
    [1, "6.1", STOP_ASSESSMENT, "Không xem xét các chỉ tiêu khác"], // impurities: declared by the assessor
    [1, "2.1", "2.1.a", "Không đánh giá những sản phẩm có tính phổ biến"], // the 0-point "grown everywhere" option
    [1, "2.1", NONE_APPLIES, "Không đánh giá những sản phẩm có tính phổ biến"],
    [9, "6.1", STOP_ASSESSMENT, "sẽ không đánh giá các bước tiếp theo"],
    [11, "6.1.1", STOP_ASSESSMENT, "sẽ không đánh giá các bước tiếp theo"], // a third-level item
    [19, "6", "6.a", "Không đánh giá các bước tiếp theo nếu không có Phiếu công bố"],
    [20, "6", NONE_APPLIES, "Không đánh giá các bước tiếp theo nếu không có Phiếu công bố"], // set 20 prints no 0 option
  ];
  it.each(cases)("set %i item %s answered %s", (setId, id, answer, note) => {
    const r = rubric(setId);
    expect(item(r, id).notes?.some((n) => n.includes(note))).toBe(true);
    const later = after(r, id);
    const s = scoreSheet(r, { ...best(r), [id]: answer });
    expect(s.invalid).toEqual([]);
    expect(s.notAssessed).toEqual(later.map((i) => ({ item: i, reason: "stopped", by: id })));
    // Everything from the stop item on scores 0, whatever was ticked on the later items.
    expect(s.total).toBe(100 - item(r, id).maxPoints - maxOf(r, later));
    // A stopped product reaches no minimum printed after the stop.
    for (const i of later) if (item(r, i).options.some((o) => o.minStar === 3)) expect(s.unmetStarMinimums[3]).toContain(i);
    // The later items need neither a choice nor a note; the stop item needs its note.
    const upToStop = Object.fromEntries(Object.entries({ ...best(r), [id]: answer }).filter(([k]) => !later.includes(k)));
    expect(sheetSubmitProblems(r, upToStop, {}).map((p) => p.path)).toEqual([`notes.${id}`]);
    expect(sheetSubmitProblems(r, upToStop, { [id]: "Có lông, côn trùng" })).toEqual([]);
  });

  it("set 16: a 0 in one of 6.1–6.4 stops after 6.4 (\"tại một trong các chỉ tiêu trên\")", () => {
    const r = rubric(16);
    const s = scoreSheet(r, { ...best(r), "6.2": "6.2.a" });
    expect(s.notAssessed.map((n) => n.item)).toEqual(after(r, "6.4"));
    expect(s.notAssessed.every((n) => n.by === "6.4")).toBe(true);
    expect(s.total).toBe(100 - item(r, "6.2").maxPoints - maxOf(r, after(r, "6.4")));
  });

  it("does not fire on a non-zero answer or a blank, and 'stop' is refused where no declared stop rule is printed", () => {
    const cases: Array<[number, string, string]> = [
      [1, "6.1", "6.1.a"], // "Không đồng đều" (0) is not the impurity condition: declared rules fire only on "stop"
      [9, "6.1", "6.1.b"],
      [19, "6", "6.b"],
    ];
    for (const [setId, id, answer] of cases) expect(scoreSheet(rubric(setId), { ...best(rubric(setId)), [id]: answer }).notAssessed, `set ${setId}`).toEqual([]);
    const { "6.1": _blank, ...blank } = best(rubric(9));
    expect(scoreSheet(rubric(9), blank).notAssessed).toEqual([]);
    for (const [setId, id] of [[1, "1.1"], [19, "6"], [14, "6.1"], [26, "1.1"]] as const) {
      expect(scoreSheet(rubric(setId), { ...best(rubric(setId)), [id]: STOP_ASSESSMENT }).invalid, `set ${setId} ${id}`).toEqual([id]);
    }
  });
});

describe("conditional items: 0 unless the condition holds", () => {
  // "5.2 chỉ áp dụng khi có câu chuyện sản phẩm": [set, 5.1 answer, applies?]
  const cases: Array<[number, string, boolean]> = [
    [1, "5.1.a", false], // "Không có câu chuyện sản phẩm" (0)
    [1, NONE_APPLIES, false],
    [1, "5.1.b", true],
    [9, "5.1.a", false],
    [9, "5.1.b", true],
    [21, "5.1.a", false],
    [21, "5.1.c", true],
    [25, "5.1.a", false],
  ];
  it.each(cases)("set %i, 5.1 answered %s", (setId, answer, applies) => {
    const r = rubric(setId);
    expect(item(r, "5.2").notes?.some((n) => n.startsWith("Chỉ áp dụng khi có câu chuyện"))).toBe(true);
    const top = best(r)["5.2"]!;
    const s = scoreSheet(r, { ...best(r), "5.1": answer });
    const story = answer === NONE_APPLIES ? 0 : item(r, "5.1").options.find((o) => o.id === answer)!.points;
    const storyLoss = item(r, "5.1").maxPoints - story;
    expect(s.total).toBe(100 - storyLoss - (applies ? 0 : item(r, "5.2").maxPoints));
    expect(s.notAssessed).toEqual(applies ? [] : [{ item: "5.2", reason: "not-applicable", by: "5.1" }]);
    expect(top).toMatch(/^5\.2\./);
    // Not applicable: no choice and no note needed on 5.2.
    const without: Record<string, string> = { ...best(r), "5.1": answer };
    delete without["5.2"];
    const paths = sheetSubmitProblems(r, without, { "5.1": "lý do" }).map((p) => p.path);
    expect(paths).toEqual(applies ? ["choices.5.2"] : []);
  });

  it("every set but 26 carries the conditional 5.2, and only the printed stop notes became stop rules", () => {
    for (let setId = 1; setId <= 26; setId++) {
      const r = rubric(setId);
      const cond = items(r).filter((i) => i.appliesWhen).map((i) => `${i.id}?${i.appliesWhen!.item}`);
      expect(cond, `set ${setId}`).toEqual(setId === 26 ? [] : ["5.2?5.1"]);
      for (const i of items(r)) if (i.stop) expect(i.notes?.some((n) => /không đánh giá|không xem xét/i.test(n)), `set ${setId} ${i.id}`).toBe(true);
    }
    expect(allNotes(rubric(1))["1.1"]).toBe("lý do");
  });
});
