import type { Locale } from "../../../lib/i18n.js";
import type { Cell, FigureTable } from "../../../web/figure.js";
import type { TableId } from "../views/tables.js";

/*
 * The dashboard's tables as one XLSX workbook, one sheet per table (exceljs): the table's title on the first row,
 * its column names on the second, its rows below. Numbers are written as numbers with a thousands format, so a
 * spreadsheet sums them; an amount beyond 2^53 đồng (which a double cannot hold exactly) is written as its digits.
 * exceljs is loaded on first use, so the server's start and the Worker's bundle never carry it.
 */

const SHEETS: Record<TableId, { vi: string; en: string }> = {
  stars: { vi: "Theo hạng sao", en: "By stars" },
  groups: { vi: "Theo nhóm sản phẩm", en: "By product group" },
  communes: { vi: "Theo xã", en: "By commune" },
  pipeline: { vi: "Tiến độ năm", en: "Pipeline" },
  expiring: { vi: "Sắp hết hiệu lực", en: "Ending soon" },
  "five-star": { vi: "Đề nghị 5 sao", en: "Proposed for 5 stars" },
  funding: { vi: "Kinh phí theo nguồn", en: "Funding by source" },
  "funding-units": { vi: "Kinh phí theo đơn vị", en: "Funding by unit" },
  stamps: { vi: "Tem truy xuất", en: "Stamps" },
  fakes: { vi: "Báo cáo tem giả", en: "Fake reports" },
};

export const sheetName = (id: TableId, L: Locale) => SHEETS[id][L];

const cellValue = (v: Cell): string | number | null => {
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  return v;
};

export async function tablesWorkbook(tables: readonly FigureTable[], L: Locale): Promise<Uint8Array<ArrayBuffer>> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = "Hệ thống quản lý sản phẩm OCOP";
  for (const table of tables) {
    const ws = wb.addWorksheet(sheetName(table.id as TableId, L));
    ws.addRow([table.title[L]]).font = { bold: true };
    ws.addRow(table.columns.map((c) => c.label[L])).font = { bold: true };
    for (const r of table.rows) {
      const row = ws.addRow(r.map(cellValue));
      r.forEach((v, i) => {
        if (typeof v === "number" || typeof v === "bigint") row.getCell(i + 1).numFmt = "#,##0";
      });
    }
    table.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.num ? 18 : 36));
  }
  const written = await wb.xlsx.writeBuffer();
  const out = new Uint8Array(new ArrayBuffer(written.byteLength));
  out.set(new Uint8Array(written as ArrayBuffer));
  return out;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
