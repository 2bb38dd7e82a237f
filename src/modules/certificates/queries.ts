import { and, asc, desc, eq, ilike, inArray, lte, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { withinUnits } from "../../auth/unit-filter.js";
import type { DbOrTx } from "../../db/client.js";
import { certificateStatus, IN_FORCE, REVOCATION_GROUNDS, standingCertificate, reevaluationWindow, type CertificateEvent, type CertificateState, type RevocationGroundId } from "../../domain/certificate-status.js";
import { criteriaSet, criteriaSetLabel, PRODUCT_KIND_LABELS, PRODUCT_KINDS } from "../../domain/product-categories.js";
import { vnToday } from "../../lib/dates.js";
import { formatDate } from "../../lib/i18n.js";
import { notFound } from "../../lib/problem.js";
import { producers } from "../producers/schema.js";
import { adminUnits, adminUnitSuccessions } from "../units/schema.js";
import type { CertificatePublic, InForceFigures, OfficeCertificateList, OfficeCertificateQuery, RegistryItem, RegistryQuery } from "./inputs.js";
import { certificateCredentials, certificateEvents, certificates, credentialKeys, inspections, recognitionDecisions, statusLists, type StatusPurpose } from "./schema.js";

/*
 * The bridge between the stored rows and certificate-status.ts: every page, API, stamp and webhook that needs a
 * certificate's status gets it from `stateOf`, which only translates events; the rule lives in the domain.
 */

export type CertificateRow = typeof certificates.$inferSelect;
export type CertificateEventRow = typeof certificateEvents.$inferSelect;
export type DecisionRow = typeof recognitionDecisions.$inferSelect;
export type LoadedCertificate = { cert: CertificateRow; decision: DecisionRow; events: CertificateEventRow[] };

export function toDomainEvents(rows: readonly CertificateEventRow[]): CertificateEvent[] {
  const out: CertificateEvent[] = [];
  for (const e of rows) {
    switch (e.kind) {
      case "suspended":
        out.push({ kind: "suspended", from: e.on, through: e.through });
        break;
      case "suspension_lifted":
        out.push({ kind: "suspension_lifted", on: e.on });
        break;
      case "revoked":
        out.push({ kind: "revoked", effective: e.on, ground: e.ground as RevocationGroundId });
        break;
      case "superseded":
        out.push({ kind: "superseded", on: e.on, by: String(e.relatedCertificateId ?? "") });
        break;
      case "reevaluation_filed":
        out.push({ kind: "reevaluation_filed", on: e.on });
        break;
      case "reevaluation_decided":
        out.push({ kind: "reevaluation_decided", on: e.on });
        break;
      case "issued":
        break;
    }
  }
  return out;
}

export function stateOf(cert: CertificateRow, events: readonly CertificateEventRow[], today: string): CertificateState {
  return certificateStatus({ decisionDate: cert.decisionDate, ...(cert.expiresOn ? { expiresOn: cert.expiresOn } : {}) }, toDomainEvents(events), today);
}

export async function loadCertificate(db: DbOrTx, id: number): Promise<LoadedCertificate | undefined> {
  const [row] = await db.select({ cert: certificates, decision: recognitionDecisions }).from(certificates).innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId)).where(eq(certificates.id, id)).limit(1);
  if (!row) return undefined;
  const events = await db.select().from(certificateEvents).where(eq(certificateEvents.certificateId, id)).orderBy(asc(certificateEvents.id));
  return { ...row, events };
}

