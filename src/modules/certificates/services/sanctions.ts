import { asc, eq } from "drizzle-orm";
import { can } from "../../../auth/policy.js";
import { REVOCATION_GROUNDS } from "../../../domain/certificate-status.js";
import { checkRevocationEvidence } from "../../../domain/revocation-grounds.js";
import { vnToday } from "../../../lib/dates.js";
import { formatDate } from "../../../lib/i18n.js";
import { conflict, type FieldError, forbidden, notFound, unauthenticated, validationError } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import type { Tx } from "../../../db/client.js";
import { audit } from "../../audit/index.js";
import { adminUnits } from "../../units/schema.js";
import { loadCertificate, stateOf, type LoadedCertificate } from "../queries.js";
import { certificatesChanged } from "./changes.js";
import type { LiftInput, RevokeInput, SuspendInput } from "../inputs.js";
import { certificateEvents, certificates, communeConfirmations, inspections, notifications } from "../schema.js";

/*
 * Revocation (Art. 8) and suspension. Each is one appended event, its audit record, the producer's notice and
 * the watchers' webhooks, in one transaction. The revocation is decided by the authority that certified the
 * certificate: the province for 3★/4★, the Ministry for 5★ (its office, in the country unit where it decided).
 */

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

async function lockForOffice(tx: Tx, ctx: ServiceCtx, id: number): Promise<LoadedCertificate & { provincePath: string }> {
  if (!ctx.principal) throw unauthenticated();
  await tx.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, id)).for("update").limit(1);
  const c = await loadCertificate(tx, id);
  if (!c) throw notFound({ vi: "giấy chứng nhận", en: "The certificate" });
  const [province] = await tx.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, c.decision.unitId));
  if (!can(ctx.principal, "certificates.revoke", { unitPath: province!.path })) throw forbidden({ vi: "Chỉ Văn phòng Điều phối của tỉnh đã công nhận xử lý giấy chứng nhận này.", en: "Only the office of the province that recognised it acts on this certificate." });
  return { ...c, provincePath: province!.path };
}

async function notifyProducer(tx: Tx, c: LoadedCertificate, kind: string, text: { vi: string; en: string }, key: string, now: Date) {
  await tx.insert(notifications).values({ audience: "producer", producerId: c.cert.producerId, certificateId: c.cert.id, kind, vi: text.vi, en: text.en, dedupeKey: key, createdAt: now }).onConflictDoNothing();
}


export async function revokeCertificate({ ctx, input }: { ctx: ServiceCtx; input: RevokeInput & { certificateId: number } }) {
  return ctx.db.transaction(async (tx) => {
    const c = await lockForOffice(tx, ctx, input.certificateId);
    const today = vnToday(ctx.now);
    const state = stateOf(c.cert, c.events, today);
    const earlier = c.events.find((e) => e.kind === "revoked");
    if (earlier) {
      throw conflict(
        "already-revoked",
        { vi: "Giấy chứng nhận đã bị thu hồi", en: "The certificate is already revoked" },
        {
          vi: `Giấy chứng nhận số ${c.cert.id} đã bị thu hồi từ ngày ${formatDate(earlier.on)}${earlier.decisionNumber ? ` theo Quyết định số ${earlier.decisionNumber}` : ""}; không ghi nhận thu hồi lần thứ hai.`,
          en: `Certificate ${c.cert.id} was already revoked with effect from ${formatDate(earlier.on)}${earlier.decisionNumber ? ` by decision ${earlier.decisionNumber}` : ""}; a second revocation is not recorded.`,
        },
      );
    }
    if (state.status === "superseded" || state.status === "expired") {
      throw conflict("not-in-force", { vi: "Giấy chứng nhận không còn hiệu lực", en: "The certificate is no longer in force" }, { vi: `Trạng thái hiện tại: ${state.label.vi}.`, en: `Current status: ${state.label.en}.` });
    }
    if (input.effectiveOn < c.cert.decisionDate) throw validationError([fieldError("effectiveOn", "Ngày hiệu lực của việc thu hồi không thể trước ngày cấp.", "A revocation cannot take effect before the certificate's decision date.")]);
    // The authority that certified it revokes it: the ministry's 5★, the province's 3★/4★.
    const norm = (x: string) => x.normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase("vi");
    if (norm(input.authorityName) !== norm(c.decision.authorityName)) {
      throw validationError([fieldError("authorityName", `Giấy chứng nhận do ${c.decision.authorityName} công nhận; chỉ cơ quan này thu hồi.`, `The certificate was recognised by ${c.decision.authorityName}; only that authority revokes it.`)]);
    }
    const ground = REVOCATION_GROUNDS.find((g) => g.id === input.ground)!;
    // Art. 8.1: the grounds resting on an authority's conclusion need it on file (an inspection proposing revocation).
    const onFile = await tx.select({ id: inspections.id, conclusion: inspections.conclusion, concludedOn: inspections.concludedOn }).from(inspections).where(eq(inspections.certificateId, c.cert.id)).orderBy(asc(inspections.id));
    // Ground đ: the commune's confirmation that the producer stopped producing (Art. 8.4).
    const confirmed = await tx
      .select({ id: communeConfirmations.id, confirmedOn: communeConfirmations.confirmedOn, documentNumber: communeConfirmations.documentNumber })
      .from(communeConfirmations)
      .where(eq(communeConfirmations.certificateId, c.cert.id))
      .orderBy(asc(communeConfirmations.id));
    const evidence = checkRevocationEvidence(ground.id, onFile, input.effectiveOn, today, confirmed);
    if (!evidence.ok) throw conflict("revocation-evidence-missing", { vi: "Thiếu căn cứ thu hồi", en: "The revocation's evidence is missing" }, evidence.missing);
    const [event] = await tx
      .insert(certificateEvents)
      .values({ certificateId: c.cert.id, kind: "revoked", on: input.effectiveOn, ground: input.ground, reason: input.reason, decisionNumber: `${input.decisionNumber} — ${input.authorityName}`, actorId: ctx.principal!.userId, at: ctx.now })
      .returning();
    await audit(tx, ctx, { action: "certificate.revoke", subjectType: "certificate", subjectId: c.cert.id, before: { status: state.status }, after: { ...input, evidence: evidence.evidence, inspectionId: evidence.inspectionId, ...(evidence.ok && evidence.confirmationId ? { confirmationId: evidence.confirmationId } : {}) } });
    await notifyProducer(
      tx,
      c,
      "revoked",
      {
        vi: `Giấy chứng nhận OCOP số ${c.cert.id} của sản phẩm "${c.cert.productName}" bị thu hồi từ ngày ${formatDate(input.effectiveOn)} theo Quyết định số ${input.decisionNumber} (Điều 8 khoản 1 điểm ${ground.point}).`,
        en: `OCOP certificate ${c.cert.id} of "${c.cert.productName}" is revoked with effect from ${formatDate(input.effectiveOn)} by decision ${input.decisionNumber} (Art. 8.1(${ground.point})).`,
      },
      `revoked:${c.cert.id}:${event!.id}`,
      ctx.now,
    );
    if (input.effectiveOn <= today) await certificatesChanged(tx, [c.cert.id], ctx.now);
    return { certificateId: c.cert.id, eventId: event!.id };
  });
}

