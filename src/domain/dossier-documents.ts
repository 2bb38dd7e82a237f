import type { Bilingual } from "../lib/i18n.js";

/*
 * The documents a dossier's evidence files are (QĐ 26/2026 Phụ lục III, Mẫu 02: the table of "tài liệu minh
 * chứng" and its item 7 a–d), which of them a criteria set requires, and when one has expired. Pure: the
 * evaluation area refuses a filing on it, the certificates area shows it and sends the expiry notices on it.
 *
 * Days are calendar days in Vietnam time (the caller passes vnToday); `validUntil` is the last valid day.
 */

export const DOCUMENT_KINDS = [
  "business_registration",
  "food_safety_certificate",
  "food_safety_commitment",
  "production_conditions_certificate",
  "production_licence",
  "quality_declaration",
  "lab_test_report",
  "trademark_certificate",
  "linkage_contract",
  "quality_management_certificate",
  "financial_report",
  "other",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** `printedExpiry`: the document states its own end, so a file of this kind must say it (validUntil). */
export const DOCUMENT_KIND_INFO: Record<DocumentKind, { label: Bilingual; printedExpiry: boolean }> = {
  business_registration: { label: { vi: "Giấy chứng nhận đăng ký kinh doanh", en: "Business registration certificate" }, printedExpiry: false },
  food_safety_certificate: { label: { vi: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", en: "Food safety certificate (ATTP)" }, printedExpiry: true },
  food_safety_commitment: { label: { vi: "Bản cam kết bảo đảm an toàn thực phẩm (cơ sở không thuộc diện cấp giấy chứng nhận)", en: "Food safety commitment (facility exempt from the certificate)" }, printedExpiry: false },
  production_conditions_certificate: { label: { vi: "Giấy chứng nhận cơ sở đủ điều kiện sản xuất (GMP hoặc tương đương)", en: "Production conditions certificate (GMP or equivalent)" }, printedExpiry: true },
  production_licence: { label: { vi: "Giấy phép sản xuất", en: "Production licence" }, printedExpiry: true },
  quality_declaration: { label: { vi: "Bản công bố chất lượng sản phẩm", en: "Product quality declaration" }, printedExpiry: false },
  lab_test_report: { label: { vi: "Phiếu kết quả kiểm nghiệm", en: "Laboratory test report" }, printedExpiry: false },
  trademark_certificate: { label: { vi: "Giấy chứng nhận đăng ký nhãn hiệu", en: "Trademark registration certificate" }, printedExpiry: true },
  linkage_contract: { label: { vi: "Hợp đồng liên kết", en: "Linkage contract" }, printedExpiry: false },
  quality_management_certificate: { label: { vi: "Chứng nhận hệ thống quản lý chất lượng (VietGAP, ISO, HACCP…)", en: "Quality management certificate (VietGAP, ISO, HACCP…)" }, printedExpiry: true },
  financial_report: { label: { vi: "Báo cáo tài chính", en: "Financial report" }, printedExpiry: false },
  other: { label: { vi: "Tài liệu khác", en: "Other document" }, printedExpiry: false },
};

export type RegistrationKind = "first" | "upgrade" | "reevaluation";

/** One requirement: any valid document of these kinds meets it. */
export type DocumentRequirement = { id: string; kinds: readonly DocumentKind[]; label: Bilingual; basis: Bilingual };

const FOOD_SAFETY: DocumentRequirement = {
  id: "food_safety",
  kinds: ["food_safety_certificate", "food_safety_commitment"],
  label: { vi: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (hoặc bản cam kết nếu cơ sở không thuộc diện cấp)", en: "Food safety certificate (or the commitment, for an exempt facility)" },
  basis: { vi: "Bộ tiêu chí (Phụ lục II): hồ sơ bị loại khi không tuân thủ quy định về giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm (NĐ 15/2018/NĐ-CP)", en: "Annex II: a dossier is eliminated without the food safety certificate the law requires (Decree 15/2018)" },
};
const LICENCE: DocumentRequirement = {
  id: "production_licence",
  kinds: ["production_licence"],
  label: DOCUMENT_KIND_INFO.production_licence.label,
  basis: { vi: "Bộ tiêu chí (Phụ lục II): hồ sơ bị loại khi không có giấy phép sản xuất theo quy định", en: "Annex II: a dossier is eliminated without the production licence the law requires" },
};
const CONDITIONS: DocumentRequirement = {
  id: "production_conditions",
  kinds: ["production_conditions_certificate", "production_licence"],
  label: DOCUMENT_KIND_INFO.production_conditions_certificate.label,
  basis: { vi: "Bộ tiêu chí (Phụ lục II): hồ sơ bị loại khi không đủ điều kiện bắt buộc để sản xuất sản phẩm theo quy định quản lý chuyên ngành", en: "Annex II: a dossier is eliminated without the mandatory production conditions of its sector" },
};
const DECLARATION: DocumentRequirement = {
  id: "quality_declaration",
  kinds: ["quality_declaration"],
  label: DOCUMENT_KIND_INFO.quality_declaration.label,
  basis: { vi: "Bộ tiêu chí (Phụ lục II): hồ sơ bị loại khi không có bản công bố sản phẩm", en: "Annex II: a dossier is eliminated without the product declaration" },
};
const PERIODIC_LAB: DocumentRequirement = {
  id: "periodic_lab_test",
  kinds: ["lab_test_report"],
  label: { vi: "Phiếu kiểm nghiệm định kỳ", en: "Periodic laboratory test report" },
  basis: { vi: "Điều 6.1c: hồ sơ đánh giá lại cập nhật các phiếu kiểm nghiệm định kỳ và bổ sung giấy tờ pháp lý có thời hạn", en: "Art. 6.1c: a re-evaluation updates the periodic lab reports and the time-limited legal documents" },
};

/**
 * What a dossier of this criteria set and registration must hold, read from the sets' elimination clauses
 * ("Hồ sơ bị loại khi…"): sets 1–17 (foods and drinks) the food-safety certificate, 15 and 17 also the
 * production licence, 18 the GMP certificate and the declaration, 19–20 the production conditions and the
 * declaration; 21–26 name none. A re-evaluation (Art. 6.1c) adds the periodic lab reports for sets 1–20.
 */
export function requiredDocuments(setId: number, kind: RegistrationKind): DocumentRequirement[] {
  const out: DocumentRequirement[] = [];
  if (setId >= 1 && setId <= 17) out.push(FOOD_SAFETY);
  if (setId === 15 || setId === 17) out.push(LICENCE);
  if (setId >= 18 && setId <= 20) out.push(CONDITIONS, DECLARATION);
  if (kind === "reevaluation" && setId >= 1 && setId <= 20) out.push(PERIODIC_LAB);
  return out;
}

export type DocumentDates = { validFrom: string | null; validUntil: string | null };
export type DocumentStatus = "undated" | "not_yet_valid" | "valid" | "expired";

export function documentStatus(d: DocumentDates, today: string): DocumentStatus {
  if (d.validFrom && today < d.validFrom) return "not_yet_valid";
  if (d.validUntil && today > d.validUntil) return "expired";
  return d.validFrom || d.validUntil ? "valid" : "undated";
}

export const DOCUMENT_STATUS_LABELS: Record<DocumentStatus, Bilingual> = {
  undated: { vi: "Không ghi thời hạn", en: "No validity dates" },
  not_yet_valid: { vi: "Chưa có hiệu lực", en: "Not yet valid" },
  valid: { vi: "Còn hiệu lực", en: "Valid" },
  expired: { vi: "Đã hết hạn", en: "Expired" },
};

export type HeldDocument = DocumentDates & { id: number; kind: DocumentKind; name: string };

export type RequirementCheck = { requirement: DocumentRequirement; status: "met" | "missing" | "expired"; documents: HeldDocument[] };

/**
 * Each requirement against the documents held on `today`: met by any document of its kinds in force (or
 * undated, for the kinds without a printed expiry); "expired" when the dossier holds such documents and every
 * one of them has expired; "missing" when it holds none (the commune and the council see it; Art. 7.1 keeps a
 * paper dossier beside the electronic one, so a missing file alone does not stop a filing).
 */
export function checkRequirements(reqs: readonly DocumentRequirement[], docs: readonly HeldDocument[], today: string): RequirementCheck[] {
  return reqs.map((requirement) => {
    const mine = docs.filter((d) => requirement.kinds.includes(d.kind));
    const usable = mine.some((d) => {
      const s = documentStatus(d, today);
      return s === "valid" || (s === "undated" && !DOCUMENT_KIND_INFO[d.kind].printedExpiry);
    });
    if (usable) return { requirement, status: "met", documents: mine };
    if (mine.some((d) => documentStatus(d, today) === "expired")) return { requirement, status: "expired", documents: mine.filter((d) => documentStatus(d, today) === "expired") };
    return { requirement, status: "missing", documents: mine };
  });
}

/** The days before a document's last valid day on which its holder and the office are told: each once. */
export const EXPIRY_NOTICE_DAYS = [60, 30] as const;
export type ExpiryNotice = (typeof EXPIRY_NOTICE_DAYS)[number];

export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The notice due today for a document ending on `validUntil`: the nearest threshold it has reached and not
 * passed the end of (60 from 60 days before, 30 from 30 days before, through the last valid day). A day missed
 * by the job is caught up the next run; a document first seen inside 30 days gets only the 30-day notice.
 */
export function expiryNoticeDue(validUntil: string | null, today: string): ExpiryNotice | null {
  if (!validUntil) return null;
  const left = daysBetween(today, validUntil);
  if (left < 0) return null;
  let due: ExpiryNotice | null = null;
  for (const n of EXPIRY_NOTICE_DAYS) if (left <= n) due = n;
  return due;
}
