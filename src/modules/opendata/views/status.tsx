import type { CertificateStatus } from "../../../domain/certificate-status.js";
import { formatDate, formatDateTime, formatNumber } from "../../../lib/i18n.js";
import type { AppError } from "../../../lib/problem.js";
import { Problem } from "../../../web/form-messages.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, ListTable, type Tone } from "../../../web/list-kit.js";
import { MAX_STATUS_IDS, type StatusAnswer, type StatusItem } from "../inputs.js";

/* The shops' bulk status page (/registry/status): ids typed or a CSV uploaded, then the answers and the PDF. */

const TONES: Record<CertificateStatus | "not_certified", Tone> = {
  pending: "info",
  valid: "ok",
  expiring: "warn",
  expired: "muted",
  suspended: "warn",
  revoked: "bad",
  superseded: "muted",
  not_certified: "muted",
};
const NOT_FOUND = { vi: "Không tìm thấy", en: "Not found" };
const MATCHED = { certificate: { vi: "Số GCN", en: "Certificate" }, product: { vi: "Sản phẩm", en: "Product" }, none: { vi: "—", en: "—" } };

export function statusPage(p: PublicFrame & { ids: string; answer?: StatusAnswer; sha256?: string; error?: AppError | undefined }): string {
  const L = p.locale;
  const columns: Column<StatusItem>[] = [
    { label: { vi: "Mã tra cứu", en: "Id" }, cell: (i) => <><span>{i.id}</span><span class="sub">{t(L, MATCHED[i.matched])}</span></> },
    { label: { vi: "Sản phẩm", en: "Product" }, cell: (i) => (i.url ? <a href={i.url}>{i.product?.name ?? i.product?.code}</a> : (i.product?.code ?? "—")) },
    { label: { vi: "Chủ thể", en: "Producer" }, cell: (i) => i.producer?.name ?? "—" },
    { label: { vi: "Hạng", en: "Stars" }, cell: (i) => (i.stars ? <span class="stars">{"★".repeat(i.stars)}</span> : "—") },
    {
      label: { vi: "Trạng thái", en: "Status" },
      cell: (i) =>
        i.status ? (
          <>
            <Badge tone={TONES[i.status as CertificateStatus] ?? "muted"} label={i.statusLabel!} locale={L} />
            {i.validity ? <span class="sub">{t(L, { vi: `đến ${formatDate(i.validity.validUntil)}`, en: `until ${formatDate(i.validity.validUntil)}` })}</span> : null}
          </>
        ) : (
          <Badge tone="muted" label={NOT_FOUND} locale={L} />
        ),
    },
    { label: { vi: "Quyết định", en: "Decision" }, cell: (i) => (i.decision ? <><span>{i.decision.number}</span><span class="sub">{formatDate(i.decision.decidedOn)}</span></> : "—") },
  ];
  const a = p.answer;
  return renderPage(
    <Layout title={{ vi: "Tra cứu tình trạng nhiều giấy chứng nhận OCOP", en: "Check the status of many OCOP certificates" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <p class="sub">
        {t(L, {
          vi: `Dành cho cửa hàng, siêu thị, sàn thương mại điện tử: nhập tối đa ${formatNumber(MAX_STATUS_IDS)} số giấy chứng nhận, mã sản phẩm OCOP (TT-XXXXX-NNN-NNNN) hoặc mã vạch GTIN, mỗi dòng một mã, hoặc tải lên tệp CSV (mã ở cột đầu). Kết quả có thể in thành tệp PDF có ngày giờ tra cứu để lưu hồ sơ.`,
          en: `For shops, supermarkets and marketplaces: up to ${formatNumber(MAX_STATUS_IDS)} certificate numbers, OCOP product codes (PP-CCCCC-NNN-YYYY) or GTINs, one per line, or a CSV file (ids in the first column). The answer can be printed as a dated PDF for your records.`,
        })}
      </p>
      <Problem error={p.error} locale={L} />
      <form method="post" action="/registry/status" enctype="multipart/form-data" class="card">
        <label for="ids">{t(L, { vi: "Các mã cần tra cứu (mỗi dòng một mã)", en: "Ids to check (one per line)" })}</label>
        <textarea id="ids" name="ids" rows={8}>
          {p.ids}
        </textarea>
        <label for="file">{t(L, { vi: "Hoặc tệp CSV", en: "Or a CSV file" })}</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv,text/plain" />
        <button type="submit" name="format" value="html">
          {t(L, { vi: "Tra cứu", en: "Check" })}
        </button>{" "}
        <button type="submit" name="format" value="pdf">
          {t(L, { vi: "Tra cứu và tải PDF", en: "Check and download the PDF" })}
        </button>
      </form>
      {a ? (
        <section>
          <h2>{t(L, { vi: `Kết quả tra cứu ngày ${formatDate(a.asOf)}`, en: `Status lookup on ${formatDate(a.asOf)}` })}</h2>
          <p class="sub">
            {t(L, {
              vi: `Lúc ${formatDateTime(new Date(a.checkedAt))} (giờ Việt Nam): ${formatNumber(a.counts.requested)} mã, ${formatNumber(a.counts.certificates)} giấy chứng nhận, ${formatNumber(a.counts.products)} sản phẩm, ${formatNumber(a.counts.notFound)} không tìm thấy.`,
              en: `At ${formatDateTime(new Date(a.checkedAt))} (Vietnam time): ${formatNumber(a.counts.requested)} ids, ${formatNumber(a.counts.certificates)} certificates, ${formatNumber(a.counts.products)} products, ${formatNumber(a.counts.notFound)} not found.`,
            })}
          </p>
          <ListTable columns={columns} rows={a.items} locale={L} empty={{ vi: "Không có mã nào.", en: "No ids." }} />
          <p class="sub">
            {t(L, { vi: "Mã kiểm chứng (SHA-256 của dữ liệu JSON):", en: "Check code (SHA-256 of the JSON answer):" })} <code class="wrap">{p.sha256}</code>
          </p>
        </section>
      ) : null}
      <p class="sub">
        {t(L, { vi: "Dữ liệu mở hằng ngày của sổ đăng ký:", en: "The registry's daily open data:" })} <a href="/open-data/">/open-data/</a>
      </p>
    </Layout>,
  );
}
