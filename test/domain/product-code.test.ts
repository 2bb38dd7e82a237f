import { describe, expect, it } from "vitest";
import { formatProductCode, parseProductCode, type ProductCode } from "../../src/domain/product-code.js";

describe("formatProductCode / parseProductCode", () => {
  const good: [ProductCode, string][] = [
    [{ province: "42", commune: "18073", serial: 7, year: 2026 }, "42-18073-007-2026"],
    [{ province: "42", commune: "18073", serial: 1, year: 2020 }, "42-18073-001-2020"],
    [{ province: "42", commune: "00004", serial: 999, year: 2099 }, "42-00004-999-2099"],
    [{ province: "01", commune: "00004", serial: 1000, year: 2000 }, "01-00004-1000-2000"],
    [{ province: "96", commune: "32248", serial: 99_999, year: 2025 }, "96-32248-99999-2025"],
  ];
  it.each(good)("%o ⇄ %s", (code, text) => {
    expect(formatProductCode(code)).toBe(text);
    expect(parseProductCode(text)).toEqual({ ok: true, value: code });
    const back = parseProductCode(formatProductCode(code));
    expect(back.ok && formatProductCode(back.value)).toBe(text);
  });

  const bad: [string, string][] = [
    ["42-18073-7-2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["42-18073-0007-2026", "The running number has extra leading zeros"],
    ["42-18073-000-2026", "The running number must be from 1 to 99999"],
    ["42-18073-100000-2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["42-1807-007-2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["042-18073-007-2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["00-18073-007-2026", "The province code must be 2 digits"],
    ["42-00000-007-2026", "The commune code must be 5 digits"],
    ["42-18073-007-1999", "The year must be from 2000 to 2099"],
    ["42-18073-007-26", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["42-183-18073-007-2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["42_18073_007_2026", "A product code must look like TT-XXXXX-NNN-YYYY"],
    ["", "A product code must look like TT-XXXXX-NNN-YYYY"],
  ];
  it.each(bad)("%s is refused: %s", (text, en) => {
    const r = parseProductCode(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.en).toBe(en);
      expect(r.error.vi).not.toBe("");
    }
  });

  it("tolerates surrounding spaces but not inner ones", () => {
    expect(parseProductCode(" 42-18073-007-2026 ").ok).toBe(true);
    expect(parseProductCode("42 -18073-007-2026").ok).toBe(false);
  });

  it.each([
    [{ province: "4", commune: "18073", serial: 1, year: 2026 }],
    [{ province: "42", commune: "18073", serial: 0, year: 2026 }],
    [{ province: "42", commune: "18073", serial: 1.5, year: 2026 }],
    [{ province: "42", commune: "18073", serial: 1, year: 2100 }],
  ])("formatting an invalid code throws: %o", (code) => {
    expect(() => formatProductCode(code)).toThrow();
  });
});
