import { councilResult } from "../../domain/council-result.js";
import { ELIMINATED, officialScore, rankStars } from "../../domain/stars.js";
import type { StarLevel } from "../../domain/rubric.js";
import type { RoundLevel } from "./schema.js";
import { points } from "../../domain/score-units.js";

/*
 * The one seam between this module and the pure rules: council-result.ts (official mean, median, spread,
 * quorum, divergence, band edge, whether the result may be finalised) and stars.ts (bands, minimums,
 * forwarding). Nothing here decides a rule; it only translates this module's rows into their inputs.
 */

export type Reason = { code: string; vi: string; en: string };

export type CouncilFacts = {
  /** Every scoring seat (chair and members); totalTenths is null until the seat's sheet is submitted. */
  members: { id: string; chair: boolean; recused: boolean; totalTenths: number | null }[];
  quorum: { numerator: number; denominator: number };
  divergenceLimitTenths: number;
  bandEdgeTenths: number;
  discussionRecorded: boolean;
  chairNoteRecorded: boolean;
};

export type CouncilAnalysis = {
  /** The official score in points, as council-result.ts returns it; null while nothing counts. */
  official: number | null;
  canFinalise: boolean;
  reasons: Reason[];
  /** council-result.ts's whole answer, kept with the result and shown to the council. */
  raw: Record<string, unknown>;
};

export function analyseCouncil(f: CouncilFacts): CouncilAnalysis {
  const r = councilResult({
    members: f.members.map((m) => ({ id: m.id, role: m.chair ? ("chair" as const) : ("member" as const), recused: m.recused, sheet: m.totalTenths !== null ? ("submitted" as const) : ("none" as const), total: m.totalTenths === null ? null : points(m.totalTenths) })),
    quorum: f.quorum,
    divergenceLimit: points(f.divergenceLimitTenths),
    bandEdgeWithin: points(f.bandEdgeTenths),
    discussionRecorded: f.discussionRecorded,
    chairNoteRecorded: f.chairNoteRecorded,
  });
  return { official: r.officialScore ?? null, canFinalise: r.canFinalise, reasons: r.reasons, raw: { ...r } };
}

export type StarsOutcome = { stars: number | null; certifiable: boolean; forwardTo: RoundLevel | null; raw: Record<string, unknown> };

/** The stars of a result; an eliminated dossier may have no score at all (the council stopped before scoring). */
export function starsFor(input: { score: number | null; level: RoundLevel; unmetStarMinimums: Record<StarLevel, string[]>; eliminated: boolean }): StarsOutcome | null {
  if (input.score === null) {
    if (!input.eliminated) return null;
    return { stars: null, certifiable: false, forwardTo: null, raw: { bandStars: null, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, returnTo: null, reasons: [ELIMINATED] } };
  }
  const r = rankStars({ ...input, score: input.score });
  return { stars: r.stars === 0 ? null : r.stars, certifiable: r.certifiable, forwardTo: (r.forwardTo ?? null) as RoundLevel | null, raw: { ...r } };
}

/** A part's mean for the producer's feedback, computed the way the official mean is. */
export function meanOf(totalsTenths: number[]): number {
  return totalsTenths.length ? officialScore(totalsTenths.map(points)) : 0;
}
