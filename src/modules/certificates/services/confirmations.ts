import { asc, eq } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import { actingGrants } from "../../../auth/workflow-access.js";
import type { DbOrTx } from "../../../db/client.js";
import { vnToday } from "../../../lib/dates.js";
import { formatDate } from "../../../lib/i18n.js";
import { type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { producers } from "../../producers/schema.js";
import { stewardsOf } from "../../units/index.js";
import { adminUnits } from "../../units/schema.js";
import type { CommuneConfirmationInput, CommuneConfirmationView } from "../inputs.js";
import { loadCertificate, type LoadedCertificate } from "../queries.js";
import { certificates, communeConfirmations } from "../schema.js";

/*
 * The commune's confirmation that a producer no longer produces its certified product (Art. 8.4 QĐ 26/2026:
 * the 15 days of a revocation run "kể từ ngày có … xác nhận của UBND cấp xã về chủ thể OCOP không còn sản xuất
 * sản phẩm OCOP"). It is the evidence a revocation on ground đ of Art. 8.1 needs (revocation-grounds.ts). The
 * commune confirming is the one the producer lies in today; a producer still recorded in a commune the 2025
 * reform ended is confirmed by the commune that succeeded it (src/domain/successor.ts).
 */

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });
const certificateNotFound = () => notFound({ vi: "giấy chứng nhận", en: "The certificate" });

/** Where the certificate's producer lies today, as a policy resource (with the successors of an ended commune). */
async function producerPlace(db: DbOrTx, c: LoadedCertificate, today: string) {
  const [p] = await db.select({ communeId: producers.communeId, path: adminUnits.path }).from(producers).innerJoin(adminUnits, eq(adminUnits.id, producers.communeId)).where(eq(producers.id, c.cert.producerId));
  if (!p) return { unitPath: "", producerId: c.cert.producerId };
  const s = await stewardsOf(db, p.communeId, today);
  return { unitPath: p.path, ...(s.successorPaths.length ? { successorPaths: s.successorPaths } : {}) };
}

const viewOf = (r: typeof communeConfirmations.$inferSelect, communeName: string): CommuneConfirmationView => ({
  id: r.id,
  certificateId: r.certificateId,
  communeId: r.communeId,
  communeName,
  documentNumber: r.documentNumber,
  confirmedOn: r.confirmedOn,
  statement: r.statement,
  recordedAt: r.recordedAt.toISOString(),
});

export async function recordCommuneConfirmation({ ctx, input }: { ctx: ServiceCtx; input: CommuneConfirmationInput & { certificateId: number } }): Promise<CommuneConfirmationView> {
  if (!ctx.principal) throw unauthenticated();
  const today = vnToday(ctx.now);
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, input.certificateId)).for("update").limit(1);
    const c = await loadCertificate(tx, input.certificateId);
    if (!c) throw certificateNotFound();
    const place = await producerPlace(tx, c, today);
    // The officer's own commune is the one that confirms: the grant through which the policy allows it.
    const g = actingGrants(ctx.principal, "certificates.confirm_stopped", place)[0];
    if (!g?.unitId) {
      throw forbidden({ vi: "Chỉ UBND cấp xã nơi chủ thể OCOP hoạt động xác nhận việc chủ thể không còn sản xuất sản phẩm.", en: "Only the commune where the producer operates confirms that it no longer produces the product." });
    }
    if (input.confirmedOn > today) throw validationError([fieldError("confirmedOn", `Ngày xác nhận không được sau hôm nay (${formatDate(today)}).`, `The confirmation cannot be dated after today (${formatDate(today)}).`)]);
    if (input.confirmedOn < c.cert.decisionDate) {
      throw validationError([fieldError("confirmedOn", `Ngày xác nhận không được trước ngày công nhận (${formatDate(c.cert.decisionDate)}).`, `The confirmation cannot predate the recognition (${formatDate(c.cert.decisionDate)}).`)]);
    }
    const [row] = await tx
      .insert(communeConfirmations)
      .values({ certificateId: c.cert.id, communeId: g.unitId, documentNumber: input.documentNumber, confirmedOn: input.confirmedOn, statement: input.statement, recordedBy: ctx.principal!.userId, recordedAt: ctx.now })
      .returning();
    await audit(tx, ctx, { action: "certificate.commune_confirmation", subjectType: "certificate", subjectId: c.cert.id, after: { confirmationId: row!.id, communeId: g.unitId, ...input } });
    const [commune] = await tx.select({ name: adminUnits.name }).from(adminUnits).where(eq(adminUnits.id, g.unitId));
    return viewOf(row!, commune?.name ?? "");
  });
}

/** The confirmations on file, for the province's office (which decides the revocation) and the commune. */
export async function listCommuneConfirmations({ ctx, input }: { ctx: ServiceCtx; input: { certificateId: number } }): Promise<CommuneConfirmationView[]> {
  if (!ctx.principal) throw unauthenticated();
  const c = await loadCertificate(ctx.db, input.certificateId);
  if (!c) throw certificateNotFound();
  const [province] = await ctx.db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, c.decision.unitId));
  const office = can(ctx.principal, "certificates.revoke", { unitPath: province?.path ?? "" });
  if (!office && !can(ctx.principal, "certificates.confirm_stopped", await producerPlace(ctx.db, c, vnToday(ctx.now)))) {
    throw forbidden({ vi: "Chỉ Văn phòng Điều phối của tỉnh và UBND cấp xã nơi chủ thể hoạt động xem các xác nhận này.", en: "Only the province's office and the producer's commune see these confirmations." });
  }
  const rows = await ctx.db
    .select({ r: communeConfirmations, communeName: adminUnits.name })
    .from(communeConfirmations)
    .innerJoin(adminUnits, eq(adminUnits.id, communeConfirmations.communeId))
    .where(eq(communeConfirmations.certificateId, c.cert.id))
    .orderBy(asc(communeConfirmations.id));
  return rows.map(({ r, communeName }) => viewOf(r, communeName));
}
