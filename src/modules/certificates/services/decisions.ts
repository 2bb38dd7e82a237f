import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import { can, unitContains } from "../../../auth/policy.js";
import type { Tx } from "../../../db/client.js";
import { vnToday } from "../../../lib/dates.js";
import { type FieldError, forbidden, notFound, unauthenticated, validationError, conflict } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { dossiers, evaluationRounds, roundDossiers, roundResults } from "../../evaluation/schema.js";
import { producers } from "../../producers/schema.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { eventsOf, stateOf } from "../queries.js";
import { IN_FORCE } from "../../../domain/certificate-status.js";
import { certificatesChanged } from "./changes.js";
import type { DecisionInput, DecisionView } from "../inputs.js";
import { certificateEvents, certificates, recognitionDecisions, type AuthorityLevel } from "../schema.js";

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/**
 * Who recognises which result (Art. 4.1, 7.3e, 7.4): the province's chairman recognises 3★ and 4★ on a province
 * council's result; the ministry recognises 5★ on the central council's. A district council certifies nothing.
 */
const AUTHORITY_OF_LEVEL: Record<string, AuthorityLevel | null> = { district: null, province: "province", central: "central" };

/** An older certificate of the product is replaced by a new one while in force, or not yet in force. */
const replaceable = (status: string) => status === "pending" || IN_FORCE.has(status);

/**
 * Records a recognition decision and issues one certificate per final, certifiable result it lists, all in one
 * transaction with its audit record. A product's certificate still in force is superseded by the new one on the
 * decision date (an upgrade, a re-evaluation or a central 5★ over a province 4★); a re-evaluation's decision is
 * also recorded on the old certificate, which ends its extension.
 */
