import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/*
 * The PDFs embed DejaVu Sans from the "dejavu-fonts-ttf" npm package (resolved in node_modules, never from the
 * OS), so every Vietnamese letter (ế, ự, Đ…) and the star ★ (U+2605) render the same on every server. pdfkit's
 * built-in Helvetica has neither.
 */

export const FONT = { regular: "DejaVu", bold: "DejaVu-Bold" } as const;

let paths: { regular: string; bold: string } | undefined;
function fontPaths() {
  // createRequire here, not at load: import.meta.url is undefined where this is bundled into the Worker.
  const require = createRequire(import.meta.url);
  paths ??= {
    regular: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
    bold: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
  };
  return paths;
}

/** An A4 document with the DejaVu fonts registered and selected, and the document's metadata set. */
export function newDocument(info: { title: string; subject?: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: "A4", margins: { top: 56, bottom: 56, left: 62, right: 56 }, info: { Title: info.title, Subject: info.subject ?? info.title, Creator: "OCOP Hà Tĩnh", Producer: "OCOP Hà Tĩnh" }, lang: "vi-VN" });
  const p = fontPaths();
  doc.registerFont(FONT.regular, p.regular);
  doc.registerFont(FONT.bold, p.bold);
  doc.font(FONT.regular).fontSize(11);
  return doc;
}

const viNumber = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });
/** 69,99 / 70 / 70,5 — scores as Vietnamese documents print them. */
export const viScore = (n: number) => viNumber.format(n);

const viDateTime = new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric", hour12: false });
/** "14:05 10/06/2026 (giờ Việt Nam)". */
export const viTime = (d: Date) => `${viDateTime.format(d).replace(",", "")} (giờ Việt Nam)`;
/** "2026-06-01" → "01/06/2026". */
export const viDate = (iso: string) => iso.split("-").reverse().join("/");

export const LEVEL_VI = { district: "cấp huyện", province: "cấp tỉnh", central: "cấp Trung ương" } as const;

const STAR_WORDS = ["không", "một", "hai", "ba", "bốn", "năm"];
/** "★★★ (3 sao — ba sao)". */
export const starsText = (n: number) => (n > 0 ? `${"★".repeat(n)} (${n} sao — ${STAR_WORDS[n]} sao)` : "Không xếp hạng sao");

/** Section heading in bold, then back to the body font. */
export function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.6).font(FONT.bold).fontSize(12).text(text).font(FONT.regular).fontSize(11).moveDown(0.2);
}

/** "Label: value" with the label in bold. */
export function field(doc: PDFKit.PDFDocument, label: string, value: string) {
  doc.font(FONT.bold).text(`${label}: `, { continued: true }).font(FONT.regular).text(value);
}

/** The national motto and title block every administrative record opens with. */
export function header(doc: PDFKit.PDFDocument, issuer: string, title: string, subtitle?: string) {
  const w = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const x = doc.page.margins.left;
  const left = w * 0.45;
  const top = doc.y;
  doc.font(FONT.bold).fontSize(10).text(issuer.toUpperCase(), x, top, { width: left, align: "center" });
  const leftBottom = doc.y;
  doc.text("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", x + left, top, { width: w - left, align: "center" });
  doc.font(FONT.regular).text("Độc lập - Tự do - Hạnh phúc", x + left, doc.y, { width: w - left, align: "center" });
  doc.x = x;
  doc.y = Math.max(doc.y, leftBottom);
  doc.moveDown(1.2).font(FONT.bold).fontSize(15).text(title, x, doc.y, { width: w, align: "center" });
  if (subtitle) doc.font(FONT.regular).fontSize(11).text(subtitle, { width: w, align: "center" });
  doc.font(FONT.regular).fontSize(11).moveDown(0.6);
}

/** The verification line: the hash and sequence number of the audit record that finalised the result. */
export function auditLine(doc: PDFKit.PDFDocument, audit: { hash: string; seq: number } | null) {
  doc.moveDown(0.8).font(FONT.bold).fontSize(9);
  if (audit) {
    doc.text("Mã kiểm chứng nhật ký (SHA-256): ", { continued: true }).font(FONT.regular).text(`${audit.hash} (#${audit.seq})`);
    doc.fontSize(8).fillColor("#444").text("Audit record that finalised the result; check it against the audit chain (GET /api/audit/verify).").fillColor("black");
  } else {
    doc.font(FONT.regular).text("Kết quả chưa chốt: chưa có mã kiểm chứng nhật ký. (The result is not final yet.)");
  }
  doc.font(FONT.regular).fontSize(11);
}

export type TableColumn = { title: string; w: number };

/**
 * One ruled row of a table from the left margin: each cell wrapped in its column, a rule under the tallest. A
 * new page is started when fewer than `keep` points are left, before the row (`break: "before"`) or after it.
 */
export function tableRow(doc: PDFKit.PDFDocument, cols: readonly TableColumn[], cells: readonly string[], o: { bold?: boolean; fontSize: number; rule: number; keep: number; break: "before" | "after" }) {
  const room = () => doc.y > doc.page.height - doc.page.margins.bottom - o.keep;
  if (o.break === "before" && room()) doc.addPage();
  const x0 = doc.page.margins.left;
  const y = doc.y;
  doc.font(o.bold ? FONT.bold : FONT.regular).fontSize(o.fontSize);
  let x = x0;
  let bottom = y;
  cells.forEach((text, i) => {
    doc.text(text, x + 2, y + 2, { width: cols[i]!.w - 4 });
    bottom = Math.max(bottom, doc.y + 2);
    x += cols[i]!.w;
  });
  doc.moveTo(x0, bottom).lineTo(x, bottom).lineWidth(o.rule).stroke();
  doc.x = x0;
  doc.y = bottom;
  if (o.break === "after" && room()) doc.addPage();
}
