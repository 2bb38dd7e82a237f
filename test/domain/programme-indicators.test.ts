import { describe, expect, it } from "vitest";
import type { CertificateEvent } from "../../src/domain/certificate-status.js";
import {
  byCommune,
  type CertificateFact,
  checkRuleParams,
  checkTarget,
  measureIndicator,
  modelIndicators,
  type ProgrammeFacts,
  RULE_PARAMS,
  INDICATOR_RULES,
  yearWindow,
} from "../../src/domain/programme-indicators.js";

/* The year plan's measuring rules (issue 17), at their edges, on facts written out by hand. */

const empty: ProgrammeFacts = { certificates: [], producers: [], retailPoints: [], officials: [], participants: [], training: [] };
let id = 1;
const cert = (productId: number, stars: number, decisionDate: string, over: Partial<CertificateFact> = {}): CertificateFact => ({
  id: id++,
  productId,
  productName: `P${productId}`,
  producerId: over.producerId ?? productId * 10,
  communeId: over.communeId ?? 1,
  stars,
  decisionDate,
  events: [],
  ...over,
});
const revoked = (on: string): CertificateEvent[] => [{ kind: "revoked", effective: on, ground: "criteria_not_met" }];
const facts = (over: Partial<ProgrammeFacts>): ProgrammeFacts => ({ ...empty, ...over });
const T = (min: number | null, max: number | null = null) => ({ min, max });
const count = (certs: CertificateFact[], minStars: number, today = "2026-12-31", maxStars?: number) =>
  measureIndicator("certified_in_year", { minStars, ...(maxStars ? { maxStars } : {}) }, T(1), facts({ certificates: certs }), 2026, today).counted;

