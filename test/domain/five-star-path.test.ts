import { describe, expect, it } from "vitest";
import { rankStars, type CertifiedStars, type CouncilLevel } from "../../src/domain/stars.js";

/*
 * The ≥ 90 path of QĐ 26/2026, at its edges: the province approves and forwards a result of 90 or more
 * without a certificate (Art. 7.3e); after the central council, 90 or more is the Ministry's 5★ and below 90
 * the province may recognise 3★/4★ on the central council's result (Art. 7.4g).
 */

const none = { 3: [], 4: [], 5: [] } as Record<CertifiedStars, string[]>;

type Row = {
  level: CouncilLevel;
  score: number;
  unmet?: Partial<Record<CertifiedStars, string[]>>;
  want: { stars: number; certifiable: boolean; authority: "province" | "central" | null; forwardTo: string | null; returnTo: string | null; status: string };
};

const rows: Row[] = [
  // Province: the edge between recognising 4★ itself and approving for the Ministry.
  { level: "province", score: 89.99, want: { stars: 4, certifiable: true, authority: "province", forwardTo: null, returnTo: null, status: "recognisable" } },
  { level: "province", score: 90, want: { stars: 0, certifiable: false, authority: null, forwardTo: "central", returnTo: null, status: "proposed_central" } },
  { level: "province", score: 96.5, want: { stars: 0, certifiable: false, authority: null, forwardTo: "central", returnTo: null, status: "proposed_central" } },
  // A 5★ minimum the province council found unmet: not proposed, the province recognises the 4★ it reaches.
  { level: "province", score: 91, unmet: { 5: ["8"] }, want: { stars: 4, certifiable: true, authority: "province", forwardTo: null, returnTo: null, status: "recognisable" } },
  // Central: 5★ by the Ministry at 90 and above.
  { level: "central", score: 92, want: { stars: 5, certifiable: true, authority: "central", forwardTo: null, returnTo: null, status: "recognisable" } },
  { level: "central", score: 90, want: { stars: 5, certifiable: true, authority: "central", forwardTo: null, returnTo: null, status: "recognisable" } },
  // Central below 90: back to the province, with the star the central result supports.
  { level: "central", score: 89, want: { stars: 4, certifiable: true, authority: "province", forwardTo: null, returnTo: "province", status: "returned_province" } },
  { level: "central", score: 85, want: { stars: 4, certifiable: true, authority: "province", forwardTo: null, returnTo: "province", status: "returned_province" } },
  { level: "central", score: 69.99, want: { stars: 3, certifiable: true, authority: "province", forwardTo: null, returnTo: "province", status: "returned_province" } },
  { level: "central", score: 49.99, want: { stars: 0, certifiable: false, authority: null, forwardTo: null, returnTo: null, status: "not_ranked" } },
  // A central 92 short of a 5★ minimum is not 5★ (Annex II); the province may recognise 4★ on it.
  { level: "central", score: 92, unmet: { 5: ["1.3"] }, want: { stars: 4, certifiable: true, authority: "province", forwardTo: null, returnTo: "province", status: "returned_province" } },
];

describe("the ≥ 90 path (Art. 7.3e, 7.4g)", () => {
  it.each(rows)("$level $score ($unmet)", (row) => {
    const r = rankStars({ score: row.score, level: row.level, unmetStarMinimums: { ...none, ...row.unmet }, eliminated: false });
    expect({ stars: r.stars, certifiable: r.certifiable, authority: r.authority, forwardTo: r.forwardTo, returnTo: r.returnTo, status: r.status.code }).toEqual(row.want);
    expect(r.status.vi).not.toBe("");
    expect(r.status.en).not.toBe("");
  });

  it("names the province's approval as a proposal for 5★ in both languages", () => {
    const r = rankStars({ score: 90, level: "province", unmetStarMinimums: none, eliminated: false });
    expect(r.status.vi).toBe("Đề nghị Trung ương đánh giá 5 sao");
    expect(r.reasons.map((x) => x.code)).toEqual(["propose_central"]);
    expect(r.reasons[0]!.vi).toContain("7.3e");
  });

  it("an eliminated dossier has no authority and is not forwarded at any level", () => {
    for (const level of ["province", "central"] as const) {
      const r = rankStars({ score: 95, level, unmetStarMinimums: none, eliminated: true });
      expect([r.stars, r.authority, r.forwardTo, r.returnTo, r.status.code]).toEqual([0, null, null, null, "eliminated"]);
    }
  });
});
