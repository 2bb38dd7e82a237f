import { criteriaSetLabel } from "../../../domain/product-categories.js";
import { FONT, header, newDocument, tableRow, viDate } from "../../../lib/pdf/document.js";
import type { certificates, recognitionDecisions } from "../schema.js";

/*
 * The annex of a recognition decision (Phụ lục danh sách sản phẩm được công nhận): one row per certificate it
 * issued, as the decision publishes it — product, producer, place, group, stars, score and certificate number.
 */
export function annexPdf(d: typeof recognitionDecisions.$inferSelect, certs: (typeof certificates.$inferSelect)[], baseUrl: string): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Phụ lục Quyết định ${d.number}`, subject: "Annex of an OCOP recognition decision" });
  header(doc, d.authorityName, "PHỤ LỤC", `Danh sách sản phẩm được công nhận đạt chuẩn OCOP (kèm theo Quyết định số ${d.number} ngày ${viDate(d.decidedOn)})`);
  const cols = [
    { title: "TT", w: 24 },
    { title: "Sản phẩm", w: 110 },
    { title: "Chủ thể", w: 100 },
    { title: "Địa bàn", w: 90 },
    { title: "Nhóm", w: 80 },
    { title: "Hạng", w: 40 },
    { title: "Số GCN", w: 40 },
  ];
  const x0 = doc.page.margins.left;
  const row = (cells: string[], bold = false) => tableRow(doc, cols, cells, { bold, fontSize: 8.5, rule: 0.5, keep: 40, break: "after" });
  row(cols.map((c) => c.title), true);
  certs.forEach((c, i) =>
    row([String(i + 1), `${c.productName}\n${c.productCode}`, c.producerName, [c.communeName, c.districtName].filter(Boolean).join(", "), criteriaSetLabel(c.criteriaSetId, "vi"), "★".repeat(c.stars), String(c.id)]),
  );
  doc.moveDown(1).font(FONT.regular).fontSize(9).text(`Tra cứu từng giấy chứng nhận tại ${baseUrl}/c/{số GCN}. (Check each certificate at ${baseUrl}/c/{no.}.)`, x0);
  doc.moveDown(1).font(FONT.bold).fontSize(10).text(d.signerTitle.toUpperCase(), { align: "right" });
  doc.moveDown(2).text(d.signerName, { align: "right" });
  doc.end();
  return doc;
}
