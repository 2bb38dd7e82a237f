import { and, asc, desc, eq, ilike, inArray, or, sql } from "drizzle-orm";
import { criteriaSetLabel } from "../../domain/product-categories.js";
import { REVOCATION_GROUNDS, reevaluationWindow } from "../../domain/certificate-status.js";
import type { DbOrTx } from "../../db/client.js";
import { vnToday } from "../../lib/dates.js";
import { formatDate } from "../../lib/i18n.js";
import { notFound } from "../../lib/problem.js";
import { producers } from "../producers/schema.js";
import { adminUnits } from "../units/schema.js";
import { communeToday, eventsOf, loadCertificate, stateOf, type CertificateEventRow } from "./certificate-state.js";
import type { CertificatePublic, RegistryItem, RegistryQuery } from "./inputs.js";
import { certificates, recognitionDecisions } from "./schema.js";

/*
 * What anyone may see of a certificate (GET /c/{id}, the registry, stamps): what the recognition decision
 * publishes — product, producer, place, stars, score, authority, validity and status — and the history of
 * dated facts with their legal grounds. Never a member's score, never a contact the producer did not publish,
 * never the free-text notes of an office.
 */

const LABELS: Record<CertificateEventRow["kind"], { vi: string; en: string }> = {
  issued: { vi: "Cấp giấy chứng nhận", en: "Issued" },
  suspended: { vi: "Tạm dừng hiệu lực", en: "Suspended" },
  suspension_lifted: { vi: "Hết tạm dừng, có hiệu lực trở lại", en: "Suspension lifted" },
  revoked: { vi: "Thu hồi", en: "Revoked" },
  superseded: { vi: "Được thay thế bằng giấy chứng nhận mới", en: "Superseded by a new certificate" },
  reevaluation_filed: { vi: "Nộp hồ sơ đánh giá, phân hạng lại", en: "Re-evaluation filed" },
  reevaluation_decided: { vi: "Có kết quả đánh giá, phân hạng lại", en: "Re-evaluation decided" },
};

function historyDetail(e: CertificateEventRow): { vi: string; en: string } | null {
  switch (e.kind) {
    case "issued":
      return { vi: `Quyết định số ${e.decisionNumber ?? ""}`, en: `Decision ${e.decisionNumber ?? ""}` };
    case "revoked": {
      const g = REVOCATION_GROUNDS.find((x) => x.id === e.ground);
      return { vi: `${e.decisionNumber ?? ""}. Căn cứ: Điều 8 khoản 1 điểm ${g?.point ?? "?"} — ${g?.vi ?? ""}`, en: `${e.decisionNumber ?? ""}. Ground: Art. 8.1(${g?.point ?? "?"}) — ${g?.en ?? ""}` };
    }
    case "suspended":
      return e.through ? { vi: `Đến hết ngày ${formatDate(e.through)}`, en: `Through ${formatDate(e.through)}` } : { vi: "Trong thời gian kiểm tra, xác minh", en: "While an inspection is under way" };
    case "superseded":
      return { vi: `Giấy chứng nhận số ${e.relatedCertificateId}`, en: `Certificate ${e.relatedCertificateId}` };
    default:
      return null;
  }
}

export async function publicCertificate(db: DbOrTx, id: number, now: Date, baseUrl: string): Promise<CertificatePublic> {
  const c = await loadCertificate(db, id);
  if (!c) throw notFound({ vi: "giấy chứng nhận", en: "The certificate" });
  const today = vnToday(now);
  const state = stateOf(c.cert, c.events, today);
  const [p] = await db.select().from(producers).where(eq(producers.id, c.cert.producerId)).limit(1);
  const open = p?.publicContacts ?? false;
  const [next] = await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.supersedesId, c.cert.id)).orderBy(asc(certificates.id)).limit(1);
  const term = { decisionDate: c.cert.decisionDate, ...(c.cert.expiresOn ? { expiresOn: c.cert.expiresOn } : {}) };
  return {
    id: c.cert.id,
    url: `${baseUrl}/c/${c.cert.id}`,
    product: { id: c.cert.productId, name: c.cert.productName, code: c.cert.productCode, group: c.cert.criteriaSetId, groupLabel: { vi: criteriaSetLabel(c.cert.criteriaSetId, "vi"), en: criteriaSetLabel(c.cert.criteriaSetId, "en") } },
    producer: { id: c.cert.producerId, name: c.cert.producerName, address: p?.address ?? null, phone: open ? (p?.phone ?? null) : null, email: open ? (p?.email ?? null) : null, website: p?.website ?? null },
    place: { commune: c.cert.communeName, district: c.cert.districtName, province: c.cert.provinceName, communeToday: await communeToday(db, c.cert.communeId, today) },
    stars: c.cert.stars,
    score: c.cert.score,
    rubricVersion: c.cert.rubricVersion,
    kind: c.cert.kind,
    decision: { number: c.decision.number, decidedOn: c.decision.decidedOn, authorityLevel: c.decision.authorityLevel, authorityName: c.decision.authorityName, signer: `${c.decision.signerTitle} ${c.decision.signerName}` },
    validity: { from: state.term.validFrom, through: state.term.validThrough, validUntil: state.validUntil, extended: state.extended, reevaluationWindow: reevaluationWindow(term) },
    status: state.status,
    statusLabel: state.label,
    explanation: state.explanation,
    supersedes: c.cert.supersedesId,
    supersededBy: next?.id ?? null,
    history: c.events.map((e) => ({ kind: e.kind, on: e.on, label: LABELS[e.kind], detail: historyDetail(e) })),
  };
}

/**
 * The public registry of certified products. Name, place, group and stars filter in SQL; the status is derived
 * per certificate, so a status filter is applied after (the registry of one province is thousands of rows).
 */
export async function searchRegistry(db: DbOrTx, q: RegistryQuery, now: Date): Promise<{ items: RegistryItem[]; total: number }> {
  const today = vnToday(now);
  let unitIds: number[] | undefined;
  if (q.unitId) {
    const [u] = await db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, q.unitId)).limit(1);
    unitIds = u ? (await db.select({ id: adminUnits.id }).from(adminUnits).where(or(eq(adminUnits.path, u.path), sql`${adminUnits.path} like ${u.path + ".%"}`))).map((x) => x.id) : [];
  }
  const words = (q.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
  const where = and(
    ...words.map((w) => or(ilike(certificates.productName, `%${w.replace(/[%_\\]/g, "\\$&")}%`), ilike(certificates.producerName, `%${w.replace(/[%_\\]/g, "\\$&")}%`))),
    unitIds ? (unitIds.length ? inArray(certificates.communeId, unitIds) : sql`false`) : undefined,
    q.group ? eq(certificates.criteriaSetId, q.group) : undefined,
    q.stars ? eq(certificates.stars, q.stars) : undefined,
  );
  const rows = await db.select().from(certificates).innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId)).where(where).orderBy(desc(certificates.decisionDate), desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.certificates.id));
  const all = rows
    .map(({ certificates: c }) => {
      const s = stateOf(c, events.get(c.id) ?? [], today);
      return { id: c.id, productName: c.productName, producerName: c.producerName, commune: c.communeName, district: c.districtName, group: c.criteriaSetId, stars: c.stars, status: s.status, statusLabel: s.label, decidedOn: c.decisionDate, validUntil: s.validUntil };
    })
    .filter((i) => !q.status || i.status === q.status);
  return { items: all.slice(q.offset, q.offset + q.limit), total: all.length };
}
