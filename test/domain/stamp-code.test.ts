import { createSecretKey, randomBytes } from "node:crypto";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import {
  ALPHABET,
  CODE_LENGTH,
  MAC_BITS,
  SERIAL_BITS,
  encodeStampCode,
  formatStampCodeForPrint,
  isSerial,
  newSerial,
  newSerials,
  parseStampCode,
  stampUrl,
} from "../../src/domain/stamp-code.js";

const key = Buffer.from("0123456789abcdef0123456789abcdef");
const otherKey = Buffer.from("fedcba9876543210fedcba9876543210");
const BASE = "https://ocop.hatinh.gov.vn";

/** A fixed "random" source, so a known serial can be written down. */
const fixed = (bytes: number[]) => (n: number) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length]!);

describe("serials", () => {
  it("are 12 Crockford characters carrying 60 bits", () => {
    expect(newSerial(fixed([0, 0, 0, 0, 0, 0, 0, 0]))).toBe("000000000000");
    expect(newSerial(fixed([0xff]))).toBe("ZZZZZZZZZZZZ");
    // The low 2 bits of each 32-bit word are dropped.
    expect(newSerial(fixed([0, 0, 0, 3, 0, 0, 0, 3]))).toBe("000000000000");
    expect(newSerial(fixed([0, 0, 0, 4, 0, 0, 0, 4]))).toBe("000001000001");
    expect(SERIAL_BITS).toBe(60);
    // 1e8 issued stamps in a space of 2^60: a guess hits one with probability < 1e-9.
    expect(1e8 / 2 ** SERIAL_BITS).toBeLessThan(1e-9);
    expect(2 ** SERIAL_BITS).toBeGreaterThanOrEqual(1e17);
  });

  it("come from one random buffer in bulk, and a million take well under the 15 s issuing budget", () => {
    let calls = 0;
    const counting = (n: number) => {
      calls++;
      return randomBytes(n);
    };
    const started = performance.now();
    const serials = newSerials(1_000_000, counting);
    const ms = performance.now() - started;
    expect(calls).toBe(1);
    expect(serials).toHaveLength(1_000_000);
    expect(serials.every(isSerial)).toBe(true);
    // Collisions are possible (≈ 4e-7 for a million); the database's UNIQUE(serial) is the guard.
    expect(new Set(serials).size).toBe(1_000_000);
    expect(ms).toBeLessThan(5_000);
  });

  it("use every symbol about equally in every position", () => {
    const serials = newSerials(64_000);
    for (let pos = 0; pos < 12; pos++) {
      const counts = new Map<string, number>();
      for (const s of serials) counts.set(s[pos]!, (counts.get(s[pos]!) ?? 0) + 1);
      expect(counts.size).toBe(32);
      // Expected 2000 each; ±25% is > 11 standard deviations.
      for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(500);
    }
  });
});