/** Events of many certificates at once, grouped by certificate (for lists, the registry and the daily job). */
export async function eventsOf(db: DbOrTx, ids: readonly number[]): Promise<Map<number, CertificateEventRow[]>> {
  const out = new Map<number, CertificateEventRow[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  for (const e of await db.select().from(certificateEvents).where(inArray(certificateEvents.certificateId, [...ids])).orderBy(asc(certificateEvents.id))) out.get(e.certificateId)!.push(e);
  return out;
}

/** Status and stars today of the given certificates, with their public path: what watches and stamps compare. */
export async function currentStates(db: DbOrTx, ids: readonly number[], now: Date): Promise<Map<number, { status: string; stars: number; publicUrl: string; state: CertificateState }>> {
  const today = vnToday(now);
  const rows = ids.length ? await db.select().from(certificates).where(inArray(certificates.id, [...ids])) : [];
  const events = await eventsOf(db, rows.map((r) => r.id));
  return new Map(rows.map((r) => {
    const state = stateOf(r, events.get(r.id) ?? [], today);
    return [r.id, { status: state.status, stars: r.stars, publicUrl: `/c/${r.id}`, state }];
  }));
}

/**
 * Today's name for the commune a certificate was issued in: the same unit while it exists, or the unit(s) it
 * was merged into by a reform (shown beside the old names, which the certificate keeps as they were).
 */
export async function communeToday(db: DbOrTx, communeId: number, today: string): Promise<string | null> {
  const [unit] = await db.select({ name: adminUnits.name, validTo: adminUnits.validTo }).from(adminUnits).where(eq(adminUnits.id, communeId)).limit(1);
  if (!unit) return null;
  if (unit.validTo === null || unit.validTo > today) return null;
  const next = await db
    .select({ name: adminUnits.name })
    .from(adminUnitSuccessions)
    .innerJoin(adminUnits, eq(adminUnits.id, adminUnitSuccessions.successorId))
    .where(and(eq(adminUnitSuccessions.predecessorId, communeId), lte(adminUnitSuccessions.effectiveDate, today)));
  return next.length ? next.map((n) => n.name).join(", ") : null;
}

/** The product's newest certificate with its state today, preferring one in force. */
export async function productCertificate(db: DbOrTx, productId: number, now: Date): Promise<{ cert: CertificateRow; state: CertificateState } | undefined> {
  const today = vnToday(now);
  const rows = await db.select().from(certificates).where(eq(certificates.productId, productId)).orderBy(desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.id));
  const all = rows.map((cert) => ({ cert, state: stateOf(cert, events.get(cert.id) ?? [], today) }));
  return standingCertificate(all, (x) => x.state.status);
}

/** Status and stars today, with the public path, of the given certificates: what watches compare against. */
export async function certificateStatusNow(db: DbOrTx, certificateIds: number[], now: Date): Promise<Map<number, { status: string; stars: number; publicUrl: string }>> {
  const states = await currentStates(db, certificateIds, now);
  return new Map([...states].map(([id, s]) => [id, { status: s.status, stars: s.stars, publicUrl: s.publicUrl }]));
}

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
    basis: { level: c.cert.basisLevel, label: BASIS_LABELS[c.cert.basisLevel] },
    rubricVersion: c.cert.rubricVersion,
    kind: c.cert.kind,
    decision: { number: c.decision.number, decidedOn: c.decision.decidedOn, authorityLevel: c.decision.authorityLevel, authorityName: c.decision.authorityName, signer: `${c.decision.signerTitle} ${c.decision.signerName}` },
    validity: { from: state.term.validFrom, through: state.term.expiresOn, validUntil: state.validUntil, extended: state.extended, reevaluationWindow: reevaluationWindow(term) },
    status: state.status,
    statusLabel: state.label,
    explanation: state.explanation,
    supersedes: c.cert.supersedesId,
    supersededBy: next?.id ?? null,
    history: c.events.map((e) => ({ kind: e.kind, on: e.on, label: LABELS[e.kind], detail: historyDetail(e) })),
    inspections: await inspectionSummaries(db, c.cert.id),
    credential: { url: `${baseUrl}/c/${c.cert.id}/credential.jwt`, mediaType: "application/vc+jwt" },
  };
}

