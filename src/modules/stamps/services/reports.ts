import { createHash } from "node:crypto";
import { and, desc, eq, ilike, isNull, or, sql, type SQL } from "drizzle-orm";
import { can, unitScopes } from "../../../auth/policy.js";
import type { Principal } from "../../../domain/principal.js";
import { withinUnits } from "../../../auth/unit-filter.js";
import type { Db, DbOrTx } from "../../../db/client.js";
import { parseStampCode, type StampKey } from "../../../domain/stamp-code.js";
import { processPhoto } from "../../../lib/images.js";
import { forbidden, notFound, unauthenticated } from "../../../lib/problem.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { checkUpload, type UploadedFile } from "../../../lib/uploads.js";
import { UPLOAD_LIMITS } from "../../../lib/upload-limits.js";
import { audit } from "../../audit/index.js";
import { storedFiles } from "../../files/schema.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { fakeReports, stampBatches, stamps } from "../schema.js";
import { type ReportInput, type ReportState, type ReportUpdateInput, type ReportView } from "../inputs.js";

/*
 * Consumers' reports of suspected fakes, filed from the scan page without signing in, and the provincial
 * office's handling of them as cases. A report is linked to the stamp and product when its code is one the
 * office issued; otherwise (a forged or mistyped code) only the text is kept, and any office of a province
 * may take it up. A photo is checked by its bytes and re-encoded, so what it carried (GPS in EXIF) is dropped.
 */

/** The number a reporter is given and the office speaks of: "BCG-000042" (báo cáo giả). */
export const caseNumber = (id: number) => `BCG-${String(id).padStart(6, "0")}`;

/** The stamp (and its product) a reported code stands for, if it is a code the office issued. */
async function stampOf(db: DbOrTx, code: string, keys: StampKey | readonly StampKey[]): Promise<{ code: string; stampId: number | null; productId: number | null }> {
  const parsed = parseStampCode(code, keys);
  if (!parsed.ok) return { code: code.trim().slice(0, 64), stampId: null, productId: null };
  const [s] = await db
    .select({ id: stamps.id, productId: stampBatches.productId })
    .from(stamps)
    .innerJoin(stampBatches, eq(stampBatches.id, stamps.batchId))
    .where(sql`${stamps.serial} COLLATE "C" = ${parsed.serial}`)
    .limit(1);
  return { code: parsed.code, stampId: s?.id ?? null, productId: s?.productId ?? null };
}

/** Files a report (anyone, no sign-in). The photo is checked and re-encoded before the transaction. */
export async function fileReport(p: { db: Db; now: Date; requestId?: string | null; stampKeys: StampKey | readonly StampKey[]; code: string; input: ReportInput; photo: UploadedFile | null }): Promise<{ id: number; caseNumber: string }> {
  let photo: { bytes: Uint8Array; sha256: string; name: string } | null = null;
  if (p.photo) {
    const upload = checkUpload(p.photo, UPLOAD_LIMITS.reportPhoto);
    const out = await processPhoto(upload.bytes);
    const base = upload.name.replace(/\.[^.]*$/, "") || "anh";
    photo = { bytes: out.web.bytes, sha256: createHash("sha256").update(out.web.bytes).digest("hex"), name: `${base}.webp` };
  }
  const target = await stampOf(p.db, p.code, p.stampKeys);
  return p.db.transaction(async (tx) => {
    let photoFileId: number | null = null;
    if (photo) {
      const [f] = await tx.insert(storedFiles).values({ name: photo.name, contentType: "image/webp", size: photo.bytes.byteLength, sha256: photo.sha256, bytes: photo.bytes, createdBy: null, createdAt: p.now }).returning({ id: storedFiles.id });
      photoFileId = f!.id;
    }
    const [row] = await tx
      .insert(fakeReports)
      .values({ code: target.code || null, stampId: target.stampId, productId: target.productId, what: p.input.what, place: p.input.place ?? null, photoFileId, contact: p.input.contact ?? null, state: "new", createdAt: p.now, updatedAt: p.now })
      .returning({ id: fakeReports.id });
    // The reporter's contact is personal data: the audit record notes only that one was given. The reporter is
    // recorded as no one even when signed in (the form is for anyone), hence no principal rather than the request's.
    await audit(tx, { principal: null, now: p.now, requestId: p.requestId ?? null }, { action: "fake_report.file", subjectType: "fake_report", subjectId: row!.id, after: { code: target.code, stampId: target.stampId, productId: target.productId, photoFileId, contactGiven: !!p.input.contact } });
    return { id: row!.id, caseNumber: caseNumber(row!.id) };
  });
}

// ---- the office's cases ----

const reportQuery = (db: DbOrTx) =>
  db
    .select({ r: fakeReports, productName: products.name, unitPath: adminUnits.path, batchId: stamps.batchId, seq: stamps.seq })
    .from(fakeReports)
    .leftJoin(products, eq(products.id, fakeReports.productId))
    .leftJoin(adminUnits, eq(adminUnits.id, products.communeId))
    .leftJoin(stamps, eq(stamps.id, fakeReports.stampId));
type ReportRow = Awaited<ReturnType<ReturnType<typeof reportQuery>["limit"]>>[number];

