import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { formatBits } from "../../src/lib/qr-mask.js";
import { qrMatrix } from "../../src/lib/qr.js";
import { encodeStampCode, newSerial } from "../../src/domain/stamp-code.js";

/** The library's own choice, module by module, for comparison. */
function reference(url: string, level: "L" | "M" | "Q" | "H" = "M") {
  const { modules, maskPattern } = QRCode.create(url, { errorCorrectionLevel: level });
  return { maskPattern, rows: Array.from({ length: modules.size }, (_, r) => Array.from({ length: modules.size }, (_, c) => modules.get(r, c) !== 0)) };
}

describe("the fast mask choice", () => {
  it("gives exactly qrcode's symbol for stamp URLs and other payloads of every length", () => {
    const key = "k".repeat(43);
    const urls = [
      ...Array.from({ length: 300 }, () => `https://ocop.hatinh.gov.vn/s/${encodeStampCode(newSerial(), key)}`),
      ...Array.from({ length: 60 }, (_, i) => `https://x.vn/${"a".repeat(i * 3)}`),
      "1", "HELLO WORLD", "0123456789".repeat(12),
    ];
    const masks = new Set<number>();
    for (const url of urls) {
      const ref = reference(url);
      masks.add(ref.maskPattern ?? -1);
      const mine = qrMatrix(url);
      expect(mine.size).toBe(ref.rows.length);
      const rows = Array.from({ length: mine.size }, (_, r) => Array.from({ length: mine.size }, (_, c) => mine.dark(r, c)));
      expect(rows, url).toEqual(ref.rows);
    }
    // The sample reaches most of the eight masks, so each scoring path is compared, not just one.
    expect(masks.size).toBeGreaterThanOrEqual(6);
  });

  it("writes the standard's format bits for every level and mask", async () => {
    // Level M with mask 0 is the standard's worked example (ISO/IEC 18004 Annex C): 101010000010010.
    expect(formatBits(0, 0)).toBe(0b101010000010010);
    const { getEncodedBits } = (await import("qrcode/lib/core/format-info.js" as string)) as { getEncodedBits(l: { bit: number }, m: number): number };
    for (const bit of [0, 1, 2, 3]) for (let mask = 0; mask < 8; mask++) expect(formatBits(bit, mask), `${bit}/${mask}`).toBe(getEncodedBits({ bit }, mask));
  });
});
