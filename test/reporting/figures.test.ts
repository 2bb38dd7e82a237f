import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monthSpan } from "../../src/domain/monthly-report.js";
import { liveFigures } from "../../src/modules/reporting/queries/figures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { M, certified, fakeReport, idea, plan, proposed, reformWorld, stampsIssued, vn, type World } from "./support.js";

/*
 * A report's figures are the registry's records of its unit and month, to the đồng, and nothing else: records in
 * the other units and in the neighbouring months (by a minute, Vietnam time) are written beside them and must not
 * count. Before the reform the unit is a district (its communes' records), after it a commune (and what the
 * former communes it took over hold).
 */

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await reformWorld(t.database.db);
});
afterAll(() => t.close());

const figuresOf = async (unitId: number, month: string) => {
  const live = await liveFigures(t.database.db, w.province.id, monthSpan(month));
  return { level: live.level, units: live.units.map((u) => u.id), f: live.figures.get(unitId)! };
};

describe("monthly figures of a commune after the reform (October 2026)", () => {
  beforeAll(async () => {
    const db = t.database.db;
    const { n1, n2, c11, cycle2026: cy } = w;
    // Counted for n1 in October: the first minute and the last minute of the month, Vietnam time.
    await idea(db, w, n1, cy, vn("2026-10-01 00:00"), { kind: "commune_forward", at: vn("2026-10-31 23:59") });
    await idea(db, w, n1, cy, vn("2026-10-15 09:00"));
    await plan(db, w, n1, cy, vn("2026-10-10 10:00"), { own: M(1500), loans: M(400), other: M(20), support: M(300) });
    await plan(db, w, n1, cy, vn("2026-10-20 10:00"), { own: 750_000_001n, loans: 0n, other: 0n, support: 99_999_999n });
    await proposed(db, w, n1, vn("2026-10-05 08:00"));
    await certified(db, w, n1, "2026-10-31", 4);
    // A product of the former commune c11 (merged into n1): n1 reports it now.
    await certified(db, w, c11, "2026-10-02", 3);
    await stampsIssued(db, w, n1, vn("2026-10-12 14:00"), 500);
    await stampsIssued(db, w, n1, vn("2026-10-13 14:00"), 70, "printed");
    await fakeReport(db, w, n1, vn("2026-10-28 20:00"));

    // Not counted for n1 in October: the minute before and after the month, another commune, unapproved plans,
    // batches only requested, and a report naming no product.
    await idea(db, w, n1, cy, vn("2026-09-30 23:59"), { kind: "commune_forward", at: vn("2026-11-01 00:00") });
    await idea(db, w, n2, cy, vn("2026-10-15 09:00"));
    await plan(db, w, n1, cy, vn("2026-09-30 23:59"), { own: M(7), loans: M(7), other: M(7), support: M(7) });
    await plan(db, w, n1, cy, vn("2026-11-01 00:00"), { own: M(9), loans: 0n, other: 0n, support: 0n });
    await plan(db, w, n1, cy, null, { own: M(11), loans: 0n, other: 0n, support: 0n });
    await plan(db, w, n2, cy, vn("2026-10-10 10:00"), { own: M(13), loans: 0n, other: 0n, support: 0n });
    await proposed(db, w, n2, vn("2026-10-05 08:00"));
    await proposed(db, w, n1, vn("2026-11-01 00:00"));
    await certified(db, w, n1, "2026-11-01", 5);
    await certified(db, w, n1, "2026-09-30", 3);
    await certified(db, w, n2, "2026-10-15", 4);
    await stampsIssued(db, w, n1, vn("2026-10-12 14:00"), 999, "requested");
    await stampsIssued(db, w, n1, vn("2026-11-01 00:00"), 30);
    await fakeReport(db, w, n2, vn("2026-10-28 20:00"));
    await fakeReport(db, w, null, vn("2026-10-28 20:00"));
    // Last year's October: outside the year to date too.
    await plan(db, w, n1, w.cycle2025, vn("2025-10-10 10:00"), { own: M(100), loans: 0n, other: 0n, support: 0n });
  });

  it("holds exactly the unit's records of the month", async () => {
    const { level, units, f } = await figuresOf(w.n1.id, "2026-10");
    expect(level).toBe("commune");
    expect(units.sort()).toEqual([w.n1.id, w.n2.id].sort());
    expect(f.month).toEqual({
      ideasRegistered: 2,
      ideasSent: 1,
      plansApproved: 2,
      funding: { ownCapital: 2_250_000_001n, loans: 400_000_000n, otherSources: 20_000_000n, stateSupport: 399_999_999n, total: 3_070_000_000n },
      dossiersProposed: 1,
      productsCertified: 2,
      certifiedByStars: { 3: 1, 4: 1, 5: 0 },
      stampsIssued: 570,
      fakeReports: 1,
    });
  });

  it("adds the year's earlier months (not last year, not the next month) to the year to date", async () => {
    const { f } = await figuresOf(w.n1.id, "2026-10");
    expect(f.yearToDate.ideasRegistered).toBe(3);
    expect(f.yearToDate.ideasSent).toBe(1);
    expect(f.yearToDate.plansApproved).toBe(3);
    expect(f.yearToDate.funding.total).toBe(3_070_000_000n + M(28));
    expect(f.yearToDate.productsCertified).toBe(3);
    expect(f.yearToDate.stampsIssued).toBe(570);
  });

  it("gives the other commune its own", async () => {
    const { f } = await figuresOf(w.n2.id, "2026-10");
    expect(f.month).toMatchObject({ ideasRegistered: 1, plansApproved: 1, dossiersProposed: 1, productsCertified: 1, fakeReports: 1, stampsIssued: 0 });
    expect(f.month.funding.total).toBe(M(13));
  });
});