describe("encodeStampCode / parseStampCode", () => {
  it("round-trips a known serial to a 20-character code", () => {
    const code = encodeStampCode("7K3M9QX2ABCD", key);
    expect(code).toHaveLength(CODE_LENGTH);
    expect(code.startsWith("7K3M9QX2ABCD")).toBe(true);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(parseStampCode(code, key)).toEqual({ ok: true, serial: "7K3M9QX2ABCD", code });
    // Deterministic under one key, different under another.
    expect(encodeStampCode("7K3M9QX2ABCD", key)).toBe(code);
    expect(encodeStampCode("7K3M9QX2ABCD", otherKey)).not.toBe(code);
  });

  it("parses 100,000 random codes back to their serials", () => {
    const serials = newSerials(100_000);
    for (const serial of serials) {
      const code = encodeStampCode(serial, key);
      const r = parseStampCode(code, key);
      if (!r.ok || r.serial !== serial) throw new Error(`round trip failed for ${serial}`);
    }
  });

  it("accepts case, hyphens, spaces and the Crockford look-alikes O→0, I/L→1", () => {
    const serial = "0011ABCDEFGH";
    const code = encodeStampCode(serial, key);
    const printed = formatStampCodeForPrint(code);
    expect(printed).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    const variants = [
      code,
      code.toLowerCase(),
      printed,
      printed.toLowerCase(),
      printed.replaceAll("-", " "),
      ` ${printed} `,
      printed.replaceAll("-", "–"), // an en dash from a word processor
      code.replace(/^00/, "Oo").replace("11", "Il"),
      code.replace(/^0011/, "oOlL"),
    ];
    for (const v of variants) expect(parseStampCode(v, key), v).toEqual({ ok: true, serial, code });
  });

  it("refuses every single-character substitution as a typo (malformed), never as a valid code", () => {
    let tried = 0;
    for (const serial of newSerials(50)) {
      const code = encodeStampCode(serial, key);
      for (let i = 0; i < code.length; i++) {
        for (const c of ALPHABET) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          const r = parseStampCode(typo, key);
          expect(r.ok ? "accepted" : r.reason, typo).toBe("malformed");
          tried++;
        }
      }
    }
    expect(tried).toBe(50 * 20 * 31);
  });

  it("refuses every transposition of two different characters, adjacent or not", () => {
    for (const serial of newSerials(50)) {
      const code = encodeStampCode(serial, key);
      for (let i = 0; i < code.length; i++) {
        for (let j = i + 1; j < code.length; j++) {
          if (code[i] === code[j]) continue;
          const swapped = code.slice(0, i) + code[j] + code.slice(i + 1, j) + code[i] + code.slice(j + 1);
          const r = parseStampCode(swapped, key);
          expect(r.ok ? "accepted" : r.reason, swapped).toBe("malformed");
        }
      }
    }
  });

  it("tells a typo from a forgery in its message", () => {
    const code = encodeStampCode("7K3M9QX2ABCD", key);
    const typo = parseStampCode(code.slice(0, 5) + (code[5] === "A" ? "B" : "A") + code.slice(6), key);
    expect(typo).toMatchObject({ ok: false, reason: "malformed" });
    if (!typo.ok) expect(typo.message.en).toMatch(/mistyped/);
    const forged = parseStampCode(code, otherKey);
    expect(forged).toMatchObject({ ok: false, reason: "bad_mac" });
    if (!forged.ok) {
      expect(forged.message.vi).toMatch(/giả/);
      expect(forged.message.en).toMatch(/not issued/);
    }
  });

  it("refuses a code made under another key, and accepts either key during a rotation", () => {
    const code = encodeStampCode(newSerial(), otherKey);
    expect(parseStampCode(code, key)).toMatchObject({ ok: false, reason: "bad_mac" });
    expect(parseStampCode(code, [key, otherKey])).toMatchObject({ ok: true });
    expect(parseStampCode(code, createSecretKey(otherKey))).toMatchObject({ ok: true });
  });

  it("lets a made-up code with a correct check character through the MAC about 2^-35 of the time (measured: none of 100,000)", () => {
    // Forge: random serial + random MAC symbols + the right check symbol (the check is public, the MAC is not).
    let passed = 0;
    const other = (s: string) => encodeStampCode(s, otherKey); // a code that is well-formed for the wrong key
    for (const serial of newSerials(100_000)) if (parseStampCode(other(serial), key).ok) passed++;
    expect(passed).toBe(0);
    expect(2 ** -MAC_BITS).toBeLessThan(3e-11);
  });

  it.each([
    ["", "malformed"],
    ["7K3M-9QX2", "malformed"],
    ["7K3M-9QX2-ABCD-EFGH-JKMN-P", "malformed"],
    ["7K3M-9QX2-ABCD-EFGH-JKMU", "malformed"], // U is not Crockford
    ["7K3M_9QX2_ABCD_EFGH_JKMN", "malformed"],
    ["https://ocop.hatinh.gov.vn/s/7K3M9QX2ABCDEFGHJKMN", "malformed"],
    ["7K3M9QX2ABCDEFGHJKMNĐ", "malformed"],
    ["A".repeat(1000), "malformed"],
  ])("refuses %j as %s", (text, reason) => {
    expect(parseStampCode(text, key)).toMatchObject({ ok: false, reason });
  });

  it("refuses a bad serial or a short key when encoding", () => {
    expect(() => encodeStampCode("7K3M9QX2ABC", key)).toThrow(RangeError);
    expect(() => encodeStampCode("7K3M9QX2ABCU", key)).toThrow(RangeError);
    expect(() => encodeStampCode("7k3m9qx2abcd", key)).toThrow(RangeError); // serials are stored canonical
    expect(() => encodeStampCode("7K3M9QX2ABCD", "short")).toThrow(RangeError);
  });
});

describe("print form and QR payload", () => {
  it("groups the code in fours and builds the short URL", () => {
    const code = encodeStampCode("7K3M9QX2ABCD", key);
    expect(formatStampCodeForPrint(code)).toBe(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code.slice(12, 16)}-${code.slice(16)}`);
    expect(formatStampCodeForPrint(formatStampCodeForPrint(code).toLowerCase())).toBe(formatStampCodeForPrint(code));
    expect(stampUrl(BASE, code)).toBe(`${BASE}/s/${code}`);
    expect(stampUrl(`${BASE}/`, formatStampCodeForPrint(code))).toBe(`${BASE}/s/${code}`);
    expect(() => stampUrl(BASE, "not-a-code")).toThrow(RangeError);
  });

  it("fits QR version 4 (33×33) at error correction M; in capitals it would fit version 3", () => {
    for (const serial of newSerials(200)) {
      const url = stampUrl(BASE, encodeStampCode(serial, key));
      expect(url).toHaveLength(49);
      expect(QRCode.create(url, { errorCorrectionLevel: "M" }).version).toBe(4);
      expect(QRCode.create(url.toUpperCase(), { errorCorrectionLevel: "M" }).version).toBe(3);
    }
  });
});
