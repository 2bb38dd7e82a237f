import ExcelJS from "exceljs";
import { COUNT_LINES, FUNDING_LINES, REPORT_STATUS_LABELS, SECTION_KEYS, SECTION_LABELS, monthLabel, type FiguresJson } from "../../../domain/monthly-report.js";
import type { MonthlyReport, Overview, Rollup } from "../inputs.js";

/*
 * The reports as workbooks (exceljs). Money is written in whole đồng as numbers (exact below 2^53 đồng, far
 * above any province's total) so a spreadsheet sums it; counts are numbers; nothing is a formula, so what is
 * read back is what the registry computed.
 */

const MONEY_FMT = "#,##0";
const money = (s: string): number | string => {
  const v = BigInt(s);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : s;
};

function header(ws: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  const row = ws.addRow(titles);
  row.font = { bold: true };
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: "frozen", ySplit: ws.rowCount }];
}

const countRows = (month: FiguresJson, ytd: FiguresJson): (string | number)[][] => {
  const out: (string | number)[][] = [];
  for (const [k, label] of COUNT_LINES) {
    out.push([label.vi, month[k] as number, ytd[k] as number]);
    if (k === "plansApproved") for (const [f, fl] of FUNDING_LINES) out.push([`   ${fl.vi} (đồng)`, money(month.funding[f]), money(ytd.funding[f])]);
    if (k === "productsCertified") for (const s of [3, 4, 5] as const) out.push([`   trong đó ${s} sao`, month.certifiedByStars[s], ytd.certifiedByStars[s]]);
  }
  return out;
};

/** One unit's report: its figures (sheet "Số liệu") and its text (sheet "Nội dung"). */
export async function reportXlsx(r: MonthlyReport): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "OCOP Hà Tĩnh";
  const ws = wb.addWorksheet("Số liệu");
  ws.addRow([`Báo cáo kết quả thực hiện Chương trình OCOP ${monthLabel(r.month).vi}`]).font = { bold: true, size: 13 };
  ws.addRow(["Đơn vị", r.unit.fullName]);
  ws.addRow(["Tỉnh", r.provinceName]);
  ws.addRow(["Tháng", r.month]);
  ws.addRow(["Trạng thái", REPORT_STATUS_LABELS[r.status].vi]);
  ws.addRow(["Hạn nộp", r.dueDate]);
  ws.addRow(["Nộp lúc", r.filedAt ?? ""]);
  ws.addRow(["Số liệu", r.live ? "hiện tại (chưa nộp)" : "chốt khi nộp"]);
  ws.addRow([]);
  header(ws, ["Chỉ tiêu", "Trong tháng", "Lũy kế từ đầu năm"], [58, 20, 22]);
  ws.views = [];
  for (const row of countRows(r.figures, r.yearToDate)) ws.addRow(row).eachCell((c, i) => i > 1 && (c.numFmt = MONEY_FMT));
  const text = wb.addWorksheet("Nội dung");
  header(text, ["Mục", "Nội dung"], [34, 110]);
  text.addRow(["Số văn bản", r.number]);
  text.addRow(["Địa danh", r.place]);
  for (const k of SECTION_KEYS) text.addRow([SECTION_LABELS[k].vi, r[k]]).alignment = { wrapText: true, vertical: "top" };
  text.addRow(["Nơi nhận", r.recipients]).alignment = { wrapText: true, vertical: "top" };
  text.addRow(["Người ký", [r.signerTitle, r.signerName].filter(Boolean).join(" — ")]);
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

