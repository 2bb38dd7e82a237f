import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { formatDate } from "../../../lib/i18n.js";
import { type PublicFrame, Layout, renderPage, t } from "../../../web/layout.js";
import type { ProductPage } from "../inputs.js";
import { WhereToBuyCard } from "./where-to-buy.js";

/*
 * A product's public page (/p/{id}): what GS1 Digital Link calls its product information page. Only what the
 * product publishes: name, photo, group, producer and commune, standards, story, its OCOP certificate and,
 * when asked for, one production lot's dates. Certified products only; others are not public.
 */
export function productPage(p: PublicFrame & { page: ProductPage }): string {
  const L = p.locale;
  const { product, certificate: cert, lot } = p.page;
  const id = product.id;
  return renderPage(
    <Layout title={{ vi: product.name, en: product.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.page.photoId !== null ? <img src={`/products/${id}/photos/${p.page.photoId}.webp`} alt={product.name} class="photo" /> : null}
      <p class="stars">{`OCOP ${"★".repeat(cert.cert.stars)} · ${t(L, cert.state.label)}`}</p>
      <table>
        <tbody>
          <tr>
            <th>{t(L, { vi: "Nhóm sản phẩm", en: "Product group" })}</th>
            <td>{criteriaSetLabel(product.criteriaSetId, L)}</td>
          </tr>
          <tr>
            <th>{t(L, { vi: "Chủ thể", en: "Producer" })}</th>
            <td>{`${p.page.producer} — ${p.page.address}`}</td>
          </tr>
          <tr>
            <th>{t(L, { vi: "Xã", en: "Commune" })}</th>
            <td>{p.page.commune}</td>
          </tr>
          {product.gtin ? (
            <tr>
              <th>GTIN</th>
              <td>{product.gtin}</td>
            </tr>
          ) : null}
          {product.standards ? (
            <tr>
              <th>{t(L, { vi: "Tiêu chuẩn áp dụng", en: "Standards applied" })}</th>
              <td>{product.standards}</td>
            </tr>
          ) : null}
          {lot ? (
            <tr>
              <th>{t(L, { vi: `Lô ${lot.lotNumber}`, en: `Lot ${lot.lotNumber}` })}</th>
              <td>{`${t(L, { vi: "sản xuất", en: "produced" })} ${formatDate(lot.producedOn)}${lot.expiresOn ? ` · ${t(L, { vi: "hạn dùng", en: "best before" })} ${formatDate(lot.expiresOn)}` : ""}`}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {product.description ? <p>{product.description}</p> : null}
      <WhereToBuyCard w={p.page.whereToBuy} locale={L} />
      <p>
        <a href={`/c/${cert.cert.id}`}>{t(L, { vi: "Giấy chứng nhận OCOP →", en: "OCOP certificate →" })}</a>
      </p>
      <p>
        <a href={`/complaints/new?certificate=${cert.cert.id}`}>{t(L, { vi: "Phản ánh về sản phẩm này", en: "Complain about this product" })}</a>
      </p>
    </Layout>,
  );
}
