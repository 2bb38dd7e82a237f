import { BUDGET_PART_LABELS, BUDGET_PARTS } from "../../../domain/budget.js";
import { formatDate, type Bilingual, type Locale } from "../../../lib/i18n.js";
import type { Cell, FigureTable } from "../../../web/figure.js";
import { t } from "../../../web/layout.js";
import type { Dashboard } from "../inputs.js";

/*
 * The dashboard's figures as tables: what the page shows beside each chart and what its CSV and XLSX exports
 * write, from one function, so an export always holds the page's numbers. Money stays in whole đồng (bigint).
 */

export const TABLE_IDS = ["stars", "groups", "communes", "pipeline", "expiring", "five-star", "funding", "funding-units", "stamps", "fakes"] as const;
export type TableId = (typeof TABLE_IDS)[number];

const PRODUCTS: Bilingual = { vi: "Số sản phẩm", en: "Products" };
const COUNT: Bilingual = { vi: "Số lượng", en: "Count" };

export const PIPELINE_STAGES = [
  { key: "ideas", label: { vi: "Ý tưởng sản phẩm đã gửi", en: "Product ideas sent" } },
  { key: "plans", label: { vi: "Phương án được phê duyệt", en: "Business plans approved" } },
  { key: "products", label: { vi: "Sản phẩm được cấp mã", en: "Products coded" } },
  { key: "dossiers", label: { vi: "Hồ sơ đánh giá đã nộp", en: "Evaluation dossiers filed" } },
  { key: "certified", label: { vi: "Giấy chứng nhận được cấp", en: "Certificates issued" } },
] as const satisfies readonly { key: keyof Dashboard["pipeline"]; label: Bilingual }[];

const STAMP_ROWS = [
  { key: "issued", label: { vi: "Tem đã phát hành", en: "Stamps issued" } },
  { key: "activated", label: { vi: "Tem đã kích hoạt", en: "Stamps activated" } },
  { key: "scanned", label: { vi: "Lượt quét (không tính quét lặp lại trong một giờ)", en: "Scans (one scanner's repeats within an hour not counted)" } },
] as const satisfies readonly { key: keyof Dashboard["stamps"]; label: Bilingual }[];

const FAKE_ROWS = [
  { key: "new", label: { vi: "Mới nhận", en: "New" } },
  { key: "investigating", label: { vi: "Đang xác minh", en: "Being investigated" } },
] as const satisfies readonly { key: keyof Dashboard["fakeReports"]; label: Bilingual }[];

