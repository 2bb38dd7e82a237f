import { raw } from "hono/html";
import { SUSPICION } from "../../../domain/scan-verdict.js";
import { formatDateTime, formatNumber, type Bilingual, type Locale } from "../../../lib/i18n.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import type { DayCount, PlaceCount, SuspiciousStamp } from "../inputs.js";
import { barChart, columnChart } from "../../../web/svg-chart.js";

/*
 * /stats/scans: where and when a producer's (or the office's) stamps are scanned, as two server-drawn SVG
 * charts and a link to the CSV; the office also sees the stamps that look copied. No JavaScript.
 */

// One language per page (issue 16): "không rõ" on a Vietnamese page, "unknown" on an English one.
export const UNKNOWN_PLACE: Bilingual = { vi: "không rõ", en: "unknown" };

/** "Region (CC)" as recorded; UNKNOWN_PLACE where the edge gave no region. */
export function placeLabel(p: { country: string | null; region: string | null }, L: Locale = "vi"): string {
  const region = p.region ?? UNKNOWN_PLACE[L];
  return p.country ? `${region} (${p.country})` : region;
}

const shortDay = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
const scansWord = (L: Locale, n: number) => (L === "vi" ? `${formatNumber(n)} lượt quét` : `${formatNumber(n)} scan${n === 1 ? "" : "s"}`);

export function statsPage(p: Frame & { product: { id: number; name: string; code: string } | null; choices: { id: number; name: string; code: string }[]; days: DayCount[]; places: PlaceCount[]; suspicious: SuspiciousStamp[] | null }): string {
  const L = p.locale;
  const total = p.days.reduce((a, d) => a + d.scans, 0);
  const pid = p.product?.id;
  const csvHref = `/stats/scans.csv${pid ? `?productId=${pid}` : ""}`;
  const subject = p.product ? `${p.product.name} (${p.product.code})` : t(L, { vi: "tất cả sản phẩm", en: "all products" });
  const dayChart = columnChart({
    id: "scans-by-day",
    title: t(L, { vi: `Lượt quét theo ngày, 30 ngày qua — ${subject}`, en: `Scans per day, last 30 days — ${subject}` }),
    description: t(L, { vi: `Tổng ${scansWord(L, total)}, không tính quét lặp lại của cùng một người trong một giờ.`, en: `${scansWord(L, total)} in all, not counting one scanner's repeats within an hour.` }),
    bars: p.days.map((d) => ({ label: shortDay(d.day), value: d.scans, title: `${d.day}: ${scansWord(L, d.scans)}` })),
    labelEvery: 5,
    emptyText: t(L, { vi: "Chưa có lượt quét nào", en: "No scans yet" }),
  });
  const placeChart = barChart({
    id: "scans-by-place",
    title: t(L, { vi: `Lượt quét theo tỉnh, vùng — ${subject}`, en: `Scans per province or region — ${subject}` }),
    bars: p.places.map((x) => ({ label: placeLabel(x, L), value: x.scans, title: `${placeLabel(x, L)}: ${scansWord(L, x.scans)}` })),
    emptyText: t(L, { vi: "Chưa có lượt quét nào", en: "No scans yet" }),
  });
  return renderPage(
    <Layout title={{ vi: "Thống kê lượt quét tem", en: "Stamp scan statistics" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/stats/scans" class="filters">
        <label for="productId">{t(L, { vi: "Sản phẩm", en: "Product" })}</label>
        <select id="productId" name="productId">
          <option value="">{t(L, { vi: "— Tất cả sản phẩm —", en: "— All products —" })}</option>
          {p.choices.map((c) => (
            <option value={String(c.id)} selected={pid === c.id}>
              {`${c.name} (${c.code})`}
            </option>
          ))}
        </select>
        <button type="submit">{t(L, { vi: "Xem", en: "Show" })}</button>
      </form>
      <p class="lead">
        {t(L, { vi: "30 ngày qua: ", en: "Last 30 days: " })}
        <strong id="total-scans">{scansWord(L, total)}</strong> · <a href={csvHref}>{t(L, { vi: "Tải CSV (ngày, vùng, lượt quét)", en: "Download CSV (day, region, scans)" })}</a>
      </p>
      <section class="card">
        <h2>{t(L, { vi: "Theo ngày", en: "By day" })}</h2>
        {raw(dayChart)}
      </section>
      <section class="card">
        <h2>{t(L, { vi: "Theo tỉnh, vùng", en: "By province or region" })}</h2>
        {raw(placeChart)}
      </section>
      {p.suspicious ? (
        <section class="card" id="suspicious">
          <h2>{t(L, { vi: "Tem có dấu hiệu bị sao chép (24 giờ qua)", en: "Stamps that may have been copied (last 24 hours)" })}</h2>
          <p class="sub">
            {t(L, {
              vi: `Tem có trên ${SUSPICION.scannersPerDay} lượt quét hoặc được quét từ ${SUSPICION.placesPerDay} nơi trở lên trong 24 giờ.`,
              en: `Stamps with more than ${SUSPICION.scannersPerDay} scans, or scanned from ${SUSPICION.placesPerDay} or more places, within 24 hours.`,
            })}
          </p>
          {p.suspicious.length === 0 ? (
            <p class="empty">{t(L, { vi: "Không có tem nào.", en: "None." })}</p>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t(L, { vi: "Tem", en: "Stamp" })}</th>
                    <th>{t(L, { vi: "Lô tem", en: "Batch" })}</th>
                    <th>{t(L, { vi: "Sản phẩm", en: "Product" })}</th>
                    <th class="num">{t(L, { vi: "Lượt quét", en: "Scans" })}</th>
                    <th class="num">{t(L, { vi: "Số nơi", en: "Places" })}</th>
                    <th>{t(L, { vi: "Lần quét cuối", en: "Last scan" })}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.suspicious.map((s) => (
                    <tr data-stamp-id={String(s.stampId)}>
                      <td>{`#${s.stampId} (${t(L, { vi: "số", en: "no." })} ${s.seq})`}</td>
                      <td>{String(s.batchId)}</td>
                      <td>
                        <a href={`/stats/scans?productId=${s.productId}`}>{s.productName}</a>
                      </td>
                      <td class="num">{formatNumber(s.scans)}</td>
                      <td class="num">{formatNumber(s.places)}</td>
                      <td>{formatDateTime(new Date(s.lastScanAt))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </Layout>,
  );
}
