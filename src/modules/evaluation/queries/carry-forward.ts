import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { checkRequirements, documentStatus, requiredDocuments, type HeldDocument } from "../../../domain/dossier-documents.js";
import { points } from "../../../domain/score-units.js";
import { officialScore } from "../../../domain/stars.js";
import { certificates } from "../../certificates/schema.js";
import { storedFiles } from "../../files/schema.js";
import { loadRubric, optionOf, scoredItems } from "../../rubrics/index.js";
import type { CarryForwardView, EvidenceView } from "../inputs.js";
import { dossierEvidence, dossiers, evaluationRounds, roundDossiers, roundResults, scoreSheets } from "../schema.js";

/*
 * An upgrade or re-evaluation dossier read against the certified dossier it carries forward (Art. 6.1b–c: show
 * what changed since the recognised product): the answers, registration fields and evidence item by item, and
 * the result the certificate recognised in the council's own figures. Nothing names a member or a sheet.
 */

type DossierRow = typeof dossiers.$inferSelect;
type EvidenceRow = typeof dossierEvidence.$inferSelect;

/** The evidence files a dossier holds, per criterion, oldest first, with their status on `today`. */
export async function evidenceOf(db: DbOrTx, dossierId: number, today: string): Promise<EvidenceView[]> {
  const rows = await db
    .select({ e: dossierEvidence, name: storedFiles.name, contentType: storedFiles.contentType, size: storedFiles.size })
    .from(dossierEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, dossierEvidence.fileId))
    .where(eq(dossierEvidence.dossierId, dossierId))
    .orderBy(asc(dossierEvidence.id));
  return rows.map(({ e, ...f }) => ({
    id: e.id,
    criterionId: e.criterionId,
    fileId: e.fileId,
    ...f,
    note: e.note,
    kind: e.kind,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    status: documentStatus(e, today),
    carriedFromId: e.carriedFromId,
    addedAt: e.addedAt.toISOString(),
  }));
}

export const heldDocuments = (ev: readonly EvidenceView[]): HeldDocument[] => ev.map((e) => ({ id: e.id, kind: e.kind, name: e.name, validFrom: e.validFrom, validUntil: e.validUntil }));

/** The dossier's required documents on `today`. */
export function documentChecks(d: Pick<DossierRow, "criteriaSetId" | "kind">, ev: readonly EvidenceView[], today: string) {
  return checkRequirements(requiredDocuments(d.criteriaSetId, d.kind), heldDocuments(ev), today).map((c) => ({
    id: c.requirement.id,
    label: c.requirement.label,
    basis: c.requirement.basis,
    status: c.status,
    evidenceIds: c.documents.map((x) => x.id),
  }));
}

const same = (a: EvidenceRow | EvidenceView, b: EvidenceRow) => a.kind === b.kind && a.validFrom === b.validFrom && a.validUntil === b.validUntil && (a.note ?? null) === (b.note ?? null) && a.criterionId === b.criterionId;

const REG_FIELDS = ["representativeName", "representativePosition", "phone", "email", "sampleCount"] as const;

/** The result a certified dossier's round recognised: official score, stars and the part means of the counted sheets. */
async function lastResult(db: DbOrTx, rdId: number) {
  const [r] = await db
    .select({ result: roundResults, roundName: evaluationRounds.name, level: evaluationRounds.level })
    .from(roundResults)
    .innerJoin(roundDossiers, eq(roundDossiers.id, roundResults.roundDossierId))
    .innerJoin(evaluationRounds, eq(evaluationRounds.id, roundDossiers.roundId))
    .where(eq(roundResults.roundDossierId, rdId))
    .limit(1);
  if (!r) return null;
  const counted = ((r.result.summary["sheets"] as { sheetId: number }[] | undefined) ?? []).map((s) => s.sheetId);
  const sheets = counted.length ? await db.select().from(scoreSheets).where(and(eq(scoreSheets.roundDossierId, rdId), inArray(scoreSheets.id, counted))) : [];
  const mean = (xs: number[]) => (xs.length ? officialScore(xs.map(points)) : 0);
  return {
    roundName: r.roundName,
    level: r.level,
    officialScore: r.result.officialScore ?? null,
    stars: r.result.stars,
    partMeans: { A: mean(sheets.map((s) => s.partATenths)), B: mean(sheets.map((s) => s.partBTenths)), C: mean(sheets.map((s) => s.partCTenths)) },
  };
}

export async function carryForwardOf(db: DbOrTx, d: DossierRow, current: readonly EvidenceView[]): Promise<CarryForwardView | null> {
  if (!d.basedOnDossierId) return null;
  const [base] = await db.select().from(dossiers).where(eq(dossiers.id, d.basedOnDossierId)).limit(1);
  if (!base) return null;
  const baseEvidence = await db
    .select({ e: dossierEvidence, name: storedFiles.name })
    .from(dossierEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, dossierEvidence.fileId))
    .where(eq(dossierEvidence.dossierId, base.id))
    .orderBy(asc(dossierEvidence.id));
  const baseById = new Map(baseEvidence.map((b) => [b.e.id, b]));
  const carried = new Set(current.map((e) => e.carriedFromId).filter((x): x is number => x !== null));

  const evidence: CarryForwardView["evidence"] = current.map((e) => {
    const b = e.carriedFromId !== null ? baseById.get(e.carriedFromId) : undefined;
    return { evidenceId: e.id, baseEvidenceId: b?.e.id ?? null, criterionId: e.criterionId, name: e.name, kind: e.kind, status: !b ? "new" : same(e, b.e) ? "unchanged" : "changed" };
  });
  for (const b of baseEvidence) if (!carried.has(b.e.id)) evidence.push({ evidenceId: null, baseEvidenceId: b.e.id, criterionId: b.e.criterionId, name: b.name, kind: b.e.kind, status: "removed" });
  const evidenceChangedFor = new Set(evidence.filter((e) => e.status !== "unchanged").map((e) => e.criterionId));

  const rubric = loadRubric(d.rubricVersion, d.criteriaSetId);
  const answer = (item: ReturnType<typeof scoredItems>[number]["item"], choices: Record<string, string>, notes: Record<string, string>) => {
    const choice = choices[item.id] ?? null;
    return { choice, points: choice ? (optionOf(item, choice)?.points ?? 0) : 0, note: notes[item.id] ?? null };
  };
  const items: CarryForwardView["items"] = scoredItems(rubric).map(({ item }) => {
    const before = answer(item, base.selfChoices, base.selfNotes);
    const after = answer(item, d.selfChoices, d.selfNotes);
    const answerChanged = before.choice !== after.choice || (before.note ?? "") !== (after.note ?? "");
    const evidenceChanged = evidenceChangedFor.has(item.id);
    return { itemId: item.id, status: answerChanged || evidenceChanged ? "changed" : "unchanged", answerChanged, evidenceChanged, before, after };
  });

  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const registration = REG_FIELDS.filter((f) => str(base[f]) !== str(d[f])).map((f) => ({ field: f, before: str(base[f]), after: str(d[f]) }));
  const rdId = d.basedOnRoundDossierId;
  const [cert] = rdId ? await db.select({ id: certificates.id }).from(certificates).where(eq(certificates.roundDossierId, rdId)).limit(1) : [];
  const changedItems = items.filter((i) => i.status === "changed").length;
  return {
    basedOnDossierId: base.id,
    certificateId: cert?.id ?? null,
    lastResult: rdId ? await lastResult(db, rdId) : null,
    registration,
    items,
    evidence,
    changedItems,
    unchangedItems: items.length - changedItems,
  };
}
