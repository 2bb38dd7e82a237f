import { CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUSES } from "../../../domain/certificate-status.js";
import { criteriaSetLabel, CRITERIA_SET_IDS } from "../../../domain/product-categories.js";
import { formatDate } from "../../../lib/i18n.js";
import { Layout, type PublicFrame, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, Count, FilterForm, ListTable, Pager } from "../../../web/list-kit.js";
import type { InForceFigures, RegistryItem } from "../inputs.js";
import { OpenFigures } from "./open-figures.js";
import { STATUS_TONES } from "./office.js";

/* The public registry of certified products (/registry): filters, the count with its CSV, and the list (cards on a phone). */

export function registryPage(p: PublicFrame & { q: Record<string, string>; result: { items: RegistryItem[]; total: number }; csvHref: string; figures: InForceFigures }): string {
  const L = p.locale;
  const { offset, ...values } = p.q;
  const limit = Number(p.q["limit"] ?? 50) || 50;
  const columns: Column<RegistryItem>[] = [
    { label: { vi: "Sản phẩm", en: "Product" }, cell: (i) => <a href={`/c/${i.id}`}>{i.productName}</a> },
    { label: { vi: "Chủ thể", en: "Producer" }, cell: (i) => i.producerName },
    { label: { vi: "Địa bàn", en: "Place" }, cell: (i) => [i.commune, i.district].filter(Boolean).join(", ") },
    { label: { vi: "Hạng", en: "Stars" }, cell: (i) => <span class="stars">{"★".repeat(i.stars)}</span> },
    {
      label: { vi: "Trạng thái", en: "Status" },
      cell: (i) => (
        <>
          <Badge tone={STATUS_TONES[i.status]} label={i.statusLabel} locale={L} />
          <span class="sub">{t(L, { vi: `đến ${formatDate(i.validUntil)}`, en: `until ${formatDate(i.validUntil)}` })}</span>
        </>
      ),
    },
  ];
  return renderPage(
    <Layout title={{ vi: "Sổ sản phẩm OCOP được công nhận", en: "Register of certified OCOP products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <FilterForm
        action="/registry"
        locale={L}
        values={values}
        hidden={{ unitId: p.q["unitId"] }}
        fields={[
          { kind: "search", name: "q", label: { vi: "Tên sản phẩm hoặc chủ thể", en: "Product or producer name" } },
          { kind: "select", name: "group", label: { vi: "Nhóm sản phẩm", en: "Product group" }, choices: CRITERIA_SET_IDS.map((g) => ({ value: String(g), label: `${g}. ${criteriaSetLabel(g, L)}` })) },
          { kind: "select", name: "stars", label: { vi: "Hạng sao", en: "Stars" }, choices: [3, 4, 5].map((s) => ({ value: String(s), label: "★".repeat(s) })) },
          { kind: "select", name: "status", label: { vi: "Trạng thái", en: "Status" }, choices: CERTIFICATE_STATUSES.map((s) => ({ value: s, label: CERTIFICATE_STATUS_LABELS[s] })) },
        ]}
      />
      <Count total={p.result.total} noun={{ vi: "giấy chứng nhận", en: "certificates" }} locale={L} />
      <p class="sub">
        <a href={p.csvHref}>{t(L, { vi: "Tải về CSV", en: "Download CSV" })}</a>
      </p>
      <ListTable columns={columns} rows={p.result.items} locale={L} empty={{ vi: "Không có sản phẩm nào khớp với điều kiện tìm.", en: "No product matches." }} />
      <Pager base="/registry" values={values} total={p.result.total} limit={limit} offset={Number(offset ?? 0) || 0} locale={L} />
      <OpenFigures figures={p.figures} locale={L} />
    </Layout>,
  );
}
