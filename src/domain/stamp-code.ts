import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";
import type { Bilingual } from "../lib/i18n.js";

/*
 * The code printed on an OCOP traceability stamp (tem truy xuất nguồn gốc) and carried by its QR code.
 *
 *     SSSSSSSSSSSS MMMMMMM C          20 characters, printed as XXXX-XXXX-XXXX-XXXX-XXXX
 *     serial (12)  MAC (7) check (1)
 *
 * Alphabet: Crockford base32 "0123456789ABCDEFGHJKMNPQRSTVWXYZ" (no I, L, O, U). Reading is case-insensitive;
 * O is read as 0 and I/L as 1, as Crockford specifies; hyphens and spaces are ignored.
 *
 * Serial: 60 random bits (12 characters) from the OS CSPRNG. With N = 1e8 stamps issued, a guessed serial is
 * an issued one with probability N / 2^60 = 1e8 / 1.15e18 ≈ 8.7e-11 (< 1e-9; the space is 1.15e18 ≥ 1e17).
 * Random serials do collide eventually: among 1e8 the birthday bound gives ≈ N² / 2^61 ≈ 0.4%, among one
 * batch of 1e6 ≈ 4e-7, so the database keeps UNIQUE(serial) and the issuer draws again on a conflict.
 * Stored as this 12-character string (char(12), COLLATE "C"): fixed length, the same text as on the stamp,
 * and it sorts like the number it encodes. (It is < 2^60, so a bigint column could hold it too.)
 *
 * MAC: the first 35 bits of HMAC-SHA256(server key, "ocop-stamp-v1:" + serial). A code made up without the
 * key passes with probability 2^-35 ≈ 2.9e-11, so forged and random codes are refused before the database is
 * touched; to hit an issued stamp a forger must also guess its serial: 2^-35 × 8.7e-11 ≈ 2.5e-21 a try.
 *
 * Check character: it makes the weighted sum of all 20 symbols zero in GF(32) (weights α^19 … α^1 for the 19
 * code symbols and 1 for the check, α a primitive element, so all 20 weights differ). Changing one symbol
 * changes the sum by (weight × difference) ≠ 0, and swapping two different symbols anywhere changes it by
 * (w_i − w_j)(a − b) ≠ 0, so EVERY single substitution and EVERY transposition (adjacent or not) is caught
 * and reported as a typo, not as a forgery. Other errors slip past the check with probability 1/32 and are
 * then refused by the MAC (as "bad_mac").
 *
 * The QR payload `${publicBaseUrl}/s/${code}` for https://ocop.hatinh.gov.vn is 49 characters: QR version 4
 * (33×33 modules) at error correction M. The same URL written all in capitals would encode in alphanumeric mode
 * and fit version 3 (29×29), if the public route also answers /S/; the test measures both.
 */

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SERIAL_LENGTH = 12;
export const SERIAL_BITS = 60;
export const MAC_LENGTH = 7;
export const MAC_BITS = 35;
export const CODE_LENGTH = SERIAL_LENGTH + MAC_LENGTH + 1;
const MAC_CONTEXT = "ocop-stamp-v1:";

/** A server secret: at least 16 bytes (32 recommended), or a KeyObject made from one. */
export type StampKey = KeyObject | string | Uint8Array;

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  VALUE[ALPHABET.charCodeAt(i)] = i;
  VALUE[ALPHABET.toLowerCase().charCodeAt(i)] = i;
}
for (const [c, v] of [["O", 0], ["o", 0], ["I", 1], ["i", 1], ["L", 1], ["l", 1]] as const) VALUE[c.charCodeAt(0)] = v;

// GF(32) with the primitive polynomial x^5 + x^2 + 1; α = x has order 31.
const EXP = new Uint8Array(62);
const LOG = new Uint8Array(32);
for (let i = 0, v = 1; i < 31; i++) {
  EXP[i] = v;
  EXP[i + 31] = v;
  LOG[v] = i;
  v <<= 1;
  if (v & 32) v ^= 0b100101;
}
const gfMul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : (EXP[(LOG[a] as number) + (LOG[b] as number)] as number));

/** The check symbol for the 19 code symbols: Σ α^(19−i)·v_i, so that adding it (weight 1) makes the sum 0. */
function checkValue(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < CODE_LENGTH - 1; i++) sum ^= gfMul(EXP[CODE_LENGTH - 1 - i] as number, values[i] as number);
  return sum;
}

function keyBytesOk(key: StampKey): void {
  if (typeof key === "string" ? Buffer.byteLength(key) < 16 : key instanceof Uint8Array ? key.length < 16 : key.type !== "secret") {
    throw new RangeError("The stamp key must be a secret of at least 16 bytes");
  }
}

/** The 7 MAC symbols (35 bits) of a serial. */
function macValues(serial: string, key: StampKey): number[] {
  const h = createHmac("sha256", key).update(MAC_CONTEXT + serial).digest();
  const hi = h.readUInt32BE(0);
  const lo = (h[4] as number) >>> 5;
  return [hi >>> 27, (hi >>> 22) & 31, (hi >>> 17) & 31, (hi >>> 12) & 31, (hi >>> 7) & 31, (hi >>> 2) & 31, ((hi & 3) << 3) | lo];
}

function serialFrom(bytes: Uint8Array, offset: number): string {
  // Two 30-bit halves from two big-endian 32-bit words (the low 2 bits of each are dropped): 60 uniform bits.
  const a = (((bytes[offset] as number) << 24) | ((bytes[offset + 1] as number) << 16) | ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)) >>> 2;
  const b = (((bytes[offset + 4] as number) << 24) | ((bytes[offset + 5] as number) << 16) | ((bytes[offset + 6] as number) << 8) | (bytes[offset + 7] as number)) >>> 2;
  let s = "";
  for (let shift = 25; shift >= 0; shift -= 5) s += ALPHABET[(a >>> shift) & 31];
  for (let shift = 25; shift >= 0; shift -= 5) s += ALPHABET[(b >>> shift) & 31];
  return s;
}

