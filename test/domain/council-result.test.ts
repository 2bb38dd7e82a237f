import { describe, expect, it } from "vitest";
import { DEFAULT_COUNCIL_CONFIG, councilResult, type CouncilInput, type CouncilSeat } from "../../src/domain/council-result.js";
import { officialScore } from "../../src/domain/stars.js";

/** Seats from a compact spec: "c75" chair submitted 75, "m70" member submitted 70, "m-" member no sheet, "md60" draft, "r80" recused member who submitted, "s70" secretary. */
function seats(...spec: string[]): CouncilSeat[] {
  return spec.map((s, i) => {
    const role = s[0] === "c" || s.startsWith("rc") ? "chair" : s[0] === "s" ? "secretary" : "member";
    const recused = s[0] === "r";
    const body = s.replace(/^rc|^[cmrs]/, "");
    if (body === "-") return { id: `p${i}`, role, sheet: "none", total: null, recused };
    if (body.startsWith("d")) return { id: `p${i}`, role, sheet: "draft", total: Number(body.slice(1)), recused };
    return { id: `p${i}`, role, sheet: "submitted", total: Number(body), recused };
  });
}

const base = (members: CouncilSeat[], extra: Partial<CouncilInput> = {}): CouncilInput => ({ members, discussionRecorded: false, chairNoteRecorded: false, ...extra });
const codes = (i: CouncilInput) => councilResult(i).reasons.map((r) => r.code);

describe("official score, median, spread, deviations", () => {
  it.each([
    // [seats, official, median, spread]
    [["c75", "m76", "m77"], 76, 76, 2],
    [["c75", "m76", "m77", "m80"], 77, 76.5, 5],
    [["c69.9", "m70", "m70"], 69.96, 70, 0.1], // 69.9666… truncated
    [["c60", "m75", "m66"], 67, 66, 15],
    [["c75", "m76", "m-", "md90"], 75.5, 75.5, 1], // drafts and empty seats do not count
    [["c75", "m76", "r10"], 75.5, 75.5, 1], // recused sheets do not count
    [["c75", "m76", "s10"], 75.5, 75.5, 1], // the secretary does not score
  ])("%j → official %s, median %s, spread %s", (spec, official, median, spread) => {
    const r = councilResult(base(seats(...spec)));
    expect(r.officialScore).toBe(official);
    expect(r.median).toBe(median);
    expect(r.spread).toBe(spread);
  });

  it("uses the one rounding rule of stars.ts", () => {
    for (const totals of [[69.9, 70, 70], [89.9, 90, 90], [50, 49.9, 49.9], [72.3, 81.1, 66.6, 70.1, 90]]) {
      const r = councilResult(base(seats(`c${totals[0]}`, ...totals.slice(1).map((t) => `m${t}`))));
      expect(r.officialScore).toBe(officialScore(totals));
    }
  });

  it("gives each counted member's deviation from the official score", () => {
    const r = councilResult(base(seats("c60", "m75", "m66", "m-", "r99")));
    expect(r.deviations).toEqual([
      { id: "p0", total: 60, deviation: -7 },
      { id: "p1", total: 75, deviation: 8 },
      { id: "p2", total: 66, deviation: -1 },
    ]);
  });

  it("has no score without a counted sheet", () => {
    const r = councilResult(base(seats("c-", "m-", "md70")));
    expect(r).toMatchObject({ officialScore: null, median: null, spread: null, deviations: [], bandEdge: null, canFinalise: false });
    expect(r.reasons.map((x) => x.code)).toEqual(["no_sheets", "quorum", "chair"]);
  });

  it("refuses a submitted sheet without a valid total", () => {
    expect(() => councilResult(base([{ id: "x", role: "chair", sheet: "submitted", total: null, recused: false }]))).toThrow(RangeError);
    expect(() => councilResult(base(seats("c101")))).toThrow(RangeError);
    expect(() => councilResult(base(seats("c70.123")))).toThrow(RangeError);
  });
});

