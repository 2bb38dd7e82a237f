import { formatDate, type Bilingual } from "../lib/i18n.js";
import { REVOCATION_GROUNDS, type RevocationEvidence, type RevocationGroundId } from "./certificate-status.js";

/*
 * Art. 8.1 of QĐ 26/2026: a revocation names its ground, and the grounds that rest on a conclusion of the
 * competent authority (b: "theo kết luận kiểm tra, giám sát"; c, e: "theo kết luận của cơ quan có thẩm quyền")
 * need that conclusion on file: an inspection (Art. 9) of the same certificate, concluded with a proposal to
 * revoke, on or before the day the revocation takes effect and not after today. Ground đ ("không còn hoạt động
 * sản xuất") rests on the commune's confirmation (Art. 8.4: "xác nhận của UBND cấp xã về chủ thể OCOP không còn
 * sản xuất sản phẩm OCOP"), dated the same way. What each ground needs is data (`evidence` on
 * REVOCATION_GROUNDS); this checks it and, when it is missing, says what is missing.
 */

export const REVOCATION_EVIDENCE_LABELS: Record<RevocationEvidence, Bilingual> = {
  inspection_proposing_revocation: {
    vi: "một đợt kiểm tra, giám sát (Điều 9) của giấy chứng nhận này đã kết luận đề nghị thu hồi",
    en: "an inspection (Art. 9) of this certificate concluded with a proposal to revoke",
  },
  commune_confirmation: {
    vi: "xác nhận của UBND cấp xã về việc chủ thể OCOP không còn sản xuất sản phẩm OCOP (Điều 8 khoản 4)",
    en: "the commune People's Committee's confirmation that the producer no longer produces the OCOP product (Art. 8.4)",
  },
  stated_in_decision: { vi: "nội dung của quyết định thu hồi", en: "the revocation decision's own text" },
};

/** What the check reads of a commune's confirmation on file (ground đ). */
export type ConfirmationOnFile = { id: number; confirmedOn: string; documentNumber: string };

/** What the check reads of an inspection on file. */
export type InspectionOnFile = { id: number; conclusion: string | null; concludedOn: string | null };

export type EvidenceCheck =
  | { ok: true; evidence: RevocationEvidence; inspectionId: number | null; confirmationId?: number }
  | { ok: false; evidence: RevocationEvidence; missing: Bilingual };

const CONCLUSION_LABELS: Record<string, Bilingual> = {
  keep: { vi: "giữ công nhận", en: "keep the recognition" },
  request_reevaluation: { vi: "đề nghị đánh giá lại", en: "request a re-evaluation" },
  propose_revocation: { vi: "đề nghị thu hồi", en: "propose revocation" },
};