export type RandomSource = (size: number) => Uint8Array;

/** One new serial: 12 Crockford characters, 60 random bits. */
export function newSerial(random: RandomSource = randomBytes): string {
  return serialFrom(random(8), 0);
}

/** `n` new serials from one random buffer (one CSPRNG call: many times faster than one per serial). */
export function newSerials(n: number, random: RandomSource = randomBytes): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("n must be a non-negative integer");
  const bytes = random(n * 8);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = serialFrom(bytes, i * 8);
  return out;
}

const SERIAL_RE = /^[0-9A-HJKMNP-TV-Z]{12}$/;
export const isSerial = (s: string) => SERIAL_RE.test(s);

/** The 20-character code (no hyphens) for a serial. */
export function encodeStampCode(serial: string, key: StampKey): string {
  if (!isSerial(serial)) throw new RangeError(`Not a stamp serial: ${serial}`);
  keyBytesOk(key);
  const values = new Array<number>(CODE_LENGTH - 1);
  for (let i = 0; i < SERIAL_LENGTH; i++) values[i] = VALUE[serial.charCodeAt(i)] as number;
  const mac = macValues(serial, key);
  for (let i = 0; i < MAC_LENGTH; i++) values[SERIAL_LENGTH + i] = mac[i] as number;
  let code = serial;
  for (let i = 0; i < MAC_LENGTH; i++) code += ALPHABET[mac[i] as number];
  return code + ALPHABET[checkValue(values)];
}

export type StampParse =
  | { ok: true; serial: string; code: string }
  | { ok: false; reason: "malformed" | "bad_mac"; message: Bilingual };

const NOT_A_CODE: Bilingual = {
  vi: "Đây không phải mã tem OCOP: mã gồm 20 chữ cái và chữ số, in trên tem dạng XXXX-XXXX-XXXX-XXXX-XXXX.",
  en: "This is not an OCOP stamp code: a code has 20 letters and digits, printed on the stamp as XXXX-XXXX-XXXX-XXXX-XXXX.",
};
const MISTYPED: Bilingual = {
  vi: "Mã tem không hợp lệ, có thể đã gõ nhầm hoặc đảo chỗ một ký tự. Hãy kiểm tra lại mã in trên tem.",
  en: "The stamp code is not valid: a character may have been mistyped or swapped. Check the code printed on the stamp.",
};
const NOT_ISSUED: Bilingual = {
  vi: "Mã tem này không do cơ quan quản lý OCOP tỉnh phát hành: tem có thể là giả.",
  en: "This stamp code was not issued by the provincial OCOP office: the stamp may be counterfeit.",
};

/** Upper-case Crockford symbols with hyphens, dashes and white space removed, or null if another character is present. */
function symbolValues(text: string): number[] | null {
  const values: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2d || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x2010 && c <= 0x2015) || c === 0xa0) continue;
    const v = c < 128 ? (VALUE[c] as number) : -1;
    if (v < 0) return null;
    values.push(v);
  }
  return values;
}

/**
 * Reads a code as typed or scanned: case, hyphens, spaces and O/0, I/L/1 do not matter. Refuses, without any
 * database query, what is not a code ("malformed": wrong length or characters, or a typo caught by the check
 * character) and what the key did not make ("bad_mac"). Several keys may be given during a key rotation.
 */
export function parseStampCode(text: string, key: StampKey | readonly StampKey[]): StampParse {
  if (typeof text !== "string" || text.length > 64) return { ok: false, reason: "malformed", message: NOT_A_CODE };
  const values = symbolValues(text);
  if (values === null || values.length !== CODE_LENGTH) return { ok: false, reason: "malformed", message: NOT_A_CODE };
  if (checkValue(values) !== values[CODE_LENGTH - 1]) return { ok: false, reason: "malformed", message: MISTYPED };
  let code = "";
  for (const v of values) code += ALPHABET[v];
  const serial = code.slice(0, SERIAL_LENGTH);
  const given = Buffer.from(code.slice(SERIAL_LENGTH, SERIAL_LENGTH + MAC_LENGTH));
  for (const k of Array.isArray(key) ? (key as readonly StampKey[]) : [key as StampKey]) {
    keyBytesOk(k);
    let expected = "";
    for (const v of macValues(serial, k)) expected += ALPHABET[v];
    if (timingSafeEqual(given, Buffer.from(expected))) return { ok: true, serial, code };
  }
  return { ok: false, reason: "bad_mac", message: NOT_ISSUED };
}

/** A well-formed code (right length, characters and check symbol) in its canonical form, without checking the MAC. */
function canonical(code: string): string {
  const values = symbolValues(code);
  if (values === null || values.length !== CODE_LENGTH || checkValue(values) !== values[CODE_LENGTH - 1]) {
    throw new RangeError(`Not a stamp code: ${code}`);
  }
  return values.map((v) => ALPHABET[v]).join("");
}

/** "XXXX-XXXX-XXXX-XXXX-XXXX", for the text printed under the QR code and read out on the phone. */
export function formatStampCodeForPrint(code: string): string {
  return canonical(code).replace(/(.{4})(?!$)/g, "$1-");
}

/** The QR payload: the public base URL (no trailing slash needed) + "/s/" + the code without hyphens. */
export function stampUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/s/${canonical(code)}`;
}
