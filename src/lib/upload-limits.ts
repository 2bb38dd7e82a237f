import type { Bilingual } from "./i18n.js";
import { AppError } from "./problem.js";
import { DOCUMENT_TYPES, IMAGE_TYPES, type SniffedType } from "./uploads.js";

/**
 * The one table of what may be uploaded, per kind of file: its largest size, the types judged by content,
 * and the form field that carries it. The app's body limit reads it (a request carrying a file of a kind may
 * be that file's limit plus FORM_ALLOWANCE) and so does every service that accepts a file (`checkUpload` with
 * `UPLOAD_LIMITS[kind]`), so the two can no longer disagree: before, a path regex guessed which routes took
 * files and missed dossier evidence and inspection files, which were cut at 1 MB while the services allowed
 * 8-10 MB. The README's "Limits" table states the same figures.
 */
export type UploadKind = "ideaAttachment" | "productPhoto" | "dossierEvidence" | "inspectionFile" | "reportPhoto" | "taskReportFile";

export type UploadLimit = {
  /** Largest file accepted, in bytes (the file's own bytes, not the request's). */
  maxBytes: number;
  /** The types accepted, sniffed from the bytes. */
  allowed: readonly SniffedType[];
  /** The multipart field that carries the file. */
  field: string;
  /** What the file is, for messages ("… may be at most N MB"); English with its article. */
  label: Bilingual;
};

export const MB = 1024 * 1024;

/** Every request without a file (JSON, forms): at most 1 MB. */
export const SMALL_BODY_BYTES = 1 * MB;

/**
 * What a request with a file may carry beyond the file: the multipart boundaries and part headers, the CSRF
 * token and the form's text fields (the largest is a fake report: 4,000 + 500 + 200 characters, at most ≈ 14 KB
 * in UTF-8). A file one byte over its limit therefore reaches the upload check, which names the file's size.
 */
export const FORM_ALLOWANCE = 64 * 1024;

// The report photo is taken by phones from anyone without signing in: JPEG, PNG or WebP, what cameras send.
const REPORT_PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const satisfies readonly SniffedType[];

export const UPLOAD_LIMITS: Record<UploadKind, UploadLimit> = {
  ideaAttachment: { maxBytes: 10 * MB, allowed: DOCUMENT_TYPES, field: "file", label: { vi: "tệp đính kèm ý tưởng", en: "an idea attachment" } },
  dossierEvidence: { maxBytes: 10 * MB, allowed: DOCUMENT_TYPES, field: "file", label: { vi: "tệp minh chứng của hồ sơ", en: "a dossier evidence file" } },
  inspectionFile: { maxBytes: 10 * MB, allowed: DOCUMENT_TYPES, field: "file", label: { vi: "tệp của đợt kiểm tra", en: "an inspection file" } },
  taskReportFile: { maxBytes: 10 * MB, allowed: DOCUMENT_TYPES, field: "file", label: { vi: "tệp kèm báo cáo nhiệm vụ", en: "a task report file" } },
  productPhoto: { maxBytes: 8 * MB, allowed: IMAGE_TYPES, field: "photo", label: { vi: "ảnh sản phẩm", en: "a product photo" } },
  reportPhoto: { maxBytes: 8 * MB, allowed: REPORT_PHOTO_TYPES, field: "photo", label: { vi: "ảnh kèm báo cáo tem giả", en: "a fake-report photo" } },
};

/** The most a request carrying a file of this kind may weigh. */
export const bodyLimitOf = (kind: UploadKind) => UPLOAD_LIMITS[kind].maxBytes + FORM_ALLOWANCE;

/** "10 MB", "1,5 MB": sizes as the messages say them, in each language's number format. */
export const megabytes = (bytes: number, locale: "vi-VN" | "en") => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / MB);

/**
 * The 413 of a request body over its limit, naming the limit (and, for a file route, the kind of file) in both
 * languages; `limit` carries it in bytes for programs.
 */
export function bodyTooLarge(kind: UploadKind | null): AppError {
  const limit = kind ? UPLOAD_LIMITS[kind].maxBytes : SMALL_BODY_BYTES;
  const detail = kind
    ? {
        vi: `Dữ liệu gửi lên quá lớn: ${UPLOAD_LIMITS[kind].label.vi} tối đa ${megabytes(limit, "vi-VN")} MB.`,
        en: `The request is too large: ${UPLOAD_LIMITS[kind].label.en} may be at most ${megabytes(limit, "en")} MB.`,
      }
    : { vi: `Dữ liệu gửi lên quá lớn: tối đa ${megabytes(limit, "vi-VN")} MB.`, en: `The request is too large: at most ${megabytes(limit, "en")} MB.` };
  return new AppError(413, "payload-too-large", { vi: "Dữ liệu gửi lên quá lớn", en: "Payload too large" }, detail, { limit });
}
