import { criteriaSetLabel, CRITERIA_SET_IDS } from "../../../domain/product-categories.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Badge, type Column, Count, FilterForm, ListTable, Pager } from "../../../web/list-kit.js";
import type { ListProductsQuery, ProductList } from "../inputs.js";

/* The products in one's scope (/products): search by name, code or producer, filters by commune and group, pages; cards on a phone. */

export function productsListPage(p: Frame & { list: ProductList; query: ListProductsQuery; communes: { id: number; name: string }[] }): string {
  const L = p.locale;
  const q = p.query;
  const values = { q: q.q, communeId: q.communeId ? String(q.communeId) : undefined, criteriaSetId: q.criteriaSetId ? String(q.criteriaSetId) : undefined, limit: q.limit !== 100 ? String(q.limit) : undefined };
  const columns: Column<ProductList["items"][number]>[] = [
    { label: { vi: "Ảnh", en: "Photo" }, cell: (x) => (x.thumbUrl ? <img src={x.thumbUrl} alt="" width={64} height={64} loading="lazy" /> : <span class="sub">—</span>) },
    {
      label: { vi: "Sản phẩm", en: "Product" },
      cell: (x) => (
        <>
          <a href={`/products/${x.id}`}>{x.name}</a>
          <span class="sub">
            <code>{x.code}</code>
          </span>
        </>
      ),
    },
    { label: { vi: "Nhóm", en: "Group" }, cell: (x) => <Badge tone="muted" label={criteriaSetLabel(x.criteriaSetId, L)} locale={L} /> },
    {
      label: { vi: "Chủ thể, địa bàn", en: "Producer, area" },
      cell: (x) => (
        <>
          {x.producerName}
          <span class="sub">{[x.communeName, x.parentUnitName].filter(Boolean).join(", ")}</span>
        </>
      ),
    },
  ];
  return renderPage(
    <Layout title={{ vi: "Sản phẩm", en: "Products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <FilterForm
        action="/products"
        locale={L}
        values={values}
        hidden={{ limit: values.limit }}
        fields={[
          { kind: "search", name: "q", label: { vi: "Tìm theo tên, mã số sản phẩm, chủ thể", en: "Search name, product code, producer" }, maxlength: 100, placeholder: "42-18547-001-2026" },
          { kind: "select", name: "communeId", label: { vi: "Xã", en: "Commune" }, choices: p.communes.map((c) => ({ value: String(c.id), label: c.name })) },
          { kind: "select", name: "criteriaSetId", label: { vi: "Nhóm sản phẩm", en: "Product group" }, choices: CRITERIA_SET_IDS.map((g) => ({ value: String(g), label: `${g}. ${criteriaSetLabel(g, L)}` })) },
        ]}
      />
      <Count total={p.list.total} noun={{ vi: "sản phẩm", en: "products" }} locale={L} />
      <ListTable columns={columns} rows={p.list.items} locale={L} empty={{ vi: "Không có sản phẩm nào khớp.", en: "No product matches." }} />
      <Pager base="/products" values={values} total={p.list.total} limit={q.limit} offset={q.offset} locale={L} />
    </Layout>,
  );
}
