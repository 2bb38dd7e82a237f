import { asc, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../../db/client.js";
import { checkRequirements, DOCUMENT_KIND_INFO, documentStatus, expiryNoticeDue, requiredDocuments } from "../../../domain/dossier-documents.js";
import { IN_FORCE } from "../../../domain/certificate-status.js";
import { vnToday } from "../../../lib/dates.js";
import { formatDate } from "../../../lib/i18n.js";
import { dossierEvidence, dossiers, roundDossiers } from "../../evaluation/schema.js";
import { storedFiles } from "../../files/schema.js";
import { adminUnits } from "../../units/schema.js";
import { can } from "../../../auth/policy.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { notFound, unauthenticated } from "../../../lib/problem.js";
import { eventsOf, stateOf } from "../queries.js";
import { certificates, notifications, recognitionDecisions } from "../schema.js";
import type { CertificateDocuments, CertifiedDocument } from "../inputs.js";

/*
 * The time-limited documents of a certified product: the evidence files of the dossier its certificate rests
 * on (tables of the evaluation area, read here; the rule is src/domain/dossier-documents.ts). The office's
 * management page shows them, and the daily job tells the producer and the office 60 and 30 days before one
 * ends, each notice once: its key names the document (the stored file, shared by a dossier's carried copies),
 * its last day and the threshold, so a rerun, the next day's run or a later certificate carrying the same
 * file writes nothing new, while a renewed document (a new file) gets its own notices.
 */

export type { CertificateDocuments, CertifiedDocument };

export async function certificateDocuments(db: DbOrTx, certificateId: number, today: string): Promise<CertificateDocuments | null> {
  const [c] = await db
    .select({ dossierId: roundDossiers.dossierId, setId: dossiers.criteriaSetId, kind: dossiers.kind })
    .from(certificates)
    .innerJoin(roundDossiers, eq(roundDossiers.id, certificates.roundDossierId))
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .where(eq(certificates.id, certificateId))
    .limit(1);
  if (!c) return null;
  const rows = await db
    .select({ e: dossierEvidence, name: storedFiles.name })
    .from(dossierEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, dossierEvidence.fileId))
    .where(eq(dossierEvidence.dossierId, c.dossierId))
    .orderBy(asc(dossierEvidence.id));
  const reqs = requiredDocuments(c.setId, c.kind);
  const requiredKinds = new Set(reqs.flatMap((r) => r.kinds));
  const documents: CertifiedDocument[] = rows.map(({ e, name }) => ({ evidenceId: e.id, fileId: e.fileId, name, criterionId: e.criterionId, kind: e.kind, validFrom: e.validFrom, validUntil: e.validUntil, status: documentStatus(e, today), required: requiredKinds.has(e.kind) }));
  const checks = checkRequirements(reqs, documents.map((d) => ({ id: d.evidenceId, kind: d.kind, name: d.name, validFrom: d.validFrom, validUntil: d.validUntil })), today);
  const expiredIds = new Set(checks.filter((x) => x.status === "expired").flatMap((x) => x.documents.map((d) => d.id)));
  return { certificateId, dossierId: c.dossierId, documents, expiredRequired: documents.filter((d) => expiredIds.has(d.evidenceId)) };
}

/**
 * The documents for whoever may follow them (certificates.documents): the office and inspectors where the
 * certificate's commune lies, the producer its own. 404 for a certificate that is not there or not theirs.
 */
export async function listCertificateDocuments({ ctx, input }: { ctx: ServiceCtx; input: { certificateId: number } }): Promise<CertificateDocuments> {
  if (!ctx.principal) throw unauthenticated();
  const [c] = await ctx.db.select({ producerId: certificates.producerId, path: adminUnits.path }).from(certificates).innerJoin(adminUnits, eq(adminUnits.id, certificates.communeId)).where(eq(certificates.id, input.certificateId)).limit(1);
  const found = c && can(ctx.principal, "certificates.documents", { unitPath: c.path, producerId: c.producerId }) ? await certificateDocuments(ctx.db, input.certificateId, vnToday(ctx.now)) : null;
  if (!found) throw notFound({ vi: "giấy chứng nhận", en: "The certificate" });
  return found;
}

/** The daily job's part: notices due today for documents of certificates in force. Returns how many it wrote. */
export async function runDocumentExpiryNotices(db: Db, now: Date): Promise<number> {
  const today = vnToday(now);
  const rows = await db
    .select({ c: certificates, provinceId: recognitionDecisions.unitId, e: dossierEvidence, name: storedFiles.name })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .innerJoin(roundDossiers, eq(roundDossiers.id, certificates.roundDossierId))
    .innerJoin(dossierEvidence, eq(dossierEvidence.dossierId, roundDossiers.dossierId))
    .innerJoin(storedFiles, eq(storedFiles.id, dossierEvidence.fileId))
    .orderBy(desc(certificates.id), asc(dossierEvidence.id));
  const due = rows.map((r) => ({ ...r, days: expiryNoticeDue(r.e.validUntil, today) })).filter((r) => r.days !== null);
  if (!due.length) return 0;
  const events = await eventsOf(db, [...new Set(due.map((r) => r.c.id))]);
  let written = 0;
  for (const r of due) {
    if (!IN_FORCE.has(stateOf(r.c, events.get(r.c.id) ?? [], today).status)) continue;
    const label = DOCUMENT_KIND_INFO[r.e.kind].label;
    const text = {
      vi: `Giấy tờ "${r.name}" (${label.vi}) của sản phẩm OCOP "${r.c.productName}" (giấy chứng nhận số ${r.c.id}) hết hiệu lực sau ngày ${formatDate(r.e.validUntil!)} (còn ${r.days === 60 ? "60" : "30"} ngày). Hãy gia hạn hoặc bổ sung bản còn hiệu lực.`,
      en: `The document "${r.name}" (${label.en}) of the OCOP product "${r.c.productName}" (certificate ${r.c.id}) is valid through ${r.e.validUntil} (${r.days} days left). Renew it or file a valid one.`,
    };
    const key = (who: string) => `document_expiring:${r.days}:${who}:${r.e.fileId}:${r.e.validUntil}`;
    const inserted = await db
      .insert(notifications)
      .values([
        { audience: "producer" as const, producerId: r.c.producerId, certificateId: r.c.id, kind: "document_expiring", vi: text.vi, en: text.en, dedupeKey: key(`producer:${r.c.producerId}`), createdAt: now },
        { audience: "office" as const, unitId: r.provinceId, certificateId: r.c.id, kind: "document_expiring", vi: text.vi, en: text.en, dedupeKey: key(`office:${r.provinceId}`), createdAt: now },
      ])
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    written += inserted.length;
  }
  return written;
}
