import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, ilike, or } from "drizzle-orm";
import { can, unitScopes } from "../../../auth/policy.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { Db, DbOrTx, Tx } from "../../../db/client.js";
import { processPhoto } from "../../../lib/images.js";
import { conflict, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { checkUpload, type UploadedFile } from "../../../lib/uploads.js";
import { UPLOAD_LIMITS } from "../../../lib/upload-limits.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import { audit } from "../../audit/index.js";
import { inspectionSummaries, openInspectionTx } from "../../certificates/index.js";
import { certificates, type InspectionGround } from "../../certificates/schema.js";
import { storedFiles } from "../../files/schema.js";
import { adminUnits } from "../../units/schema.js";
import type { ComplaintCloseInput, ComplaintInput, ComplaintInspectInput, ComplaintListQuery, ComplaintView } from "../inputs.js";
import { complaints, type ComplaintTopic } from "../schema.js";

/*
 * Complaints about a certified product from consumers and shops (quality, labelling, a stamp on the wrong
 * product), in the spirit of the stamps area's fake reports: filed without signing in, a photo checked by its
 * bytes and re-encoded (its EXIF, GPS included, dropped), the contact kept for the office only and never in the
 * audit record. The complainant gets a private link (a random 256-bit token; only its hash is stored). The office
 * triages each into an Art. 9 inspection of the certificate (opened and linked in one transaction) or closes it
 * with a reason; a concluded inspection's public summary then shows on /c/{id} and on the private link.
 */

/** "PA-000042" (phản ánh): the number the complainant and the office speak of. */
export const complaintNumber = (id: number) => `PA-${String(id).padStart(6, "0")}`;
const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

const GROUND: Record<ComplaintTopic, InspectionGround> = { quality: "complaint_quality", labelling: "complaint_labelling", wrong_product_stamp: "complaint_stamp", other: "complaint_other" };

/** Files a complaint (anyone). Returns the private link's token, shown once. */
export async function fileComplaint(p: { db: Db; now: Date; requestId?: string | null; input: ComplaintInput; photo: UploadedFile | null }): Promise<{ id: number; caseNumber: string; token: string }> {
  const [cert] = await p.db.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, p.input.certificateId)).limit(1);
  if (!cert) throw validationError([{ path: "certificateId", message: "No such OCOP certificate.", vi: "Không có giấy chứng nhận OCOP này.", en: "No such OCOP certificate." }]);
  let photo: { bytes: Uint8Array; sha256: string; name: string } | null = null;
  if (p.photo) {
    const upload = checkUpload(p.photo, UPLOAD_LIMITS.reportPhoto);
    const out = await processPhoto(upload.bytes);
    photo = { bytes: out.web.bytes, sha256: createHash("sha256").update(out.web.bytes).digest("hex"), name: `${upload.name.replace(/\.[^.]*$/, "") || "anh"}.webp` };
  }
  const token = randomBytes(32).toString("base64url");
  return p.db.transaction(async (tx) => {
    let photoFileId: number | null = null;
    if (photo) {
      const [f] = await tx.insert(storedFiles).values({ name: photo.name, contentType: "image/webp", size: photo.bytes.byteLength, sha256: photo.sha256, bytes: photo.bytes, createdBy: null, createdAt: p.now }).returning({ id: storedFiles.id });
      photoFileId = f!.id;
    }
    const [row] = await tx
      .insert(complaints)
      .values({ certificateId: cert.id, topic: p.input.topic, what: p.input.what, place: p.input.place ?? null, contact: p.input.contact ?? null, photoFileId, tokenHash: hashOf(token), createdAt: p.now })
      .returning({ id: complaints.id });
    // Filed by no one (the form is for anyone); the contact is personal data, so only that one was given.
    await audit(tx, { principal: null, now: p.now, requestId: p.requestId ?? null }, { action: "complaint.file", subjectType: "complaint", subjectId: row!.id, after: { certificateId: cert.id, topic: p.input.topic, photoFileId, contactGiven: !!p.input.contact } });
    return { id: row!.id, caseNumber: complaintNumber(row!.id), token };
  });
}

const complaintQuery = (db: DbOrTx) =>
  db.select({ x: complaints, productName: certificates.productName, unitPath: adminUnits.path }).from(complaints).innerJoin(certificates, eq(certificates.id, complaints.certificateId)).innerJoin(adminUnits, eq(adminUnits.id, certificates.communeId));
type Row = Awaited<ReturnType<ReturnType<typeof complaintQuery>["limit"]>>[number];

async function viewOf(db: DbOrTx, r: Row): Promise<ComplaintView> {
  const summary = r.x.inspectionId ? (await inspectionSummaries(db, r.x.certificateId)).find((s) => s.id === r.x.inspectionId) : undefined;
  return {
    id: r.x.id,
    caseNumber: complaintNumber(r.x.id),
    certificateId: r.x.certificateId,
    productName: r.productName,
    topic: r.x.topic,
    what: r.x.what,
    place: r.x.place,
    contact: r.x.contact,
    hasPhoto: r.x.photoFileId !== null,
    state: r.x.state,
    inspectionId: r.x.inspectionId,
    inspection: summary ? { concludedOn: summary.concludedOn, conclusionLabel: summary.conclusionLabel, groundLabel: summary.groundLabel } : null,
    closeReason: r.x.closeReason,
    createdAt: r.x.createdAt.toISOString(),
    handledAt: r.x.handledAt?.toISOString() ?? null,
  };
}

