import { formatScore, nearBandEdge, officialScore, scoreProblem, type Reason } from "./stars.js";
import type { CouncilRole } from "./roles.js";
import { STAR_LEVELS, type StarLevel } from "./rubric.js";

/*
 * A council's result for one dossier, from its members' sheets. QĐ 26/2026 bands on the "tổng điểm trung
 * bình" and has each member sign a sheet, but leaves quorum, divergence and the like to each council's
 * operating regulation (Quy chế hoạt động). The defaults below are the ones provincial regulations use
 * (Tây Ninh: 3/4 of members including the chair; members' totals within 10 points or the council discusses);
 * a province sets its own in the round's configuration.
 */

/**
 * The secretary (thư ký) keeps the minutes and does not score: Art. 7.3b names a chair and members only. A
 * person who is both a member and the secretary (as in some provinces) is seated as a member.
 */
export type SheetState = "none" | "draft" | "submitted";

export type CouncilSeat = {
  id: string;
  role: CouncilRole;
  sheet: SheetState;
  /** The sheet's total in points (tenths or hundredths); required when the sheet is submitted. */
  total: number | null;
  /** Declared a conflict of interest on this dossier: leaves the council for it (mean and quorum alike). */
  recused: boolean;
};

export type CouncilConfig = {
  /** The share of the scoring, non-recused seats whose sheets must be submitted, e.g. 3/4. */
  quorum: { numerator: number; denominator: number };
  /** Points allowed between the highest and lowest counted totals; more needs a recorded discussion. */
  divergenceLimit: number;
  /** A result within this many points of 50, 70 or 90 (inclusive) needs the chair's note. */
  bandEdgeWithin: number;
};

export const DEFAULT_COUNCIL_CONFIG: CouncilConfig = {
  quorum: { numerator: 3, denominator: 4 },
  divergenceLimit: 10,
  bandEdgeWithin: 1,
};

export type CouncilInput = Partial<CouncilConfig> & {
  members: readonly CouncilSeat[];
  /** The chair has recorded the council's discussion of diverging totals. */
  discussionRecorded: boolean;
  /** The chair has recorded a note on a result at a band edge. */
  chairNoteRecorded: boolean;
};

export type CouncilResult = {
  /** The official score (stars.ts `officialScore`: exact mean truncated at the hundredth); null with no counted sheet. */
  officialScore: number | null;
  /** The median of the counted totals (for the minutes; it decides nothing). */
  median: number | null;
  /** Highest minus lowest counted total; null with no counted sheet. */
  spread: number | null;
  /** Each counted seat's total and its distance from the official score (total − official), in points. */
  deviations: { id: string; total: number; deviation: number }[];
  quorum: {
    /** Scoring seats (chair, members) without a recusal: the denominator. */
    eligible: number;
    /** Submitted sheets among them: the numerator. */
    counted: number;
    needed: number;
    chairSubmitted: boolean;
    met: boolean;
  };
  divergenceExceeded: boolean;
  /** The band edge the official score is near, or null. */
  bandEdge: number | null;
  bandEdgeNoteNeeded: boolean;
  canFinalise: boolean;
  /** One reason per blocker, in a fixed order: no sheets, quorum, chair, divergence, band edge. */
  reasons: Reason[];
};

const hundredths = (points: number) => Math.round(points * 100);

function checkConfig(c: CouncilConfig): void {
  const { numerator: n, denominator: d } = c.quorum;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || n > d) {
    throw new RangeError("Túc số phải là phân số từ 1/d đến 1 | The quorum must be a fraction from 1/d to 1");
  }
  if (!(c.divergenceLimit >= 0) || !(c.bandEdgeWithin >= 0)) {
    throw new RangeError("Giới hạn chênh lệch và khoảng cách ngưỡng phải không âm | Limits must not be negative");
  }
}

