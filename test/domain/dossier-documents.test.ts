import { describe, expect, it } from "vitest";
import { checkRequirements, documentStatus, expiryNoticeDue, requiredDocuments, type HeldDocument } from "../../src/domain/dossier-documents.js";

describe("which documents a criteria set requires (the sets' elimination clauses, Art. 6.1c)", () => {
  it.each([
    [1, "first", ["food_safety"]],
    [6, "upgrade", ["food_safety"]],
    [14, "first", ["food_safety"]],
    [15, "first", ["food_safety", "production_licence"]],
    [16, "first", ["food_safety"]],
    [17, "upgrade", ["food_safety", "production_licence"]],
    [18, "first", ["production_conditions", "quality_declaration"]],
    [19, "first", ["production_conditions", "quality_declaration"]],
    [20, "reevaluation", ["production_conditions", "quality_declaration", "periodic_lab_test"]],
    [11, "reevaluation", ["food_safety", "periodic_lab_test"]],
    [21, "first", []],
    [21, "reevaluation", []],
    [26, "reevaluation", []],
  ] as const)("set %i, %s → %j", (set, kind, ids) => {
    expect(requiredDocuments(set, kind).map((r) => r.id)).toEqual(ids);
  });
});

describe("a document's status on a day (the last valid day included)", () => {
  it.each([
    [{ validFrom: null, validUntil: null }, "2026-05-01", "undated"],
    [{ validFrom: "2026-05-02", validUntil: null }, "2026-05-01", "not_yet_valid"],
    [{ validFrom: "2026-05-01", validUntil: "2026-05-31" }, "2026-05-01", "valid"],
    [{ validFrom: null, validUntil: "2026-05-31" }, "2026-05-31", "valid"],
    [{ validFrom: null, validUntil: "2026-05-31" }, "2026-06-01", "expired"],
  ] as const)("%j on %s → %s", (d, today, s) => expect(documentStatus(d, today)).toBe(s));
});

const doc = (id: number, kind: HeldDocument["kind"], validUntil: string | null, validFrom: string | null = null): HeldDocument => ({ id, kind, name: `f${id}.pdf`, validFrom, validUntil });

describe("requirements against the documents held", () => {
  const food = requiredDocuments(6, "first");
  it("met by one valid document even beside an expired one (a renewal kept with the old)", () => {
    expect(checkRequirements(food, [doc(1, "food_safety_certificate", "2026-01-01"), doc(2, "food_safety_certificate", "2029-01-01")], "2026-06-01")[0]!.status).toBe("met");
  });
  it("expired when every document of its kinds has expired, naming them", () => {
    const [c] = checkRequirements(food, [doc(1, "food_safety_certificate", "2026-05-31"), doc(3, "trademark_certificate", "2020-01-01")], "2026-06-01");
    expect(c).toMatchObject({ status: "expired", documents: [{ id: 1 }] });
  });
  it("met by the commitment of an exempt facility (no printed end); missing with no document of its kinds", () => {
    expect(checkRequirements(food, [doc(4, "food_safety_commitment", null)], "2026-06-01")[0]!.status).toBe("met");
    expect(checkRequirements(food, [doc(5, "linkage_contract", "2020-01-01")], "2026-06-01")[0]!.status).toBe("missing");
  });
  it("an undated certificate that should print its end does not meet it", () => {
    expect(checkRequirements(food, [doc(6, "food_safety_certificate", null)], "2026-06-01")[0]!.status).toBe("missing");
  });
});

describe("expiry notices: 60 and 30 days before the last valid day", () => {
  const end = "2026-12-31";
  const day = (before: number) => new Date(Date.parse(`${end}T00:00:00Z`) - before * 86_400_000).toISOString().slice(0, 10);
  it.each([
    [61, null],
    [60, 60],
    [59, 60],
    [31, 60],
    [30, 30],
    [1, 30],
    [0, 30],
    [-1, null],
  ] as const)("%i days before → %s", (before, due) => expect(expiryNoticeDue(end, day(before))).toBe(due));
  it("nothing for a document without an end", () => expect(expiryNoticeDue(null, "2026-01-01")).toBeNull());
});
