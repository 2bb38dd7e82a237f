import { formatNumber, type Locale } from "../../../lib/i18n.js";
import { ChartFigure, type FigureTable } from "../../../web/figure.js";
import { t } from "../../../web/layout.js";
import { barChart } from "../../../web/svg-chart.js";
import type { InForceFigures } from "../inputs.js";

/*
 * The province's open figures on the public registry (what citizens and the press ask for): the certified
 * products in force today, by stars, by product group and by commune. Every number is a table row beside its
 * chart; nothing here is private (the registry already lists each certificate).
 */

const PRODUCTS = { vi: "Số sản phẩm", en: "Products" };
const word = (L: Locale, n: number) => (L === "vi" ? `${formatNumber(n)} sản phẩm` : `${formatNumber(n)} product${n === 1 ? "" : "s"}`);

export function openFigureTables(f: InForceFigures, L: Locale): { stars: FigureTable; groups: FigureTable; communes: FigureTable } {
  return {
    stars: { id: "open-stars", title: { vi: "Sản phẩm OCOP còn hiệu lực theo hạng sao", en: "OCOP products in force by stars" }, columns: [{ key: "stars", label: { vi: "Hạng", en: "Stars" } }, { key: "products", label: PRODUCTS, num: true }], rows: f.byStars.map((s) => [L === "vi" ? `${s.stars} sao` : `${s.stars} stars`, s.products]) },
    groups: { id: "open-groups", title: { vi: "Sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm", en: "OCOP products in force by product group" }, columns: [{ key: "group", label: { vi: "Nhóm sản phẩm", en: "Product group" } }, { key: "products", label: PRODUCTS, num: true }], rows: f.byGroup.map((g) => [t(L, g.label), g.products]) },
    communes: {
      id: "open-communes",
      title: { vi: "Sản phẩm OCOP còn hiệu lực theo xã", en: "OCOP products in force by commune" },
      columns: [{ key: "commune", label: { vi: "Xã, phường", en: "Commune" } }, { key: "district", label: { vi: "Huyện (cũ)", en: "Former district" } }, { key: "products", label: PRODUCTS, num: true }],
      rows: f.byCommune.map((c) => [c.commune, c.district, c.products]),
    },
  };
}

export function OpenFigures({ figures: f, locale: L }: { figures: InForceFigures; locale: Locale }) {
  const tables = openFigureTables(f, L);
  const groupLabel = (g: InForceFigures["byGroup"][number]) => t(L, g.label);
  return (
    <section id="open-figures" aria-labelledby="open-figures-h">
      <h2 id="open-figures-h">{t(L, { vi: "Số liệu công khai của tỉnh", en: "The province's open figures" })}</h2>
      <p class="lead">
        {t(L, { vi: "Sản phẩm OCOP có giấy chứng nhận còn hiệu lực hôm nay: ", en: "OCOP products with a certificate in force today: " })}
        <strong id="open-total">{word(L, f.products)}</strong>
      </p>
      <ChartFigure
        table={tables.stars}
        locale={L}
        chart={barChart({ id: "open-stars-chart", width: 480, title: t(L, tables.stars.title), bars: f.byStars.map((s) => ({ label: "★".repeat(s.stars), value: s.products, title: `${s.stars} ★: ${word(L, s.products)}` })), emptyText: t(L, { vi: "Chưa có sản phẩm", en: "No products yet" }) })}
      />
      <ChartFigure
        table={tables.groups}
        locale={L}
        chart={barChart({ id: "open-groups-chart", width: 480, title: t(L, tables.groups.title), bars: f.byGroup.map((g) => ({ label: groupLabel(g), value: g.products, title: `${groupLabel(g)}: ${word(L, g.products)}` })), emptyText: t(L, { vi: "Chưa có sản phẩm", en: "No products yet" }) })}
      />
      <ChartFigure
        table={tables.communes}
        locale={L}
        chart={f.byCommune.length ? barChart({ id: "open-communes-chart", width: 480, title: t(L, tables.communes.title), bars: f.byCommune.map((c) => ({ label: c.commune, value: c.products, title: `${c.commune}: ${word(L, c.products)}` })) }) : null}
      />
    </section>
  );
}