/** The case behind a private link; a wrong or malformed token is a 404 like an unknown one. */
export async function trackComplaint(db: DbOrTx, token: string): Promise<ComplaintView> {
  const [r] = TOKEN_RE.test(token) ? await complaintQuery(db).where(eq(complaints.tokenHash, hashOf(token))).limit(1) : [];
  if (!r) throw notFound({ vi: "phản ánh", en: "The complaint" });
  return { ...(await viewOf(db, r)), contact: null };
}

function officeScopes(ctx: ServiceCtx): string[] {
  if (!ctx.principal) throw unauthenticated();
  const scopes = unitScopes(ctx.principal, "complaints.manage");
  if (!scopes.length) throw forbidden({ vi: "Chỉ cơ quan quản lý OCOP tỉnh xử lý phản ánh về sản phẩm.", en: "Only the provincial OCOP office handles complaints about products." });
  return scopes;
}

/** The office's complaints: about certificates issued in its units, by state, topic and words. */
export async function listComplaints({ ctx, input = {} }: { ctx: ServiceCtx; input?: ComplaintListQuery }): Promise<ComplaintView[]> {
  const scopes = officeScopes(ctx);
  const words = (input.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
  const rows = await complaintQuery(ctx.db)
    .where(
      and(
        withinUnits(adminUnits.path, scopes),
        input.state ? eq(complaints.state, input.state) : undefined,
        input.topic ? eq(complaints.topic, input.topic) : undefined,
        ...words.map((w) => {
          const like = `%${w.replace(/[\\%_]/g, (m) => "\\" + m)}%`;
          const n = /^PA-?0*(\d{1,9})$/i.exec(w);
          return or(n ? eq(complaints.id, Number(n[1])) : undefined, ilike(certificates.productName, like), ilike(complaints.what, like), ilike(complaints.place, like));
        }),
      ),
    )
    .orderBy(desc(complaints.id))
    .limit(500);
  const out: ComplaintView[] = [];
  for (const r of rows) out.push(await viewOf(ctx.db, r));
  return out;
}

async function lockNew(tx: Tx, ctx: ServiceCtx, id: number): Promise<Row> {
  officeScopes(ctx);
  await tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.id, id)).for("update").limit(1);
  const [r] = await complaintQuery(tx).where(eq(complaints.id, id)).limit(1);
  if (!r || !can(ctx.principal, "complaints.manage", { unitPath: r.unitPath })) throw notFound({ vi: "phản ánh", en: "The complaint" });
  if (r.x.state !== "new") throw conflict("complaint-handled", { vi: "Phản ánh đã được xử lý", en: "The complaint has been handled" });
  return r;
}

/** Triage into an ad hoc inspection of the certificate (Art. 9.2a: "kiểm tra đột xuất khi cần thiết"), linked. */
export async function inspectComplaint({ ctx, input }: { ctx: ServiceCtx; input: ComplaintInspectInput & { id: number } }): Promise<ComplaintView> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockNew(tx, ctx, input.id);
    const ins = await openInspectionTx(tx, ctx, { certificateId: r.x.certificateId, kind: "ad_hoc", team: input.team, startedOn: input.startedOn, ground: GROUND[r.x.topic] });
    await tx.update(complaints).set({ state: "inspection", inspectionId: ins.id, handledBy: ctx.principal!.userId, handledAt: ctx.now }).where(eq(complaints.id, r.x.id));
    await audit(tx, ctx, { action: "complaint.inspect", subjectType: "complaint", subjectId: r.x.id, before: { state: r.x.state }, after: { state: "inspection", inspectionId: ins.id } });
    return viewOf(tx, (await complaintQuery(tx).where(eq(complaints.id, r.x.id)).limit(1))[0]!);
  });
}

/** Closes a complaint without an inspection, with the reason the complainant reads. */
export async function closeComplaint({ ctx, input }: { ctx: ServiceCtx; input: ComplaintCloseInput & { id: number } }): Promise<ComplaintView> {
  return ctx.db.transaction(async (tx) => {
    const r = await lockNew(tx, ctx, input.id);
    await tx.update(complaints).set({ state: "closed", closeReason: input.reason, handledBy: ctx.principal!.userId, handledAt: ctx.now }).where(eq(complaints.id, r.x.id));
    await audit(tx, ctx, { action: "complaint.close", subjectType: "complaint", subjectId: r.x.id, before: { state: r.x.state }, after: { state: "closed", reason: input.reason } });
    return viewOf(tx, (await complaintQuery(tx).where(eq(complaints.id, r.x.id)).limit(1))[0]!);
  });
}

/** The complaint's photo, for the office only. */
export async function complaintPhoto({ ctx, input }: { ctx: ServiceCtx; input: { id: number } }): Promise<{ bytes: Uint8Array; contentType: string }> {
  officeScopes(ctx);
  const [r] = await complaintQuery(ctx.db).where(eq(complaints.id, input.id)).limit(1);
  if (!r || !r.x.photoFileId || !can(ctx.principal, "complaints.manage", { unitPath: r.unitPath })) throw notFound({ vi: "ảnh của phản ánh", en: "The complaint's photo" });
  const [f] = await ctx.db.select({ bytes: storedFiles.bytes, contentType: storedFiles.contentType }).from(storedFiles).where(eq(storedFiles.id, r.x.photoFileId)).limit(1);
  if (!f) throw notFound({ vi: "ảnh của phản ánh", en: "The complaint's photo" });
  return f;
}

/** The home page's count: complaints not yet triaged (/complaints?state=new). */
export const complaintsWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "complaints.manage").length) return [];
  return [{ href: "/complaints?state=new", label: { vi: "phản ánh mới về sản phẩm OCOP, chờ xem xét", en: "new complaints about OCOP products" }, count: (await listComplaints({ ctx, input: { state: "new" } })).length, tone: "bad" }];
};
