import { and, count, eq } from "drizzle-orm";
import { DOCUMENT_KIND_INFO, type DocumentKind } from "../../../domain/dossier-documents.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { vnToday } from "../../../lib/dates.js";
import { type FieldError, notFound, validationError } from "../../../lib/problem.js";
import { UPLOAD_LIMITS } from "../../../lib/upload-limits.js";
import { checkUpload, type UploadedFile } from "../../../lib/uploads.js";
import { audit } from "../../audit/index.js";
import { storedFiles } from "../../files/schema.js";
import { loadRubric, scoredItems } from "../../rubrics/index.js";
import type { DossierDetail, EvidenceMetaInput, EvidenceUpdateInput } from "../inputs.js";
import { dossierDetail, loadDossier } from "../queries.js";
import { dossierEvidence } from "../schema.js";
import { lockEditable } from "./dossiers.js";

/*
 * The producer's evidence files: each is a document of a kind with its validity (src/domain/dossier-documents.ts).
 * In a dossier carried forward, a renewed document is uploaded in the place of the copied one (`replaces`), and
 * the diff then shows the old one removed and the new one added under its criterion.
 */

export const MAX_EVIDENCE_FILES = 60;

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/** Dates that fit together and, for a document that prints its own end, the end day. */
function checkValidity(kind: DocumentKind, validFrom: string | null, validUntil: string | null) {
  const errors: FieldError[] = [];
  if (validFrom && validUntil && validFrom > validUntil) errors.push(fieldError("validUntil", "Ngày hết hiệu lực phải sau ngày có hiệu lực.", "The last valid day must not be before the first."));
  if (DOCUMENT_KIND_INFO[kind].printedExpiry && !validUntil) {
    errors.push(fieldError("validUntil", `Nhập ngày hết hiệu lực của ${DOCUMENT_KIND_INFO[kind].label.vi.toLowerCase()}.`, `Enter the last valid day of the ${DOCUMENT_KIND_INFO[kind].label.en.toLowerCase()}.`));
  }
  if (errors.length) throw validationError(errors);
}

const evidenceNotFound = () => notFound({ vi: "tệp minh chứng", en: "The evidence file" });

export async function addEvidence({ ctx, input }: { ctx: ServiceCtx; input: EvidenceMetaInput & { dossierId: number; criterionId: string; replaces?: number | undefined; file: UploadedFile } }): Promise<DossierDetail> {
  const upload = checkUpload(input.file, UPLOAD_LIMITS.dossierEvidence);
  checkValidity(input.kind, input.validFrom ?? null, input.validUntil ?? null);
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, input.dossierId);
    const items = new Set(scoredItems(loadRubric(r.d.rubricVersion, r.d.criteriaSetId)).map((i) => i.item.id));
    if (!items.has(input.criterionId)) {
      throw validationError([fieldError("criterionId", `"${input.criterionId}" không phải tiêu chí được chấm điểm của bộ tiêu chí này.`, `"${input.criterionId}" is not a scored item of this criteria set.`)]);
    }
    let replaced: typeof dossierEvidence.$inferSelect | undefined;
    if (input.replaces !== undefined) {
      [replaced] = await tx.select().from(dossierEvidence).where(and(eq(dossierEvidence.id, input.replaces), eq(dossierEvidence.dossierId, r.d.id))).limit(1);
      if (!replaced) throw validationError([fieldError("replaces", "Tệp được thay không thuộc hồ sơ này.", "The file to replace is not in this dossier.")]);
      await tx.delete(dossierEvidence).where(eq(dossierEvidence.id, replaced.id));
    }
    const [n] = await tx.select({ n: count() }).from(dossierEvidence).where(eq(dossierEvidence.dossierId, r.d.id));
    if ((n?.n ?? 0) >= MAX_EVIDENCE_FILES) throw validationError([fieldError("file", `Mỗi hồ sơ có tối đa ${MAX_EVIDENCE_FILES} tệp minh chứng.`, `A dossier has at most ${MAX_EVIDENCE_FILES} evidence files.`)]);
    const [file] = await tx
      .insert(storedFiles)
      .values({ name: upload.name, contentType: upload.contentType, size: upload.bytes.byteLength, sha256: upload.sha256, bytes: upload.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now })
      .returning({ id: storedFiles.id });
    const meta = { kind: input.kind, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null };
    const [ev] = await tx
      .insert(dossierEvidence)
      .values({ dossierId: r.d.id, criterionId: input.criterionId, fileId: file!.id, note: input.note?.trim() || null, ...meta, addedBy: ctx.principal!.userId, addedAt: ctx.now })
      .returning({ id: dossierEvidence.id });
    await audit(tx, ctx, {
      action: "dossier.evidence",
      subjectType: "dossier",
      subjectId: r.d.id,
      ...(replaced ? { before: { evidenceId: replaced.id, criterionId: replaced.criterionId, fileId: replaced.fileId, kind: replaced.kind, validUntil: replaced.validUntil } } : {}),
      after: { evidenceId: ev!.id, criterionId: input.criterionId, fileId: file!.id, name: upload.name, sha256: upload.sha256, ...meta },
    });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

/** Corrects a file's kind, validity or note (a copied file keeps its link: the diff shows it changed). */
export async function updateEvidence({ ctx, input }: { ctx: ServiceCtx; input: EvidenceUpdateInput & { dossierId: number; evidenceId: number } }): Promise<DossierDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, input.dossierId);
    const [e] = await tx.select().from(dossierEvidence).where(and(eq(dossierEvidence.id, input.evidenceId), eq(dossierEvidence.dossierId, r.d.id))).limit(1);
    if (!e) throw evidenceNotFound();
    const next = {
      kind: input.kind ?? e.kind,
      validFrom: input.validFrom === undefined ? e.validFrom : input.validFrom,
      validUntil: input.validUntil === undefined ? e.validUntil : input.validUntil,
      note: input.note === undefined ? e.note : input.note?.trim() || null,
    };
    checkValidity(next.kind, next.validFrom, next.validUntil);
    await tx.update(dossierEvidence).set(next).where(eq(dossierEvidence.id, e.id));
    await audit(tx, ctx, { action: "dossier.evidence_edit", subjectType: "dossier", subjectId: r.d.id, before: { evidenceId: e.id, kind: e.kind, validFrom: e.validFrom, validUntil: e.validUntil, note: e.note }, after: { evidenceId: e.id, ...next } });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}

/** Takes a file out of the dossier (the stored file stays: the certified dossier it came from still holds it). */
export async function removeEvidence({ ctx, input }: { ctx: ServiceCtx; input: { dossierId: number; evidenceId: number } }): Promise<DossierDetail> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockEditable(tx, ctx, input.dossierId);
    const [e] = await tx.select().from(dossierEvidence).where(and(eq(dossierEvidence.id, input.evidenceId), eq(dossierEvidence.dossierId, r.d.id))).limit(1);
    if (!e) throw evidenceNotFound();
    await tx.delete(dossierEvidence).where(eq(dossierEvidence.id, e.id));
    await audit(tx, ctx, { action: "dossier.evidence_remove", subjectType: "dossier", subjectId: r.d.id, before: { evidenceId: e.id, criterionId: e.criterionId, fileId: e.fileId, kind: e.kind, validFrom: e.validFrom, validUntil: e.validUntil } });
    return dossierDetail(tx, ctx.principal, (await loadDossier(tx, r.d.id, vnToday(ctx.now)))!, vnToday(ctx.now));
  });
}