const viewOf = (x: ReportRow): ReportView => ({
  id: x.r.id,
  caseNumber: caseNumber(x.r.id),
  code: x.r.code,
  stampId: x.r.stampId,
  batchId: x.batchId,
  seq: x.seq,
  productId: x.r.productId,
  productName: x.productName,
  what: x.r.what,
  place: x.r.place,
  contact: x.r.contact,
  photoUrl: x.r.photoFileId ? `/api/fake-reports/${x.r.id}/photo` : null,
  state: x.r.state,
  officeNote: x.r.officeNote,
  createdAt: x.r.createdAt.toISOString(),
  updatedAt: x.r.updatedAt.toISOString(),
});

/** The units the principal handles reports in; 403 for anyone else. */
function officeScopes(principal: Principal | null): string[] {
  if (!principal) throw unauthenticated();
  const scopes = unitScopes(principal, "reports.manage");
  if (!scopes.length) throw forbidden({ vi: "Chỉ cơ quan quản lý OCOP tỉnh xử lý báo cáo tem giả.", en: "Only the provincial OCOP office handles fake reports." });
  return scopes;
}

/** Reports about products in the office's units, and those about no known product. */
function visible(scopes: string[]): SQL {
  return or(isNull(fakeReports.productId), withinUnits(adminUnits.path, scopes))!;
}

/** The office's cases: by state, and by words of the case number (BCG-000012), product, stamp code, place or account. */
export async function listReports({ ctx, input = {} }: { ctx: ServiceCtx; input?: { state?: ReportState | undefined; q?: string | undefined } }): Promise<ReportView[]> {
  const scopes = officeScopes(ctx.principal);
  const words = (input.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
  const byCase = (w: string) => (/^BCG-?0*(\d{1,9})$/i.exec(w) ? eq(fakeReports.id, Number(/(\d+)$/.exec(w)![1])) : undefined);
  const rows = await reportQuery(ctx.db)
    .where(
      and(
        visible(scopes),
        input.state ? eq(fakeReports.state, input.state) : undefined,
        ...words.map((w) => {
          const like = `%${w.replace(/[\\%_]/g, (m) => "\\" + m)}%`;
          return or(byCase(w), ilike(products.name, like), ilike(fakeReports.code, like), ilike(fakeReports.what, like), ilike(fakeReports.place, like));
        }),
      ),
    )
    .orderBy(desc(fakeReports.id))
    .limit(500);
  return rows.map(viewOf);
}

async function reportFor(db: DbOrTx, principal: Principal | null, id: number): Promise<ReportRow> {
  officeScopes(principal);
  const [x] = await reportQuery(db).where(eq(fakeReports.id, id)).limit(1);
  if (!x) throw notFound({ vi: "báo cáo", en: "The report" });
  if (x.r.productId !== null && !can(principal, "reports.manage", { unitPath: x.unitPath ?? "" })) {
    throw forbidden({ vi: "Sản phẩm của báo cáo này không thuộc địa bàn của bạn.", en: "This report's product is outside your units." });
  }
  return x;
}

export async function getReport({ ctx, input }: { ctx: ServiceCtx; input: { id: number } }): Promise<ReportView> {
  return viewOf(await reportFor(ctx.db, ctx.principal, input.id));
}

export async function updateReport({ ctx, input }: { ctx: ServiceCtx; input: ReportUpdateInput & { id: number } }): Promise<ReportView> {
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: fakeReports.id }).from(fakeReports).where(eq(fakeReports.id, input.id)).for("update");
    const before = await reportFor(tx, ctx.principal, input.id);
    await tx.update(fakeReports).set({ state: input.state, officeNote: input.note, updatedAt: ctx.now }).where(eq(fakeReports.id, input.id));
    await audit(tx, ctx, { action: "fake_report.update", subjectType: "fake_report", subjectId: input.id, before: { state: before.r.state, note: before.r.officeNote }, after: { state: input.state, note: input.note } });
    return viewOf((await reportQuery(tx).where(eq(fakeReports.id, input.id)).limit(1))[0]!);
  });
}

/** The report's photo, for the office only. */
export async function reportPhoto({ ctx, input }: { ctx: ServiceCtx; input: { id: number } }): Promise<{ bytes: Uint8Array; contentType: string }> {
  const x = await reportFor(ctx.db, ctx.principal, input.id);
  if (!x.r.photoFileId) throw notFound({ vi: "ảnh của báo cáo", en: "The report's photo" });
  const [f] = await ctx.db.select({ bytes: storedFiles.bytes, contentType: storedFiles.contentType }).from(storedFiles).where(eq(storedFiles.id, x.r.photoFileId)).limit(1);
  if (!f) throw notFound({ vi: "ảnh của báo cáo", en: "The report's photo" });
  return f;
}

/** The home page's counts: reports of fake stamps not yet looked at, and those under investigation (/reports/fakes). */
export const reportsWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "reports.manage").length) return [];
  const [fresh, open] = [await listReports({ ctx, input: { state: "new" } }), await listReports({ ctx, input: { state: "investigating" } })];
  return [
    { href: "/reports/fakes?state=new", label: { vi: "báo cáo tem nghi giả mới, chưa xử lý", en: "new reports of suspected fake stamps" }, count: fresh.length, tone: "bad" },
    { href: "/reports/fakes?state=investigating", label: { vi: "báo cáo tem nghi giả đang xác minh", en: "fake-stamp reports under investigation" }, count: open.length },
  ];
};
