import { createRequire } from "node:module";
import { COUNT_LINES, FUNDING_LINES, SECTION_LABELS, formatMillions, monthLabel, type FiguresJson } from "../../../domain/monthly-report.js";
import { FONT, newDocument, viDate, viTime } from "../../../lib/pdf/document.js";
import type { MonthlyReport } from "../inputs.js";

/*
 * A monthly report printed in the layout of an administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
 * issuing body and "Số: …" on the left, the national title and motto on the right with the place and date under
 * them, the title "BÁO CÁO", the body, then "Nơi nhận:" on the left and the signature block on the right.
 * The registry's figures are printed as a table (in the month and since 1 January), funding in million đồng as
 * seed 001 writes it, exact to the đồng.
 */

const ITALIC = "DejaVu-Oblique";
const pad = (n: number) => String(n).padStart(2, "0");
const vnParts = (d: Date) => {
  const s = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  return s.split("-").map(Number) as [number, number, number];
};

export function reportPdf(r: MonthlyReport, printedAt: Date): PDFKit.PDFDocument {
  const m = monthLabel(r.month);
  const doc = newDocument({ title: `Báo cáo OCOP ${m.vi} — ${r.unit.fullName}`, subject: "Monthly OCOP report" });
  doc.registerFont(ITALIC, createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf"));
  const x = doc.page.margins.left;
  const w = doc.page.width - x - doc.page.margins.right;
  const left = w * 0.4;
  const top = doc.y;

  // Left: the issuing body and the document number.
  doc.font(FONT.regular).fontSize(11).text("ỦY BAN NHÂN DÂN", x, top, { width: left, align: "center" });
  doc.font(FONT.bold).text(r.unit.fullName.toUpperCase(), { width: left, align: "center" });
  doc.font(FONT.regular).text(`Số: ${r.number || "……"}`, { width: left, align: "center" });
  const leftBottom = doc.y;
  // Right: quốc hiệu, tiêu ngữ, place and date.
  doc.font(FONT.bold).fontSize(11).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x + left, top, { width: w - left, align: "center" });
  doc.text("Độc lập - Tự do - Hạnh phúc", x + left, doc.y, { width: w - left, align: "center", underline: true });
  const [y, mo, d] = vnParts(r.filedAt ? new Date(r.filedAt) : printedAt);
  doc.font(ITALIC).moveDown(0.4).text(`${r.place || r.unit.name}, ngày ${pad(d)} tháng ${pad(mo)} năm ${y}`, x + left, doc.y, { width: w - left, align: "center" });
  doc.x = x;
  doc.y = Math.max(doc.y, leftBottom);

  doc.moveDown(1.2).font(FONT.bold).fontSize(14).text("BÁO CÁO", x, doc.y, { width: w, align: "center" });
  doc.fontSize(12).text(`Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) ${m.vi}`, { width: w, align: "center" });
  if (r.state !== "filed") {
    doc.font(ITALIC).fontSize(10).fillColor("#a00").text(`DỰ THẢO — chưa nộp; số liệu đọc từ hệ thống lúc ${viTime(printedAt)}`, { width: w, align: "center" }).fillColor("black");
  }
  doc.font(FONT.regular).fontSize(11).moveDown(0.8);

  doc.font(FONT.bold).text("I. KẾT QUẢ THỰC HIỆN").font(FONT.regular).moveDown(0.2);
  doc.font(FONT.bold).text(`1. Số liệu từ hệ thống quản lý sản phẩm OCOP (${r.live ? "số liệu hiện tại" : "chốt khi nộp báo cáo"})`).font(FONT.regular).moveDown(0.3);
  figureTable(doc, r.figures, r.yearToDate);
  doc.moveDown(0.6).font(FONT.bold).text("2. Kết quả nổi bật").font(FONT.regular);
  paragraph(doc, r.results);
  doc.moveDown(0.6).font(FONT.bold).text(`II. ${SECTION_LABELS.difficulties.vi.toUpperCase()}`).font(FONT.regular);
  paragraph(doc, r.difficulties);
  doc.moveDown(0.6).font(FONT.bold).text(`III. ${SECTION_LABELS.proposals.vi.toUpperCase()}`).font(FONT.regular);
  paragraph(doc, r.proposals);

  // Nơi nhận (left) and the signature (right), kept together on one page.
  if (doc.y > doc.page.height - doc.page.margins.bottom - 150) doc.addPage();
  doc.moveDown(1.2);
  const blockTop = doc.y;
  doc.font(FONT.bold).fontSize(10).text("Nơi nhận:", x, blockTop, { width: left });
  doc.font(FONT.regular).fontSize(9);
  const recipients = r.recipients.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  for (const line of recipients.length ? recipients : ["Văn phòng Điều phối nông thôn mới tỉnh;", "Lưu: VT."]) doc.text(`- ${line}`, x, doc.y, { width: left });
  const recBottom = doc.y;
  doc.font(FONT.bold).fontSize(11).text("TM. ỦY BAN NHÂN DÂN", x + left, blockTop, { width: w - left, align: "center" });
  doc.text((r.signerTitle || "CHỦ TỊCH").toUpperCase(), x + left, doc.y, { width: w - left, align: "center" });
  doc.moveDown(3).text(r.signerName || " ", x + left, doc.y, { width: w - left, align: "center" });
  doc.y = Math.max(doc.y, recBottom);
  doc.x = x;

  doc.moveDown(1.5).font(FONT.regular).fontSize(8).fillColor("#444");
  if (r.filedAt) {
    doc.text(`Đã nộp lúc ${viTime(new Date(r.filedAt))}${r.filedByName ? ` bởi ${r.filedByName}` : ""}; hạn nộp ${viDate(r.dueDate)}${r.late ? " — NỘP MUỘN" : ""}.`, x, doc.y, { width: w });
    if (r.standInNote) doc.text(r.standInNote, { width: w });
  } else {
    doc.text(`Hạn nộp: hết ngày ${viDate(r.dueDate)} (giờ Việt Nam).`, x, doc.y, { width: w });
  }
  doc.fillColor("black");
  doc.end();
  return doc;
}

