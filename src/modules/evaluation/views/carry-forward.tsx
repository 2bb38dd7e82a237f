import { DOCUMENT_KIND_INFO, DOCUMENT_KINDS, DOCUMENT_STATUS_LABELS } from "../../../domain/dossier-documents.js";
import { type Bilingual, formatDate, formatNumber, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import type { CarryForwardView, DossierDetail, EvidenceView } from "../inputs.js";

/*
 * What an upgrade or re-evaluation changed since the certified dossier (Art. 6.1b–c), for the producer, the
 * commune and the council: the last council's result (its figures only), the registration fields, the items
 * and files that changed. Unchanged items are counted, not listed; the score rows mark each item.
 */

const FIELD_LABELS: Record<string, Bilingual> = {
  representativeName: { vi: "Người đại diện", en: "Representative" },
  representativePosition: { vi: "Chức vụ", en: "Position" },
  phone: { vi: "Điện thoại", en: "Phone" },
  email: { vi: "Email", en: "Email" },
  sampleCount: { vi: "Số mẫu", en: "Samples" },
};

const EVIDENCE_STATUS: Record<CarryForwardView["evidence"][number]["status"], Bilingual> = {
  unchanged: { vi: "Không thay đổi", en: "Unchanged" },
  changed: { vi: "Đã sửa thông tin", en: "Details changed" },
  new: { vi: "Mới bổ sung", en: "New" },
  removed: { vi: "Đã gỡ hoặc thay thế", en: "Removed or replaced" },
};

export const ITEM_STATUS: Record<"unchanged" | "changed", Bilingual> = {
  unchanged: { vi: "Không thay đổi so với hồ sơ được công nhận", en: "Unchanged since the certified dossier" },
  changed: { vi: "Đã thay đổi so với hồ sơ được công nhận", en: "Changed since the certified dossier" },
};

export function CarryForwardCard({ cf, locale: L }: { cf: CarryForwardView | null; locale: Locale }) {
  if (!cf) return null;
  const r = cf.lastResult;
  const changedItems = cf.items.filter((i) => i.status === "changed");
  const changedFiles = cf.evidence.filter((e) => e.status !== "unchanged");
  return (
    <section class="card" id="carry-forward">
      <h2>{t(L, { vi: "Thay đổi so với hồ sơ đã được công nhận", en: "Changes since the certified dossier" })}</h2>
      <p class="sub">
        {t(L, {
          vi: `Hồ sơ kế thừa hồ sơ đã được công nhận${cf.certificateId ? ` (giấy chứng nhận số ${cf.certificateId})` : ""}: mọi câu trả lời và tệp minh chứng được sao chép, chỉ những mục dưới đây đã thay đổi.`,
          en: `Carried forward from the certified dossier${cf.certificateId ? ` (certificate ${cf.certificateId})` : ""}: every answer and file was copied; only what is listed below changed.`,
        })}
      </p>
      {r ? (
        <p>
          <strong>{t(L, { vi: "Kết quả Hội đồng lần trước", en: "The last council's result" })}:</strong> {`${r.roundName} — ${r.officialScore === null ? "—" : formatNumber(r.officialScore)} ${t(L, { vi: "điểm", en: "points" })} · ${r.stars ? `${r.stars}★` : t(L, { vi: "không xếp hạng", en: "no star" })} · A ${formatNumber(r.partMeans.A)} · B ${formatNumber(r.partMeans.B)} · C ${formatNumber(r.partMeans.C)}`}
        </p>
      ) : null}
      <p>{t(L, { vi: `${formatNumber(changedItems.length)} tiêu chí thay đổi, ${formatNumber(cf.unchangedItems)} tiêu chí giữ nguyên.`, en: `${formatNumber(changedItems.length)} items changed, ${formatNumber(cf.unchangedItems)} unchanged.` })}</p>
      {changedItems.length ? (
        <ul class="changes">
          {changedItems.map((i) => (
            <li class="changed">
              <a href={`#item-${i.itemId}`}>{i.itemId}</a>
              {i.answerChanged ? `: ${formatNumber(i.before.points)} → ${formatNumber(i.after.points)} ${t(L, { vi: "điểm tự chấm", en: "self-score points" })}` : ""}
              {i.evidenceChanged ? ` · ${t(L, { vi: "minh chứng thay đổi", en: "evidence changed" })}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {cf.registration.length ? (
        <ul class="changes">
          {cf.registration.map((f) => (
            <li class="changed">{`${t(L, FIELD_LABELS[f.field] ?? { vi: f.field, en: f.field })}: ${f.before ?? "—"} → ${f.after ?? "—"}`}</li>
          ))}
        </ul>
      ) : null}
      {changedFiles.length ? (
        <ul class="changes">
          {changedFiles.map((e) => (
            <li class="changed">{`${e.criterionId} · ${e.name} (${t(L, DOCUMENT_KIND_INFO[e.kind].label)}): ${t(L, EVIDENCE_STATUS[e.status])}`}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The required documents on today's date and every file with its kind and validity. */
export function DocumentsList({ d, fileHref, upload, locale: L }: { d: DossierDetail; fileHref?: (id: number) => string; upload?: { csrf: string; items: string[] }; locale: Locale }) {
  const status = (e: EvidenceView) => t(L, DOCUMENT_STATUS_LABELS[e.status]);
  const carried = new Map((d.carryForward?.evidence ?? []).filter((e) => e.evidenceId !== null).map((e) => [e.evidenceId!, e.status]));
  return (
    <section class="card" id="documents">
      <h2>{t(L, { vi: "Giấy tờ, tài liệu minh chứng", en: "Documents and evidence" })}</h2>
      {d.documents.length ? (
        <ul>
          {d.documents.map((r) => (
            <li class={r.status === "met" ? undefined : "warn"}>
              <strong>{t(L, r.label)}</strong>
              {": "}
              {t(L, r.status === "met" ? { vi: "đã có, còn hiệu lực", en: "held and valid" } : r.status === "expired" ? { vi: "ĐÃ HẾT HẠN — không nộp được hồ sơ", en: "EXPIRED — the dossier cannot be filed" } : { vi: "chưa có", en: "missing" })}
              <span class="sub">{` · ${t(L, r.basis)}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="sub">{t(L, { vi: "Bộ tiêu chí này không quy định giấy tờ bắt buộc.", en: "This criteria set names no required documents." })}</p>
      )}
      {d.evidence.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Tệp", en: "File" })}</th>
              <th scope="col">{t(L, { vi: "Hiệu lực", en: "Validity" })}</th>
              <th scope="col">{t(L, { vi: "Tình trạng", en: "Status" })}</th>
            </tr>
          </thead>
          <tbody>
            {d.evidence.map((e) => (
              <tr>
                <td>
                  {fileHref ? <a href={fileHref(e.id)}>{e.name}</a> : e.name}
                  <span class="sub">{` · ${e.criterionId} · ${t(L, DOCUMENT_KIND_INFO[e.kind].label)}${carried.has(e.id) ? ` · ${t(L, EVIDENCE_STATUS[carried.get(e.id)!])}` : ""}`}</span>
                </td>
                <td>{e.validFrom || e.validUntil ? `${e.validFrom ? formatDate(e.validFrom) : "…"} – ${e.validUntil ? formatDate(e.validUntil) : "…"}` : "—"}</td>
                <td>
                  <span class={`badge${e.status === "expired" ? " badge-warn" : ""}`}>{status(e)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">{t(L, { vi: "Chưa có tệp minh chứng.", en: "No evidence files yet." })}</p>
      )}
      {upload ? (
        <form method="post" action={`/dossiers/${d.id}/evidence`} enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value={upload.csrf} />
          <h3>{t(L, { vi: "Thêm hoặc thay tệp minh chứng", en: "Add or replace an evidence file" })}</h3>
          <label for="ev-criterion">{t(L, { vi: "Tiêu chí", en: "Item" })}</label>
          <select id="ev-criterion" name="criterionId">
            {upload.items.map((i) => (
              <option value={i}>{i}</option>
            ))}
          </select>
          <label for="ev-kind">{t(L, { vi: "Loại giấy tờ", en: "Kind of document" })}</label>
          <select id="ev-kind" name="kind">
            {DOCUMENT_KINDS.map((k) => (
              <option value={k}>{t(L, DOCUMENT_KIND_INFO[k].label)}</option>
            ))}
          </select>
          <label for="ev-from">{t(L, { vi: "Có hiệu lực từ ngày", en: "Valid from" })}</label>
          <input id="ev-from" name="validFrom" type="date" />
          <label for="ev-until">{t(L, { vi: "Có hiệu lực đến hết ngày", en: "Valid through" })}</label>
          <input id="ev-until" name="validUntil" type="date" />
          <label for="ev-replaces">{t(L, { vi: "Thay cho tệp", en: "In place of" })}</label>
          <select id="ev-replaces" name="replaces">
            <option value="">{t(L, { vi: "— không thay, thêm mới —", en: "— none, add —" })}</option>
            {d.evidence.map((e) => (
              <option value={String(e.id)}>{`${e.criterionId} · ${e.name}`}</option>
            ))}
          </select>
          <label for="ev-file">{t(L, { vi: "Tệp (PDF, ảnh)", en: "File (PDF, image)" })}</label>
          <input id="ev-file" name="file" type="file" required />
          <button type="submit">{t(L, { vi: "Tải lên", en: "Upload" })}</button>
        </form>
      ) : null}
    </section>
  );
}