const CONCLUSION_LABELS = {
  keep: { vi: "Sản phẩm duy trì các tiêu chí: giữ công nhận", en: "The product keeps the criteria: recognition kept" },
  request_reevaluation: { vi: "Đề nghị đánh giá, phân hạng lại", en: "Re-evaluation requested" },
  propose_revocation: { vi: "Đề nghị thu hồi giấy chứng nhận", en: "Revocation proposed" },
} as const;
const GROUND_LABELS = {
  periodic: { vi: "Kiểm tra định kỳ", en: "Periodic inspection" },
  ad_hoc: { vi: "Kiểm tra đột xuất", en: "Ad hoc inspection" },
  complaint_quality: { vi: "Kiểm tra đột xuất theo phản ánh về chất lượng sản phẩm", en: "Ad hoc, on a complaint about quality" },
  complaint_labelling: { vi: "Kiểm tra đột xuất theo phản ánh về nhãn hàng hóa", en: "Ad hoc, on a complaint about labelling" },
  complaint_stamp: { vi: "Kiểm tra đột xuất theo phản ánh tem OCOP dán sai sản phẩm", en: "Ad hoc, on a complaint about a stamp on the wrong product" },
  complaint_other: { vi: "Kiểm tra đột xuất theo phản ánh của người tiêu dùng", en: "Ad hoc, on a consumer's complaint" },
} as const;

/**
 * The public summary of each concluded inspection (Art. 9; published as Rainforest Alliance publishes audit
 * summaries): its ground, conclusion and date. Never the team, the findings' text, the office's note or who
 * complained.
 */
export async function inspectionSummaries(db: DbOrTx, certificateId: number): Promise<CertificatePublic["inspections"]> {
  const rows = await db.select({ id: inspections.id, kind: inspections.kind, ground: inspections.ground, conclusion: inspections.conclusion, concludedOn: inspections.concludedOn }).from(inspections).where(eq(inspections.certificateId, certificateId)).orderBy(asc(inspections.id));
  return rows
    .filter((r) => r.conclusion !== null && r.concludedOn !== null)
    .map((r) => ({ id: r.id, concludedOn: r.concludedOn!, conclusion: r.conclusion!, conclusionLabel: CONCLUSION_LABELS[r.conclusion!], ground: r.ground ?? r.kind, groundLabel: GROUND_LABELS[r.ground ?? r.kind] }));
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

/** The provinces among the given unit paths (the office's scopes), for the decision form. */
export function provincesIn(db: DbOrTx, paths: string[]): Promise<{ id: number; name: string }[]> {
  // The country unit is where the Ministry's decisions are recorded (its office decides there, Art. 7.4e).
  return db.select({ id: adminUnits.id, name: adminUnits.name }).from(adminUnits).where(and(inArray(adminUnits.path, paths), inArray(adminUnits.level, ["province", "country"])));
}

const BASIS_LABELS = {
  province: { vi: "Căn cứ kết quả đánh giá của Hội đồng cấp tỉnh", en: "On the provincial council's result" },
  central: { vi: "Căn cứ kết quả đánh giá của Hội đồng cấp trung ương", en: "On the central council's result" },
} as const;

/** The path of a unit (the province that recognised a certificate), for the permission check. */
export async function unitPath(db: DbOrTx, unitId: number): Promise<string | undefined> {
  const [unit] = await db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, unitId));
  return unit?.path;
}

/** The certificate an inspection is about. */
export async function inspectionCertificateId(db: DbOrTx, inspectionId: number): Promise<number | undefined> {
  const [row] = await db.select({ certificateId: inspections.certificateId }).from(inspections).where(eq(inspections.id, inspectionId)).limit(1);
  return row?.certificateId;
}

/** A recognition decision's row, as its annex prints it. */
export async function decisionRow(db: DbOrTx, decisionId: number): Promise<DecisionRow | undefined> {
  const [row] = await db.select().from(recognitionDecisions).where(eq(recognitionDecisions.id, decisionId));
  return row;
}

const like = (w: string) => `%${w.replace(/[%_\\]/g, "\\$&")}%`;
const communeUnit = alias(adminUnits, "cert_commune");

