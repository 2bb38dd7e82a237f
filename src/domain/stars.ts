import type { Bilingual } from "../lib/i18n.js";

/*
 * The star rule of QĐ 26/2026/QĐ-TTg Art. 3.3, the star minimums of Annex II, and where a council's result
 * goes next (Art. 4.1, 7.3e, 7.4g; the seeds' district chain). Every page, service and report that needs a
 * star, an official score or a band edge imports it from here, so the rule exists once.
 */

export type StarRank = 1 | 2 | 3 | 4 | 5;
/** The star levels that carry a certificate (Art. 4.1a: no decision and no certificate for 1★ or 2★). */
export type CertifiedStars = 3 | 4 | 5;
/** The levels at which a council scores. The district exists only in the seeds' (pre-2025) chain. */
export type CouncilLevel = "district" | "province" | "central";
export type Reason = Bilingual & { code: string };

export const MIN_SCORE = 0;
export const MAX_SCORE = 100;

/**
 * Art. 3.3: "tổng điểm trung bình" from `min` (inclusive) to `below` (exclusive); 5★ runs to 100 inclusive.
 * The bounds are whole points, so comparing an exact (or truncated, see `officialScore`) mean against them
 * never needs rounding.
 */
export const STAR_BANDS: readonly { stars: StarRank; min: number; below: number | null; label: Bilingual }[] = [
  { stars: 1, min: 0, below: 30, label: { vi: "Hạng 1 sao: dưới 30 điểm", en: "1 star: below 30 points" } },
  { stars: 2, min: 30, below: 50, label: { vi: "Hạng 2 sao: từ 30 đến dưới 50 điểm", en: "2 stars: 30 to under 50 points" } },
  { stars: 3, min: 50, below: 70, label: { vi: "Hạng 3 sao: từ 50 đến dưới 70 điểm", en: "3 stars: 50 to under 70 points" } },
  { stars: 4, min: 70, below: 90, label: { vi: "Hạng 4 sao: từ 70 đến dưới 90 điểm", en: "4 stars: 70 to under 90 points" } },
  { stars: 5, min: 90, below: null, label: { vi: "Hạng 5 sao: từ 90 đến 100 điểm", en: "5 stars: 90 to 100 points" } },
];

/**
 * The edges where a point decides a certificate or where the dossier goes: 50 (certified at all; the district
 * forwards), 70 (3★ → 4★), 90 (4★ → 5★; the province proposes to the central level). 30 separates 1★ from
 * 2★, neither of which is certified, so it is not an edge a council needs to note.
 */
export const BAND_EDGES = [50, 70, 90] as const;

/**
 * A score in points is valid when it is finite, within 0–100, and has at most two decimals. Sheets are scored
 * in tenths; hundredths are allowed so a mean written back as a score stays valid. Anything finer would be a
 * float artefact that could silently push a score across an edge, so it is refused rather than rounded.
 */
export function scoreProblem(score: number): Bilingual | null {
  if (typeof score !== "number" || !Number.isFinite(score)) return { vi: "Điểm phải là một số", en: "The score must be a number" };
  if (score < MIN_SCORE || score > MAX_SCORE) return { vi: "Điểm phải từ 0 đến 100", en: "The score must be from 0 to 100" };
  if (Math.abs(score * 100 - Math.round(score * 100)) > 1e-6) {
    return { vi: "Điểm có nhiều nhất 2 chữ số thập phân", en: "The score has at most 2 decimals" };
  }
  return null;
}

function assertScore(score: number): void {
  const p = scoreProblem(score);
  if (p) throw new RangeError(`${p.vi} | ${p.en} (${String(score)})`);
}

/** The band's star for a score (Art. 3.3). Throws a RangeError for NaN, a score outside 0–100 or finer than hundredths. */
export function starBand(score: number): StarRank {
  assertScore(score);
  if (score >= 90) return 5;
  if (score >= 70) return 4;
  if (score >= 50) return 3;
  if (score >= 30) return 2;
  return 1;
}

/**
 * THE rounding rule for the official score, the one place it is written:
 *
 *   official score = the arithmetic mean of the counted totals, kept exact in hundredths of a point and
 *   TRUNCATED (rounded down) at the hundredth, never rounded up.
 *
 * Why: Art. 3.3 bands on the "tổng điểm trung bình" with whole-point edges ("từ 70 đến dưới 90"). A mean
 * of 69.995 has not reached 70, so it must not be shown as 70.00 or ranked 4★. Because every band edge is a
 * multiple of 0.01, truncating at the hundredth gives exactly the same band as the exact rational mean, for
 * every input: the displayed number and the star can never disagree. The arithmetic is done on integers
 * (totals in hundredths), so no float error enters.
 *
 * Totals must be valid scores (see `scoreProblem`); the list must not be empty.
 */
