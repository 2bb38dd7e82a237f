import { createHash } from "node:crypto";
import { validationError } from "./problem.js";

/**
 * Uploaded files are judged by their bytes, never by the name or type the client claims: a script renamed
 * photo.jpg is not an image, and a PNG labelled PDF is a PNG.
 */
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"] as const;
export const DOCUMENT_TYPES = [...IMAGE_TYPES, "application/pdf"] as const;

const PLAIN: Record<string, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP", "image/gif": "GIF", "application/pdf": "PDF" };

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((x, i) => b[at + i] === x);

export function sniffContentType(b: Uint8Array): string | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  if (startsWith(b, [0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  return null;
}

/** The last path segment, without control characters or separators, at most 120 characters. */
export function sanitiseName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().replace(/^\.+/, "");
  return (clean || "tep").slice(0, 120);
}

export type UploadedFile = { name: string; bytes: Uint8Array; claimedType?: string };
export type CheckedUpload = { name: string; contentType: string; bytes: Uint8Array; sha256: string };

export function checkUpload(file: UploadedFile, rules: { allowed: readonly string[]; maxBytes: number; field: string }): CheckedUpload {
  const fail = (vi: string, en: string) => validationError([{ path: rules.field, vi, en, message: en }]);
  if (file.bytes.byteLength === 0) throw fail("Tệp rỗng.", "The file is empty.");
  if (file.bytes.byteLength > rules.maxBytes) {
    const mb = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(rules.maxBytes / (1024 * 1024));
    const mbEn = new Intl.NumberFormat("en", { maximumFractionDigits: 1 }).format(rules.maxBytes / (1024 * 1024));
    throw fail(`Tệp vượt quá ${mb} MB.`, `The file is larger than ${mbEn} MB.`);
  }
  const type = sniffContentType(file.bytes);
  if (!type || !rules.allowed.includes(type)) {
    const list = rules.allowed.map((t) => PLAIN[t] ?? t).join(", ");
    throw fail(`Loại tệp không được chấp nhận; chỉ nhận ${list}.`, `This kind of file is not accepted; only ${list}.`);
  }
  return { name: sanitiseName(file.name), contentType: type, bytes: file.bytes, sha256: createHash("sha256").update(file.bytes).digest("hex") };
}

/** A file field of a parsed multipart body, or null when none was chosen (browsers send an empty, unnamed File). */
export async function readMultipartFile(value: unknown): Promise<UploadedFile | null> {
  if (!(value instanceof File) || (value.size === 0 && !value.name)) return null;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()), claimedType: value.type || undefined } as UploadedFile;
}