export function checkRevocationEvidence(
  groundId: RevocationGroundId,
  inspections: readonly InspectionOnFile[],
  effectiveOn: string,
  today: string,
  confirmations: readonly ConfirmationOnFile[] = [],
): EvidenceCheck {
  const ground = REVOCATION_GROUNDS.find((g) => g.id === groundId);
  if (!ground) throw new RangeError(`Căn cứ thu hồi không có | Unknown revocation ground: ${groundId}`);
  const evidence: RevocationEvidence = ground.evidence;
  if (evidence === "stated_in_decision") return { ok: true, evidence, inspectionId: null };

  const limit = effectiveOn < today ? effectiveOn : today;
  if (evidence === "commune_confirmation") return checkConfirmation(ground.point, confirmations, limit, limit === effectiveOn);
  const proposing = inspections.filter((i) => i.conclusion === "propose_revocation" && i.concludedOn !== null);
  const usable = proposing.filter((i) => i.concludedOn! <= limit).sort((a, b) => (a.concludedOn! < b.concludedOn! ? 1 : a.concludedOn! > b.concludedOn! ? -1 : b.id - a.id));
  if (usable.length) return { ok: true, evidence, inspectionId: usable[0]!.id };

  const need: Bilingual = {
    vi: `Thu hồi theo Điều 8 khoản 1 điểm ${ground.point} cần ${REVOCATION_EVIDENCE_LABELS[evidence].vi}`,
    en: `A revocation under Art. 8.1(${ground.point}) needs ${REVOCATION_EVIDENCE_LABELS[evidence].en}`,
  };
  let found: Bilingual;
  if (proposing.length) {
    const first = proposing.sort((a, b) => (a.concludedOn! < b.concludedOn! ? -1 : 1))[0]!;
    found = {
      vi: `đợt kiểm tra số ${first.id} kết luận đề nghị thu hồi ngày ${formatDate(first.concludedOn!)}, sau ngày ${formatDate(limit)} (${limit === effectiveOn ? "ngày thu hồi có hiệu lực" : "hôm nay"})`,
      en: `inspection ${first.id} proposed revocation on ${formatDate(first.concludedOn!)}, after ${formatDate(limit)} (${limit === effectiveOn ? "the day the revocation takes effect" : "today"})`,
    };
  } else if (inspections.length) {
    const each = inspections.map((i) => {
      const c = i.conclusion ? CONCLUSION_LABELS[i.conclusion] ?? { vi: i.conclusion, en: i.conclusion } : null;
      return { vi: `số ${i.id} (${c ? `kết luận: ${c.vi}` : "chưa kết luận"})`, en: `${i.id} (${c ? `concluded: ${c.en}` : "not concluded"})` };
    });
    found = { vi: `chưa có đợt nào kết luận đề nghị thu hồi: đợt kiểm tra ${each.map((e) => e.vi).join(", ")}`, en: `none proposes revocation: inspection ${each.map((e) => e.en).join(", ")}` };
  } else {
    found = { vi: "giấy chứng nhận này chưa có đợt kiểm tra nào", en: "this certificate has no inspection on file" };
  }
  return { ok: false, evidence, missing: { vi: `${need.vi}; ${found.vi}.`, en: `${need.en}; ${found.en}.` } };
}

/**
 * Ground đ: the latest commune confirmation dated on or before `limit` (the effective day, or today when that is
 * earlier); when none, what is on file and why it does not count.
 */
function checkConfirmation(point: string, confirmations: readonly ConfirmationOnFile[], limit: string, limitIsEffective: boolean): EvidenceCheck {
  const evidence: RevocationEvidence = "commune_confirmation";
  const usable = confirmations.filter((c) => c.confirmedOn <= limit).sort((a, b) => (a.confirmedOn < b.confirmedOn ? 1 : a.confirmedOn > b.confirmedOn ? -1 : b.id - a.id));
  if (usable.length) return { ok: true, evidence, inspectionId: null, confirmationId: usable[0]!.id };
  const label = REVOCATION_EVIDENCE_LABELS[evidence];
  const need = { vi: `Thu hồi theo Điều 8 khoản 1 điểm ${point} cần ${label.vi}`, en: `A revocation under Art. 8.1(${point}) needs ${label.en}` };
  let found: Bilingual;
  if (confirmations.length) {
    const first = [...confirmations].sort((a, b) => (a.confirmedOn < b.confirmedOn ? -1 : 1))[0]!;
    found = {
      vi: `xác nhận số ${first.documentNumber} ngày ${formatDate(first.confirmedOn)} sau ngày ${formatDate(limit)} (${limitIsEffective ? "ngày thu hồi có hiệu lực" : "hôm nay"})`,
      en: `confirmation ${first.documentNumber} is dated ${formatDate(first.confirmedOn)}, after ${formatDate(limit)} (${limitIsEffective ? "the day the revocation takes effect" : "today"})`,
    };
  } else {
    found = { vi: "chưa có xác nhận nào của UBND cấp xã cho giấy chứng nhận này", en: "no commune confirmation is on file for this certificate" };
  }
  return { ok: false, evidence, missing: { vi: `${need.vi}; ${found.vi}.`, en: `${need.en}; ${found.en}.` } };
}
