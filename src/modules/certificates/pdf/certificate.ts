import { field, FONT, header, heading, starsText, viDate } from "../../../lib/pdf/document.js";
import { newDocument } from "../../../lib/pdf/document.js";
import { drawQr } from "../../../lib/pdf/qr.js";
import type { CertificatePublic } from "../inputs.js";

/*
 * The certificate (giấy chứng nhận kết quả đánh giá, phân hạng sản phẩm OCOP) as printed from its public record:
 * Vietnamese, the stars, the decision and validity, the status on the day it is printed, and a QR code to its
 * verification page — the paper can be checked against the registry at any time, so a revoked certificate's
 * old printout cannot pass for a valid one.
 */
export function certificatePdf(c: CertificatePublic, printedOn?: string): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Giấy chứng nhận sản phẩm OCOP số ${c.id} — ${c.product.name}`, subject: "OCOP certificate" });
  header(doc, c.decision.authorityName, "GIẤY CHỨNG NHẬN", "Kết quả đánh giá, phân hạng sản phẩm OCOP (OCOP product ranking certificate)");
  doc.font(FONT.bold).fontSize(18).text(c.product.name, { align: "center" });
  doc.fontSize(28).text("★".repeat(c.stars), { align: "center" });
  doc.font(FONT.regular).fontSize(12).text(`Sản phẩm OCOP ${c.stars} sao (${c.stars}-star OCOP product)`, { align: "center" }).moveDown(0.8);
  doc.fontSize(11);
  heading(doc, "Thông tin sản phẩm");
  field(doc, "Số giấy chứng nhận", String(c.id));
  field(doc, "Mã sản phẩm", c.product.code);
  field(doc, "Nhóm sản phẩm", c.product.groupLabel.vi);
  field(doc, "Chủ thể", c.producer.name);
  if (c.producer.address) field(doc, "Địa chỉ", c.producer.address);
  field(doc, "Địa bàn khi cấp", [c.place.commune, c.place.district, c.place.province].filter(Boolean).join(", "));
  if (c.place.communeToday) field(doc, "Nay thuộc", c.place.communeToday);
  field(doc, "Hạng", starsText(c.stars));
  field(doc, "Điểm đánh giá", new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(c.score));
  heading(doc, "Căn cứ và hiệu lực");
  field(doc, "Quyết định công nhận", `số ${c.decision.number} ngày ${viDate(c.decision.decidedOn)}`);
  field(doc, "Cơ quan công nhận", c.decision.authorityName);
  field(doc, "Người ký", c.decision.signer);
  field(doc, "Hiệu lực", `từ ngày ${viDate(c.validity.from)} đến hết ngày ${viDate(c.validity.through)} (36 tháng)`);
  field(doc, `Trạng thái${printedOn ? ` ngày ${viDate(printedOn)}` : ""}`, `${c.statusLabel.vi} — ${c.explanation.vi}`);

  const side = 110;
  const x = doc.page.width - doc.page.margins.right - side;
  const y = Math.min(doc.y + 20, doc.page.height - doc.page.margins.bottom - side - 30);
  drawQr(doc, c.url, x, y, side);
  doc.fontSize(9).text("Quét để kiểm tra trạng thái hiện tại", doc.page.margins.left, y + 30, { width: x - doc.page.margins.left - 10 });
  doc.text("(Scan to check the current status)", { width: x - doc.page.margins.left - 10 });
  doc.text(c.url, { width: x - doc.page.margins.left - 10 });
  doc.end();
  return doc;
}