describe("monthly figures of a district before the reform (March 2025)", () => {
  beforeAll(async () => {
    const db = t.database.db;
    const { c11, c12, c21, cycle2025: cy } = w;
    // d1's communes in March: both count for d1.
    await idea(db, w, c11, cy, vn("2025-03-03 08:00"), { kind: "district_select", at: vn("2025-03-31 23:59") });
    // A commune's list sent to the district is not yet "sent to the province" on the seeds' chain.
    await idea(db, w, c12, cy, vn("2025-03-04 08:00"), { kind: "commune_forward", at: vn("2025-03-20 08:00") });
    await plan(db, w, c11, cy, vn("2025-03-10 10:00"), { own: M(411), loans: M(98), other: M(6), support: M(113) });
    await plan(db, w, c12, cy, vn("2025-03-11 10:00"), { own: M(439), loans: M(752), other: M(510), support: M(386) });
    await proposed(db, w, c12, vn("2025-03-25 08:00"));
    // Not for d1 in March: d2's commune, February, April.
    await idea(db, w, c21, cy, vn("2025-03-03 08:00"));
    await plan(db, w, c21, cy, vn("2025-03-10 10:00"), { own: M(5), loans: 0n, other: 0n, support: 0n });
    await plan(db, w, c11, cy, vn("2025-02-28 23:59"), { own: M(3), loans: 0n, other: 0n, support: 0n });
    await plan(db, w, c11, cy, vn("2025-04-01 00:00"), { own: M(2), loans: 0n, other: 0n, support: 0n });
  });

  it("is reported by the districts, each with its communes' records", async () => {
    const { level, units, f } = await figuresOf(w.d1.id, "2025-03");
    expect(level).toBe("district");
    expect(units.sort()).toEqual([w.d1.id, w.d2.id].sort());
    expect(f.month).toMatchObject({ ideasRegistered: 2, ideasSent: 1, plansApproved: 2, dossiersProposed: 1 });
    expect(f.month.funding).toEqual({ ownCapital: M(850), loans: M(850), otherSources: M(516), stateSupport: M(499), total: M(2715) });
    expect(f.yearToDate.plansApproved).toBe(3);
    const d2 = await figuresOf(w.d2.id, "2025-03");
    expect(d2.f.month).toMatchObject({ ideasRegistered: 1, ideasSent: 0, plansApproved: 1 });
  });

  it("is June 2025's too (the districts' last month), and July 2025's is the communes'", async () => {
    expect((await figuresOf(w.d1.id, "2025-06")).level).toBe("district");
    const july = await figuresOf(w.n1.id, "2025-07");
    expect(july.level).toBe("commune");
    // January to March 2025 of the former communes c11 and c12 is n1's year to date in July.
    expect(july.f.yearToDate.plansApproved).toBe(4);
  });
});
