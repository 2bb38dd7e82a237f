import { BUDGET_PART_LABELS, BUDGET_PARTS } from "../../../domain/budget.js";
import type { AppError } from "../../../lib/problem.js";
import { formatMoney, formatNumber, type Locale } from "../../../lib/i18n.js";
import { ChartFigure, type FigureTable } from "../../../web/figure.js";
import { type Frame, Layout, renderPage, t } from "../../../web/layout.js";
import { Picker } from "../../../web/picker.js";
import { barChart, type Bar } from "../../../web/svg-chart.js";
import type { Dashboard, DashboardUnit } from "../inputs.js";
import { dashboardTables, PIPELINE_STAGES, type TableId } from "./tables.js";

/*
 * /dashboard: the province's figures for a year and a unit, each a server-drawn SVG chart (role="img" with its
 * <title>; no script) with its table beside it and its CSV/XLSX export. Charts scale with their viewBox, and tables
 * become cards on a phone (the page kit's reflow), so nothing is wider than a 390 px screen.
 */

const LEVEL = { province: { vi: "tỉnh", en: "province" }, district: { vi: "huyện (cũ)", en: "former district" }, commune: { vi: "xã", en: "commune" } } as Record<string, { vi: string; en: string }>;

// Narrower than the scan statistics' 720: the text stays legible on a 390 px phone (the stylesheet caps its width).
const CHART_WIDTH = 480;
const millions = (v: string) => Math.round(Number(BigInt(v) / 1_000n)) / 1000;

export function dashboardHref(base: string, d: { year: number; unit: { id: number } }): string {
  return `${base}?year=${d.year}&unitId=${d.unit.id}`;
}

export function dashboardPage(p: Frame & { dashboard: Dashboard | null; units: DashboardUnit[]; years: number[]; values: { year: string; unit: string }; error?: AppError | undefined }): string {
  const L = p.locale;
  const d = p.dashboard;
  return renderPage(
    <Layout title={{ vi: "Bảng số liệu OCOP", en: "OCOP dashboard" }} locale={L} principal={p.principal} csrfToken={p.csrfToken} path={p.path}>
      <form method="get" action="/dashboard" class="filters">
        <label for="year">{t(L, { vi: "Năm", en: "Year" })}</label>
        <select id="year" name="year">
          {p.years.map((y) => (
            <option value={String(y)} selected={String(y) === p.values.year}>
              {String(y)}
            </option>
          ))}
        </select>
        <Picker id="unit" name="unit" label={{ vi: "Đơn vị", en: "Unit" }} value={p.values.unit} choices={p.units.map((u) => ({ id: u.id, code: u.code, name: u.name, hint: `${t(L, LEVEL[u.level] ?? { vi: u.level, en: u.level })}${u.ended ? t(L, { vi: ", đã kết thúc", en: ", ended" }) : ""}` }))} locale={L} error={p.error} hint={{ vi: "Gõ tên hoặc mã đơn vị (tỉnh, huyện cũ, xã) rồi chọn trong danh sách.", en: "Type the unit's name or code (province, former district, commune) and pick it." }} />
        <button type="submit">{t(L, { vi: "Xem", en: "Show" })}</button>
      </form>
      {d ? <Figures d={d} locale={L} /> : null}
    </Layout>,
  );
}

function Figures({ d, locale: L }: { d: Dashboard; locale: Locale }) {
  const tables = dashboardTables(d, L);
  const links = (id: TableId) => [
    { href: dashboardHref(`/dashboard/export/${id}.csv`, d), label: t(L, { vi: "Tải CSV", en: "CSV" }) },
    { href: dashboardHref(`/dashboard/export/${id}.xlsx`, d), label: t(L, { vi: "Tải XLSX", en: "XLSX" }) },
  ];
  const chart = (table: FigureTable, bars: Bar[], unit?: string) => barChart({ id: `${table.id}-chart`, width: CHART_WIDTH, title: t(L, table.title) + (unit ? ` — ${unit}` : ""), bars, emptyText: t(L, { vi: "Chưa có số liệu", en: "No figures yet" }) });
  const n = (label: string, v: number, what: string) => ({ label, value: v, title: `${label}: ${formatNumber(v)} ${what}` });
  const prodWord = t(L, { vi: "sản phẩm", en: "products" });
  const fig = (id: TableId, bars: Bar[] | null, unit?: string) => <ChartFigure table={tables[id]} chart={bars ? chart(tables[id], bars, unit) : null} locale={L} links={links(id)} />;
  const expiringByMonth = new Map<string, number>();
  for (const e of d.expiring) expiringByMonth.set(e.validUntil.slice(0, 7), (expiringByMonth.get(e.validUntil.slice(0, 7)) ?? 0) + 1);
  const mil = t(L, { vi: "triệu đồng", en: "million đồng" });
  return (
    <>
      <p class="lead" id="dashboard-scope">
        {t(L, { vi: `${d.unit.name} — năm ${d.year}`, en: `${d.unit.name} — ${d.year}` })} ·{" "}
        <strong id="in-force-total">{t(L, { vi: `${formatNumber(d.inForce.products)} sản phẩm OCOP còn hiệu lực`, en: `${formatNumber(d.inForce.products)} OCOP products in force` })}</strong> ·{" "}
        <a href={dashboardHref("/dashboard/export.xlsx", d)}>{t(L, { vi: "Tải tất cả (XLSX, mỗi bảng một trang tính)", en: "Download all (XLSX, one sheet per table)" })}</a>
      </p>
      {fig("stars", d.inForce.byStars.map((s) => n("★".repeat(s.stars), s.products, prodWord)))}
      {fig("groups", d.inForce.byGroup.map((g) => n(t(L, g.label), g.products, prodWord)))}
      {fig("communes", d.inForce.byCommune.length ? d.inForce.byCommune.map((c) => n(c.commune, c.products, prodWord)) : null)}
      {fig("pipeline", PIPELINE_STAGES.map((s) => n(t(L, s.label), d.pipeline[s.key], "")))}
      {fig("expiring", d.expiring.length ? [...expiringByMonth].sort().map(([m, v]) => n(`${m.slice(5, 7)}/${m.slice(0, 4)}`, v, t(L, { vi: "giấy chứng nhận", en: "certificates" }))) : null)}
      {fig("five-star", d.fiveStar.length ? d.fiveStar.map((f) => ({ label: f.productName, value: f.score ?? 0, title: `${f.productName}: ${f.score ?? "—"} ${t(L, { vi: "điểm", en: "points" })}` })) : null)}
      {fig("funding", BUDGET_PARTS.map((k) => ({ label: t(L, BUDGET_PART_LABELS[k]), value: millions(d.funding[k]), title: `${t(L, BUDGET_PART_LABELS[k])}: ${formatMoney(BigInt(d.funding[k]))}` })), mil)}
      {fig("funding-units", d.fundingByUnit.length ? d.fundingByUnit.map((u) => ({ label: u.unitName, value: millions(u.total), title: `${u.unitName}: ${formatMoney(BigInt(u.total))} (${formatNumber(u.plans)} ${t(L, { vi: "phương án", en: "plans" })})` })) : null, mil)}
      {fig("stamps", tables.stamps.rows.map((r, i) => n(String(r[0]), [d.stamps.issued, d.stamps.activated, d.stamps.scanned][i]!, "")))}
      {fig("fakes", tables.fakes.rows.map((r, i) => n(String(r[0]), [d.fakeReports.new, d.fakeReports.investigating][i]!, t(L, { vi: "báo cáo", en: "reports" }))))}
    </>
  );
}
