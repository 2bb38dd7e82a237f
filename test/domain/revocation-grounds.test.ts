import { describe, expect, it } from "vitest";
import { REVOCATION_GROUNDS, type RevocationGroundId } from "../../src/domain/certificate-status.js";
import { checkRevocationEvidence, type ConfirmationOnFile, type InspectionOnFile } from "../../src/domain/revocation-grounds.js";

/* Art. 8.1 QĐ 26/2026: each ground with and without the evidence it needs. */

const TODAY = "2027-01-20";
const EFFECTIVE = "2027-01-15";
const proposing: InspectionOnFile = { id: 7, conclusion: "propose_revocation", concludedOn: "2027-01-10" };
const keep: InspectionOnFile = { id: 3, conclusion: "keep", concludedOn: "2026-12-01" };
const open: InspectionOnFile = { id: 4, conclusion: null, concludedOn: null };
const reeval: InspectionOnFile = { id: 5, conclusion: "request_reevaluation", concludedOn: "2027-01-05" };

describe("each ground states what it needs, as data", () => {
  it.each([
    ["dishonest_dossier", "a", "stated_in_decision"],
    ["criteria_not_met", "b", "inspection_proposing_revocation"],
    ["law_violation", "c", "inspection_proposing_revocation"],
    ["mark_misuse", "d", "stated_in_decision"],
    ["production_stopped", "đ", "commune_confirmation"],
    ["authority_finding", "e", "inspection_proposing_revocation"],
  ])("%s (point %s) needs %s", (id, point, evidence) => {
    const g = REVOCATION_GROUNDS.find((x) => x.id === id)!;
    expect(g.point).toBe(point);
    expect(g.evidence).toBe(evidence);
  });
  it("covers all six grounds", () => expect(REVOCATION_GROUNDS).toHaveLength(6));
});

const needsInspection = REVOCATION_GROUNDS.filter((g) => g.evidence === "inspection_proposing_revocation");
const statedOnly = REVOCATION_GROUNDS.filter((g) => g.evidence === "stated_in_decision");

describe("grounds resting on an inspection (b, c, e)", () => {
  it.each(needsInspection.map((g) => [g.id, g.point] as const))("%s: with an inspection proposing revocation → allowed, naming it", (id) => {
    expect(checkRevocationEvidence(id, [keep, proposing], EFFECTIVE, TODAY)).toEqual({ ok: true, evidence: "inspection_proposing_revocation", inspectionId: 7 });
  });

  it.each(needsInspection.map((g) => [g.id, g.point] as const))("%s (point %s): with no inspection → refused, naming what is missing", (id, point) => {
    const r = checkRevocationEvidence(id, [], EFFECTIVE, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.vi).toBe(`Thu hồi theo Điều 8 khoản 1 điểm ${point} cần một đợt kiểm tra, giám sát (Điều 9) của giấy chứng nhận này đã kết luận đề nghị thu hồi; giấy chứng nhận này chưa có đợt kiểm tra nào.`);
    expect(r.missing.en).toBe(`A revocation under Art. 8.1(${point}) needs an inspection (Art. 9) of this certificate concluded with a proposal to revoke; this certificate has no inspection on file.`);
  });

  it.each(needsInspection.map((g) => [g.id] as const))("%s: inspections that keep, ask for re-evaluation or are open do not count, and each is named", (id) => {
    const r = checkRevocationEvidence(id, [keep, open, reeval], EFFECTIVE, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.vi).toContain("chưa có đợt nào kết luận đề nghị thu hồi: đợt kiểm tra số 3 (kết luận: giữ công nhận), số 4 (chưa kết luận), số 5 (kết luận: đề nghị đánh giá lại)");
    expect(r.missing.en).toContain("none proposes revocation: inspection 3 (concluded: keep the recognition), 4 (not concluded), 5 (concluded: request a re-evaluation)");
  });

  // The conclusion's date against the revocation: on the effective day counts; the day after does not; nor after today.
  it.each([
    ["concluded the day the revocation takes effect", EFFECTIVE, EFFECTIVE, TODAY, true],
    ["concluded the day after it takes effect", "2027-01-16", EFFECTIVE, TODAY, false],
    ["concluded today, revocation effective later", TODAY, "2027-02-01", TODAY, true],
    ["concluded tomorrow (future-dated)", "2027-01-21", "2027-02-01", TODAY, false],
  ] as const)("%s → %s", (_label, concludedOn, effectiveOn, today, allowed) => {
    for (const g of needsInspection) {
      const r = checkRevocationEvidence(g.id, [{ id: 9, conclusion: "propose_revocation", concludedOn }], effectiveOn, today);
      expect(r.ok).toBe(allowed);
      if (!r.ok) expect(r.missing.vi).toContain(`đợt kiểm tra số 9 kết luận đề nghị thu hồi ngày`);
    }
  });
});

