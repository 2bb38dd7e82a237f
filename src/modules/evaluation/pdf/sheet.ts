import { auditLine, field, FONT, header, heading, LEVEL_VI, newDocument, viScore, viTime } from "../../../lib/pdf/document.js";

/** One member's sheet as plain data (see load.ts). */
export type SheetData = {
  round: { id: number; name: string; level: "district" | "province" | "central"; unitName: string; rubricVersion: string; legalBasis: string; setTitle: string };
  product: { name: string; code: string; producerName: string; communeName: string };
  member: { name: string; role: "chair" | "member" };
  sheet: { id: number; state: "draft" | "submitted"; version: number; submittedAt: Date | null; total: number; partTotals: { A: number; B: number; C: number } };
  parts: {
    id: "A" | "B" | "C";
    title: string;
    maxPoints: number;
    items: { id: string; title: string; maxPoints: number; option: { text: string; points: number } | null; notAssessed: string | null; note: string | null; evidence: string | null }[];
  }[];
  /** The audit record that finalised the result, once it is final. */
  audit: { hash: string; seq: number } | null;
};

/** Phiếu đánh giá, phân hạng sản phẩm OCOP of one member: a pdfkit document, ended, ready to stream. */
export function sheetPdf(s: SheetData): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Phiếu đánh giá sản phẩm OCOP — ${s.product.name} — ${s.member.name}`, subject: "OCOP score sheet" });
  header(doc, `Hội đồng đánh giá, phân hạng sản phẩm OCOP ${LEVEL_VI[s.round.level]}`, "PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP", `(Score sheet) — ${s.round.setTitle}`);
  field(doc, "Đợt đánh giá", `${s.round.name} (số ${s.round.id}) — ${s.round.unitName}`);
  field(doc, "Bộ tiêu chí", `phiên bản ${s.round.rubricVersion}; ${s.round.legalBasis}`);
  field(doc, "Sản phẩm", `${s.product.name} (mã ${s.product.code})`);
  field(doc, "Chủ thể", `${s.product.producerName} — ${s.product.communeName}`);
  field(doc, "Người chấm", `${s.member.name} (${s.member.role === "chair" ? "Chủ tịch Hội đồng" : "Thành viên"})`);
  field(doc, "Trạng thái phiếu", s.sheet.state === "submitted" ? `Đã nộp lúc ${s.sheet.submittedAt ? viTime(s.sheet.submittedAt) : "—"} (lần ${s.sheet.version})` : "BẢN NHÁP — chưa nộp");

  for (const part of s.parts) {
    heading(doc, `Phần ${part.id}. ${part.title} (tối đa ${viScore(part.maxPoints)} điểm)`);
    for (const it of part.items) {
      doc.font(FONT.bold).fontSize(10).text(`${it.id}. ${it.title} (tối đa ${viScore(it.maxPoints)})`);
      doc.font(FONT.regular).fontSize(10);
      doc.text(it.notAssessed ?? (it.option ? `☒ ${it.option.text} — ${viScore(it.option.points)} điểm` : "Chưa chấm"), { indent: 14 });
      if (it.note) doc.fillColor("#333").text(`Ghi chú: ${it.note}`, { indent: 14 }).fillColor("black");
      if (it.evidence) doc.fillColor("#333").text(`Minh chứng: ${it.evidence}`, { indent: 14 }).fillColor("black");
    }
    doc.fontSize(11).font(FONT.bold).text(`Cộng phần ${part.id}: ${viScore(s.sheet.partTotals[part.id])} điểm`, { align: "right" }).font(FONT.regular);
  }

  doc.moveDown(0.6).font(FONT.bold).fontSize(13).text(`TỔNG ĐIỂM: ${viScore(s.sheet.total)} điểm`, { align: "right" }).font(FONT.regular).fontSize(11);
  doc.moveDown(1).text("NGƯỜI CHẤM", { align: "right" }).moveDown(2).text(s.member.name, { align: "right" });
  auditLine(doc, s.audit);
  doc.end();
  return doc;
}
