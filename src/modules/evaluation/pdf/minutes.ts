import { auditLine, field, header, heading, LEVEL_VI, newDocument, starsText, viDate, viScore, viTime } from "../../../lib/pdf/document.js";

/** Everything the minutes print, as plain data (see load.ts): the builder reads nothing else. */
export type MinutesData = {
  round: { id: number; name: string; level: "district" | "province" | "central"; unitName: string; opensOn: string; closesOn: string; rubricVersion: string; legalBasis: string; setTitle: string };
  council: { role: "chair" | "member" | "secretary"; name: string }[];
  conflicts: { memberName: string; reason: string; declaredAt: Date; waived: boolean; waivedByName: string | null; waiverReason: string | null }[];
  product: { name: string; code: string; producerName: string; communeName: string; dossierId: number };
  /** The counted members' totals, in points. */
  totals: { name: string; role: "chair" | "member"; total: number }[];
  /** Null only when the dossier was eliminated before any sheet counted. */
  officialScore: number | null;
  /** The person who chaired this dossier: the acting chair when the council's chair was conflicted. */
  actingChair: { name: string; reason: string | null } | null;
  elimination: { ruleId: string; rule: string; note: string } | null;
  median: number | null;
  spread: number | null;
  quorum: { counted: number; eligible: number; needed: number; met: boolean };
  discussionNote: string | null;
  chairNote: string | null;
  /** Stars certified at this level (0 when none), the band's and the qualified star. */
  stars: number;
  bandStars: number | null;
  qualifiedStars: number | null;
  certifiable: boolean;
  forwardTo: "province" | "central" | null;
  finalisedAt: Date;
  finalisedByName: string;
  audit: { hash: string; seq: number };
};

const ROLE_VI = { chair: "Chủ tịch Hội đồng", member: "Thành viên", secretary: "Thư ký" } as const;

/** Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP: a pdfkit document, ended, ready to stream. */
export function minutesPdf(m: MinutesData): PDFKit.PDFDocument {
  const doc = newDocument({ title: `Biên bản họp Hội đồng đánh giá, phân hạng sản phẩm OCOP — ${m.product.name}`, subject: "OCOP council minutes" });
  header(doc, `Hội đồng đánh giá, phân hạng sản phẩm OCOP ${LEVEL_VI[m.round.level]}`, "BIÊN BẢN HỌP HỘI ĐỒNG ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP", "(Minutes of the OCOP product evaluation and ranking council)");

  heading(doc, "I. Đợt đánh giá");
  field(doc, "Tên đợt", `${m.round.name} (số ${m.round.id})`);
  field(doc, "Cấp đánh giá", `Hội đồng ${LEVEL_VI[m.round.level]} — ${m.round.unitName}`);
  field(doc, "Thời gian", `từ ngày ${viDate(m.round.opensOn)} đến ngày ${viDate(m.round.closesOn)}`);
  field(doc, "Bộ tiêu chí", `${m.round.setTitle} (phiên bản ${m.round.rubricVersion})`);
  field(doc, "Căn cứ pháp lý", m.round.legalBasis);

  heading(doc, "II. Thành phần Hội đồng");
  for (const r of ["chair", "member", "secretary"] as const) {
    for (const s of m.council.filter((c) => c.role === r)) doc.text(`• ${s.name} — ${ROLE_VI[r]}`);
  }
  if (m.conflicts.length) {
    doc.moveDown(0.3).font("DejaVu-Bold").text("Xung đột lợi ích đã khai báo:").font("DejaVu");
    for (const c of m.conflicts) {
      doc.text(`• ${c.memberName}: ${c.reason} (khai báo ${viTime(c.declaredAt)})`, { indent: 10 });
      doc.text(c.waived ? `  Đã miễn trừ bởi ${c.waivedByName ?? "Chủ tịch Hội đồng"}: ${c.waiverReason ?? ""}` : "  Không tham gia chấm điểm hồ sơ này.", { indent: 20 });
    }
  } else {
    doc.moveDown(0.3).text("Không có thành viên khai báo xung đột lợi ích.");
  }

  heading(doc, "III. Sản phẩm được đánh giá");
  field(doc, "Tên sản phẩm", m.product.name);
  field(doc, "Mã sản phẩm", m.product.code);
  field(doc, "Chủ thể sản xuất", m.product.producerName);
  field(doc, "Xã", m.product.communeName);
  field(doc, "Hồ sơ số", String(m.product.dossierId));

  heading(doc, "IV. Kết quả chấm điểm của các thành viên");
  m.totals.forEach((t, i) => doc.text(`${i + 1}. ${t.name} (${ROLE_VI[t.role]}): ${viScore(t.total)} điểm`));
  doc.moveDown(0.3);
  field(doc, "Túc số", `${m.quorum.counted}/${m.quorum.eligible} phiếu hợp lệ (cần ${m.quorum.needed}) — ${m.quorum.met ? "đạt" : "không đạt"}`);
  field(doc, "Điểm chính thức (trung bình cộng)", m.officialScore === null ? "—" : `${viScore(m.officialScore)} điểm`);
  field(doc, "Trung vị", m.median === null ? "—" : `${viScore(m.median)} điểm`);
  field(doc, "Chênh lệch cao nhất – thấp nhất", m.spread === null ? "—" : `${viScore(m.spread)} điểm`);
  if (m.discussionNote) field(doc, "Ý kiến thảo luận của Hội đồng", m.discussionNote);
  if (m.chairNote) field(doc, "Ý kiến của Chủ tịch Hội đồng", m.chairNote);

  if (m.actingChair) field(doc, "Chủ trì đối với hồ sơ này (Chủ tịch Hội đồng tránh xung đột lợi ích)", `${m.actingChair.name}${m.actingChair.reason ? ` — ${m.actingChair.reason}` : ""}`);

  heading(doc, "V. Kết luận");
  if (m.elimination) field(doc, `Hồ sơ bị loại (quy định ${m.elimination.ruleId})`, `${m.elimination.rule} — ${m.elimination.note}`);
  field(doc, "Hạng sao công nhận ở cấp này", starsText(m.stars));
  if (m.stars === 0 && m.qualifiedStars) field(doc, "Kết quả đạt mức", starsText(m.qualifiedStars));
  if (m.bandStars !== null) field(doc, "Theo khung điểm", starsText(m.bandStars));
  field(doc, "Đủ điều kiện cấp giấy chứng nhận ở cấp này", m.certifiable ? "Có" : "Không");
  field(doc, "Chuyển cấp", m.forwardTo ? `Đề nghị chuyển hồ sơ lên Hội đồng ${LEVEL_VI[m.forwardTo]}` : "Không chuyển cấp");
  field(doc, "Thời điểm chốt kết quả", viTime(m.finalisedAt));
  field(doc, "Người chốt", m.finalisedByName);

  doc.moveDown(1.2);
  const chair = m.actingChair?.name ?? m.council.find((c) => c.role === "chair")?.name ?? "";
  const secretary = m.council.find((c) => c.role === "secretary")?.name ?? "";
  const y = doc.y;
  const half = (doc.page.width - doc.page.margins.left - doc.page.margins.right) / 2;
  doc.font("DejaVu-Bold").text("THƯ KÝ", doc.page.margins.left, y, { width: half, align: "center" });
  doc.text("CHỦ TỊCH HỘI ĐỒNG", doc.page.margins.left + half, y, { width: half, align: "center" });
  doc.font("DejaVu").moveDown(2.5);
  const y2 = doc.y;
  doc.text(secretary, doc.page.margins.left, y2, { width: half, align: "center" });
  doc.text(chair, doc.page.margins.left + half, y2, { width: half, align: "center" });
  doc.x = doc.page.margins.left;

  auditLine(doc, m.audit);
  doc.end();
  return doc;
}
