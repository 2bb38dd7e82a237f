import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../db/client.js";
import { conflict } from "../../../lib/problem.js";
import { users } from "../../accounts/schema.js";
import { loadRubric } from "../../rubrics/index.js";
import { walkNodes } from "../../rubrics/index.js";
import { dossierChairId, type RoundDossierAccess } from "../access.js";
import type { SheetView } from "../inputs.js";
import { roundResults } from "../schema.js";
import { points } from "../../../domain/score-units.js";
import type { MinutesData } from "./minutes-pdf.js";
import type { SheetData } from "./sheet-pdf.js";

/*
 * The loaders turn the stored record (the round, its council, the final result row and its summary as kept at
 * finalisation, the sheets) into the plain data the PDF builders print. Access is checked by the caller.
 */

export const resultNotFinal = () =>
  conflict("result-not-final", { vi: "Kết quả chưa chốt", en: "The result is not final" }, {
    vi: "Biên bản họp Hội đồng chỉ được lập sau khi Chủ tịch Hội đồng chốt kết quả.",
    en: "The council's minutes exist only once the chair has finalised the result.",
  });

async function finalResult(db: DbOrTx, rdId: number) {
  const [row] = await db.select().from(roundResults).where(eq(roundResults.roundDossierId, rdId)).limit(1);
  return row;
}

async function names(db: DbOrTx, a: RoundDossierAccess, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const out = new Map(a.council.map((s) => [s.userId, s.displayName]));
  const missing = [...new Set(ids.filter((i): i is string => !!i && !out.has(i)))];
  if (missing.length) for (const u of await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, missing))) out.set(u.id, u.name);
  return out;
}

function roundInfo(a: RoundDossierAccess) {
  const rubric = loadRubric(a.r.rubricVersion, a.dossier.d.criteriaSetId);
  return {
    rubric,
    round: { id: a.r.id, name: a.r.name, level: a.r.level, unitName: a.unitName, opensOn: a.r.opensOn, closesOn: a.r.closesOn, rubricVersion: a.r.rubricVersion, legalBasis: rubric.legalBasis.vi, setTitle: rubric.title.vi },
  };
}

const product = (a: RoundDossierAccess) => ({ name: a.dossier.productName, code: a.dossier.productCode, producerName: a.dossier.producerName, communeName: a.dossier.communeName, dossierId: a.dossier.d.id });

const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/** The minutes of a final result; 409 while the result is not final. */
export async function loadMinutes(db: DbOrTx, a: RoundDossierAccess): Promise<MinutesData> {
  const result = await finalResult(db, a.rd.id);
  if (!result) throw resultNotFinal();
  const s = result.summary as {
    median?: unknown;
    spread?: unknown;
    quorum?: { eligible: number; counted: number; needed: number; met: boolean };
    stars?: { bandStars?: unknown; qualifiedStars?: unknown };
    sheets?: { sheetId: number; userId: string; totalTenths: number }[];
  };
  const who = await names(db, a, [result.finalisedBy, a.rd.actingChairId, ...a.conflicts.map((c) => c.waivedBy)]);
  const { round, rubric } = roundInfo(a);
  const chairId = dossierChairId(a);
  const rule = rubric.eliminationRules.find((e) => e.id === a.rd.eliminationRuleId);
  return {
    round,
    council: a.council.map((c) => ({ role: c.role, name: c.displayName })),
    conflicts: a.conflicts.map((c) => ({ memberName: who.get(c.userId) ?? c.userId, reason: c.reason, declaredAt: c.declaredAt, waived: c.waivedAt !== null, waivedByName: c.waivedBy ? (who.get(c.waivedBy) ?? null) : null, waiverReason: c.waiverReason })),
    product: product(a),
    totals: (s.sheets ?? []).map((x) => ({ name: who.get(x.userId) ?? x.userId, role: x.userId === chairId ? "chair" : "member", total: points(x.totalTenths) })),
    officialScore: result.officialScore ?? null,
    actingChair: a.rd.actingChairId ? { name: who.get(a.rd.actingChairId) ?? a.rd.actingChairId, reason: a.rd.actingChairReason } : null,
    elimination: a.rd.eliminatedAt && a.rd.eliminationRuleId ? { ruleId: a.rd.eliminationRuleId, rule: rule?.vi ?? "", note: a.rd.eliminationNote ?? "" } : null,
    median: num(s.median),
    spread: num(s.spread),
    quorum: s.quorum ?? { eligible: 0, counted: (s.sheets ?? []).length, needed: 0, met: true },
    discussionNote: a.rd.discussionNote,
    chairNote: a.rd.chairNote,
    stars: result.stars ?? 0,
    bandStars: num(s.stars?.bandStars),
    qualifiedStars: num(s.stars?.qualifiedStars),
    certifiable: result.certifiable === "true",
    forwardTo: result.forwardTo === "province" || result.forwardTo === "central" ? result.forwardTo : null,
    finalisedAt: result.finalisedAt,
    finalisedByName: who.get(result.finalisedBy) ?? result.finalisedBy,
    audit: { hash: result.auditHash, seq: result.auditSeq },
  };
}

/** One member's sheet, as the sheets endpoint returned it to the caller (so the same visibility rules hold). */
export async function loadSheet(db: DbOrTx, a: RoundDossierAccess, v: SheetView): Promise<SheetData> {
  const result = await finalResult(db, a.rd.id);
  const { rubric, round } = roundInfo(a);
  const seat = a.council.find((c) => c.userId === v.userId);
  const memberName = v.memberName ?? (await names(db, a, [v.userId])).get(v.userId ?? "") ?? "";
  return {
    round,
    product: product(a),
    member: { name: memberName, role: seat && seat.userId === dossierChairId(a) ? "chair" : "member" },
    sheet: { id: v.id, state: v.state, version: v.version, submittedAt: v.submittedAt ? new Date(v.submittedAt) : null, total: v.total, partTotals: v.partTotals },
    parts: rubric.parts.map((p) => ({
      id: p.id,
      title: p.title.vi,
      maxPoints: p.maxPoints,
      items: [...walkNodes(p.criteria)]
        .filter((n) => n.options)
        .map((n) => {
          const o = n.options!.find((x) => x.id === v.choices[n.id]);
          return { id: n.id, title: n.title, maxPoints: n.maxPoints, option: o ? { text: o.text, points: o.points } : null, note: v.notes[n.id] ?? null, evidence: v.evidence[n.id] ?? null };
        }),
    })),
    audit: result ? { hash: result.auditHash, seq: result.auditSeq } : null,
  };
}