describe("ground đ rests on the commune's confirmation (Art. 8.4)", () => {
  const confirmation = (id: number, confirmedOn: string): ConfirmationOnFile => ({ id, confirmedOn, documentNumber: `${id}/XN-UBND` });
  it("with a confirmation dated by the effective day → allowed, naming the latest usable one", () => {
    expect(checkRevocationEvidence("production_stopped", [], EFFECTIVE, TODAY, [confirmation(2, "2027-01-02"), confirmation(6, "2027-01-14"), confirmation(8, "2027-01-18")])).toEqual({
      ok: true,
      evidence: "commune_confirmation",
      inspectionId: null,
      confirmationId: 6,
    });
  });
  it("an inspection proposing revocation does not stand in for it; with none on file → refused, naming what is missing", () => {
    const r = checkRevocationEvidence("production_stopped", [proposing], EFFECTIVE, TODAY, []);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.vi).toBe("Thu hồi theo Điều 8 khoản 1 điểm đ cần xác nhận của UBND cấp xã về việc chủ thể OCOP không còn sản xuất sản phẩm OCOP (Điều 8 khoản 4); chưa có xác nhận nào của UBND cấp xã cho giấy chứng nhận này.");
    expect(r.missing.en).toBe("A revocation under Art. 8.1(đ) needs the commune People's Committee's confirmation that the producer no longer produces the OCOP product (Art. 8.4); no commune confirmation is on file for this certificate.");
  });
  it.each([
    ["confirmed the day the revocation takes effect", EFFECTIVE, EFFECTIVE, TODAY, true, ""],
    ["confirmed the day after it takes effect", "2027-01-16", EFFECTIVE, TODAY, false, "sau ngày 15/01/2027 (ngày thu hồi có hiệu lực)"],
    ["confirmed today, revocation effective later", TODAY, "2027-02-01", TODAY, true, ""],
    ["confirmed tomorrow (future-dated)", "2027-01-21", "2027-02-01", TODAY, false, "sau ngày 20/01/2027 (hôm nay)"],
  ] as const)("%s → %s", (_label, confirmedOn, effectiveOn, today, allowed, says) => {
    const r = checkRevocationEvidence("production_stopped", [], effectiveOn, today, [confirmation(4, confirmedOn)]);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.missing.vi).toContain(`xác nhận số 4/XN-UBND ngày ${confirmedOn.split("-").reverse().join("/")} ${says}`);
  });
  it("a commune confirmation does not stand in for the inspection grounds b, c, e", () => {
    for (const g of needsInspection) expect(checkRevocationEvidence(g.id, [], EFFECTIVE, TODAY, [confirmation(1, "2027-01-01")]).ok).toBe(false);
  });
});

describe("grounds the decision's own text carries (a, d)", () => {
  it.each(statedOnly.map((g) => [g.id] as const))("%s: allowed with or without inspections on file", (id) => {
    expect(checkRevocationEvidence(id, [], EFFECTIVE, TODAY)).toEqual({ ok: true, evidence: "stated_in_decision", inspectionId: null });
    expect(checkRevocationEvidence(id, [keep, open], EFFECTIVE, TODAY).ok).toBe(true);
  });
  it("an unknown ground is a programming error", () => {
    expect(() => checkRevocationEvidence("nope" as RevocationGroundId, [], EFFECTIVE, TODAY)).toThrow(RangeError);
  });
});
