import { createHash } from "node:crypto";
import type { Bilingual } from "./i18n.js";
import { AppError, validationError } from "./problem.js";

/**
 * Uploaded files are judged by their bytes, never by the name or type the client claims: a script renamed
 * photo.jpg is not an image, and a PNG labelled PDF is a PNG. Browsers guess the claimed type from the file
 * extension, so a mismatch alone is not the user's fault and is not an error; the sniffed type wins.
 */
export type SniffedType = "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "image/heic" | "application/pdf";

// HEIC is recognised (to tell iPhone users what to do) but not accepted: sharp's prebuilt libvips decodes
// only AVIF from the HEIF family, because the HEVC codec is patent-encumbered.
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"] as const satisfies readonly SniffedType[];
export const DOCUMENT_TYPES = [...IMAGE_TYPES, "application/pdf"] as const satisfies readonly SniffedType[];

const PLAIN: Record<string, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/gif": "GIF",
  "image/heic": "HEIC",
  "application/pdf": "PDF",
};

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

// ISO-BMFF brands of HEIF still images coded with HEVC; "mif1"/"msf1" are generic HEIF and count only when no
// AVIF brand is present (AVIF files list mif1 too).
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);

function isHeic(b: Uint8Array): boolean {
  if (b.length < 16 || ascii(b, 4, 4) !== "ftyp") return false;
  const boxSize = Math.min(((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0, b.length, 256);
  const brands = [ascii(b, 8, 4)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(b, at, 4));
  if (brands.some((x) => x === "avif" || x === "avis")) return false;
  return brands.some((x) => HEIC_BRANDS.has(x)) || brands[0] === "mif1" || brands[0] === "msf1";
}

/** The type of a file from its first bytes ("magic numbers"), or null when it is none of the types we take. */
export function sniffContentType(b: Uint8Array): SniffedType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "image/webp";
  if (b.length >= 6 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) return "image/gif";
  if (b.length >= 5 && ascii(b, 0, 5) === "%PDF-") return "application/pdf";
  if (isHeic(b)) return "image/heic";
  return null;
}

const MAX_NAME = 120;
// Control and invisible format characters (incl. right-to-left overrides that make "gpj.exe" look like
// "exe.jpg") and the separators of every OS we may hand the name to.
const UNSAFE = /[\p{Cc}\p{Cf}\\/:*?"<>|]/gu;

/**
 * A display name for a stored file: the last path segment only, without control characters, separators or
 * leading dots, at most 120 characters (the extension kept when cut). Vietnamese letters stay; names are
 * NFC-normalised because macOS browsers send decomposed "Ảnh" that would otherwise look different in lists.
 */
export function sanitiseName(name: string): string {
  const base = name.normalize("NFC").split(/[\\/]/).pop() ?? "";
  const clean = base.replace(UNSAFE, "").replace(/\s+/g, " ").replace(/^[\s.]+|[\s.]+$/g, "");
  const chars = Array.from(clean); // code points, so a cut never splits a surrogate pair
  if (chars.length === 0) return "tep";
  if (chars.length <= MAX_NAME) return clean;
  const dot = clean.lastIndexOf(".");
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : "";
  return Array.from(clean.slice(0, clean.length - ext.length)).slice(0, MAX_NAME - ext.length).join("").trimEnd() + ext;
}

export type UploadedFile = { name: string; bytes: Uint8Array; claimedType?: string | undefined };
export type CheckedUpload = { name: string; contentType: SniffedType; bytes: Uint8Array; sha256: string };
/** One kind of file's rules; the app's are the table in `upload-limits.ts`. */
export type UploadRules = { allowed: readonly string[]; maxBytes: number; field: string; label?: Bilingual };

const MB = 1024 * 1024;
const mb = (bytes: number, locale: "vi-VN" | "en") => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / MB);

/**
 * Checks an upload against the rules of one form field: a file over its size limit is a 413 (RFC 9110: the
 * content is larger than the server will take) naming the limit in both languages, with `limit` in bytes;
 * any other failure is a 400. Both carry the field's error, so a form shows it beside the file input.
 */
export function checkUpload(file: UploadedFile, rules: UploadRules): CheckedUpload {
  const fail = (vi: string, en: string) => validationError([{ path: rules.field, vi, en, message: en }]);
  const size = file.bytes.byteLength;
  if (size === 0) throw fail("Tệp rỗng (0 byte); vui lòng chọn lại tệp.", "The file is empty (0 bytes); please choose it again.");
  if (size > rules.maxBytes) {
    // One byte over a limit of whole megabytes must not read as "10 MB, over the 10 MB limit".
    const over = (locale: "vi-VN" | "en") => (mb(size, locale) === mb(rules.maxBytes, locale) ? `${size.toLocaleString(locale)} byte` + (locale === "en" ? "s" : "") : `${mb(size, locale)} MB`);
    const vi = `Tệp nặng ${over("vi-VN")}, vượt quá giới hạn ${mb(rules.maxBytes, "vi-VN")} MB.`;
    const en = `The file is ${over("en")}, over the ${mb(rules.maxBytes, "en")} MB limit.`;
    const detail = rules.label
      ? { vi: `${rules.label.vi[0]!.toUpperCase()}${rules.label.vi.slice(1)} tối đa ${mb(rules.maxBytes, "vi-VN")} MB.`, en: `${rules.label.en[0]!.toUpperCase()}${rules.label.en.slice(1)} may be at most ${mb(rules.maxBytes, "en")} MB.` }
      : { vi: `Tệp tối đa ${mb(rules.maxBytes, "vi-VN")} MB.`, en: `A file may be at most ${mb(rules.maxBytes, "en")} MB.` };
    throw new AppError(413, "payload-too-large", { vi: "Tệp quá lớn", en: "File too large" }, detail, { errors: [{ path: rules.field, vi, en, message: en }], limit: rules.maxBytes });
  }
  const type = sniffContentType(file.bytes);
  if (!type || !rules.allowed.includes(type)) {
    const list = rules.allowed.map((t) => PLAIN[t] ?? t).join(", ");
    if (type === "image/heic") {
      throw fail(
        `Ảnh HEIC (của iPhone) chưa được hỗ trợ; chỉ nhận tệp ${list}. Hãy xuất ảnh sang JPEG hoặc chọn Cài đặt › Camera › Định dạng › Tương thích nhất.`,
        `HEIC photos (from iPhones) are not supported yet; only ${list} files are accepted. Export the photo as JPEG, or choose Settings › Camera › Formats › Most Compatible.`,
      );
    }
    if (type) throw fail(`Đây là tệp ${PLAIN[type]}, không được chấp nhận ở đây; chỉ nhận tệp ${list}.`, `This is a ${PLAIN[type]} file, which is not accepted here; only ${list} files are.`);
    throw fail(`Không nhận ra loại tệp; chỉ nhận tệp ${list}.`, `The kind of file is not recognised; only ${list} files are accepted.`);
  }
  return { name: sanitiseName(file.name), contentType: type, bytes: file.bytes, sha256: createHash("sha256").update(file.bytes).digest("hex") };
}

/**
 * A file field of a body from hono's `c.req.parseBody()`, or null when no file was chosen: the value is then a
 * string, missing, or (what browsers send for an empty file input) a File with no name and no bytes.
 */
export async function readMultipartFile(value: unknown): Promise<UploadedFile | null> {
  // Duck-typed rather than `instanceof File`, which fails across realms (test runners, other fetch polyfills).
  if (typeof value !== "object" || value === null) return null;
  const file = value as Partial<File>;
  if (typeof file.name !== "string" || typeof file.size !== "number" || typeof file.arrayBuffer !== "function") return null;
  if (file.size === 0 && file.name === "") return null;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()), claimedType: file.type || undefined };
}