describe("the year's window, in Vietnam dates", () => {
  it("runs from 1 January to today, and to 31 December once the year is over", () => {
    expect(yearWindow(2026, "2026-05-04")).toEqual({ from: "2026-01-01", to: "2026-05-04" });
    expect(yearWindow(2026, "2027-02-01")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(yearWindow(2026, "2026-12-31")).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });
});

describe("products certified in the year", () => {
  it("counts a certificate decided on 1 January and on 31 December, not the days either side", () => {
    const certs = [cert(1, 3, "2025-12-31"), cert(2, 3, "2026-01-01"), cert(3, 3, "2026-12-31"), cert(4, 3, "2027-01-01")];
    expect(count(certs, 3, "2027-03-01")).toBe(2);
  });

  it("stops counting a 3★ certificate revoked in the year, and counts it until the revocation takes effect", () => {
    const c = cert(1, 3, "2026-03-10", { events: revoked("2026-09-01") });
    expect(count([c], 3, "2026-08-31")).toBe(1);
    expect(count([c], 3, "2026-09-01")).toBe(0);
    // Seen after the year, a revocation of the next year does not rewrite the year's figure.
    expect(count([cert(2, 3, "2026-03-10", { events: revoked("2027-02-01") })], 3, "2027-06-01")).toBe(1);
    // The revoked record is still listed, marked as not counted.
    const m = measureIndicator("certified_in_year", { minStars: 3 }, T(1), facts({ certificates: [c] }), 2026, "2026-12-31");
    expect(m.items).toEqual([expect.objectContaining({ id: 1, counted: false, certificateId: c.id })]);
  });

  it("counts a product upgraded in the year once, at its highest star", () => {
    const certs = [cert(1, 3, "2026-02-01"), cert(1, 4, "2026-10-01"), cert(2, 3, "2026-05-05")];
    expect(count(certs, 3)).toBe(2);
    expect(count(certs, 4)).toBe(1);
    // Before the upgrade is decided the product is still a 3★ of the year.
    expect(count(certs, 4, "2026-09-30")).toBe(0);
    const m = measureIndicator("certified_in_year", { minStars: 3 }, T(1), facts({ certificates: certs }), 2026, "2026-12-31");
    expect(m.items.find((i) => i.id === 1)).toMatchObject({ stars: 4, counted: true });
    // A 3–4★ band leaves out a product whose highest star of the year is 5.
    expect(count([cert(5, 4, "2026-02-01"), cert(5, 5, "2026-11-01")], 3, "2026-12-31", 4)).toBe(0);
  });

  it("drops a product whose latest certificate is revoked, even if an earlier one of the year was not", () => {
    const first = cert(1, 3, "2026-02-01");
    const upgrade = cert(1, 4, "2026-06-01", { events: revoked("2026-08-01") });
    expect(count([first, upgrade], 3)).toBe(0);
    // A product certified 4★ in an earlier year and upgraded to 5★ this year counts this year.
    expect(count([cert(2, 4, "2025-04-01"), cert(2, 5, "2026-04-01")], 5)).toBe(1);
  });

  it("meets the target at the figure, not one below", () => {
    const certs = [cert(1, 3, "2026-02-01"), cert(2, 3, "2026-02-01"), cert(3, 3, "2026-02-01")];
    const at = (min: number) => measureIndicator("certified_in_year", { minStars: 3 }, T(min), facts({ certificates: certs }), 2026, "2026-12-31").met;
    expect(at(3)).toBe(true);
    expect(at(4)).toBe(false);
  });

  it("splits the figure by the certificate's commune", () => {
    const certs = [cert(1, 3, "2026-02-01", { communeId: 7 }), cert(2, 4, "2026-02-01", { communeId: 7 }), cert(3, 3, "2026-02-01", { communeId: 8 })];
    const m = measureIndicator("certified_in_year", { minStars: 3 }, T(2), facts({ certificates: certs }), 2026, "2026-12-31");
    const per = byCommune("certified_in_year", m, T(2));
    expect(per.get(7)).toMatchObject({ counted: 2, met: true });
    expect(per.get(8)).toMatchObject({ counted: 1, met: false });
  });
});

describe("producers strengthened and new", () => {
  const producers = [
    { id: 1, name: "A", communeId: 1, registeredOn: "2024-05-01" },
    { id: 2, name: "B", communeId: 1, registeredOn: "2025-12-31" },
    { id: 3, name: "C", communeId: 2, registeredOn: "2026-01-01" },
    { id: 4, name: "D", communeId: 2, registeredOn: "2023-01-01" },
  ];
  it("counts an existing producer with a new certified product or an upgrade, once; not one merely kept", () => {
    const certs = [
      cert(10, 3, "2026-03-01", { producerId: 1 }), // a new product of an existing producer
      cert(11, 4, "2026-04-01", { producerId: 1 }), // a second one: the producer still counts once
      cert(20, 3, "2024-03-01", { producerId: 2 }),
      cert(20, 4, "2026-05-01", { producerId: 2 }), // upgrade 3★ → 4★
      cert(30, 3, "2026-06-01", { producerId: 3 }), // a producer new this year is not "existing"
      cert(40, 4, "2024-03-01", { producerId: 4 }),
      cert(40, 4, "2026-06-01", { producerId: 4 }), // re-certified at the same star: not strengthened
    ];
    const m = measureIndicator("producers_strengthened", {}, T(2), facts({ certificates: certs, producers }), 2026, "2026-12-31");
    expect(m.items.map((i) => i.id)).toEqual([1, 2]);
    expect(m.met).toBe(true);
    // A revoked upgrade does not strengthen.
    const r = measureIndicator("producers_strengthened", {}, T(1), facts({ certificates: [cert(20, 3, "2024-03-01", { producerId: 2 }), cert(20, 4, "2026-05-01", { producerId: 2, events: revoked("2026-07-01") })], producers }), 2026, "2026-12-31");
    expect(r.counted).toBe(0);
  });

  it("counts producers registered from 1 January to the window's end as new", () => {
    const m = measureIndicator("producers_new", {}, T(10), facts({ producers }), 2026, "2026-12-31");
    expect(m.items.map((i) => i.id)).toEqual([3]);
    expect(m.met).toBe(false);
  });

  it("counts new points of sale in the year, a range target met from its lowest figure", () => {
    const retailPoints = ["2025-12-31", "2026-01-01", "2026-07-01", "2026-12-31", "2027-01-01"].map((d, i) => ({ id: i + 1, name: `R${i}`, communeId: 1, registeredOn: d }));
    expect(measureIndicator("retail_points_new", {}, T(3, 5), facts({ retailPoints }), 2026, "2027-05-01")).toMatchObject({ counted: 3, met: true });
    expect(measureIndicator("retail_points_new", {}, T(4, 5), facts({ retailPoints }), 2026, "2027-05-01").met).toBe(false);
  });
});

describe("trained shares", () => {
  const officials = [
    { userId: "a", name: "A", communeId: 1 },
    { userId: "b", name: "B", communeId: 1 },
    { userId: "c", name: "C", communeId: null },
  ];
  it("is the share of officials who attended a training in the year, never rounded up to the target", () => {
    const training = [
      { userId: "a", producerId: null, on: "2026-03-01", eventId: 1 },
      { userId: "b", producerId: null, on: "2025-12-31", eventId: 2 },
      { userId: "c", producerId: null, on: "2026-12-31", eventId: 3 },
    ];
    const m = measureIndicator("officials_trained", {}, T(67), facts({ officials, training }), 2026, "2026-12-31");
    expect(m).toMatchObject({ unit: "percent", counted: 2, population: 3, value: 66.7, met: false });
    expect(measureIndicator("officials_trained", {}, T(66), facts({ officials, training }), 2026, "2026-12-31").met).toBe(true);
    const per = byCommune("officials_trained", m, T(100));
    expect(per.get(1)).toMatchObject({ counted: 1, population: 2, value: 50, met: false });
    expect(per.get(null)).toMatchObject({ counted: 1, population: 1, value: 100, met: true });
  });

  it("takes producers with a product by the window's end as the population, and gives no figure for nobody", () => {
    const participants = [
      { producerId: 1, name: "A", communeId: 1, since: "2024-01-01" },
      { producerId: 2, name: "B", communeId: 1, since: "2027-01-01" },
    ];
    const training = [{ userId: null, producerId: 1, on: "2026-06-01", eventId: 1 }];
    expect(measureIndicator("producers_trained", {}, T(100), facts({ participants, training }), 2026, "2026-12-31")).toMatchObject({ counted: 1, population: 1, value: 100, met: true });
    expect(measureIndicator("producers_trained", {}, T(100), facts({}), 2026, "2026-12-31")).toMatchObject({ population: 0, value: null, met: null });
  });
});

describe("products of a base year kept and upgraded", () => {
  it("keeps a product whose certificate (or its successor) is valid, and upgrades one now holding more stars", () => {
    const a1 = cert(1, 3, "2023-05-01");
    const a2 = cert(1, 4, "2026-04-01"); // upgraded
    a1.events = [{ kind: "superseded", on: "2026-04-01", by: String(a2.id) }];
    const b = cert(2, 4, "2023-05-01"); // kept at 4★ until 2026-04-30 (36 months)
    const c = cert(3, 3, "2023-06-01", { events: revoked("2025-01-01") }); // lost
    const d = cert(4, 3, "2022-05-01"); // another year: not in the population
    const f = facts({ certificates: [a1, a2, b, c, d] });
    const kept = measureIndicator("base_year_kept", { baseYear: 2023 }, T(3), f, 2026, "2026-04-15");
    expect(kept.items.map((i) => [i.id, i.counted])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
    expect(kept.met).toBe(false);
    // b's 36 months end on 2026-04-30: from 1 May it is no longer kept.
    expect(measureIndicator("base_year_kept", { baseYear: 2023 }, T(2), f, 2026, "2026-05-01").counted).toBe(1);
    const up = measureIndicator("base_year_upgraded", { baseYear: 2023 }, T(null), f, 2026, "2026-04-15");
    expect(up.items.filter((i) => i.counted).map((i) => i.id)).toEqual([1]);
    expect(up.met).toBeNull();
  });
});

describe("parameters and targets", () => {
  it("checks each rule's parameters, the base year before the plan's year and share targets up to 100 %", () => {
    expect(checkRuleParams("certified_in_year", { minStars: 3 }, 2026).ok).toBe(true);
    expect(checkRuleParams("certified_in_year", { minStars: 2 }, 2026).ok).toBe(false);
    expect(checkRuleParams("certified_in_year", { minStars: 4, maxStars: 3 }, 2026)).toMatchObject({ ok: false, errors: [{ path: "params.maxStars" }] });
    expect(checkRuleParams("producers_new", { minStars: 3 }, 2026).ok).toBe(false);
    expect(checkRuleParams("base_year_kept", { baseYear: 2026 }, 2026)).toMatchObject({ ok: false, errors: [{ path: "params.baseYear" }] });
    expect(checkRuleParams("base_year_kept", { baseYear: 2025 }, 2026).ok).toBe(true);
    expect(checkTarget("officials_trained", T(101))).toEqual([expect.objectContaining({ path: "targetMin" })]);
    expect(checkTarget("retail_points_new", T(5, 3))).toEqual([expect.objectContaining({ path: "targetMax" })]);
    expect(checkTarget("retail_points_new", T(3, 5))).toEqual([]);
  });

  it("has parameters for every rule, and a model plan every rule of which checks", () => {
    expect(Object.keys(RULE_PARAMS).sort()).toEqual([...INDICATOR_RULES].sort());
    for (const m of modelIndicators(2025)) {
      expect(checkRuleParams(m.rule, m.params, 2026).ok, m.label).toBe(true);
      expect(checkTarget(m.rule, { min: m.targetMin, max: m.targetMax }), m.label).toEqual([]);
    }
  });
});