/** The province's month, one sheet per table, each with its total row; and who filed, when. */
export async function rollupXlsx(r: Rollup, o: Overview): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "OCOP Hà Tĩnh";
  const unitCol = r.level === "district" ? "Huyện, thị xã, thành phố" : "Xã, phường";
  const total = `Toàn tỉnh ${r.provinceName}`;

  const sum = wb.addWorksheet("Tổng hợp");
  header(sum, ["Báo cáo tổng hợp", monthLabel(r.month).vi], [30, 120]);
  sum.addRow(["Tỉnh", r.provinceName]);
  sum.addRow(["Tháng", r.month]);
  sum.addRow(["Đơn vị báo cáo", `${o.counts.total} (${r.level === "district" ? "cấp huyện" : "cấp xã"})`]);
  sum.addRow(["Đã nộp", o.counts.filed + o.counts.filedLate]);
  sum.addRow(["Trong đó nộp muộn", o.counts.filedLate]);
  sum.addRow(["Chưa nộp", o.counts.notFiled]);
  sum.addRow(["Tóm tắt", r.summary.vi]).alignment = { wrapText: true, vertical: "top" };

  const filing = wb.addWorksheet("Tình hình nộp");
  header(filing, [unitCol, "Trạng thái", "Nộp lúc", "Nguồn số liệu"], [34, 24, 28, 26]);
  for (const row of o.rows) filing.addRow([row.unit.fullName, REPORT_STATUS_LABELS[row.status].vi, row.filedAt ?? "", r.rows.find((x) => x.unit.id === row.unit.id)?.source === "filed" ? "báo cáo đã nộp" : "hệ thống (chưa nộp)"]);

  const table = (name: string, cols: [string, (f: FiguresJson) => number | string][]) => {
    const ws = wb.addWorksheet(name);
    header(ws, [unitCol, ...cols.map(([c]) => `${c} (tháng)`), ...cols.map(([c]) => `${c} (lũy kế)`)], [34, ...cols.flatMap(() => [20]), ...cols.flatMap(() => [20])]);
    for (const row of r.rows) ws.addRow([row.unit.fullName, ...cols.map(([, f]) => f(row.figures)), ...cols.map(([, f]) => f(row.yearToDate))]).eachCell((c, i) => i > 1 && (c.numFmt = MONEY_FMT));
    const t = ws.addRow([total, ...cols.map(([, f]) => f(r.total)), ...cols.map(([, f]) => f(r.totalYearToDate))]);
    t.font = { bold: true };
    t.eachCell((c, i) => i > 1 && (c.numFmt = MONEY_FMT));
    return ws;
  };
  table("Ý tưởng", [
    ["Ý tưởng đăng ký", (f) => f.ideasRegistered],
    ["Ý tưởng gửi tỉnh", (f) => f.ideasSent],
  ]);
  table("Phương án, kinh phí", [
    ["Phương án phê duyệt", (f) => f.plansApproved],
    ["Tổng kinh phí (đồng)", (f) => money(f.funding.total)],
    ["Vốn chủ cơ sở (đồng)", (f) => money(f.funding.ownCapital)],
    ["Vốn vay (đồng)", (f) => money(f.funding.loans)],
    ["Vốn khác (đồng)", (f) => money(f.funding.otherSources)],
    ["NSNN dự kiến hỗ trợ (đồng)", (f) => money(f.funding.stateSupport)],
  ]);
  table("Sản phẩm đề xuất", [["Hồ sơ đề xuất đánh giá", (f) => f.dossiersProposed]]);
  table("Công nhận, tem", [
    ["Sản phẩm công nhận", (f) => f.productsCertified],
    ["3 sao", (f) => f.certifiedByStars[3]],
    ["4 sao", (f) => f.certifiedByStars[4]],
    ["5 sao", (f) => f.certifiedByStars[5]],
    ["Tem phát hành", (f) => f.stampsIssued],
  ]);
  const fakes = table("Tem giả", [["Phản ánh nghi giả", (f) => f.fakeReports]]);
  fakes.addRow(["Mã không xác định được sản phẩm", r.unattributedFakeReports.month, r.unattributedFakeReports.yearToDate]);
  return new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer);
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export function xlsxResponse(bytes: Uint8Array<ArrayBuffer>, filename: string): Response {
  return new Response(bytes, { status: 200, headers: { "content-type": XLSX_TYPE, "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" } });
}
