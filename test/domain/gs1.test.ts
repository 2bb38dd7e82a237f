import { describe, expect, it } from "vitest";
import { canonicalPathOf, normaliseGtin, parseDigitalLink } from "../../src/domain/gs1.js";
import { gs1Check } from "../support/gs1-digital-link.js";

const HOST = "https://ocop.test";

describe("GTIN", () => {
  it.each([
    ["8935049500018", "08935049500018"],
    ["08935049500018", "08935049500018"],
    ["96385074", "00000096385074"],
    ["036000291452", "00036000291452"],
  ])("%s is valid as %s", (raw, g14) => expect(normaliseGtin(raw)).toBe(g14));
  it.each(["8935049500019", "893504950001", "abc", "", "123456789012345"])("%j is refused", (raw) => expect(normaliseGtin(raw)).toBeNull());
});

const link = (l: Partial<{ gtin: string; variant: string | null; lot: string | null; serial: string | null; attributes: [string, string][] }>) => ({ gtin: "08935049500018", variant: null, lot: null, serial: null, attributes: [], ...l });

describe("parseDigitalLink", () => {
  // Every URI we accept, digital-link.js (GS1's grammar) accepts too, and reads the same key and qualifiers.
  it.each([
    ["/01/8935049500018", "", link({}), true],
    ["/01/08935049500018", "", link({}), false],
    ["/01/08935049500018/", "", link({}), false],
    ["/01/96385074/21/S1", "", link({ gtin: "00000096385074", serial: "S1" }), true],
    ["/01/08935049500018/21/ABC123", "", link({ serial: "ABC123" }), false],
    ["/01/08935049500018/10/L%2F2026", "", link({ lot: "L/2026" }), false],
    ["/01/08935049500018/10/L1/21/S1", "", link({ lot: "L1", serial: "S1" }), false],
    ["/01/08935049500018/22/V1", "", link({ variant: "V1" }), false],
    ["/01/08935049500018/22/V1/10/L1/21/S1/", "", link({ variant: "V1", lot: "L1", serial: "S1" }), false],
    ["/01/08935049500018/22/V1/21/S1", "", link({ variant: "V1", serial: "S1" }), false],
    ["/01/08935049500018/10/L1", "?17=271231&3103=000500&linkType=gs1:pip", link({ lot: "L1", attributes: [["17", "271231"], ["3103", "000500"]] }), false],
  ])("%s%s", (path, query, expected, redirect) => {
    const r = parseDigitalLink(path, new URLSearchParams(query));
    expect(r).toEqual({ ok: true, link: expected, canonicalPath: canonicalPathOf(expected), needsCanonicalRedirect: redirect });
    const theirs = gs1Check(`${HOST}${path}${query}`);
    expect(theirs.valid).toBe(true);
    expect(theirs.identifier).toEqual({ "01": expected.gtin });
    const qualifiers = Object.fromEntries([["22", expected.variant], ["10", expected.lot], ["21", expected.serial]].filter(([, v]) => v !== null));
    // digital-link.js keeps values percent-encoded as written.
    expect(Object.fromEntries(Object.entries(theirs.keyQualifiers).map(([k, v]) => [k, decodeURIComponent(v)]))).toEqual(qualifiers);
    // The canonical path is itself a valid Digital Link naming the same item, in 14 digits.
    const canonical = gs1Check(`${HOST}${canonicalPathOf(expected)}`);
    expect(canonical).toMatchObject({ valid: true, identifier: { "01": expected.gtin } });
    expect(Object.keys(canonical.keyQualifiers)).toEqual(Object.keys(theirs.keyQualifiers));
    expect(canonicalPathOf(expected)).toMatch(/^\/01\/\d{14}(\/|$)/);
  });

  // What GS1's grammar refuses, we refuse (400).
  it.each([
    "/01",
    "/02/08935049500018",
    "/01/08935049500019",
    "/01/08935049500018/21",
    "/01/08935049500018/21/S/10/L",
    "/01/08935049500018/10/L/22/V",
    "/01/08935049500018/21/S/22/V",
    "/01/08935049500018/17/271231",
    "/01/08935049500018/21/" + "X".repeat(21),
    "/01/08935049500018/10/a b",
    "/01/08935049500018?17=2712",
  ])("%s is malformed, for digital-link.js too", (uri) => {
    const [path, query] = uri.split("?");
    expect(parseDigitalLink(path!, new URLSearchParams(query ?? "")).ok).toBe(false);
    expect(gs1Check(`${HOST}${uri.replace(/ /g, "%20")}`).valid).toBe(false);
  });

  // Stricter than the grammar, on purpose: a repeated qualifier, an impossible month, a qualifier in the query.
  it.each([
    ["/01/08935049500018/10/L/10/M", ""],
    ["/01/08935049500018", "?17=271331"],
    ["/01/08935049500018", "?21=S1"],
    ["/01/08935049500018", "?3103=5"],
    ["/01/08935049500018/21/%ZZ", ""],
  ])("%s%s is refused", (path, query) => {
    const r = parseDigitalLink(path, new URLSearchParams(query));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.vi).not.toBe(r.message.en);
  });
});
