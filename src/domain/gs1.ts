/*
 * GS1 Digital Link for products that carry a barcode (GS1 Digital Link URI Syntax 1.4):
 *   https://{host}/01/{gtin}[/22/{variant}][/10/{lot}][/21/{serial}][?{AI}={value}&…]
 * The primary key is the GTIN (AI 01), checked (length and mod-10 check digit) and held as GTIN-14. Its key
 * qualifiers come in the one order the standard allows, 22 (consumer product variant) → 10 (batch/lot) → 21
 * (serial), each optional, none repeated; each value is 1–20 characters of GS1's "character set 82". Data
 * attributes ride in the query string (?17=271231 expiry, ?3103=000500 net weight); the ones whose format we know
 * are checked, other numeric keys are carried as they are. Anything malformed is answered 400, as the resolver
 * standard asks.
 */

export type DigitalLink = {
  gtin: string;
  variant: string | null;
  lot: string | null;
  serial: string | null;
  /** Data attributes from the query string (numeric AI keys), in request order. */
  attributes: [string, string][];
};

export type Message = { vi: string; en: string };

export type DigitalLinkParse =
  | {
      ok: true;
      link: DigitalLink;
      /** The URI's path in canonical form: GTIN-14, qualifiers percent-encoded, no trailing slash. */
      canonicalPath: string;
      /** The GTIN was written in 8, 12 or 13 digits: the request should be sent on to the canonical path. */
      needsCanonicalRedirect: boolean;
    }
  | { ok: false; message: Message };

const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/;

/** GTIN-8/12/13/14 with a valid check digit, as GTIN-14 (left-padded with zeros); null if invalid. */
export function normaliseGtin(raw: string): string | null {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(raw)) return null;
  const g = raw.padStart(14, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(g[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(g[13]) ? g : null;
}

/** The key qualifiers of AI 01, in the order the standard fixes. */
export const GTIN_QUALIFIERS = ["22", "10", "21"] as const;
type Qualifier = (typeof GTIN_QUALIFIERS)[number];
const FIELD: Record<Qualifier, "variant" | "lot" | "serial"> = { "22": "variant", "10": "lot", "21": "serial" };

// Data attributes whose format is fixed (GS1 General Specifications): dates YYMMDD (a day of 00 means the month's
// end), and the six-digit measures 310n–369n.
const DATE_AIS = new Set(["11", "12", "13", "15", "16", "17"]);
const isDate = (v: string) => /^\d{2}(0[1-9]|1[0-2])(0\d|[12]\d|3[01])$/.test(v);
const isMeasureAi = (ai: string) => /^3[1-6]\d\d$/.test(ai);

const bad = (vi: string, en: string): DigitalLinkParse => ({ ok: false, message: { vi, en } });

/** The canonical path of a parsed link: what the resolver answers for and names as the linkset's anchor. */
export function canonicalPathOf(link: Pick<DigitalLink, "gtin" | "variant" | "lot" | "serial">): string {
  let p = `/01/${link.gtin}`;
  for (const ai of GTIN_QUALIFIERS) {
    const v = link[FIELD[ai]];
    if (v !== null) p += `/${ai}/${encodeURIComponent(v)}`;
  }
  return p;
}

/**
 * Parses a request's path after the host ("/01/…", a trailing slash tolerated) and its query string. Percent-
 * encoding is decoded once per segment.
 */
export function parseDigitalLink(path: string, query: URLSearchParams = new URLSearchParams()): DigitalLinkParse {
  const parts = path.split("/");
  if (parts[0] === "") parts.shift();
  if (parts.length > 2 && parts.at(-1) === "") parts.pop();
  if (parts.length < 2 || parts.length % 2 !== 0 || parts[0] !== "01") return bad("Đường dẫn GS1 Digital Link không hợp lệ: cần /01/{GTIN}.", "Not a GS1 Digital Link: /01/{GTIN} expected.");
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return bad("Đường dẫn có ký tự mã hóa sai.", "The path has a malformed percent-encoding.");
  }
  const gtin = normaliseGtin(decoded[1]!);
  if (!gtin) return bad("GTIN không hợp lệ (8, 12, 13 hoặc 14 chữ số, đúng số kiểm tra).", "Invalid GTIN (8, 12, 13 or 14 digits with a valid check digit).");
  const link: DigitalLink = { gtin, variant: null, lot: null, serial: null, attributes: [] };
  let last = -1;
  for (let i = 2; i < decoded.length; i += 2) {
    const ai = decoded[i]!;
    const value = decoded[i + 1]!;
    const order = GTIN_QUALIFIERS.indexOf(ai as Qualifier);
    if (order < 0) return bad(`Mã AI "${ai}" không phải là mã định danh bổ sung của GTIN (chỉ 22, 10 và 21).`, `Application identifier "${ai}" is not a key qualifier of a GTIN (only 22, 10 and 21).`);
    if (order <= last) return bad("Các mã AI phải theo thứ tự /22/…/10/…/21/… và không lặp lại.", "Key qualifiers must come in the order /22/…/10/…/21/… without repeats.");
    if (!CSET82.test(value)) return bad(`Giá trị của AI ${ai} không hợp lệ (1–20 ký tự GS1).`, `The value of AI ${ai} is invalid (1 to 20 GS1 characters).`);
    last = order;
    link[FIELD[ai as Qualifier]] = value;
  }
  for (const [key, value] of query) {
    if (!/^\d{2,4}$/.test(key)) continue; // linkType, context, lang…: the resolver's own parameters
    if (GTIN_QUALIFIERS.includes(key as Qualifier) || key === "01") return bad(`AI ${key} thuộc về đường dẫn, không thuộc chuỗi truy vấn.`, `AI ${key} belongs in the path, not in the query string.`);
    if (DATE_AIS.has(key) && !isDate(value)) return bad(`Ngày của AI ${key} phải có dạng YYMMDD.`, `The date of AI ${key} must be YYMMDD.`);
    if (isMeasureAi(key) && !/^\d{6}$/.test(value)) return bad(`Giá trị của AI ${key} phải có 6 chữ số.`, `The value of AI ${key} must have 6 digits.`);
    if (!/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,90}$/.test(value)) return bad(`Giá trị của AI ${key} không hợp lệ.`, `The value of AI ${key} is invalid.`);
    link.attributes.push([key, value]);
  }
  return { ok: true, link, canonicalPath: canonicalPathOf(link), needsCanonicalRedirect: decoded[1]!.length !== 14 };
}
