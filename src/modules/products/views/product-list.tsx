import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { formatNumber } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { ListProductsQuery, ProductList } from "../inputs.js";

export function productsListPage(p: Frame & { list: ProductList; query: ListProductsQuery }): string {
  const L = p.locale;
  return renderPage(
    <Layout title={{ vi: "Sản phẩm", en: "Products" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/products" class="filters">
        <label>
          {t(L, { vi: "Tìm theo tên, mã, chủ thể", en: "Search name, code, producer" })}
          <input name="q" value={p.query.q ?? ""} maxlength={100} />
        </label>
        <button type="submit" class="secondary">
          {t(L, { vi: "Tìm", en: "Search" })}
        </button>
      </form>
      <p class="sub">{t(L, { vi: `${formatNumber(p.list.total)} sản phẩm`, en: `${formatNumber(p.list.total)} products` })}</p>
      {p.list.items.length === 0 ? (
        <p class="empty">{t(L, { vi: "Chưa có sản phẩm nào.", en: "No products yet." })}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t(L, { vi: "Ảnh", en: "Photo" })}</th>
                <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
                <th>{t(L, { vi: "Chủ thể, địa bàn", en: "Producer, area" })}</th>
              </tr>
            </thead>
            <tbody>
              {p.list.items.map((x) => (
                <tr>
                  <td>{x.thumbUrl ? <img src={x.thumbUrl} alt="" width={64} height={64} loading="lazy" /> : null}</td>
                  <td>
                    <a href={`/products/${x.id}`}>{x.name}</a>
                    <div class="sub">
                      <code>{x.code}</code> · {criteriaSetLabel(x.criteriaSetId, L)}
                    </div>
                  </td>
                  <td>
                    {x.producerName}
                    <div class="sub">{[x.communeName, x.parentUnitName].filter(Boolean).join(", ")}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}
