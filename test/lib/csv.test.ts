import { describe, expect, it } from "vitest";
import { csvCell } from "../../src/lib/csv.js";

describe("csvCell", () => {
  it.each([
    ["Bánh đa vừng", "Bánh đa vừng"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""],
    ["+84912", "'+84912"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["dòng\nmới", '"dòng\nmới"'],
  ])("%j → %j", (input, out) => expect(csvCell(input)).toBe(out));
  it("writes numbers, bigints and empties plainly", () => {
    expect(csvCell(12)).toBe("12");
    expect(csvCell(11000000950000039n)).toBe("11000000950000039");
    expect(csvCell(null)).toBe("");
  });
});
