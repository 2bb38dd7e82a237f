import { DOCUMENT_KIND_INFO, DOCUMENT_STATUS_LABELS, daysBetween } from "../../../domain/dossier-documents.js";
import { formatDate, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import type { CertificateDocuments } from "../inputs.js";

/**
 * The certified product's documents with their validity, on the office's page: an expired document the criteria
 * set requires is said first, in a warning, and one ending within 60 days is marked.
 */
export function DocumentsCard({ docs, today, locale: L }: { docs: CertificateDocuments | null; today: string; locale: Locale }) {
  if (!docs) return null;
  const validity = (from: string | null, until: string | null) => (from || until ? `${from ? formatDate(from) : "…"} – ${until ? formatDate(until) : "…"}` : t(L, { vi: "không ghi", en: "not given" }));
  return (
    <section class="card" id="documents">
      <h2>{t(L, { vi: "Giấy tờ có thời hạn của sản phẩm", en: "The product's time-limited documents" })}</h2>
      {docs.expiredRequired.length ? (
        <div class="notice warn" role="alert">
          <p>
            <strong>{t(L, { vi: "Giấy tờ bắt buộc đã hết hạn", en: "A required document has expired" })}:</strong>{" "}
            {docs.expiredRequired.map((d) => `${d.name} (${t(L, DOCUMENT_KIND_INFO[d.kind].label)}, ${t(L, { vi: "hết hạn sau ngày", en: "valid through" })} ${formatDate(d.validUntil!)})`).join("; ")}
          </p>
        </div>
      ) : null}
      {docs.documents.length === 0 ? (
        <p class="empty">{t(L, { vi: "Hồ sơ được công nhận không có tệp minh chứng.", en: "The certified dossier holds no evidence files." })}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t(L, { vi: "Giấy tờ", en: "Document" })}</th>
              <th scope="col">{t(L, { vi: "Hiệu lực", en: "Validity" })}</th>
              <th scope="col">{t(L, { vi: "Tình trạng", en: "Status" })}</th>
            </tr>
          </thead>
          <tbody>
            {docs.documents.map((d) => {
              const left = d.validUntil && d.status === "valid" ? daysBetween(today, d.validUntil) : null;
              return (
                <tr class={d.status === "expired" && d.required ? "warn" : undefined}>
                  <td>
                    {d.name}
                    <span class="sub">{` · ${t(L, DOCUMENT_KIND_INFO[d.kind].label)}${d.required ? ` · ${t(L, { vi: "bắt buộc", en: "required" })}` : ""}`}</span>
                  </td>
                  <td>{validity(d.validFrom, d.validUntil)}</td>
                  <td>
                    <span class={`badge${d.status === "expired" ? " badge-warn" : ""}`}>{t(L, DOCUMENT_STATUS_LABELS[d.status])}</span>
                    {left !== null && left <= 60 ? <span class="sub">{` ${t(L, { vi: `còn ${left} ngày`, en: `${left} days left` })}`}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