function paragraph(doc: PDFKit.PDFDocument, text: string) {
  const body = text.trim() || "(Không có nội dung)";
  for (const p of body.split(/\r?\n/)) doc.text(p, { align: "justify", paragraphGap: 2 });
}

/** Two columns of figures: the month, and since 1 January (lũy kế). */
function figureTable(doc: PDFKit.PDFDocument, month: FiguresJson, ytd: FiguresJson) {
  const x = doc.page.margins.left;
  const w = doc.page.width - x - doc.page.margins.right;
  const cols = [w * 0.58, w * 0.21, w * 0.21];
  const row = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - doc.page.margins.bottom - 30) doc.addPage();
    const y = doc.y;
    let cx = x;
    let bottom = y;
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(10);
    cells.forEach((c, i) => {
      doc.text(c, cx + 3, y + 3, { width: cols[i]! - 6, align: i === 0 ? "left" : "right" });
      bottom = Math.max(bottom, doc.y + 3);
      cx += cols[i]!;
    });
    cx = x;
    for (const cw of cols) {
      doc.rect(cx, y, cw, bottom - y).lineWidth(0.5).stroke();
      cx += cw;
    }
    doc.x = x;
    doc.y = bottom;
  };
  const num = (v: number) => new Intl.NumberFormat("vi-VN").format(v);
  row(["Chỉ tiêu", "Trong tháng", "Lũy kế từ đầu năm"], true);
  for (const [k, label] of COUNT_LINES) {
    row([label.vi, num(month[k] as number), num(ytd[k] as number)]);
    if (k === "plansApproved") for (const [f, fl] of FUNDING_LINES) row([`   ${fl.vi} (triệu đồng)`, formatMillions(BigInt(month.funding[f])), formatMillions(BigInt(ytd.funding[f]))]);
    if (k === "productsCertified") for (const s of [3, 4, 5] as const) row([`   trong đó ${s} sao`, num(month.certifiedByStars[s]), num(ytd.certifiedByStars[s])]);
  }
  doc.font(FONT.regular).fontSize(11);
}