describe("quorum: 3/4 of the scoring, non-recused members, the chair's sheet required", () => {
  it.each([
    // [seats, needed, counted, eligible, met]
    [["c75", "m76", "m77", "m-"], 3, 3, 4, true],
    [["c75", "m76", "m-", "m-"], 3, 2, 4, false],
    [["c-", "m76", "m77", "m78"], 3, 3, 4, false], // no chair
    [["c75", "m76", "m77"], 3, 3, 3, true], // 3/4 of 3 = 2.25 → 3
    [["c75", "m76", "m-"], 3, 2, 3, false],
    [["c75", "m76", "m77", "r-"], 3, 3, 3, true], // the recused member leaves the denominator
    [["c75", "m76", "r80", "r-"], 2, 2, 2, true],
    [["c75", "m76", "m77", "m78", "m-", "m-", "m-"], 6, 4, 7, false], // 5.25 → 6
    [["c75", "m76", "m77", "m78", "m79", "m80", "m-"], 6, 6, 7, true],
    [["c75", "m76", "m77", "s-", "s-"], 3, 3, 3, true], // secretaries are not in the denominator
    [["c75"], 1, 1, 1, true],
    [["c75", "md70", "md70", "md70"], 3, 1, 4, false], // drafts do not count
  ])("%j → needs %s, has %s of %s: %s", (spec, needed, counted, eligible, met) => {
    const r = councilResult(base(seats(...spec)));
    expect(r.quorum).toMatchObject({ needed, counted, eligible, met });
    expect(r.canFinalise).toBe(met);
  });

  it.each([
    [{ numerator: 1, denominator: 2 }, ["c75", "m76", "m-", "m-"], true],
    [{ numerator: 2, denominator: 3 }, ["c75", "m76", "m-"], true],
    [{ numerator: 1, denominator: 1 }, ["c75", "m76", "m77", "m-"], false],
  ])("a province may set its own quorum %j", (quorum, spec, met) => {
    expect(councilResult(base(seats(...spec), { quorum })).quorum.met).toBe(met);
  });

  it("names the blockers", () => {
    expect(codes(base(seats("c75", "m-", "m-", "m-")))).toEqual(["quorum"]);
    expect(codes(base(seats("c-", "m76", "m77", "m78")))).toEqual(["chair"]);
    expect(codes(base(seats("rc75", "m76", "m77", "m78")))).toEqual(["chair_recused"]);
    // The person the chairman delegates is seated as chair for the dossier.
    expect(codes(base([...seats("rc75", "m76", "m77"), { id: "delegate", role: "chair", sheet: "submitted", total: 76, recused: false }]))).toEqual([]);
  });

  it("explains the quorum with the numbers, in both languages", () => {
    const r = councilResult(base(seats("c75", "m-", "m-", "m-")));
    expect(r.reasons[0]!.vi).toContain("1/4");
    expect(r.reasons[0]!.vi).toContain("ít nhất 3");
    expect(r.reasons[0]!.en).toContain("at least 3");
  });

  it.each([[{ numerator: 0, denominator: 4 }], [{ numerator: 5, denominator: 4 }], [{ numerator: 1.5, denominator: 4 }]])("refuses the quorum %j", (quorum) => {
    expect(() => councilResult(base(seats("c75"), { quorum }))).toThrow(RangeError);
  });
});

