import { asc, eq } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import type { DbOrTx, Tx } from "../../../db/client.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { checkUpload, type UploadedFile } from "../../../lib/uploads.js";
import { UPLOAD_LIMITS } from "../../../lib/upload-limits.js";
import { audit } from "../../audit/index.js";
import { storedFiles } from "../../files/schema.js";
import { loadRubric } from "../../rubrics/index.js";
import { scoredItems } from "../../rubrics/index.js";
import { adminUnits } from "../../units/schema.js";
import { loadCertificate } from "../queries.js";
import type { ConclusionInput, InspectionInput, InspectionView } from "../inputs.js";
import { inspectionFiles, inspections, type InspectionGround } from "../schema.js";

/*
 * Post-checks (Art. 9): periodic or ad hoc, by the provincial office or an inspector of the province. The team
 * records findings per criterion of the certificate's own rubric, attaches sampling records and lab results,
 * and concludes: keep, request a re-evaluation, or propose revocation. A conclusion proposing revocation does
 * not revoke: the authority decides that (sanction-service), within 15 days (Art. 8.4).
 */

async function certificateFor(db: DbOrTx, ctx: ServiceCtx, certificateId: number) {
  if (!ctx.principal) throw unauthenticated();
  const c = await loadCertificate(db, certificateId);
  if (!c) throw notFound({ vi: "giấy chứng nhận", en: "The certificate" });
  const [commune] = await db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, c.cert.communeId));
  if (!can(ctx.principal, "inspections.manage", { unitPath: commune!.path })) throw forbidden({ vi: "Bạn không kiểm tra sản phẩm ở đơn vị này.", en: "You do not inspect products in this unit." });
  return c;
}

async function view(db: DbOrTx, row: typeof inspections.$inferSelect): Promise<InspectionView> {
  const files = await db.select({ fileId: inspectionFiles.fileId, kind: inspectionFiles.kind, note: inspectionFiles.note, name: storedFiles.name }).from(inspectionFiles).innerJoin(storedFiles, eq(storedFiles.id, inspectionFiles.fileId)).where(eq(inspectionFiles.inspectionId, row.id));
  return { id: row.id, certificateId: row.certificateId, kind: row.kind, team: row.team, startedOn: row.startedOn, findings: row.findings, conclusion: row.conclusion, conclusionNote: row.conclusionNote, concludedOn: row.concludedOn, files };
}

async function lockOpen(tx: Tx, ctx: ServiceCtx, inspectionId: number) {
  const [row] = await tx.select().from(inspections).where(eq(inspections.id, inspectionId)).for("update").limit(1);
  if (!row) throw notFound({ vi: "đợt kiểm tra", en: "The inspection" });
  const c = await certificateFor(tx, ctx, row.certificateId);
  if (row.conclusion) throw conflict("inspection-concluded", { vi: "Đợt kiểm tra đã kết luận", en: "The inspection is concluded" });
  return { row, c };
}

export async function openInspection({ ctx, input }: { ctx: ServiceCtx; input: InspectionInput & { certificateId: number } }): Promise<InspectionView> {
  return ctx.db.transaction(async (tx) => openInspectionTx(tx, ctx, input));
}

/** Opens an inspection inside the caller's transaction (a complaint opens one and links it in the same one). */
export async function openInspectionTx(tx: Tx, ctx: ServiceCtx, input: InspectionInput & { certificateId: number; ground?: InspectionGround | undefined }): Promise<InspectionView> {
  const c = await certificateFor(tx, ctx, input.certificateId);
  if (input.startedOn < c.cert.decisionDate) throw validationError([{ path: "startedOn", message: "An inspection cannot start before the certificate was issued.", vi: "Không thể kiểm tra trước ngày cấp giấy chứng nhận.", en: "An inspection cannot start before the certificate was issued." }]);
  const [row] = await tx.insert(inspections).values({ certificateId: c.cert.id, kind: input.kind, team: input.team, ground: input.ground ?? null, startedOn: input.startedOn, createdBy: ctx.principal!.userId, createdAt: ctx.now }).returning();
  await audit(tx, ctx, { action: "inspection.open", subjectType: "inspection", subjectId: row!.id, after: { ...input } });
  return view(tx, row!);
}

