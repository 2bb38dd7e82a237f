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
/*
 * What the GS1 resolver could not find when it fell back to this page: a serial that is not one of ours must not
 * read as a confirmed stamp, so the page says so before anything else.
 */
const UNKNOWN = {
  serial: { vi: "Số sê-ri trong mã vừa quét không có trong sổ tem OCOP của sản phẩm này: đây không phải là xác nhận tem thật. Thông tin dưới đây là của sản phẩm, không phải của món hàng bạn đang cầm.", en: "The serial in the code you scanned is not in this product's OCOP stamp register: this is not a confirmation of a genuine stamp. What follows is about the product, not the item in your hand." },
  lot: { vi: "Số lô trong mã vừa quét không có trong sổ: thông tin dưới đây là của sản phẩm, không phải của lô đó.", en: "The lot in the code you scanned is not in the register: what follows is about the product, not that lot." },
  variant: { vi: "Sổ đăng ký không ghi phiên bản sản phẩm: thông tin dưới đây là của sản phẩm.", en: "The register keeps no product variants: what follows is about the product." },
} as const;

export function productPage(p: PublicFrame & { page: ProductPage; unknown?: keyof typeof UNKNOWN | null }): string {
  const L = p.locale;
  const { product, certificate: cert, lot } = p.page;
  const id = product.id;
  return renderPage(
    <Layout title={{ vi: product.name, en: product.name }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      {p.unknown ? (
        <div class="notice warn" role="alert">
          {t(L, UNKNOWN[p.unknown])}
        </div>
      ) : null}
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
