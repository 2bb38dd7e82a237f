import type { CertificateStatus } from "../../../domain/certificate-status.js";
import { formatDate, formatNumber, type Bilingual, type Locale } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import type { CertificatePublic } from "../inputs.js";

/* A certificate's public verification page (/c/{id}): its status first, then the facts and the history. */

const TONE: Record<CertificateStatus, string> = { pending: "warn", valid: "ok", expiring: "warn", expired: "bad", suspended: "bad", revoked: "bad", superseded: "warn" };
const LEVEL: Record<string, Bilingual> = { province: { vi: "Cấp tỉnh", en: "Province" }, central: { vi: "Cấp trung ương", en: "Central" } };

export function certificatePage(p: PublicFrame & { cert: CertificatePublic }): string {
  const L = p.locale;
  const x = p.cert;
  return renderPage(
    <Layout title={{ vi: `Giấy chứng nhận OCOP số ${x.id}`, en: `OCOP certificate no. ${x.id}` }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <div class={`notice ${TONE[x.status]}`} role="status">
        <p>
          <strong>{t(L, x.statusLabel)}</strong>
        </p>
        <p>{t(L, x.explanation)}</p>
      </div>
      <section class="card">
        <h2>{x.product.name}</h2>
        <p class="stars" aria-label={t(L, { vi: `${x.stars} sao`, en: `${x.stars} stars` })}>
          {"★".repeat(x.stars)} <span class="sub">{`OCOP ${x.stars} ${t(L, { vi: "sao", en: "stars" })}`}</span>
        </p>
        <table>
          <tbody>
            <Row label={{ vi: "Mã sản phẩm", en: "Product code" }} value={x.product.code} locale={L} />
            <Row label={{ vi: "Nhóm sản phẩm", en: "Product group" }} value={t(L, x.product.groupLabel)} locale={L} />
            <Row label={{ vi: "Chủ thể", en: "Producer" }} value={x.producer.name} locale={L} />
            {x.producer.address ? <Row label={{ vi: "Địa chỉ", en: "Address" }} value={x.producer.address} locale={L} /> : null}
            {x.producer.phone ? <Row label={{ vi: "Điện thoại", en: "Phone" }} value={x.producer.phone} locale={L} /> : null}
            {x.producer.website ? <Row label={{ vi: "Trang web", en: "Website" }} value={x.producer.website} locale={L} /> : null}
            <Row
              label={{ vi: "Địa bàn (khi cấp)", en: "Place (when issued)" }}
              value={[x.place.commune, x.place.district, x.place.province].filter(Boolean).join(", ")}
              locale={L}
            />
            {x.place.communeToday ? <Row label={{ vi: "Nay thuộc", en: "Now part of" }} value={x.place.communeToday} locale={L} /> : null}
            <Row label={{ vi: "Điểm đánh giá", en: "Score" }} value={formatNumber(x.score)} locale={L} />
            <Row label={{ vi: "Căn cứ", en: "Basis" }} value={t(L, x.basis.label)} locale={L} />
            <Row label={{ vi: "Cơ quan công nhận", en: "Recognised by" }} value={`${x.decision.authorityName} (${t(L, LEVEL[x.decision.authorityLevel]!)})`} locale={L} />
            <Row label={{ vi: "Quyết định", en: "Decision" }} value={`${x.decision.number}, ${formatDate(x.decision.decidedOn)} — ${x.decision.signer}`} locale={L} />
            <Row label={{ vi: "Hiệu lực", en: "Validity" }} value={`${formatDate(x.validity.from)} – ${formatDate(x.validity.through)}`} locale={L} />
            {x.validity.validUntil !== x.validity.through ? <Row label={{ vi: "Hiệu lực thực tế đến", en: "In force until" }} value={formatDate(x.validity.validUntil)} locale={L} /> : null}
          </tbody>
        </table>
        {x.supersededBy ? (
          <p>
            <a href={`/c/${x.supersededBy}`}>{t(L, { vi: `Xem giấy chứng nhận thay thế số ${x.supersededBy} →`, en: `See the replacing certificate no. ${x.supersededBy} →` })}</a>
          </p>
        ) : null}
        <p>
          <a href={`/c/${x.id}/certificate.pdf`}>{t(L, { vi: "Tải giấy chứng nhận (PDF)", en: "Download the certificate (PDF)" })}</a>
        </p>
        <p>
          <a href={`/c/${x.id}/credential.jwt`} type="application/vc+jwt">
            {t(L, { vi: "Tải giấy chứng nhận điện tử có chữ ký số, để tự kiểm tra không cần hỏi cơ quan cấp", en: "Download the digitally signed certificate, to check it without asking the issuer" })}
          </a>
        </p>
        <p>
          <a href={`/complaints/new?certificate=${x.id}`}>{t(L, { vi: "Phản ánh về sản phẩm này (chất lượng, nhãn, tem dán sai sản phẩm)", en: "Complain about this product (quality, labelling, a stamp on the wrong product)" })}</a>
        </p>
      </section>
      {x.inspections.length ? (
        <section class="card" id="inspections">
          <h2>{t(L, { vi: "Kết quả kiểm tra sau công nhận", en: "Inspections after certification" })}</h2>
          <ol class="history">
            {x.inspections.map((i) => (
              <li>
                <strong>{formatDate(i.concludedOn)}</strong> — {t(L, i.conclusionLabel)}
                <span class="sub">{` · ${t(L, i.groundLabel)}`}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <section class="card">
        <h2>{t(L, { vi: "Lịch sử", en: "History" })}</h2>
        <ol class="history">
          {x.history.map((h) => (
            <li>
              <strong>{formatDate(h.on)}</strong> — {t(L, h.label)}
              {h.detail ? <span class="sub">{` · ${t(L, h.detail)}`}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </Layout>,
  );
}

function Row({ label, value, locale }: { label: Bilingual; value: string; locale: Locale }) {
  return (
    <tr>
      <th>{t(locale, label)}</th>
      <td>{value}</td>
    </tr>
  );
}