export async function addInspectionFile({ ctx, input }: { ctx: ServiceCtx; input: { inspectionId: number; kind: "sample" | "lab" | "other"; note?: string | undefined; file: UploadedFile } }): Promise<InspectionView> {
  const upload = checkUpload(input.file, UPLOAD_LIMITS.inspectionFile);
  return ctx.db.transaction(async (tx) => {
    const { row } = await lockOpen(tx, ctx, input.inspectionId);
    const [file] = await tx.insert(storedFiles).values({ name: upload.name, contentType: upload.contentType, size: upload.bytes.byteLength, sha256: upload.sha256, bytes: upload.bytes, createdBy: ctx.principal!.userId, createdAt: ctx.now }).returning({ id: storedFiles.id });
    await tx.insert(inspectionFiles).values({ inspectionId: row.id, fileId: file!.id, kind: input.kind, note: input.note?.trim() || null });
    await audit(tx, ctx, { action: "inspection.file", subjectType: "inspection", subjectId: row.id, after: { fileId: file!.id, kind: input.kind, name: upload.name, sha256: upload.sha256 } });
    return view(tx, row);
  });
}

export async function concludeInspection({ ctx, input }: { ctx: ServiceCtx; input: ConclusionInput & { inspectionId: number } }): Promise<InspectionView> {
  return ctx.db.transaction(async (tx) => {
    const { row, c } = await lockOpen(tx, ctx, input.inspectionId);
    const items = new Set(scoredItems(loadRubric(c.cert.rubricVersion, c.cert.criteriaSetId)).map((i) => i.item.id));
    const bad = input.findings.map((f, i) => ({ f, i })).filter(({ f }) => !items.has(f.criterionId));
    if (bad.length) throw validationError(bad.map(({ f, i }) => ({ path: `findings.${i}.criterionId`, message: `"${f.criterionId}" is not a criterion of this certificate's set.`, vi: `"${f.criterionId}" không phải tiêu chí của bộ tiêu chí của giấy chứng nhận.`, en: `"${f.criterionId}" is not a criterion of this certificate's set.` })));
    if (input.concludedOn < row.startedOn) throw validationError([{ path: "concludedOn", message: "The conclusion cannot precede the start.", vi: "Ngày kết luận không thể trước ngày bắt đầu.", en: "The conclusion cannot precede the start." }]);
    if (input.conclusion === "keep" && input.findings.some((f) => !f.met)) {
      throw validationError([{ path: "conclusion", message: "Findings show unmet criteria: request a re-evaluation or propose revocation.", vi: "Có tiêu chí không đạt: đề nghị đánh giá lại hoặc đề nghị thu hồi.", en: "Findings show unmet criteria: request a re-evaluation or propose revocation." }]);
    }
    const [updated] = await tx.update(inspections).set({ findings: input.findings, conclusion: input.conclusion, conclusionNote: input.note, concludedOn: input.concludedOn }).where(eq(inspections.id, row.id)).returning();
    await audit(tx, ctx, { action: "inspection.conclude", subjectType: "inspection", subjectId: row.id, after: { certificateId: c.cert.id, ...input } });
    return view(tx, updated!);
  });
}

export async function listInspections({ ctx, input }: { ctx: ServiceCtx; input: { certificateId: number } }): Promise<InspectionView[]> {
  await certificateFor(ctx.db, ctx, input.certificateId);
  const rows = await ctx.db.select().from(inspections).where(eq(inspections.certificateId, input.certificateId)).orderBy(asc(inspections.id));
  const out: InspectionView[] = [];
  for (const r of rows) out.push(await view(ctx.db, r));
  return out;
}