export function dashboardTables(d: Dashboard, L: Locale): Record<TableId, FigureTable> {
  const asOf = formatDate(d.asOf);
  const y = d.year;
  const money = (k: (typeof BUDGET_PARTS)[number] | "total", f: Dashboard["funding"]): Cell => BigInt(f[k]);
  return {
    stars: {
      id: "stars",
      title: { vi: `Sản phẩm OCOP còn hiệu lực theo hạng sao (ngày ${asOf})`, en: `OCOP products in force by stars (on ${asOf})` },
      columns: [{ key: "stars", label: { vi: "Hạng", en: "Stars" } }, { key: "products", label: PRODUCTS, num: true }],
      rows: d.inForce.byStars.map((s) => [t(L, { vi: `${s.stars} sao`, en: `${s.stars} stars` }), s.products]),
    },
    groups: {
      id: "groups",
      title: { vi: `Sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm (ngày ${asOf})`, en: `OCOP products in force by product group (on ${asOf})` },
      columns: [{ key: "group", label: { vi: "Nhóm sản phẩm", en: "Product group" } }, { key: "products", label: PRODUCTS, num: true }],
      rows: d.inForce.byGroup.map((g) => [t(L, g.label), g.products]),
    },
    communes: {
      id: "communes",
      title: { vi: `Sản phẩm OCOP còn hiệu lực theo xã (ngày ${asOf})`, en: `OCOP products in force by commune (on ${asOf})` },
      columns: [{ key: "commune", label: { vi: "Xã, phường", en: "Commune" } }, { key: "district", label: { vi: "Huyện (cũ)", en: "Former district" } }, { key: "products", label: PRODUCTS, num: true }],
      rows: d.inForce.byCommune.map((c) => [c.commune, c.district, c.products]),
    },
    pipeline: {
      id: "pipeline",
      title: { vi: `Tiến độ chu trình năm ${y}`, en: `The ${y} pipeline` },
      columns: [{ key: "stage", label: { vi: "Bước", en: "Stage" } }, { key: "count", label: COUNT, num: true }],
      rows: PIPELINE_STAGES.map((s) => [t(L, s.label), d.pipeline[s.key]]),
    },
    expiring: {
      id: "expiring",
      title: { vi: `Giấy chứng nhận hết hiệu lực trong 180 ngày tới (từ ${formatDate(d.today)})`, en: `Certificates ending within the next 180 days (from ${formatDate(d.today)})` },
      columns: [
        { key: "certificate", label: { vi: "Số GCN", en: "Certificate" }, num: true },
        { key: "product", label: { vi: "Sản phẩm", en: "Product" } },
        { key: "commune", label: { vi: "Xã", en: "Commune" } },
        { key: "stars", label: { vi: "Hạng sao", en: "Stars" }, num: true },
        { key: "valid_until", label: { vi: "Còn hiệu lực đến hết ngày", en: "Valid through" } },
      ],
      rows: d.expiring.map((e) => [e.certificateId, e.productName, e.commune, e.stars, formatDate(e.validUntil)]),
    },
    "five-star": {
      id: "five-star",
      title: { vi: `Sản phẩm đề nghị Trung ương đánh giá 5 sao (kết quả cấp tỉnh năm ${y})`, en: `Products proposed for 5★ (province results of ${y})` },
      columns: [
        { key: "dossier", label: { vi: "Hồ sơ", en: "Dossier" }, num: true },
        { key: "product", label: { vi: "Sản phẩm", en: "Product" } },
        { key: "commune", label: { vi: "Xã", en: "Commune" } },
        { key: "score", label: { vi: "Điểm cấp tỉnh", en: "Province score" }, num: true },
        { key: "finalised", label: { vi: "Ngày có kết quả", en: "Result on" } },
        { key: "central", label: { vi: "Kết quả Trung ương", en: "Central result" } },
      ],
      rows: d.fiveStar.map((f) => [
        f.dossierId,
        f.productName,
        f.commune,
        f.score === null ? null : new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(f.score),
        formatDate(f.finalisedOn),
        !f.centralDone ? t(L, { vi: "Đang chờ", en: "Waiting" }) : f.centralStars ? t(L, { vi: `${f.centralStars} sao`, en: `${f.centralStars} stars` }) : t(L, { vi: "Không xếp hạng", en: "Not ranked" }),
      ]),
    },
    funding: {
      id: "funding",
      title: { vi: `Kinh phí theo nguồn của các phương án được phê duyệt năm ${y} (đồng)`, en: `Funding by source of the plans approved in ${y} (đồng)` },
      columns: [{ key: "source", label: { vi: "Nguồn", en: "Source" } }, { key: "amount", label: { vi: "Số tiền (đồng)", en: "Amount (đồng)" }, num: true }],
      rows: [...BUDGET_PARTS.map((k): Cell[] => [t(L, BUDGET_PART_LABELS[k]), money(k, d.funding)]), [t(L, { vi: "Tổng kinh phí", en: "Total" }), money("total", d.funding)]],
    },
    "funding-units": {
      id: "funding-units",
      title: { vi: `Phương án được phê duyệt và kinh phí theo đơn vị, năm ${y} (đồng)`, en: `Plans approved and funding by unit, ${y} (đồng)` },
      columns: [
        { key: "unit", label: { vi: "Đơn vị", en: "Unit" } },
        { key: "plans", label: { vi: "Số phương án", en: "Plans" }, num: true },
        ...BUDGET_PARTS.map((k) => ({ key: k, label: BUDGET_PART_LABELS[k], num: true })),
        { key: "total", label: { vi: "Tổng", en: "Total" }, num: true },
      ],
      rows: d.fundingByUnit.map((u) => [u.unitName, u.plans, ...BUDGET_PARTS.map((k) => money(k, u)), money("total", u)]),
    },
    stamps: {
      id: "stamps",
      title: { vi: `Tem truy xuất năm ${y}`, en: `Traceability stamps in ${y}` },
      columns: [{ key: "figure", label: { vi: "Chỉ tiêu", en: "Figure" } }, { key: "count", label: COUNT, num: true }],
      rows: STAMP_ROWS.map((r) => [t(L, r.label), d.stamps[r.key]]),
    },
    fakes: {
      id: "fakes",
      title: { vi: "Báo cáo tem nghi giả chưa xử lý xong", en: "Reports of suspected fakes still open" },
      columns: [{ key: "state", label: { vi: "Trạng thái", en: "State" } }, { key: "count", label: COUNT, num: true }],
      rows: FAKE_ROWS.map((r) => [t(L, r.label), d.fakeReports[r.key]]),
    },
  };
}
