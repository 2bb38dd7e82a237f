import { and, asc, desc, eq, inArray, lte } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.js";
import { certificateStatus, type CertificateEvent, type CertificateState, type RevocationGroundId } from "../../domain/certificate-status.js";
import { vnToday } from "../../lib/dates.js";
import { adminUnits, adminUnitSuccessions } from "../units/schema.js";
import { certificateEvents, certificates, recognitionDecisions } from "./schema.js";

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

/** Statuses under which a certificate still stands for its product (suspended is in force, just not valid). */
export const IN_FORCE: ReadonlySet<string> = new Set(["valid", "expiring", "suspended"]);

/** The product's newest certificate with its state today, preferring one in force. */
export async function productCertificate(db: DbOrTx, productId: number, now: Date): Promise<{ cert: CertificateRow; state: CertificateState } | undefined> {
  const today = vnToday(now);
  const rows = await db.select().from(certificates).where(eq(certificates.productId, productId)).orderBy(desc(certificates.id));
  const events = await eventsOf(db, rows.map((r) => r.id));
  const all = rows.map((cert) => ({ cert, state: stateOf(cert, events.get(cert.id) ?? [], today) }));
  return all.find((x) => IN_FORCE.has(x.state.status)) ?? all[0];
}
