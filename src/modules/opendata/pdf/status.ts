import { FONT, header, newDocument, tableRow, viDate, viTime } from "../../../lib/pdf/document.js";
import type { StatusAnswer } from "../inputs.js";

/*
 * The printable evidence of a bulk status lookup, for a buyer's file: when it was asked (Vietnam time), each id
 * with what the registry answered, and the SHA-256 of the answer's canonical JSON. The JSON itself is embedded
 * as the PDF's attachment (ket-qua-tra-cuu.json), so the paper and the data travel together and anyone can check
 * one against the other (`pdfdetach -saveall`, then `sha256sum`).
 */

const MATCHED = { certificate: "Số GCN", product: "Mã sản phẩm", none: "Không tìm thấy" } as const;

export function statusPdf(answer: StatusAnswer, json: string, sha256: string): PDFKit.PDFDocument {
  const at = new Date(answer.checkedAt);
  const doc = newDocument({ title: `Kết quả tra cứu ngày ${viDate(answer.asOf)}`, subject: `Status lookup on ${answer.asOf} (OCOP registry)` });
  header(doc, "Hệ thống quản lý sản phẩm OCOP tỉnh Hà Tĩnh", "KẾT QUẢ TRA CỨU TÌNH TRẠNG GIẤY CHỨNG NHẬN OCOP", "OCOP certificate status lookup");
  const x0 = doc.page.margins.left;
  doc.fontSize(10).text(`Kết quả tra cứu ngày ${viDate(answer.asOf)}, lúc ${viTime(at)}.`, x0);
  doc.text(`Status lookup on ${answer.asOf} at ${at.toISOString()} (UTC); statuses as of ${answer.asOf}, Vietnam time.`);
  const c = answer.counts;
  doc.text(`Số mã tra cứu: ${c.requested} — giấy chứng nhận: ${c.certificates}, sản phẩm: ${c.products}, không tìm thấy: ${c.notFound}.`);
  doc.text(`Nguồn / Source: ${answer.registry}/api/registry/status`);
  doc.moveDown(0.6);

  const cols = [
    { title: "TT", w: 24 },
    { title: "Mã tra cứu", w: 82 },
    { title: "Số GCN", w: 38 },
    { title: "Sản phẩm / Chủ thể", w: 112 },
    { title: "Hạng", w: 30 },
    { title: "Trạng thái", w: 86 },
    { title: "Hiệu lực đến", w: 52 },
    { title: "Quyết định", w: 53 },
  ];
  const row = (cells: string[], bold = false) => tableRow(doc, cols, cells, { bold, fontSize: 7.5, rule: 0.4, keep: 50, break: "before" });
  row(cols.map((col) => col.title), true);
  answer.items.forEach((i, n) =>
    row([
      String(n + 1),
      i.id,
      i.certificate === null ? "—" : String(i.certificate),
      i.matched === "none" ? MATCHED.none : [i.product?.name ?? i.product?.code ?? "", i.producer?.name ?? ""].filter(Boolean).join("\n"),
      i.stars ? "★".repeat(i.stars) : "—",
      i.statusLabel?.vi ?? MATCHED.none,
      i.validity ? viDate(i.validity.validUntil) : "—",
      i.decision ? `${i.decision.number}\n${viDate(i.decision.decidedOn)}` : "—",
    ]),
  );

  doc.moveDown(1).font(FONT.bold).fontSize(9).text("Mã kiểm chứng (SHA-256 của dữ liệu JSON kèm theo / of the attached JSON):", x0);
  doc.font(FONT.regular).text(sha256);
  doc.moveDown(0.4).fontSize(8.5).text(
    "Dữ liệu JSON của kết quả này được đính kèm trong tệp PDF (ket-qua-tra-cuu.json); mã SHA-256 ở trên là của đúng các byte đó. " +
      `Tình trạng từng giấy chứng nhận xem tại ${answer.registry}/c/{số GCN}. ` +
      "The answer's JSON is attached to this PDF (ket-qua-tra-cuu.json); the SHA-256 above is of exactly those bytes.",
  );
  doc.file(Buffer.from(json, "utf8"), { name: "ket-qua-tra-cuu.json", type: "application/json", description: `OCOP status lookup ${answer.checkedAt}`, creationDate: at, modifiedDate: at });
  doc.end();
  return doc;
}