describe("divergence: more than 10 points between the highest and lowest totals needs a recorded discussion", () => {
  it.each([
    [["c60", "m70", "m65"], 10, false],
    [["c60", "m70.1", "m65"], 10.1, true],
    [["c60", "m75", "m66"], 15, true],
    [["c80", "m80", "m80"], 0, false],
    [["c60", "m75", "r95"], 15, true], // the recused total is not in the spread
    [["c60", "m69", "r95"], 9, false],
  ])("%j: spread %s, exceeded %s", (spec, spread, exceeded) => {
    const r = councilResult(base(seats(...spec)));
    expect(r.spread).toBe(spread);
    expect(r.divergenceExceeded).toBe(exceeded);
    expect(r.reasons.some((x) => x.code === "divergence")).toBe(exceeded);
    const discussed = councilResult(base(seats(...spec), { discussionRecorded: true }));
    expect(discussed.divergenceExceeded).toBe(exceeded);
    expect(discussed.reasons.some((x) => x.code === "divergence")).toBe(false);
  });

  it("uses the province's limit", () => {
    expect(councilResult(base(seats("c60", "m66", "m63"), { divergenceLimit: 5 })).divergenceExceeded).toBe(true);
    expect(councilResult(base(seats("c60", "m75", "m63"), { divergenceLimit: 15 })).divergenceExceeded).toBe(false);
  });

  it("says 'diverge' with the spread and the limit", () => {
    const r = councilResult(base(seats("c60", "m75", "m66")));
    const reason = r.reasons.find((x) => x.code === "divergence")!;
    expect(reason.en).toMatch(/diverge by 15 points, beyond the limit of 10/);
    expect(reason.vi).toMatch(/chênh nhau 15 điểm, vượt giới hạn 10 điểm/);
  });
});

describe("band edge: a result within 1 point of 50, 70 or 90 needs the chair's note", () => {
  it.each([
    [["c70", "m70", "m70"], 70],
    [["c69", "m69", "m69"], 70],
    [["c68.9", "m69", "m69"], null], // 68.96
    [["c71", "m71", "m71"], 70],
    [["c71", "m71", "m71.1"], null], // 71.03
    [["c49.5", "m50", "m50"], 50],
    [["c89", "m90", "m91"], 90],
    [["c60", "m60", "m60"], null],
    [["c30", "m30", "m30"], null],
  ])("%j → edge %s", (spec, edge) => {
    const r = councilResult(base(seats(...spec)));
    expect(r.bandEdge).toBe(edge);
    expect(r.bandEdgeNoteNeeded).toBe(edge !== null);
    expect(r.canFinalise).toBe(edge === null);
    const noted = councilResult(base(seats(...spec), { chairNoteRecorded: true }));
    expect(noted.bandEdgeNoteNeeded).toBe(edge !== null);
    expect(noted.canFinalise).toBe(true);
  });

  it("uses the province's distance", () => {
    expect(councilResult(base(seats("c72", "m72", "m72"), { bandEdgeWithin: 2 })).bandEdge).toBe(70);
    expect(councilResult(base(seats("c70.5", "m70.5", "m70.5"), { bandEdgeWithin: 0 })).bandEdge).toBeNull();
  });
});

describe("canFinalise", () => {
  it.each([
    ["all clear", ["c75", "m76", "m77"], {}, []],
    ["every blocker at once", ["c-", "m60", "m80.5", "m-", "m-"], {}, ["quorum", "chair", "divergence", "band_edge"]],
    ["divergence discussed, edge noted, quorum still short", ["c-", "m60", "m80.5", "m-", "m-"], { discussionRecorded: true, chairNoteRecorded: true }, ["quorum", "chair"]],
    ["divergence and band edge, both recorded", ["c60", "m80.5", "m69.5"], { discussionRecorded: true, chairNoteRecorded: true }, []],
    ["divergence and band edge, only the discussion recorded", ["c60", "m80.5", "m69.5"], { discussionRecorded: true }, ["band_edge"]],
  ] as [string, string[], Partial<CouncilInput>, string[]][])("%s", (_name, spec, extra, want) => {
    const r = councilResult(base(seats(...spec), extra));
    expect(r.reasons.map((x) => x.code)).toEqual(want);
    expect(r.canFinalise).toBe(want.length === 0);
    for (const reason of r.reasons) expect(reason.vi && reason.en).toBeTruthy();
  });

  it("defaults to 3/4, 10 points and 1 point", () => {
    expect(DEFAULT_COUNCIL_CONFIG).toEqual({ quorum: { numerator: 3, denominator: 4 }, divergenceLimit: 10, bandEdgeWithin: 1 });
  });
});