/**
 * The office's certificates: those issued in a commune inside its scopes (a province's office sees its
 * province's, including those of the communes merged away by the reform). Words match the product's name or
 * code or the producer's name; a unit takes in the communes under it; the year is the decision's. The status
 * is derived per certificate (certificate-status.ts), so it filters after, and `byStatus` counts the matches
 * of the other filters per status for the list's summary.
 */
export async function listOfficeCertificates(db: DbOrTx, scopes: readonly string[], q: OfficeCertificateQuery, now: Date): Promise<OfficeCertificateList> {
  const today = vnToday(now);
  let unitPath: string | undefined;
  if (q.unitId) {
    const [u] = await db.select({ path: adminUnits.path }).from(adminUnits).where(eq(adminUnits.id, q.unitId)).limit(1);
    unitPath = u?.path ?? "-";
  }
  const words = (q.q ?? "").split(/\s+/).filter(Boolean).slice(0, 8);
  const where = and(
    withinUnits(communeUnit.path, scopes),
    unitPath ? or(eq(communeUnit.path, unitPath), sql`${communeUnit.path} like ${unitPath + ".%"}`) : undefined,
    ...words.map((w) => or(ilike(certificates.productName, like(w)), ilike(certificates.productCode, like(w)), ilike(certificates.producerName, like(w)))),
    q.stars ? eq(certificates.stars, q.stars) : undefined,
    q.year ? sql`extract(year from ${certificates.decisionDate}) = ${q.year}` : undefined,
  );
  const rows = await db
    .select({ c: certificates, number: recognitionDecisions.number })
    .from(certificates)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, certificates.decisionId))
    .innerJoin(communeUnit, eq(communeUnit.id, certificates.communeId))
    .where(where)
    .orderBy(desc(certificates.decisionDate), desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.c.id));
  const all = rows.map(({ c, number }) => {
    const s = stateOf(c, events.get(c.id) ?? [], today);
    return { id: c.id, productId: c.productId, productName: c.productName, productCode: c.productCode, producerName: c.producerName, commune: c.communeName, district: c.districtName, stars: c.stars, decisionNumber: number, decidedOn: c.decisionDate, validUntil: s.validUntil, status: s.status, statusLabel: s.label };
  });
  const byStatus: Record<string, number> = {};
  for (const i of all) byStatus[i.status] = (byStatus[i.status] ?? 0) + 1;
  const matching = q.status ? all.filter((i) => i.status === q.status) : all;
  return { items: matching.slice(q.offset, q.offset + q.limit), total: matching.length, byStatus };
}

/**
 * The units an office may filter its certificates by: the communes its certificates were issued in (old ones
 * too, as the certificates name them) and the districts above them, districts first.
 */
export async function certificateUnits(db: DbOrTx, scopes: readonly string[], today: string): Promise<{ id: number; name: string; level: string; ended: boolean }[]> {
  const communes = await db
    .selectDistinct({ id: communeUnit.id, name: communeUnit.name, level: communeUnit.level, validTo: communeUnit.validTo, parentId: communeUnit.parentId })
    .from(certificates)
    .innerJoin(communeUnit, eq(communeUnit.id, certificates.communeId))
    .where(withinUnits(communeUnit.path, scopes));
  const parentIds = [...new Set(communes.map((c) => c.parentId).filter((x): x is number => x !== null))];
  const districts = parentIds.length ? await db.select({ id: adminUnits.id, name: adminUnits.name, level: adminUnits.level, validTo: adminUnits.validTo }).from(adminUnits).where(and(inArray(adminUnits.id, parentIds), eq(adminUnits.level, "district"))) : [];
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "vi");
  return [...districts.sort(byName), ...communes.sort(byName)].map((r) => ({ id: r.id, name: r.name, level: r.level, ended: r.validTo !== null && r.validTo <= today }));
}