export function officialScore(totals: readonly number[]): number {
  if (totals.length === 0) throw new RangeError("Không có phiếu nào để tính điểm | No totals to average");
  let sum = 0;
  for (const t of totals) {
    assertScore(t);
    sum += Math.round(t * 100);
  }
  const n = totals.length;
  // Integer division in hundredths: floor(sum / n). sum ≥ 0, so the remainder trick is an exact floor.
  return (sum - (sum % n)) / n / 100;
}

/** The rule above, in words for the result page and the minutes. */
export const OFFICIAL_SCORE_RULE: Bilingual = {
  vi: "Điểm chính thức là trung bình cộng tổng điểm của các phiếu được tính, lấy đến 2 chữ số thập phân và bỏ phần lẻ (không làm tròn lên), nên 69,995 điểm được ghi là 69,99 và xếp hạng 3 sao.",
  en: "The official score is the mean of the counted sheets' totals, kept to 2 decimals with the rest dropped (never rounded up), so 69.995 points is recorded as 69.99 and ranked 3 stars.",
};

/**
 * The band edge a score lies within `within` points of (inclusive), or null. Used by the council's band-edge
 * note: a result this close to 50, 70 or 90 could change band with one member's small difference, so the
 * chair records a note before the result is final.
 */
export function nearBandEdge(score: number, within = 1): number | null {
  assertScore(score);
  if (!(within >= 0)) throw new RangeError("Khoảng cách tới ngưỡng phải không âm | The distance to an edge must not be negative");
  for (const edge of BAND_EDGES) {
    // Compare in hundredths so 69.00 is exactly 1 point from 70.
    if (Math.abs(Math.round(score * 100) - edge * 100) <= Math.round(within * 100)) return edge;
  }
  return null;
}

/** Who decides the recognition and signs the certificate (Art. 4.1, 7.3e, 7.4e); Art. 8.2 gives the same authority the revocation. */
export function issuingAuthority(stars: CertifiedStars): { level: "province" | "central"; name: Bilingual } {
  if (stars === 3 || stars === 4) {
    return { level: "province", name: { vi: "Chủ tịch Ủy ban nhân dân cấp tỉnh", en: "Chairman of the Provincial People's Committee" } };
  }
  if (stars === 5) {
    return { level: "central", name: { vi: "Bộ trưởng Bộ Nông nghiệp và Môi trường", en: "Minister of Agriculture and Environment" } };
  }
  throw new RangeError(`Hạng ${String(stars)} sao không được cấp giấy chứng nhận | ${String(stars)} stars carry no certificate`);
}

export type StarInput = {
  /** The official score (see `officialScore`). */
  score: number;
  level: CouncilLevel;
  /**
   * Per star level, the sub-criterion ids whose chosen option does not reach the option marked as that level's
   * minimum (Annex II: "Dấu sao là yêu cầu tối thiểu phải đạt theo các cấp độ sao"), from the rubric scorer.
   */
  unmetStarMinimums: Record<CertifiedStars, readonly string[]>;
  /** A "Hồ sơ bị loại khi…" rule applied: the evaluation ends without a star. */
  eliminated: boolean;
};

export type StarResult = {
  /** The star of the score band alone (1–5). */
  bandStars: StarRank;
  /**
   * The highest certified star that both the band and the minimums support: 5, 4 or 3, or 0 when the band is
   * below 3★, the 3★ minimums are unmet, or the dossier was eliminated. Independent of the council's level.
   */
  qualifiedStars: 0 | CertifiedStars;
  /** The star a recognition decision may grant on this council's result; 0 when none may be granted on it. */
  stars: 0 | CertifiedStars;
  /** Whether a certificate may be issued on this result (stars ≥ 3). */
  certifiable: boolean;
  /**
   * Who recognises this result and signs its certificate (`issuingAuthority(stars).level`), or null when no
   * certificate rests on it. A central result below 5★ is recognised by the province (Art. 7.4g), so the
   * authority follows the stars (Art. 4.1), never the council's level alone.
   */
  authority: "province" | "central" | null;
  /** The next level the dossier goes to, or null. */
  forwardTo: "province" | "central" | null;
  /** A central result below 5★ goes back to the province, which may recognise 3★/4★ on it (Art. 7.4g). */
  returnTo: "province" | null;
  /** The result's public standing, in words: what it means for the product until a decision rests on it. */
  status: ResultStatus;
  /** Every reason the result is not simply the band's star, in the order they applied. */
  reasons: Reason[];
};

/**
 * A result's public standing. `proposed_central` is Art. 7.3e's "phê duyệt kết quả đánh giá" of a province
 * result of 90 or more: approved and sent to the Ministry, with no provincial certificate, until the central
 * council's result.
 */
