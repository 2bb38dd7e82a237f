import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken, eventUuid, lotClass, productClass, stampInstance, vnTime } from "../../src/domain/epcis.js";

// The pure rules of the EPCIS projection (src/domain/epcis.ts): identifiers, instants, event ids and page tokens.

const B = "https://ocop.test/";
const withGtin = { productId: 7, gtin: "08935049500018" };
const noGtin = { productId: 7, gtin: null };

describe("identifiers", () => {
  it("are GS1 Digital Link URIs for a product with a GTIN and the product's page otherwise", () => {
    expect(productClass(B, withGtin)).toBe("https://ocop.test/01/08935049500018");
    expect(productClass(B, noGtin)).toBe("https://ocop.test/p/7");
    expect(lotClass(B, withGtin, "L2026-06/A")).toBe("https://ocop.test/01/08935049500018/10/L2026-06%2FA");
    expect(lotClass(B, noGtin, "L1")).toBe("https://ocop.test/p/7?lot=L1");
    // Outside GS1's character set 82, or longer than 20 characters: not a valid AI 10, so the page names it.
    expect(lotClass(B, withGtin, "Lô 1")).toBe("https://ocop.test/p/7?lot=L%C3%B4%201");
    expect(lotClass(B, withGtin, "A".repeat(21))).toBe(`https://ocop.test/p/7?lot=${"A".repeat(21)}`);
    expect(lotClass(B, withGtin, "A".repeat(20))).toBe(`https://ocop.test/01/08935049500018/10/${"A".repeat(20)}`);
    expect(stampInstance(B, withGtin, "0123456789AB")).toBe("https://ocop.test/01/08935049500018/21/0123456789AB");
    expect(stampInstance(B, noGtin, "0123456789AB")).toBe("https://ocop.test/p/7/21/0123456789AB");
  });

  it("write instants at Vietnam's +07:00", () => {
    expect(vnTime(new Date("2026-06-14T17:30:00.123Z"))).toBe("2026-06-15T00:30:00.123+07:00");
  });

  it("give each fact a stable, distinct version-8 UUID", () => {
    const id = eventUuid(B, "issued", [3, 0, "", "2026-06-15T03:00:00.000000Z"]);
    expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventUuid("https://ocop.test", "issued", [3, 0, "", "2026-06-15T03:00:00.000000Z"])).toBe(id);
    expect(eventUuid(B, "issued", [4, 0, "", "2026-06-15T03:00:00.000000Z"])).not.toBe(id);
    expect(eventUuid(B, "activated", [3, 0, "", "2026-06-15T03:00:00.000000Z"])).not.toBe(id);
    expect(eventUuid("https://other.test", "issued", [3, 0, "", "2026-06-15T03:00:00.000000Z"])).not.toBe(id);
  });
});

describe("page tokens", () => {
  it("round-trip a key and refuse anything else", () => {
    const key = { at: "2026-06-15T03:00:00.123456Z", kind: 2, k1: 41, k2: 0, k3: "VN|Ha Tinh" };
    expect(decodePageToken(encodePageToken(key))).toEqual(key);
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const bad of ["", "%%", "not a token", enc({}), enc(["2026-06-15", 2, 1, 0, ""]), enc([key.at, 9, 1, 0, ""]), enc([key.at, 2, 1.5, 0, ""]), enc([key.at, 2, 1, 0, 5]), enc([key.at, 2, 1, 0]), enc(["2026-02-31T03:00:00Z", 2, 1, 0, ""]), enc(["0000-01-01T00:00:00Z", 2, 1, 0, ""]), enc([key.at, 2, 1, 0, "a\u0000b"]), "A".repeat(401)]) {
      expect(decodePageToken(bad), bad).toBeNull();
    }
  });
});
