import type { Bilingual } from "../lib/i18n.js";

/**
 * The OCOP product code of QĐ 26/2026, `T-X-STT-YEAR`, written in this registry as
 *
 *     PP-CCCCC-NNN-YYYY      e.g. 42-18073-007-2026
 *
 * - PP: the province's 2-digit administrative code (QĐ 19/2025/QĐ-TTg; Hà Tĩnh is 42);
 * - CCCCC: the commune's 5-digit administrative code;
 * - NNN: the commune's running number, at least 3 digits, zero-padded (001…999, then 1000… unpadded), from 1;
 * - YYYY: the 4-digit year, 2000-2099.
 *
 * Codes are kept on the commune, not a district, because after the 2025 reform the commune is the level that
 * numbers them; only canonical text parses (no "7" for "007"), so one product has exactly one code string.
 */
export type ProductCode = { province: string; commune: string; serial: number; year: number };

export const MAX_SERIAL = 99_999;
const PATTERN = /^(\d{2})-(\d{5})-(\d{3,5})-(\d{4})$/;

export type CodeResult = { ok: true; value: ProductCode } | { ok: false; error: Bilingual };

const err = (vi: string, en: string): { ok: false; error: Bilingual } => ({ ok: false, error: { vi, en } });

export function checkProductCode(c: ProductCode): CodeResult {
  if (!/^\d{2}$/.test(c.province) || c.province === "00") return err("Mã tỉnh phải gồm 2 chữ số", "The province code must be 2 digits");
  if (!/^\d{5}$/.test(c.commune) || c.commune === "00000") return err("Mã xã phải gồm 5 chữ số", "The commune code must be 5 digits");
  if (!Number.isInteger(c.serial) || c.serial < 1 || c.serial > MAX_SERIAL) {
    return err(`Số thứ tự phải từ 1 đến ${MAX_SERIAL}`, `The running number must be from 1 to ${MAX_SERIAL}`);
  }
  if (!Number.isInteger(c.year) || c.year < 2000 || c.year > 2099) return err("Năm phải từ 2000 đến 2099", "The year must be from 2000 to 2099");
  return { ok: true, value: c };
}

export function formatProductCode(c: ProductCode): string {
  const r = checkProductCode(c);
  if (!r.ok) throw new Error(r.error.en);
  return `${c.province}-${c.commune}-${String(c.serial).padStart(3, "0")}-${c.year}`;
}

export function parseProductCode(text: string): CodeResult {
  const m = PATTERN.exec(text.trim());
  if (!m) return err("Mã sản phẩm phải có dạng TT-XXXXX-NNN-NNNN", "A product code must look like TT-XXXXX-NNN-YYYY");
  const [, province, commune, stt, year] = m as unknown as [string, string, string, string, string];
  // "0007" and "07" would name the same product as "007": reject anything the formatter would not write.
  if (stt.length > 3 && stt.startsWith("0")) return err("Số thứ tự có số 0 thừa ở đầu", "The running number has extra leading zeros");
  return checkProductCode({ province, commune, serial: Number(stt), year: Number(year) });
}
