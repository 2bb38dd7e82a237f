import { RETAIL_KIND_LABELS } from "../../../domain/retail-kinds.js";
import { SHOP_LINK_KIND_LABELS } from "../../../domain/shop-links.js";
import { formatNumber, type Locale } from "../../../lib/i18n.js";
import { t } from "../../../web/layout.js";
import type { WhereToBuy } from "../inputs.js";

/*
 * "Where to buy" (issue 18), on the product's public page and the scan page: the registered OCOP points of sale
 * that stock the product, then the producer's own shop links the office approved. Both pages style `.card`.
 */

const hostOf = (url: string) => new URL(url).hostname.replace(/^www\./, "");

export function WhereToBuyCard({ w, locale: L }: { w: WhereToBuy; locale: Locale }) {
  if (w.points.length === 0 && w.links.length === 0) return null;
  const more = w.pointsTotal - w.points.length;
  return (
    <section class="card" id="where-to-buy">
      <h2>{t(L, { vi: "Nơi mua", en: "Where to buy" })}</h2>
      {w.points.length ? (
        <>
          <p>{t(L, { vi: "Điểm bán sản phẩm OCOP đã đăng ký có bán sản phẩm này:", en: "Registered OCOP points of sale that stock it:" })}</p>
          <ul>
            {w.points.map((p) => (
              <li>
                <strong>{p.name}</strong>
                {` — ${p.address}, ${p.commune} · ${t(L, RETAIL_KIND_LABELS[p.kind])}`}
              </li>
            ))}
          </ul>
          {more > 0 ? <p>{t(L, { vi: `và ${formatNumber(more)} điểm bán khác.`, en: `and ${formatNumber(more)} more.` })}</p> : null}
        </>
      ) : null}
      {w.links.length ? (
        <>
          <p>{t(L, { vi: "Kênh bán trực tuyến của chủ thể (đã được Văn phòng Điều phối duyệt):", en: "The producer's online shops (approved by the coordination office):" })}</p>
          <ul>
            {w.links.map((l) => (
              <li>
                <a href={l.url} rel="nofollow noopener noreferrer external">
                  {l.label || hostOf(l.url)}
                </a>
                {` · ${t(L, SHOP_LINK_KIND_LABELS[l.kind])}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