export async function issueDecision({ ctx, input }: { ctx: ServiceCtx; input: DecisionInput }): Promise<DecisionView> {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  return ctx.db.transaction(async (tx) => {
    const [province] = await tx.select().from(adminUnits).where(eq(adminUnits.id, input.unitId)).limit(1);
    if (!province || province.level !== "province" || !can(principal, "certificates.decide", { unitPath: province.path })) {
      throw forbidden({ vi: "Bạn chỉ ghi quyết định công nhận của tỉnh mình.", en: "You record recognition decisions only for your own province." });
    }
    if (input.decidedOn > vnToday(ctx.now)) throw validationError([fieldError("decidedOn", "Ngày ban hành không được sau hôm nay.", "The decision date cannot be in the future.")]);
    const [dup] = await tx
      .select({ id: recognitionDecisions.id })
      .from(recognitionDecisions)
      .where(and(eq(recognitionDecisions.authorityLevel, input.authorityLevel), eq(recognitionDecisions.authorityName, input.authorityName), eq(recognitionDecisions.number, input.number)))
      .limit(1);
    if (dup) throw conflict("decision-exists", { vi: "Quyết định đã được ghi", en: "The decision is already recorded" }, { vi: `Quyết định số ${input.number} của ${input.authorityName} đã có trong sổ.`, en: `Decision ${input.number} of ${input.authorityName} is already recorded.` });

    const ids = [...new Set(input.roundDossierIds)].sort((a, b) => a - b);
    // Lock the results' assignments so two decisions cannot certify one result.
    await tx.select({ id: roundDossiers.id }).from(roundDossiers).where(inArray(roundDossiers.id, ids)).orderBy(asc(roundDossiers.id)).for("update");
    const rows = await tx
      .select({ rd: roundDossiers, result: roundResults, level: evaluationRounds.level, dossier: dossiers, product: products, producer: producers, commune: adminUnits })
      .from(roundDossiers)
      .innerJoin(roundResults, eq(roundResults.roundDossierId, roundDossiers.id))
      .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
      .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
      .innerJoin(products, eq(products.id, dossiers.productId))
      .innerJoin(producers, eq(producers.id, dossiers.producerId))
      .innerJoin(adminUnits, eq(adminUnits.id, dossiers.communeId))
      .where(inArray(roundDossiers.id, ids));
    const already = await tx.select({ rdId: certificates.roundDossierId }).from(certificates).where(inArray(certificates.roundDossierId, ids));
    const errors: FieldError[] = [];
    ids.forEach((id) => {
      const path = `roundDossierIds.${input.roundDossierIds.indexOf(id)}`;
      const r = rows.find((x) => x.rd.id === id);
      if (!r) return errors.push(fieldError(path, `Kết quả số ${id} chưa được Hội đồng chốt.`, `Result ${id} has not been finalised by a council.`));
      if (!unitContains(province.path, r.commune.path)) return errors.push(fieldError(path, `Hồ sơ "${r.product.name}" không thuộc tỉnh này.`, `"${r.product.name}" is not in this province.`));
      if (r.result.certifiable !== "true" || r.result.stars === null) return errors.push(fieldError(path, `"${r.product.name}" không đạt hạng sao được công nhận ở cấp này.`, `"${r.product.name}" reached no star recognised at this level.`));
      if (AUTHORITY_OF_LEVEL[r.level] !== input.authorityLevel) {
        return errors.push(fieldError(path, `Kết quả của "${r.product.name}" (Hội đồng ${r.level === "central" ? "trung ương" : "cấp tỉnh"}) phải do cơ quan ${r.level === "central" ? "trung ương" : "cấp tỉnh"} công nhận.`, `"${r.product.name}" was scored by the ${r.level} council and is recognised by the ${r.level} authority.`));
      }
      if (already.some((a) => a.rdId === id)) return errors.push(fieldError(path, `"${r.product.name}" đã được cấp giấy chứng nhận theo kết quả này.`, `A certificate was already issued on this result for "${r.product.name}".`));
      if (r.result.finalisedAt.toISOString().slice(0, 10) > input.decidedOn) return errors.push(fieldError(path, `Quyết định không thể ban hành trước ngày Hội đồng chốt kết quả của "${r.product.name}".`, `The decision cannot precede the council's result for "${r.product.name}".`));
      return undefined;
    });
    if (errors.length) throw validationError(errors, { vi: "Không có giấy chứng nhận nào được cấp.", en: "No certificate was issued." });

    const [decision] = await tx
      .insert(recognitionDecisions)
      .values({ unitId: province.id, number: input.number, decidedOn: input.decidedOn, authorityLevel: input.authorityLevel, authorityName: input.authorityName, signerName: input.signerName, signerTitle: input.signerTitle, createdBy: principal.userId, createdAt: ctx.now })
      .returning();
    const issued: number[] = [];
    const changed: number[] = [];
    for (const r of rows.sort((a, b) => a.rd.id - b.rd.id)) {
      const district = r.commune.parentId ? (await tx.select({ name: adminUnits.name, level: adminUnits.level }).from(adminUnits).where(eq(adminUnits.id, r.commune.parentId)))[0] : undefined;
      const previous = await currentCertificateOf(tx, r.product.id, input.decidedOn);
      const [cert] = await tx
        .insert(certificates)
        .values({
          decisionId: decision!.id,
          roundDossierId: r.rd.id,
          productId: r.product.id,
          producerId: r.producer.id,
          kind: r.dossier.kind,
          stars: r.result.stars!,
          score: r.result.officialScore ?? 0,
          rubricVersion: r.dossier.rubricVersion,
          criteriaSetId: r.dossier.criteriaSetId,
          decisionDate: input.decidedOn,
          productName: r.product.name,
          productCode: r.product.code,
          producerName: r.producer.name,
          communeId: r.commune.id,
          communeName: r.commune.name,
          districtName: district?.level === "district" ? district.name : null,
          provinceName: province.name,
          supersedesId: previous?.id ?? null,
          createdBy: principal.userId,
          createdAt: ctx.now,
        })
        .returning({ id: certificates.id });
      issued.push(cert!.id);
      await tx.insert(certificateEvents).values({ certificateId: cert!.id, kind: "issued", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: previous?.id ?? null, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
      if (previous) {
        if (r.dossier.kind === "reevaluation") {
          await tx.insert(certificateEvents).values({ certificateId: previous.id, kind: "reevaluation_decided", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: cert!.id, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
        }
        await tx.insert(certificateEvents).values({ certificateId: previous.id, kind: "superseded", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: cert!.id, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
        changed.push(previous.id);
      }
    }
    await audit(tx, ctx, { action: "certificate.decision", subjectType: "recognition_decision", subjectId: decision!.id, after: { ...input, certificateIds: issued, superseded: changed } });
    await certificatesChanged(tx, changed, ctx.now);
    return { ...decisionView(decision!), certificateIds: issued };
  });
}

function decisionView(d: typeof recognitionDecisions.$inferSelect): Omit<DecisionView, "certificateIds"> {
  return { id: d.id, number: d.number, decidedOn: d.decidedOn, authorityLevel: d.authorityLevel, authorityName: d.authorityName, signerName: d.signerName, signerTitle: d.signerTitle };
}

/** The product's latest certificate still in force (or suspended) on `day`, which a new one replaces. */
async function currentCertificateOf(tx: Tx, productId: number, day: string) {
  const rows = await tx.select().from(certificates).where(eq(certificates.productId, productId)).orderBy(desc(certificates.id));
  const events = await eventsOf(tx, rows.map((r) => r.id));
  return rows.find((r) => replaceable(stateOf(r, events.get(r.id) ?? [], day).status));
}

export async function getDecision({ ctx, input }: { ctx: ServiceCtx; input: { decisionId: number } }): Promise<DecisionView & { certificates: (typeof certificates.$inferSelect)[] }> {
  const [d] = await ctx.db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, input.decisionId)).limit(1);
  if (!d) throw notFound({ vi: "quyết định công nhận", en: "The recognition decision" });
  const certs = await ctx.db.select().from(certificates).where(eq(certificates.decisionId, d.id)).orderBy(asc(certificates.id));
  return { ...decisionView(d), certificateIds: certs.map((c) => c.id), certificates: certs };
}

/** Final results in the caller's province that are certifiable and have no certificate yet: what a decision can list. */
export async function pendingResults({ ctx }: { ctx: ServiceCtx }) {
  const principal = ctx.principal;
  if (!principal) throw unauthenticated();
  const rows = await ctx.db
    .select({ rdId: roundDossiers.id, level: evaluationRounds.level, stars: roundResults.stars, score: roundResults.officialScore, finalisedAt: roundResults.finalisedAt, productName: products.name, communePath: adminUnits.path, communeName: adminUnits.name, certId: certificates.id })
    .from(roundResults)
    .innerJoin(roundDossiers, eq(roundDossiers.id, roundResults.roundDossierId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, dossiers.communeId))
    .leftJoin(certificates, eq(certificates.roundDossierId, roundDossiers.id))
    .where(and(eq(roundResults.certifiable, "true"), ne(evaluationRounds.level, "district")))
    .orderBy(asc(roundResults.finalisedAt));
  return rows
    .filter((r) => r.certId === null && can(principal, "certificates.decide", { unitPath: r.communePath }))
    .map(({ communePath: _p, certId: _c, finalisedAt, ...r }) => ({ ...r, authorityLevel: AUTHORITY_OF_LEVEL[r.level]!, finalisedOn: finalisedAt.toISOString().slice(0, 10) }));
}
