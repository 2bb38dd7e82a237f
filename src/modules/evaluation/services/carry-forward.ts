import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { IN_FORCE } from "../../../domain/certificate-status.js";
import { DOCUMENT_KIND_INFO } from "../../../domain/dossier-documents.js";
import { tenths } from "../../../domain/score-units.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { formatDate } from "../../../lib/i18n.js";
import { conflict } from "../../../lib/problem.js";
import { productCertificate } from "../../certificates/index.js";
import { loadRubric, NONE_APPLIES, optionOf, scoredItems, scoreSheet, STOP_ASSESSMENT } from "../../rubrics/index.js";
import { documentChecks, evidenceOf } from "../queries/carry-forward.js";
import { dossierEvidence, dossiers, roundDossiers } from "../schema.js";

/*
 * Art. 6.1b–c: an upgrade shows "những thay đổi so với sản phẩm OCOP đã được công nhận", a re-evaluation
 * updates what changed and the time-limited documents. So the new dossier starts as a copy of the certified
 * one — every self-assessment answer, explanation and evidence file — and the producer changes only what
 * changed. The copy keeps a link to each row it came from; the diff (queries/carry-forward.ts) reads those links.
 */

type DossierRow = typeof dossiers.$inferSelect;

/**
 * Copies the product's certified dossier into the new one. Nothing to copy without a certificate in force
 * (filing is refused later, onDossierFiled). Answers and files of items the new rubric version no longer has
 * are left behind. Returns what was copied, for the creation's audit record.
 */
export async function carryForward(tx: Tx, ctx: ServiceCtx, row: DossierRow): Promise<{ fromDossierId: number; certificateId: number; answers: number; evidence: number } | null> {
  const found = await productCertificate(tx, row.productId, ctx.now);
  if (!found || !IN_FORCE.has(found.state.status)) return null;
  const [rd] = await tx.select({ dossierId: roundDossiers.dossierId }).from(roundDossiers).where(eq(roundDossiers.id, found.cert.roundDossierId)).limit(1);
  if (!rd) return null;
  const [base] = await tx.select().from(dossiers).where(eq(dossiers.id, rd.dossierId)).limit(1);
  if (!base) return null;
  const rubric = loadRubric(row.rubricVersion, row.criteriaSetId);
  const items = new Map(scoredItems(rubric).map(({ item }) => [item.id, item]));
  const choices = Object.fromEntries(
    Object.entries(base.selfChoices).filter(([id, c]) => {
      const item = items.get(id);
      return !!item && (c === NONE_APPLIES || c === STOP_ASSESSMENT || !!optionOf(item, c));
    }),
  );
  const notes = Object.fromEntries(Object.entries(base.selfNotes).filter(([id]) => items.has(id)));
  const total = tenths(scoreSheet(rubric, choices).total);
  await tx
    .update(dossiers)
    .set({ basedOnDossierId: base.id, basedOnRoundDossierId: found.cert.roundDossierId, selfChoices: choices, selfNotes: notes, selfTotalTenths: total })
    .where(eq(dossiers.id, row.id));
  const files = (await tx.select().from(dossierEvidence).where(eq(dossierEvidence.dossierId, base.id))).filter((e) => items.has(e.criterionId));
  if (files.length) {
    await tx.insert(dossierEvidence).values(
      files.map((e) => ({ dossierId: row.id, criterionId: e.criterionId, fileId: e.fileId, note: e.note, kind: e.kind, validFrom: e.validFrom, validUntil: e.validUntil, carriedFromId: e.id, addedBy: ctx.principal?.userId ?? null, addedAt: ctx.now })),
    );
  }
  return { fromDossierId: base.id, certificateId: found.cert.id, answers: Object.keys(choices).length, evidence: files.length };
}

/**
 * A filing is refused while a document the criteria set requires has expired on the filing day (Vietnam time):
 * the 409 names each document, its kind and its last valid day. An expired optional document does not stop it.
 */
export async function refuseExpiredRequired(tx: Tx, d: DossierRow, today: string): Promise<void> {
  const evidence = await evidenceOf(tx, d.id, today);
  const expired = documentChecks(d, evidence, today).filter((c) => c.status === "expired");
  if (!expired.length) return;
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const list = (L: "vi" | "en") =>
    expired
      .flatMap((c) =>
        c.evidenceIds.map((id) => {
          const e = byId.get(id)!;
          return L === "vi" ? `"${e.name}" (${DOCUMENT_KIND_INFO[e.kind].label.vi}, hết hạn ngày ${formatDate(e.validUntil!)})` : `"${e.name}" (${DOCUMENT_KIND_INFO[e.kind].label.en}, expired after ${e.validUntil})`;
        }),
      )
      .join("; ");
  throw conflict("required-document-expired", { vi: "Giấy tờ bắt buộc đã hết hạn", en: "A required document has expired" }, {
    vi: `Không thể nộp hồ sơ: giấy tờ bắt buộc đã hết hạn vào ngày nộp — ${list("vi")}. Hãy tải lên bản còn hiệu lực thay cho bản đã hết hạn.`,
    en: `The dossier cannot be filed: a required document has expired on the filing day — ${list("en")}. Upload a valid one in its place.`,
  });
}
