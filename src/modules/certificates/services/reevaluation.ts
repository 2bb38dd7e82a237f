import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { checkReevaluationFiling, IN_FORCE } from "../../../domain/certificate-status.js";
import { vnToday } from "../../../lib/dates.js";
import { conflict } from "../../../lib/problem.js";
import { productCertificate } from "../queries.js";
import { certificateEvents } from "../schema.js";

/*
 * Filing an upgrade or a re-evaluation dossier (Art. 6, 7.5, 7.6) concerns the product's certificate: there
 * must be one in force, and a re-evaluation must be filed inside the window of 180 to 120 days before expiry
 * (the refusal gives the dates). A re-evaluation filed in time is recorded on the certificate, in the same
 * transaction as the filing, because it is what extends the certificate past its expiry while undecided.
 */


export async function onDossierFiled(tx: Tx, f: { productId: number; dossierId: number; kind: "first" | "upgrade" | "reevaluation"; now: Date; actorId: string | null }): Promise<void> {
  if (f.kind === "first") return;
  const today = vnToday(f.now);
  const found = await productCertificate(tx, f.productId, f.now);
  const current = found && IN_FORCE.has(found.state.status) ? { r: found.cert } : undefined;
  if (!current) {
    throw conflict("no-certificate", { vi: "Sản phẩm chưa có giấy chứng nhận còn hiệu lực", en: "The product has no certificate in force" }, {
      vi: "Đăng ký nâng hạng hoặc đánh giá lại cần một giấy chứng nhận OCOP còn hiệu lực; hãy đăng ký đánh giá lần đầu.",
      en: "An upgrade or re-evaluation needs an OCOP certificate in force; register for a first evaluation instead.",
    });
  }
  if (f.kind === "upgrade") return;
  const check = checkReevaluationFiling({ decisionDate: current.r.decisionDate, ...(current.r.expiresOn ? { expiresOn: current.r.expiresOn } : {}) }, today);
  if (!check.ok) throw conflict(check.reason === "too_early" ? "reevaluation-too-early" : "reevaluation-too-late", { vi: "Ngoài thời hạn nộp hồ sơ đánh giá lại", en: "Outside the re-evaluation window" }, check.message);
  await tx.insert(certificateEvents).values({ certificateId: current.r.id, kind: "reevaluation_filed", on: today, relatedDossierId: f.dossierId, actorId: f.actorId, at: f.now });
}

/**
 * A re-evaluation that ends without a certifiable result (below 3★, eliminated) is decided on the day the
 * council finalises it: the old certificate's extension ends there, and it lapses at its term (or at once, if
 * the term has passed). A certifiable result is decided by the recognition decision instead (decision-service).
 */
export async function onReevaluationEnded(tx: Tx, f: { dossierId: number; now: Date; actorId: string | null }): Promise<number[]> {
  const filed = await tx.select({ certificateId: certificateEvents.certificateId }).from(certificateEvents).where(and(eq(certificateEvents.relatedDossierId, f.dossierId), eq(certificateEvents.kind, "reevaluation_filed")));
  const ids = [...new Set(filed.map((e) => e.certificateId))];
  for (const id of ids) await tx.insert(certificateEvents).values({ certificateId: id, kind: "reevaluation_decided", on: vnToday(f.now), relatedDossierId: f.dossierId, actorId: f.actorId, at: f.now });
  return ids;
}