/** The years in which certificates in the scopes were decided, newest first. */
export async function certificateYears(db: DbOrTx, scopes: readonly string[]): Promise<number[]> {
  const rows = await db
    .selectDistinct({ y: sql<number>`extract(year from ${certificates.decisionDate})::int` })
    .from(certificates)
    .innerJoin(communeUnit, eq(communeUnit.id, certificates.communeId))
    .where(withinUnits(communeUnit.path, scopes));
  return rows.map((r) => Number(r.y)).sort((a, b) => b - a);
}

// ---- certificates in force, for figures (the dashboard, the registry's open figures) -----------------------

/** A certificate in force on a day, with what figures group it by. */
export type InForceCertificate = {
  id: number;
  productId: number;
  productName: string;
  stars: number;
  criteriaSetId: number;
  communeId: number;
  communeName: string;
  districtName: string | null;
  status: string;
  /** The last day of its 36 months (certificateTerm), and the last day it is in force on the facts known. */
  expiresOn: string;
  validUntil: string;
};

/*
 * Which certificates can be in force on a day, said in SQL only to narrow what is read: the status of every one
 * read is still decided by certificateStatus, so the rule stays in one place. Each condition is one
 * certificate-status.ts states: a certificate is pending before its decision date; revoked or superseded once such
 * an event has taken effect (both rank before every other status); and past its 36 months (counted here with a day
 * to spare, from the decision date or the stated expiry) in force only through the extension of a re-evaluation
 * filed, at most 180 days more. A province's page then derives the status of the certificates standing today, not of
 * every one ever issued.
 */
const MAY_BE_EXTENDED_DAYS = 200;

function mayBeInForce(asOf: string) {
  const ended = sql`(select 1 from ${certificateEvents} e where e.certificate_id = ${certificates.id} and e.kind in ('revoked', 'superseded') and e."on" <= ${asOf}::date)`;
  const filed = sql`(select 1 from ${certificateEvents} e where e.certificate_id = ${certificates.id} and e.kind = 'reevaluation_filed')`;
  const termEnd = sql`coalesce(${certificates.expiresOn}, (${certificates.decisionDate} + interval '36 months')::date)`;
  return and(
    lte(certificates.decisionDate, asOf),
    sql`not exists ${ended}`,
    or(sql`${termEnd} >= ${asOf}::date`, sql`(exists ${filed} and ${termEnd} + ${sql.raw(String(MAY_BE_EXTENDED_DAYS))} >= ${asOf}::date)`),
  );
}

/**
 * The certificates in force (IN_FORCE: valid, expiring, suspended) on `asOf` whose commune lies within `paths`
 * (each a unit path; the commune itself or below), or all of them when `paths` is null. Two queries whatever
 * the number: the candidate certificates, then their events.
 */
export async function certificatesInForce(db: DbOrTx, asOf: string, paths: readonly string[] | null): Promise<InForceCertificate[]> {
  const candidate = and(mayBeInForce(asOf), paths ? withinUnits(communeUnit.path, paths) : undefined);
  const rows = await db
    .select({
      id: certificates.id,
      productId: certificates.productId,
      productName: certificates.productName,
      stars: certificates.stars,
      criteriaSetId: certificates.criteriaSetId,
      communeId: certificates.communeId,
      communeName: certificates.communeName,
      districtName: certificates.districtName,
      decisionDate: certificates.decisionDate,
      expiresOn: certificates.expiresOn,
    })
    .from(certificates)
    .innerJoin(communeUnit, eq(communeUnit.id, certificates.communeId))
    .where(candidate);
  if (!rows.length) return [];
  // Only events that change a status (not "issued", one per certificate), for the same candidates by a join.
  const events = await db
    .select({ e: certificateEvents })
    .from(certificateEvents)
    .innerJoin(certificates, eq(certificates.id, certificateEvents.certificateId))
    .innerJoin(communeUnit, eq(communeUnit.id, certificates.communeId))
    .where(and(candidate, sql`${certificateEvents.kind} <> 'issued'`))
    .orderBy(asc(certificateEvents.id));
  const byCert = new Map<number, CertificateEventRow[]>();
  for (const { e } of events) (byCert.get(e.certificateId) ?? byCert.set(e.certificateId, []).get(e.certificateId)!).push(e);
  const out: InForceCertificate[] = [];
  for (const r of rows) {
    const s = certificateStatus({ decisionDate: r.decisionDate, ...(r.expiresOn ? { expiresOn: r.expiresOn } : {}) }, toDomainEvents(byCert.get(r.id) ?? []), asOf);
    if (!IN_FORCE.has(s.status)) continue;
    out.push({ id: r.id, productId: r.productId, productName: r.productName, stars: r.stars, criteriaSetId: r.criteriaSetId, communeId: r.communeId, communeName: r.communeName, districtName: r.districtName, status: s.status, expiresOn: s.term.expiresOn, validUntil: s.validUntil });
  }
  return out;
}

