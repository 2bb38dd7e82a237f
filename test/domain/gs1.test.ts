import { describe, expect, it } from "vitest";
import { normaliseGtin, parseDigitalLink } from "../../src/domain/gs1.js";

describe("GTIN", () => {
  it.each([
    ["8935049500018", "08935049500018"],
    ["08935049500018", "08935049500018"],
    ["96385074", "00000096385074"],
    ["036000291452", "00036000291452"],
  ])("%s is valid as %s", (raw, g14) => expect(normaliseGtin(raw)).toBe(g14));
  it.each(["8935049500019", "893504950001", "abc", "", "123456789012345"])("%j is refused", (raw) => expect(normaliseGtin(raw)).toBeNull());
});

describe("parseDigitalLink", () => {
  it.each([
    ["/01/8935049500018", { gtin: "08935049500018", lot: null, serial: null }],
    ["/01/08935049500018/21/ABC123", { gtin: "08935049500018", lot: null, serial: "ABC123" }],
    ["/01/08935049500018/10/L%2F2026", { gtin: "08935049500018", lot: "L/2026", serial: null }],
    ["/01/08935049500018/10/L1/21/S1", { gtin: "08935049500018", lot: "L1", serial: "S1" }],
  ])("%s", (path, link) => expect(parseDigitalLink(path)).toEqual({ ok: true, link }));
  it.each(["/01", "/02/08935049500018", "/01/08935049500019", "/01/08935049500018/21", "/01/08935049500018/22/X", "/01/08935049500018/21/S/10/L", "/01/08935049500018/21/" + "X".repeat(21), "/01/08935049500018/21/%ZZ", "/01/08935049500018/10/a b"])(
    "%s is malformed",
    (path) => expect(parseDigitalLink(path).ok).toBe(false),
  );
});
