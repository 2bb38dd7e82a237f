import { and, asc, desc, eq, inArray, max, ne } from "drizzle-orm";
import { can, unitContains, unitScopes } from "../../../auth/policy.js";
import type { WorkCounter } from "../../../web/work-queue.js";
import type { DbOrTx, Tx } from "../../../db/client.js";
import { vnToday } from "../../../lib/dates.js";
import { type FieldError, forbidden, notFound, unauthenticated, validationError, conflict } from "../../../lib/problem.js";
import type { ServiceCtx } from "../../../http/service-ctx.js";
import { audit } from "../../audit/index.js";
import { dossiers, evaluationRounds, resultAppeals, roundDossiers, roundResults } from "../../evaluation/schema.js";
import { producers } from "../../producers/schema.js";
import { products } from "../../products/schema.js";
import { adminUnits } from "../../units/schema.js";
import { eventsOf, stateOf } from "../queries.js";
import { IN_FORCE } from "../../../domain/certificate-status.js";
import { issuingAuthority } from "../../../domain/stars.js";
import { notifyProvinceOffice } from "./province-notices.js";
import { certificatesChanged } from "./changes.js";
import { issueCredentials } from "./credentials.js";
import type { DecisionInput, DecisionView } from "../inputs.js";
import { certificateEvents, certificates, recognitionDecisions, type AuthorityLevel } from "../schema.js";

const fieldError = (path: string, vi: string, en: string): FieldError => ({ path, message: en, vi, en });

/**
 * Who recognises which result (Art. 4.1, 7.3e, 7.4e, 7.4g): the authority follows the stars the result carries
 * (stars.ts `issuingAuthority`), not the council's level alone — the province's chairman recognises 3★ and 4★,
 * on a province council's result or on a central council's result below 90; the Ministry recognises 5★, which
 * only a central result carries. A district result carries no star and nobody certifies it.
 */
const authorityOf = (stars: number | null): AuthorityLevel | null => (stars === 3 || stars === 4 || stars === 5 ? issuingAuthority(stars).level : null);