export type ResultStatus = Bilingual & {
  code: "eliminated" | "not_ranked" | "forwarded_province" | "proposed_central" | "recognisable" | "returned_province";
};

export const RESULT_STATUS: Record<ResultStatus["code"], Bilingual> = {
  eliminated: { vi: "Hồ sơ bị loại", en: "Dossier eliminated" },
  not_ranked: { vi: "Không đạt hạng sao được công nhận", en: "No recognised star reached" },
  forwarded_province: { vi: "Chuyển Hội đồng cấp tỉnh đánh giá", en: "Sent to the provincial council" },
  proposed_central: { vi: "Đề nghị Trung ương đánh giá 5 sao", en: "Proposed to the central level for 5 stars" },
  recognisable: { vi: "Chờ quyết định công nhận", en: "Awaiting the recognition decision" },
  returned_province: { vi: "Trung ương trả kết quả về tỉnh xem xét công nhận 3 hoặc 4 sao", en: "Returned by the central level to the province to consider 3 or 4 stars" },
};

const statusOf = (code: ResultStatus["code"]): ResultStatus => ({ code, ...RESULT_STATUS[code] });

/** Why an eliminated dossier has no star; also used when it is eliminated before any sheet counts. */
export const ELIMINATED: Reason = {
  code: "eliminated",
  vi: "Hồ sơ bị loại theo quy định \"Hồ sơ bị loại khi\" của bộ tiêu chí: không xếp hạng sao.",
  en: "The dossier was eliminated under the criteria set's elimination rule: no star is ranked.",
};

/**
 * Ranks a council's result.
 *
 * 1. Elimination ends the evaluation: no star, nothing forwarded.
 * 2. Band: `starBand(score)`.
 * 3. Minimums: N★ needs the minimums of every level from 3★ to N★ (a 4★ product is also a 3★ product). The
 *    star is lowered from the band until that holds; if even the 3★ minimums are unmet the product is below
 *    3★ and not certified, whatever its score (no 2★ is invented for a 75-point product).
 * 4. Level:
 *    - district (seeds' chain): issues no certificate; forwards to the province when the result qualifies
 *      for 3★ (≥ 50 and the 3★ minimums met);
 *    - province: certifies 3★/4★. A result qualifying for 5★ (≥ 90 and every minimum up to 5★ met) is
 *      approved and proposed to the central level with no provincial star (Art. 7.3e): its public status is
 *      "đề nghị Trung ương đánh giá 5 sao" until the central council's result;
 *    - central: a 5★ result is recognised by the Ministry; a result below 5★ returns to the province with
 *      the 3★/4★ it qualifies for, which the provincial chairman may recognise on it (Art. 7.4g).
 *
 *    Forwarding needs the next level's lowest star to be reachable on this council's own finding: Art. 7.3e
 *    names the score ("đạt từ 90 trở lên"), and a product this council found short of a 5★ minimum cannot
 *    be ranked 5★ (Annex II), so proposing it would only send it back.
 */
