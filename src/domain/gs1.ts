/*
 * GS1 Digital Link for products that carry a barcode: https://{host}/01/{gtin}[/10/{lot}][/21/{serial}]
 * (GS1 Digital Link URI Syntax 1.4). The GTIN is checked (length and mod-10 check digit) and held as GTIN-14;
 * lot (AI 10) and serial (AI 21) are up to 20 characters of GS1's "character set 82". Anything else is
 * malformed and answered 400, as the standard's conformance asks of a resolver.
 */

export type DigitalLink = { gtin: string; lot: string | null; serial: string | null };

const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** GTIN-8/12/13/14 with a valid check digit, as GTIN-14 (left-padded with zeros); null if invalid. */
export function normaliseGtin(raw: string): string | null {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(raw)) return null;
  const g = raw.padStart(14, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(g[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(g[13]) ? g : null;
}

export type DigitalLinkParse = { ok: true; link: DigitalLink } | { ok: false; message: { vi: string; en: string } };

const bad = (vi: string, en: string): DigitalLinkParse => ({ ok: false, message: { vi, en } });

/** Parses the path after the host ("/01/…"). Percent-encoding is decoded once per segment. */
export function parseDigitalLink(path: string): DigitalLinkParse {
  const parts = path.split("/").filter((p, i) => i > 0 || p !== "");
  if (parts[0] === "") parts.shift();
  if (parts.length < 2 || parts.length % 2 !== 0 || parts[0] !== "01") return bad("Đường dẫn GS1 Digital Link không hợp lệ: cần /01/{GTIN}.", "Not a GS1 Digital Link: /01/{GTIN} expected.");
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return bad("Đường dẫn có ký tự mã hóa sai.", "The path has a malformed percent-encoding.");
  }
  const gtin = normaliseGtin(decoded[1]!);
  if (!gtin) return bad("GTIN không hợp lệ (8, 12, 13 hoặc 14 chữ số, đúng số kiểm tra).", "Invalid GTIN (8, 12, 13 or 14 digits with a valid check digit).");
  const link: DigitalLink = { gtin, lot: null, serial: null };
  let last = 0;
  for (let i = 2; i < decoded.length; i += 2) {
    const ai = decoded[i]!;
    const value = decoded[i + 1]!;
    const order = ai === "10" ? 1 : ai === "21" ? 2 : 0;
    if (order === 0) return bad(`Mã AI "${ai}" không được hỗ trợ sau GTIN (chỉ 10 và 21).`, `Application identifier "${ai}" is not supported after a GTIN (only 10 and 21).`);
    if (order <= last) return bad("Các mã AI phải theo thứ tự /10/…/21/… và không lặp lại.", "Qualifiers must come in the order /10/…/21/… without repeats.");
    if (!CSET82.test(value)) return bad(`Giá trị của AI ${ai} không hợp lệ (tối đa 20 ký tự GS1).`, `The value of AI ${ai} is invalid (at most 20 GS1 characters).`);
    last = order;
    if (ai === "10") link.lot = value;
    else link.serial = value;
  }
  return { ok: true, link };
}
