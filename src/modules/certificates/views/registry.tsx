import { CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUSES } from "../../../domain/certificate-status.js";
import { criteriaSetLabel, CRITERIA_SET_IDS } from "../../../domain/product-categories.js";
import { formatDate, formatNumber } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import type { RegistryItem } from "../inputs.js";

/* The public registry of certified products (/registry): filters, the count with its CSV, and the list. */

export function registryPage(p: PublicFrame & { q: Record<string, string>; result: { items: RegistryItem[]; total: number }; csvHref: string }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Sổ sản phẩm OCOP được công nhận", en: "Register of certified OCOP products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/registry" class="card filters">
        <label for="q">{t(L, { vi: "Tên sản phẩm hoặc chủ thể", en: "Product or producer name" })}</label>
        <input id="q" name="q" value={p.q["q"] ?? ""} maxlength={200} />
        <label for="group">{t(L, { vi: "Nhóm sản phẩm", en: "Product group" })}</label>
        <select id="group" name="group">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {CRITERIA_SET_IDS.map((g) => (
            <option value={String(g)} selected={p.q["group"] === String(g)}>
              {`${g}. ${criteriaSetLabel(g, L)}`}
            </option>
          ))}
        </select>
        <label for="stars">{t(L, { vi: "Hạng sao", en: "Stars" })}</label>
        <select id="stars" name="stars">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {[3, 4, 5].map((s) => (
            <option value={String(s)} selected={p.q["stars"] === String(s)}>
              {"★".repeat(s)}
            </option>
          ))}
        </select>
        <label for="status">{t(L, { vi: "Trạng thái", en: "Status" })}</label>
        <select id="status" name="status">
          <option value="">{t(L, { vi: "Tất cả", en: "All" })}</option>
          {CERTIFICATE_STATUSES.map((s) => (
            <option value={s} selected={p.q["status"] === s}>
              {t(L, CERTIFICATE_STATUS_LABELS[s])}
            </option>
          ))}
        </select>
        {p.q["unitId"] ? <input type="hidden" name="unitId" value={p.q["unitId"]} /> : null}
        <button type="submit">{t(L, { vi: "Tìm", en: "Search" })}</button>
      </form>
      <p class="sub">
        {t(L, { vi: `${formatNumber(p.result.total)} giấy chứng nhận`, en: `${formatNumber(p.result.total)} certificates` })} · <a href={p.csvHref}>CSV</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
            <th>{t(L, { vi: "Chủ thể", en: "Producer" })}</th>
            <th>{t(L, { vi: "Địa bàn", en: "Place" })}</th>
            <th>{t(L, { vi: "Sao", en: "Stars" })}</th>
            <th>{t(L, { vi: "Trạng thái", en: "Status" })}</th>
          </tr>
        </thead>
        <tbody>
          {p.result.items.map((i) => (
            <tr>
              <td>
                <a href={`/c/${i.id}`}>{i.productName}</a>
              </td>
              <td>{i.producerName}</td>
              <td>{[i.commune, i.district].filter(Boolean).join(", ")}</td>
              <td>{"★".repeat(i.stars)}</td>
              <td>{`${t(L, i.statusLabel)} (${formatDate(i.validUntil)})`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>,
  );
}