export function rankStars(input: StarInput): StarResult {
  const { score, level, unmetStarMinimums, eliminated } = input;
  const bandStars = starBand(score);
  const reasons: Reason[] = [];

  if (eliminated) {
    reasons.push(ELIMINATED);
    return { bandStars, qualifiedStars: 0, stars: 0, certifiable: false, authority: null, forwardTo: null, returnTo: null, status: statusOf("eliminated"), reasons };
  }

  let qualified: 0 | CertifiedStars = 0;
  if (bandStars < 3) {
    reasons.push({
      code: "below_band",
      vi: `Điểm ${formatScore(score, "vi")} dưới 50: hạng ${bandStars} sao, không được công nhận và không cấp giấy chứng nhận.`,
      en: `Score ${formatScore(score, "en")} is below 50: ${bandStars} star${bandStars === 1 ? "" : "s"}, not recognised and no certificate.`,
    });
  } else {
    for (const s of [3, 4, 5] as const) {
      if (s > bandStars || (unmetStarMinimums[s] ?? []).length > 0) break;
      qualified = s;
    }
    // Every level between the star reached and the band whose minimums failed, top down.
    for (const s of [5, 4, 3] as const) {
      const ids = unmetStarMinimums[s] ?? [];
      if (s > bandStars || s <= qualified || ids.length === 0) continue;
      reasons.push({
        code: `minimums_${s}`,
        vi: `Chưa đạt yêu cầu tối thiểu hạng ${s} sao ở tiêu chí ${ids.join(", ")}.`,
        en: `The ${s}-star minimums are not met at ${ids.join(", ")}.`,
      });
    }
    if (qualified === 0) {
      reasons.push({
        code: "below_three",
        vi: `Điểm thuộc hạng ${bandStars} sao nhưng chưa đạt yêu cầu tối thiểu hạng 3 sao: dưới 3 sao, không được công nhận.`,
        en: `The score is in the ${bandStars}-star band but the 3-star minimums are not met: below 3 stars, not recognised.`,
      });
    } else if (qualified < bandStars) {
      reasons.push({
        code: "lowered",
        vi: `Điểm thuộc hạng ${bandStars} sao nhưng chỉ xếp hạng ${qualified} sao do chưa đạt yêu cầu tối thiểu.`,
        en: `The score is in the ${bandStars}-star band but ranks ${qualified} stars because of unmet minimums.`,
      });
    }
  }

  let stars: 0 | CertifiedStars = 0;
  let forwardTo: StarResult["forwardTo"] = null;
  let returnTo: StarResult["returnTo"] = null;
  if (level === "district") {
    if (qualified >= 3) {
      forwardTo = "province";
      reasons.push({
        code: "forward_province",
        vi: "Hội đồng cấp huyện không cấp giấy chứng nhận; sản phẩm đạt từ 50 điểm được chuyển lên Hội đồng cấp tỉnh.",
        en: "The district council issues no certificate; a product with 50 points or more goes to the provincial council.",
      });
    }
  } else if (level === "province") {
    if (qualified === 5) {
      // Art. 7.3e: "Đối với các sản phẩm có tiềm năng đạt 5 sao (đạt từ 90 trở lên), Chủ tịch UBND cấp tỉnh xem
      // xét, quyết định phê duyệt kết quả đánh giá" and the province sends the dossier to the Ministry. The
      // chairman approves the result; the certificate clause of 7.3e covers 3★ and 4★ only, and 7.4g's "may
      // recognise 3★/4★ on the central result" would be idle if a 4★ certificate already existed.
      forwardTo = "central";
      reasons.push({
        code: "propose_central",
        vi: "Đạt từ 90 điểm: Chủ tịch UBND cấp tỉnh phê duyệt kết quả và đề nghị Bộ Nông nghiệp và Môi trường đánh giá, phân hạng 5 sao; cấp tỉnh không cấp giấy chứng nhận cho kết quả này (Điều 7.3e).",
        en: "90 points or more: the provincial chairman approves the result and proposes the product to the Ministry of Agriculture and Environment for 5 stars; the province issues no certificate on this result (Art. 7.3e).",
      });
    } else {
      stars = qualified;
      if (bandStars === 5) {
        reasons.push({
          code: "not_proposed",
          vi: "Điểm từ 90 nhưng chưa đạt yêu cầu tối thiểu hạng 5 sao: không đề nghị cấp trung ương đánh giá 5 sao.",
          en: "90 points or more, but the 5-star minimums are not met: not proposed to the central level for 5 stars.",
        });
      }
    }
  } else {
    if (qualified === 5) {
      stars = 5;
    } else if (qualified >= 3) {
      // Art. 7.4g: "Trường hợp sản phẩm không đạt 90 điểm, Chủ tịch UBND cấp tỉnh có thể căn cứ vào kết quả đánh
      // giá của Hội đồng cấp trung ương để xem xét, quyết định công nhận … 3 sao, 4 sao": the central result
      // itself carries the star the province may recognise.
      stars = qualified;
      returnTo = "province";
      reasons.push({
        code: "return_province",
        vi: `Không đạt 5 sao ở cấp trung ương: Chủ tịch UBND cấp tỉnh có thể căn cứ kết quả này công nhận ${qualified} sao, hoặc tổ chức đánh giá, phân hạng lại theo thẩm quyền (Điều 7.4g).`,
        en: `Not 5 stars at the central level: the provincial chairman may recognise ${qualified} stars on this result, or have the province evaluate it again (Art. 7.4g).`,
      });
    }
  }
  const authority = stars >= 3 ? issuingAuthority(stars as CertifiedStars).level : null;
  const status: ResultStatus["code"] =
    forwardTo === "central" ? "proposed_central" : forwardTo === "province" ? "forwarded_province" : returnTo ? "returned_province" : stars >= 3 ? "recognisable" : "not_ranked";
  return { bandStars, qualifiedStars: qualified, stars, certifiable: stars >= 3, authority, forwardTo, returnTo, status: statusOf(status), reasons };
}

/** 69.99 / 70 / 70.5 in English; 69,99 / 70 / 70,5 in Vietnamese. */
export function formatScore(score: number, locale: "vi" | "en"): string {
  const s = score.toFixed(2).replace(/\.?0+$/, "");
  return locale === "vi" ? s.replace(".", ",") : s;
}