export function councilResult(input: CouncilInput): CouncilResult {
  const config: CouncilConfig = {
    quorum: input.quorum ?? DEFAULT_COUNCIL_CONFIG.quorum,
    divergenceLimit: input.divergenceLimit ?? DEFAULT_COUNCIL_CONFIG.divergenceLimit,
    bandEdgeWithin: input.bandEdgeWithin ?? DEFAULT_COUNCIL_CONFIG.bandEdgeWithin,
  };
  checkConfig(config);

  const eligible = input.members.filter((s) => s.role !== "secretary" && !s.recused);
  const counted = eligible.filter((s) => s.sheet === "submitted");
  for (const s of counted) {
    const p = s.total === null ? { vi: "thiếu tổng điểm", en: "no total" } : scoreProblem(s.total);
    if (p) throw new RangeError(`Phiếu đã nộp của ${s.id}: ${p.vi} | Submitted sheet of ${s.id}: ${p.en}`);
  }
  const totals = counted.map((s) => s.total as number);

  // ceil(eligible × n / d) in integers: 3/4 of 4 → 3, of 3 → 3 (2.25 → 3), of 2 → 2, of 1 → 1.
  const { numerator, denominator } = config.quorum;
  const needed = Math.ceil((eligible.length * numerator) / denominator);
  // The chair's sheet is required. A recused chair does not count: the council must seat the person the
  // chairman delegates (Art. 7.3b allows delegating the chair) as "chair" for this dossier.
  const chairSubmitted = counted.some((s) => s.role === "chair");
  const quorumMet = counted.length > 0 && counted.length >= needed && chairSubmitted;

  const official = totals.length > 0 ? officialScore(totals) : null;
  let median: number | null = null;
  let spread: number | null = null;
  if (totals.length > 0) {
    const h = totals.map(hundredths).sort((a, b) => a - b);
    const mid = h.length >> 1;
    median = (h.length % 2 === 1 ? (h[mid] as number) : ((h[mid - 1] as number) + (h[mid] as number)) / 2) / 100;
    spread = ((h[h.length - 1] as number) - (h[0] as number)) / 100;
  }
  const deviations =
    official === null ? [] : counted.map((s) => ({ id: s.id, total: s.total as number, deviation: (hundredths(s.total as number) - hundredths(official)) / 100 }));

  // "Must not differ by more than 10 points": a spread of exactly the limit is allowed.
  const divergenceExceeded = spread !== null && hundredths(spread) > hundredths(config.divergenceLimit);
  const bandEdge = official === null ? null : nearBandEdge(official, config.bandEdgeWithin);

  const reasons: Reason[] = [];
  if (counted.length === 0) {
    reasons.push({ code: "no_sheets", vi: "Chưa có phiếu đánh giá nào được nộp.", en: "No score sheet has been submitted yet." });
  }
  if (counted.length < needed) {
    reasons.push({
      code: "quorum",
      vi: `Chưa đủ túc số: ${counted.length}/${eligible.length} phiếu đã nộp, cần ít nhất ${needed} (${numerator}/${denominator} số thành viên chấm điểm không vướng xung đột lợi ích).`,
      en: `Quorum not met: ${counted.length} of ${eligible.length} sheets submitted, at least ${needed} needed (${numerator}/${denominator} of the scoring members without a conflict of interest).`,
    });
  }
  if (!chairSubmitted) {
    const chairRecused = input.members.some((s) => s.role === "chair" && s.recused) && !eligible.some((s) => s.role === "chair");
    reasons.push(
      chairRecused
        ? {
            code: "chair_recused",
            vi: "Chủ tịch Hội đồng tránh xung đột lợi ích với hồ sơ này: cần người được ủy quyền chủ trì chấm và nộp phiếu.",
            en: "The chair is recused from this dossier: the person delegated to chair must score and submit a sheet.",
          }
        : { code: "chair", vi: "Chủ tịch Hội đồng chưa nộp phiếu đánh giá.", en: "The chair has not submitted a score sheet." },
    );
  }
  if (divergenceExceeded && !input.discussionRecorded) {
    reasons.push({
      code: "divergence",
      vi: `Tổng điểm các thành viên chênh nhau ${formatScore(spread as number, "vi")} điểm, vượt giới hạn ${formatScore(config.divergenceLimit, "vi")} điểm: Hội đồng cần thảo luận và ghi biên bản.`,
      en: `Members' totals diverge by ${formatScore(spread as number, "en")} points, beyond the limit of ${formatScore(config.divergenceLimit, "en")}: the council must discuss and record it.`,
    });
  }
  const bandEdgeNoteNeeded = bandEdge !== null;
  if (bandEdgeNoteNeeded && !input.chairNoteRecorded) {
    reasons.push({
      code: "band_edge",
      vi: `Điểm chính thức ${formatScore(official as number, "vi")} sát ngưỡng ${bandEdge} điểm: cần ý kiến ghi nhận của Chủ tịch Hội đồng.`,
      en: `The official score ${formatScore(official as number, "en")} is at the ${bandEdge}-point edge: the chair must record a note.`,
    });
  }

  return {
    officialScore: official,
    median,
    spread,
    deviations,
    quorum: { eligible: eligible.length, counted: counted.length, needed, chairSubmitted, met: quorumMet },
    divergenceExceeded,
    bandEdge,
    bandEdgeNoteNeeded,
    canFinalise: reasons.length === 0,
    reasons,
  };
}

/**
 * The council's star minimums: an item's minimum counts as unmet when a majority of the counted sheets found
 * it unmet. (The decision sets minimums per item but not how a council combines its members' view of them;
 * a majority keeps one member's reading from either sinking or carrying the product.)
 */
export function councilMinimums(perSheet: Record<StarLevel, string[]>[]): Record<StarLevel, string[]> {
  const out: Record<StarLevel, string[]> = { 3: [], 4: [], 5: [] };
  for (const level of STAR_LEVELS) {
    const counts = new Map<string, number>();
    for (const s of perSheet) for (const id of s[level]) counts.set(id, (counts.get(id) ?? 0) + 1);
    out[level] = [...counts].filter(([, n]) => n * 2 > perSheet.length).map(([id]) => id);
  }
  return out;
}