export async function suspendCertificate({ ctx, input }: { ctx: ServiceCtx; input: SuspendInput & { certificateId: number } }) {
  return ctx.db.transaction(async (tx) => {
    const c = await lockForOffice(tx, ctx, input.certificateId);
    const today = vnToday(ctx.now);
    const state = stateOf(c.cert, c.events, input.from > today ? input.from : today);
    if (!["valid", "expiring"].includes(state.status)) {
      throw conflict("cannot-suspend", { vi: "Không thể tạm dừng hiệu lực", en: "Cannot suspend" }, { vi: `Chỉ tạm dừng giấy chứng nhận đang có hiệu lực (hiện: ${state.label.vi}).`, en: `Only a certificate in force can be suspended (now: ${state.label.en}).` });
    }
    if (input.through && input.through < input.from) throw validationError([fieldError("through", "Ngày kết thúc tạm dừng phải sau ngày bắt đầu.", "The suspension must end after it starts.")]);
    const [event] = await tx.insert(certificateEvents).values({ certificateId: c.cert.id, kind: "suspended", on: input.from, through: input.through ?? null, reason: input.reason, actorId: ctx.principal!.userId, at: ctx.now }).returning();
    await audit(tx, ctx, { action: "certificate.suspend", subjectType: "certificate", subjectId: c.cert.id, before: { status: state.status }, after: { ...input } });
    await notifyProducer(tx, c, "suspended", { vi: `Giấy chứng nhận OCOP số ${c.cert.id} ("${c.cert.productName}") bị tạm dừng hiệu lực từ ngày ${formatDate(input.from)}: ${input.reason}`, en: `OCOP certificate ${c.cert.id} ("${c.cert.productName}") is suspended from ${formatDate(input.from)}: ${input.reason}` }, `suspended:${c.cert.id}:${event!.id}`, ctx.now);
    if (input.from <= today) await certificatesChanged(tx, [c.cert.id], ctx.now);
    return { certificateId: c.cert.id, eventId: event!.id };
  });
}

export async function liftSuspension({ ctx, input }: { ctx: ServiceCtx; input: LiftInput & { certificateId: number } }) {
  return ctx.db.transaction(async (tx) => {
    const c = await lockForOffice(tx, ctx, input.certificateId);
    const today = vnToday(ctx.now);
    const open = c.events.filter((e) => e.kind === "suspended").find((s) => !c.events.some((l) => l.kind === "suspension_lifted" && l.on > s.on) && (s.through === null || s.through >= input.on));
    if (!open) throw conflict("not-suspended", { vi: "Giấy chứng nhận không bị tạm dừng", en: "The certificate is not suspended" });
    // In force again from the lift's day: the suspension's first day cannot also be the day it ends.
    if (input.on <= open.on) throw validationError([fieldError("on", `Ngày có hiệu lực trở lại phải sau ngày bắt đầu tạm dừng (${formatDate(open.on)}).`, `The certificate comes back into force after the suspension's first day (${formatDate(open.on)}).`)]);
    const [event] = await tx.insert(certificateEvents).values({ certificateId: c.cert.id, kind: "suspension_lifted", on: input.on, reason: input.reason, actorId: ctx.principal!.userId, at: ctx.now }).returning();
    await audit(tx, ctx, { action: "certificate.lift_suspension", subjectType: "certificate", subjectId: c.cert.id, after: { ...input } });
    await notifyProducer(tx, c, "suspension_lifted", { vi: `Giấy chứng nhận OCOP số ${c.cert.id} có hiệu lực trở lại từ ngày ${formatDate(input.on)}.`, en: `OCOP certificate ${c.cert.id} is back in force from ${formatDate(input.on)}.` }, `lifted:${c.cert.id}:${event!.id}`, ctx.now);
    if (input.on <= today) await certificatesChanged(tx, [c.cert.id], ctx.now);
    return { certificateId: c.cert.id, eventId: event!.id };
  });
}