/** Where a decision is recorded and who may record it: the province's unit for its own, the country unit for the Ministry's. */
const DECIDING_LEVEL: Record<AuthorityLevel, "province" | "country"> = { province: "province", central: "country" };

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
    const [unit] = await tx.select().from(adminUnits).where(eq(adminUnits.id, input.unitId)).limit(1);
    if (!unit || (unit.level !== "province" && unit.level !== "country") || !can(principal, "certificates.decide", { unitPath: unit.path })) {
      throw forbidden({ vi: "Bạn chỉ ghi quyết định công nhận của tỉnh mình (quyết định 5 sao: của Bộ Nông nghiệp và Môi trường).", en: "You record recognition decisions only for your own province (5-star decisions: the Ministry of Agriculture and Environment's)." });
    }
    if (DECIDING_LEVEL[input.authorityLevel] !== unit.level) {
      throw validationError([
        fieldError(
          "authorityLevel",
          unit.level === "province" ? "Tỉnh ban hành quyết định công nhận 3 sao, 4 sao (cấp tỉnh); quyết định 5 sao do Bộ Nông nghiệp và Môi trường ban hành." : "Bộ Nông nghiệp và Môi trường ban hành quyết định công nhận 5 sao (cấp trung ương).",
          unit.level === "province" ? "A province records its own 3- and 4-star decisions (province level); 5-star decisions are the Ministry's." : "The Ministry records 5-star decisions (central level).",
        ),
      ]);
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
    const latest = await latestAssignments(tx, rows.map((r) => r.dossier.id));
    const appealed = await underAppeal(tx, ids);
    const errors: FieldError[] = [];
    ids.forEach((id) => {
      const path = `roundDossierIds.${input.roundDossierIds.indexOf(id)}`;
      const r = rows.find((x) => x.rd.id === id);
      if (!r) return errors.push(fieldError(path, `Kết quả số ${id} chưa được Hội đồng chốt.`, `Result ${id} has not been finalised by a council.`));
      // The Ministry decides on what provinces sent it (a central result); a province on its own products only.
      if (unit.level === "province" ? !unitContains(unit.path, r.commune.path) : r.level !== "central") return errors.push(fieldError(path, unit.level === "province" ? `Hồ sơ "${r.product.name}" không thuộc tỉnh này.` : `"${r.product.name}" không có kết quả của Hội đồng cấp trung ương.`, unit.level === "province" ? `"${r.product.name}" is not in this province.` : `"${r.product.name}" has no central council result.`));
      const authority = authorityOf(r.result.stars);
      if (r.result.certifiable !== "true" || authority === null) {
        const proposed = r.result.forwardTo === "central";
        return errors.push(
          fieldError(
            path,
            proposed ? `"${r.product.name}" đạt từ 90 điểm: kết quả được phê duyệt và đề nghị Trung ương đánh giá 5 sao, cấp tỉnh không cấp giấy chứng nhận (Điều 7.3e).` : `"${r.product.name}" không đạt hạng sao được công nhận ở cấp này.`,
            proposed ? `"${r.product.name}" scored 90 or more: the result is approved and proposed to the central level for 5 stars; the province issues no certificate on it (Art. 7.3e).` : `"${r.product.name}" reached no star recognised at this level.`,
          ),
        );
      }
      if (authority !== input.authorityLevel) {
        const who = authority === "central" ? { vi: "Bộ Nông nghiệp và Môi trường (5 sao)", en: "the Ministry (5 stars)" } : { vi: "Chủ tịch UBND cấp tỉnh (3 sao, 4 sao)", en: "the provincial chairman (3 or 4 stars)" };
        return errors.push(fieldError(path, `Kết quả ${r.result.stars} sao của "${r.product.name}" do ${who.vi} công nhận.`, `The ${r.result.stars}-star result of "${r.product.name}" is recognised by ${who.en}.`));
      }
      // A dossier sent on since this result (Art. 7.4g: the province chose its own evaluation over the central result) is recognised on its later result.
      if (r.dossier.state !== "decided" || (latest.get(r.dossier.id) ?? id) > id) return errors.push(fieldError(path, `Hồ sơ "${r.product.name}" đã được đánh giá lại sau kết quả này; công nhận theo kết quả mới.`, `"${r.product.name}" has been sent for evaluation again since this result; it is recognised on the later result.`));
      if (appealed.has(id)) return errors.push(fieldError(path, `Kết quả của "${r.product.name}" đang bị khiếu nại, chờ cơ quan giải quyết.`, `The result of "${r.product.name}" is under an appeal awaiting the office's decision.`));
      if (already.some((a) => a.rdId === id)) return errors.push(fieldError(path, `"${r.product.name}" đã được cấp giấy chứng nhận theo kết quả này.`, `A certificate was already issued on this result for "${r.product.name}".`));
      if (r.result.finalisedAt.toISOString().slice(0, 10) > input.decidedOn) return errors.push(fieldError(path, `Quyết định không thể ban hành trước ngày Hội đồng chốt kết quả của "${r.product.name}".`, `The decision cannot precede the council's result for "${r.product.name}".`));
      return undefined;
    });
    if (errors.length) throw validationError(errors, { vi: "Không có giấy chứng nhận nào được cấp.", en: "No certificate was issued." });

    const [decision] = await tx
      .insert(recognitionDecisions)
      .values({ unitId: unit.id, number: input.number, decidedOn: input.decidedOn, authorityLevel: input.authorityLevel, authorityName: input.authorityName, signerName: input.signerName, signerTitle: input.signerTitle, createdBy: principal.userId, createdAt: ctx.now })
      .returning();
    const issued: number[] = [];
    const changed: number[] = [];
    for (const r of rows.sort((a, b) => a.rd.id - b.rd.id)) {
      // The certificate names the product's province: the deciding unit for a province decision, the commune's
      // province (the first unit of its path) for the Ministry's.
      const provinceId = Number(r.commune.path.split(".")[0]);
      const province = unit.level === "province" ? unit : (await tx.select().from(adminUnits).where(eq(adminUnits.id, provinceId)))[0]!;
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
          basisLevel: r.level === "central" ? "central" : "province",
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
      if (input.authorityLevel === "central") {
        // Art. 7.4g: the Ministry tells the province the outcome; audited with the decision below.
        await notifyProvinceOffice(tx, {
          provinceId: province.id,
          kind: "central_decision",
          certificateId: cert!.id,
          text: { vi: `Bộ Nông nghiệp và Môi trường công nhận "${r.product.name}" đạt OCOP 5 sao (Quyết định số ${input.number} ngày ${input.decidedOn}).`, en: `The Ministry of Agriculture and Environment recognised "${r.product.name}" as a 5-star OCOP product (decision ${input.number} of ${input.decidedOn}).` },
          dedupeKey: `central_decision:${cert!.id}`,
          now: ctx.now,
        });
      }
      await tx.insert(certificateEvents).values({ certificateId: cert!.id, kind: "issued", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: previous?.id ?? null, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
      if (previous) {
        if (r.dossier.kind === "reevaluation") {
          await tx.insert(certificateEvents).values({ certificateId: previous.id, kind: "reevaluation_decided", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: cert!.id, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
        }
        await tx.insert(certificateEvents).values({ certificateId: previous.id, kind: "superseded", on: input.decidedOn, decisionNumber: input.number, relatedCertificateId: cert!.id, relatedDossierId: r.dossier.id, actorId: principal.userId, at: ctx.now });
        changed.push(previous.id);
      }
    }
    // Each new certificate's verifiable credential, signed and stored with it (issue 19).
    await issueCredentials(tx, issued, ctx.now);
    await audit(tx, ctx, { action: "certificate.decision", subjectType: "recognition_decision", subjectId: decision!.id, after: { ...input, certificateIds: issued, superseded: changed } });
    await certificatesChanged(tx, changed, ctx.now);
    return { ...decisionView(decision!), certificateIds: issued };
  });
}

/** Results under an appeal the office has not decided: not recognised until it is (evaluation's appeals). */
async function underAppeal(db: DbOrTx, rdIds: number[]): Promise<Set<number>> {
  if (!rdIds.length) return new Set();
  const rows = await db.select({ rdId: resultAppeals.roundDossierId }).from(resultAppeals).where(and(inArray(resultAppeals.roundDossierId, rdIds), eq(resultAppeals.state, "filed")));
  return new Set(rows.map((r) => r.rdId));
}

/** Each dossier's latest assignment to a round. */
async function latestAssignments(db: DbOrTx, dossierIds: number[]): Promise<Map<number, number>> {
  if (!dossierIds.length) return new Map();
  const rows = await db.select({ dossierId: roundDossiers.dossierId, id: max(roundDossiers.id) }).from(roundDossiers).where(inArray(roundDossiers.dossierId, dossierIds)).groupBy(roundDossiers.dossierId);
  return new Map(rows.map((r) => [r.dossierId, r.id ?? 0]));
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
  const [country] = await ctx.db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.level, "country")).limit(1);
  const rows = await ctx.db
    .select({ rdId: roundDossiers.id, dossierId: roundDossiers.dossierId, dossierState: dossiers.state, level: evaluationRounds.level, stars: roundResults.stars, score: roundResults.officialScore, finalisedAt: roundResults.finalisedAt, productName: products.name, communePath: adminUnits.path, communeName: adminUnits.name, certId: certificates.id })
    .from(roundResults)
    .innerJoin(roundDossiers, eq(roundDossiers.id, roundResults.roundDossierId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .innerJoin(dossiers, eq(dossiers.id, roundDossiers.dossierId))
    .innerJoin(products, eq(products.id, dossiers.productId))
    .innerJoin(adminUnits, eq(adminUnits.id, dossiers.communeId))
    .leftJoin(certificates, eq(certificates.roundDossierId, roundDossiers.id))
    .where(and(eq(roundResults.certifiable, "true"), ne(evaluationRounds.level, "district")))
    .orderBy(asc(roundResults.finalisedAt));
  // Each result is listed for whoever recognises it: a 5★ for the Ministry (the country unit), a 3★/4★ for the
  // office of the province it lies in, whichever council's result it is.
  const latest = await latestAssignments(ctx.db, [...new Set(rows.map((r) => r.dossierId))]);
  const appealed = await underAppeal(ctx.db, rows.map((r) => r.rdId));
  return rows
    .filter((r) => !appealed.has(r.rdId))
    .map((r) => ({ ...r, authorityLevel: authorityOf(r.stars) }))
    .filter((r): r is typeof r & { authorityLevel: AuthorityLevel } => r.certId === null && r.authorityLevel !== null && r.dossierState === "decided" && (latest.get(r.dossierId) ?? r.rdId) <= r.rdId)
    .filter((r) => can(principal, "certificates.decide", { unitPath: r.authorityLevel === "central" ? (country?.path ?? "") : r.communePath }))
    .map(({ communePath: _p, certId: _c, dossierId: _d, dossierState: _s, finalisedAt, ...r }) => ({ ...r, finalisedOn: finalisedAt.toISOString().slice(0, 10) }));
}

/** The home page's count: council results awaiting the principal's recognition decision, as /certificates lists them. */
export const decisionsWaiting: WorkCounter = async (ctx) => {
  if (!unitScopes(ctx.principal, "certificates.decide").length) return [];
  return [{ href: "/certificates#pending", label: { vi: "kết quả đánh giá chờ quyết định công nhận", en: "council results awaiting a recognition decision" }, count: (await pendingResults({ ctx })).length }];
};
