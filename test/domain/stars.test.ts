import { describe, expect, it } from "vitest";
import {
  BAND_EDGES,
  STAR_BANDS,
  formatScore,
  issuingAuthority,
  nearBandEdge,
  officialScore,
  rankStars,
  starBand,
  type CertifiedStars,
  type CouncilLevel,
} from "../../src/domain/stars.js";

const none = { 3: [], 4: [], 5: [] } as Record<CertifiedStars, string[]>;

describe("starBand (QĐ 26/2026 Art. 3.3)", () => {
  it.each([
    [0, 1],
    [29.99, 1],
    [30, 2],
    [49.99, 2],
    [50, 3],
    [69.99, 3],
    [70, 4],
    [89.99, 4],
    [90, 5],
    [99.9, 5],
    [100, 5],
  ])("%s points → %s★", (score, stars) => {
    expect(starBand(score)).toBe(stars);
  });

  it.each([[-0.01], [-1], [100.01], [101], [Number.NaN], [Number.POSITIVE_INFINITY], [69.999], [50.001]])("refuses %s", (score) => {
    expect(() => starBand(score)).toThrow(RangeError);
  });

  it("STAR_BANDS agree with starBand at every bound", () => {
    for (const b of STAR_BANDS) {
      expect(starBand(b.min)).toBe(b.stars);
      if (b.below !== null) expect(starBand(b.below - 0.01)).toBe(b.stars);
    }
    expect(STAR_BANDS.map((b) => b.stars)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("officialScore: exact mean, truncated at the hundredth, never rounded up", () => {
  it.each([
    // [totals, official, band]
    [[70], 70, 4],
    [[69.9, 70], 69.95, 3],
    [[69.9, 70, 70], 69.96, 3], // 69.9666… → 69.96, not 69.97
    [[69.99, 70], 69.99, 3], // 69.995 → 69.99 (rounding half up would say 70.00 and 4★)
    [[69.9, 70.1], 70, 4],
    [[89.9, 90, 90], 89.96, 4],
    [[89.99, 90], 89.99, 4],
    [[49.9, 50, 50], 49.96, 2],
    [[49.99, 50], 49.99, 2],
    [[29.99, 30], 29.99, 1],
    [[100, 100, 100], 100, 5],
    [[0, 0], 0, 1],
    [[72.5, 80.3, 65.1, 77.7], 73.9, 4],
    [[60.1, 60.1, 60.2], 60.13, 3], // 60.1333…
    [[60.2, 60.2, 60.1], 60.16, 3], // 60.1666… → 60.16
    [[0.1, 0.2], 0.15, 1], // no binary-float drift: 0.1 + 0.2
  ])("%j → %s (%s★)", (totals, official, band) => {
    const s = officialScore(totals);
    expect(s).toBe(official);
    expect(starBand(s)).toBe(band);
  });

  it("gives the same band as the exact rational mean for every pair of totals in tenths around the edges", () => {
    for (const edge of [30, 50, 70, 90]) {
      for (let a = (edge - 2) * 10; a <= Math.min(1000, (edge + 2) * 10); a++) {
        for (let b = (edge - 2) * 10; b <= Math.min(1000, (edge + 2) * 10); b++) {
          for (let c = (edge - 1) * 10; c <= Math.min(1000, (edge + 1) * 10); c += 3) {
            const meanTimes300 = (a + b + c) * 10; // the exact mean × 300, in integers
            const official = officialScore([a / 10, b / 10, c / 10]);
            const officialTimes300 = Math.round(official * 100) * 3;
            // Truncated: at most the exact mean, and less than a hundredth below it.
            expect(officialTimes300 <= meanTimes300 && officialTimes300 > meanTimes300 - 3).toBe(true);
            expect(starBand(official)).toBe(meanTimes300 >= edge * 300 ? starBand(edge) : starBand(edge - 0.01));
          }
        }
      }
    }
  });

  it.each([[[]], [[101]], [[-1]], [[Number.NaN]], [[70.001]]])("refuses %j", (totals) => {
    expect(() => officialScore(totals)).toThrow(RangeError);
  });
});

describe("nearBandEdge", () => {
  it.each([
    [50, 1, 50],
    [49, 1, 50],
    [48.99, 1, null],
    [51, 1, 50],
    [51.01, 1, null],
    [69.5, 1, 70],
    [71.01, 1, null],
    [70.99, 1, 70],
    [71, 1, 70],
    [89.01, 1, 90],
    [91, 1, 90],
    [30, 1, null], // 30 separates two uncertified bands
    [100, 1, null],
    [60, 10, 50], // the first edge within reach
    [69.5, 0, null],
    [70, 0, 70],
  ] as [number, number, number | null][])("%s within %s → %s", (score, within, edge) => {
    expect(nearBandEdge(score, within)).toBe(edge);
  });

  it("defaults to one point and lists the edges that decide certificates or forwarding", () => {
    expect(BAND_EDGES).toEqual([50, 70, 90]);
    expect(nearBandEdge(89)).toBe(90);
    expect(nearBandEdge(88.99)).toBeNull();
  });
});

describe("rankStars", () => {
  type Row = {
    name: string;
    score: number;
    level: CouncilLevel;
    unmet?: Partial<Record<CertifiedStars, string[]>>;
    eliminated?: boolean;
    want: { bandStars: number; qualifiedStars: number; stars: number; certifiable: boolean; forwardTo: string | null; returnTo?: string | null; codes: string[] };
  };
  const rows: Row[] = [
    // Province (the current chain): certifies 3★/4★; ≥90 is approved and proposed to central with no star here (Art. 7.3e).
    { name: "province 49.99", score: 49.99, level: "province", want: { bandStars: 2, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["below_band"] } },
    { name: "province 50", score: 50, level: "province", want: { bandStars: 3, qualifiedStars: 3, stars: 3, certifiable: true, forwardTo: null, codes: [] } },
    { name: "province 69.99", score: 69.99, level: "province", want: { bandStars: 3, qualifiedStars: 3, stars: 3, certifiable: true, forwardTo: null, codes: [] } },
    { name: "province 70", score: 70, level: "province", want: { bandStars: 4, qualifiedStars: 4, stars: 4, certifiable: true, forwardTo: null, codes: [] } },
    { name: "province 89.99", score: 89.99, level: "province", want: { bandStars: 4, qualifiedStars: 4, stars: 4, certifiable: true, forwardTo: null, codes: [] } },
    { name: "province 90: approved, proposed to central, no certificate here", score: 90, level: "province", want: { bandStars: 5, qualifiedStars: 5, stars: 0, certifiable: false, forwardTo: "central", codes: ["propose_central"] } },
    { name: "province 100", score: 100, level: "province", want: { bandStars: 5, qualifiedStars: 5, stars: 0, certifiable: false, forwardTo: "central", codes: ["propose_central"] } },
    { name: "province 29.99", score: 29.99, level: "province", want: { bandStars: 1, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["below_band"] } },
    { name: "province 0", score: 0, level: "province", want: { bandStars: 1, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["below_band"] } },
    // Minimums lower the star, cumulatively.
    {
      name: "92 with a 5★ minimum unmet: 4★, not proposed",
      score: 92,
      level: "province",
      unmet: { 5: ["1.3", "4.1"] },
      want: { bandStars: 5, qualifiedStars: 4, stars: 4, certifiable: true, forwardTo: null, codes: ["minimums_5", "lowered", "not_proposed"] },
    },
    {
      name: "92 with a 4★ minimum unmet (5★ met): 3★ — 5★ needs the 4★ minimums too",
      score: 92,
      level: "province",
      unmet: { 4: ["2.3"] },
      want: { bandStars: 5, qualifiedStars: 3, stars: 3, certifiable: true, forwardTo: null, codes: ["minimums_4", "lowered", "not_proposed"] },
    },
    {
      name: "75 with 4★ and 5★ minimums unmet: 3★ (the 5★ ones are beyond the band and not reported)",
      score: 75,
      level: "province",
      unmet: { 4: ["6.2"], 5: ["1.3"] },
      want: { bandStars: 4, qualifiedStars: 3, stars: 3, certifiable: true, forwardTo: null, codes: ["minimums_4", "lowered"] },
    },
    {
      name: "75 with a 3★ minimum unmet: below 3★, not certified",
      score: 75,
      level: "province",
      unmet: { 3: ["2.2"], 4: ["2.2"] },
      want: { bandStars: 4, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["minimums_4", "minimums_3", "below_three"] },
    },
    {
      name: "a 45 with unmet minimums reports only the band",
      score: 45,
      level: "province",
      unmet: { 3: ["2.2"] },
      want: { bandStars: 2, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["below_band"] },
    },
    // Elimination ends everything.
    { name: "eliminated at 95", score: 95, level: "province", eliminated: true, want: { bandStars: 5, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["eliminated"] } },
    { name: "eliminated at the district", score: 60, level: "district", eliminated: true, want: { bandStars: 3, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["eliminated"] } },
    // District (the seeds' chain): no certificate, ≥ 50 forwarded.
    { name: "district 49.99", score: 49.99, level: "district", want: { bandStars: 2, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["below_band"] } },
    { name: "district 50", score: 50, level: "district", want: { bandStars: 3, qualifiedStars: 3, stars: 0, certifiable: false, forwardTo: "province", codes: ["forward_province"] } },
    { name: "district 95", score: 95, level: "district", want: { bandStars: 5, qualifiedStars: 5, stars: 0, certifiable: false, forwardTo: "province", codes: ["forward_province"] } },
    {
      name: "district 60 with a 3★ minimum unmet: not forwarded",
      score: 60,
      level: "district",
      unmet: { 3: ["9"] },
      want: { bandStars: 3, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, codes: ["minimums_3", "below_three"] },
    },
    // Central: 5★ by the Ministry; below 90 the result returns to the province with the 3★/4★ it qualifies for (Art. 7.4g).
    { name: "central 90", score: 90, level: "central", want: { bandStars: 5, qualifiedStars: 5, stars: 5, certifiable: true, forwardTo: null, codes: [] } },
    {
      name: "central 89.99",
      score: 89.99,
      level: "central",
      want: { bandStars: 4, qualifiedStars: 4, stars: 4, certifiable: true, forwardTo: null, returnTo: "province", codes: ["return_province"] },
    },
    {
      name: "central 93 with a 5★ minimum unmet",
      score: 93,
      level: "central",
      unmet: { 5: ["10"] },
      want: { bandStars: 5, qualifiedStars: 4, stars: 4, certifiable: true, forwardTo: null, returnTo: "province", codes: ["minimums_5", "lowered", "return_province"] },
    },
    { name: "central 40", score: 40, level: "central", want: { bandStars: 2, qualifiedStars: 0, stars: 0, certifiable: false, forwardTo: null, returnTo: null, codes: ["below_band"] } },
  ];

  it.each(rows)("$name", (row) => {
    const r = rankStars({ score: row.score, level: row.level, unmetStarMinimums: { ...none, ...row.unmet }, eliminated: row.eliminated ?? false });
    expect({
      bandStars: r.bandStars,
      qualifiedStars: r.qualifiedStars,
      stars: r.stars,
      certifiable: r.certifiable,
      forwardTo: r.forwardTo,
      ...(row.want.returnTo !== undefined ? { returnTo: r.returnTo } : {}),
      codes: r.reasons.map((x) => x.code),
    }).toEqual(row.want);
    for (const reason of r.reasons) {
      expect(reason.vi).not.toBe("");
      expect(reason.en).not.toBe("");
    }
  });

  it("names the unmet sub-criteria in both languages", () => {
    const r = rankStars({ score: 80, level: "province", unmetStarMinimums: { ...none, 4: ["3.5", "6.1"] }, eliminated: false });
    const reason = r.reasons.find((x) => x.code === "minimums_4")!;
    expect(reason.vi).toContain("3.5, 6.1");
    expect(reason.en).toContain("3.5, 6.1");
  });

  it("refuses an invalid score", () => {
    for (const score of [-1, 100.5, Number.NaN]) {
      expect(() => rankStars({ score, level: "province", unmetStarMinimums: none, eliminated: false })).toThrow(RangeError);
    }
  });
});

describe("issuingAuthority (Art. 4.1, 8.2)", () => {
  it.each([
    [3, "province", "Chủ tịch Ủy ban nhân dân cấp tỉnh"],
    [4, "province", "Chủ tịch Ủy ban nhân dân cấp tỉnh"],
    [5, "central", "Bộ trưởng Bộ Nông nghiệp và Môi trường"],
  ] as const)("%s★ → %s", (stars, level, vi) => {
    expect(issuingAuthority(stars)).toMatchObject({ level, name: { vi } });
  });

  it("has none for 1★ and 2★", () => {
    expect(() => issuingAuthority(2 as CertifiedStars)).toThrow(RangeError);
    expect(() => issuingAuthority(1 as CertifiedStars)).toThrow(RangeError);
  });
});

describe("formatScore", () => {
  it.each([
    [69.99, "69.99", "69,99"],
    [70, "70", "70"],
    [70.5, "70.5", "70,5"],
    [100, "100", "100"],
    [0, "0", "0"],
  ])("%s → %s / %s", (score, en, vi) => {
    expect(formatScore(score, "en")).toBe(en);
    expect(formatScore(score, "vi")).toBe(vi);
  });
});