/** Products in force counted three ways; a product counts once, by its newest certificate in force. */
export function inForceFigures(list: readonly InForceCertificate[]): InForceFigures {
  const newest = new Map<number, InForceCertificate>();
  for (const c of list) {
    const had = newest.get(c.productId);
    if (!had || had.id < c.id) newest.set(c.productId, c);
  }
  const certs = [...newest.values()];
  const count = <K>(key: (c: InForceCertificate) => K) => {
    const m = new Map<K, { first: InForceCertificate; n: number }>();
    for (const c of certs) {
      const k = key(c);
      const e = m.get(k);
      if (e) e.n++;
      else m.set(k, { first: c, n: 1 });
    }
    return m;
  };
  const coll = new Intl.Collator("vi");
  return {
    products: certs.length,
    byStars: [3, 4, 5].map((stars) => ({ stars, products: certs.filter((c) => c.stars === stars).length })),
    byGroup: PRODUCT_KINDS.map((kind) => ({ kind, label: PRODUCT_KIND_LABELS[kind], products: certs.filter((c) => criteriaSet(c.criteriaSetId)?.kind === kind).length })),
    byCommune: [...count((c) => c.communeId)]
      .map(([communeId, e]) => ({ communeId, commune: e.first.communeName, district: e.first.districtName, products: e.n }))
      .sort((a, b) => b.products - a.products || coll.compare(a.commune, b.commune)),
  };
}

/** The province's open figures on the public registry: every certified product in force today. */
export async function openFigures(db: DbOrTx, now: Date): Promise<InForceFigures> {
  return inForceFigures(await certificatesInForce(db, vnToday(now), null));
}

// ---- verifiable certificates (issue 19): the stored, signed bytes, read by either runtime ------------------

/** The certificate's stored vc+jwt, or null while none is issued (the hourly job issues missing ones). */
export async function storedCredential(db: DbOrTx, certificateId: number): Promise<string | null> {
  const [row] = await db.select({ jws: certificateCredentials.jws }).from(certificateCredentials).where(eq(certificateCredentials.certificateId, certificateId)).limit(1);
  return row?.jws ?? null;
}

export async function certificateExists(db: DbOrTx, certificateId: number): Promise<boolean> {
  const [row] = await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.id, certificateId)).limit(1);
  return Boolean(row);
}

/** An authority's signed status list credential and when its bits last changed. */
export async function storedStatusList(db: DbOrTx, unitId: number, purpose: StatusPurpose): Promise<{ jws: string; updatedAt: Date } | null> {
  const [row] = await db.select({ jws: statusLists.jws, updatedAt: statusLists.updatedAt }).from(statusLists).where(and(eq(statusLists.unitId, unitId), eq(statusLists.purpose, purpose))).limit(1);
  return row ?? null;
}

/** Every key that ever signed, retired ones first in the order they were retired, the current key last. */
export function publishedCredentialKeys(db: DbOrTx) {
  return db
    .select()
    .from(credentialKeys)
    .orderBy(asc(sql`${credentialKeys.retiredAt} is null`), asc(credentialKeys.retiredAt), asc(credentialKeys.firstUsedAt), asc(credentialKeys.kid));
}
