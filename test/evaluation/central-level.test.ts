import { readFileSync } from "node:fs";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadUnitsFile } from "../../src/modules/units/services/load-units.js";
import { adminUnits } from "../../src/modules/units/schema.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { ok } from "../cycle/support.js";
import { createProducer, type TestUnit } from "../support/fixtures.js";
import { createTestApp, testClock, type TestApp } from "../support/harness.js";
import { DURING, ROUND_DATES, VERSION, assign, createProduct, person, proposedDossier, submit, type Person } from "./support.js";

/*
 * The ≥ 90 path end to end on one deployment holding two provinces (Hà Tĩnh from its bundled file, a second
 * province loaded the way `units:import load` loads one): the province approves and forwards (Art. 7.3e), the
 * Ministry's own office runs the central round with its own council (Art. 7.4a–d), a central 5★ is the
 * Ministry's certificate (Art. 7.4e) and a central result below 90 is the province's 3★/4★ on the central
 * council's result (Art. 7.4g); each province sees only its own work and is told the central outcome.
 */

const DAY = DURING.slice(0, 10);

/** A second province as a unit file: one province and two communes in force since the 2025 reform. */
const secondProvince = {
  format: "ocop-admin-units/1",
  province: "40",
  title: "Tỉnh thử thứ hai (test fixture)",
  source: "test fixture",
  licence: "test fixture",
  inputs: {},
  changes: [],
  notes: ["Codes and names made up for the test; not an official list."],
  counts: { units: 3, successions: 0, byLevel: { province: 1, commune: 2 }, asOf: { [DAY]: { province: 1, commune: 2 } } },
  units: [
    { code: "40", name: "Tỉnh Thử Hai", kind: "tỉnh", level: "province", parent: null, validFrom: "2025-07-01", validTo: null, source: "test fixture" },
    { code: "16001", name: "Xã Thử Một", kind: "xã", level: "commune", parent: "40@2025-07-01", validFrom: "2025-07-01", validTo: null, source: "test fixture" },
    { code: "16002", name: "Xã Thử Hai", kind: "xã", level: "commune", parent: "40@2025-07-01", validFrom: "2025-07-01", validTo: null, source: "test fixture" },
  ],
  successions: [],
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: testClock(DURING) });
});
afterAll(async () => t?.close());

async function unitByCode(code: string): Promise<TestUnit> {
  const [u] = await t.database.db.select().from(adminUnits).where(and(eq(adminUnits.code, code), isNull(adminUnits.validTo)));
  return { id: u!.id, code: u!.code, name: u!.name, level: u!.level as TestUnit["level"], path: u!.path, parentId: u!.parentId };
}

/** A province's people: its office, one commune's officer and a producer there, and its council of three plus a secretary. */
async function provinceWorld(provinceCode: string, communeCode: string) {
  const province = await unitByCode(provinceCode);
  const commune = await unitByCode(communeCode);
  const producer = await createProducer(t.database.db, commune);
  const seats = [await person(t, ["council_member", province]), await person(t, ["council_member", province]), await person(t, ["council_member", province])];
  return {
    province,
    commune,
    producer,
    office: await person(t, ["province_office", province]),
    communeOfficer: await person(t, ["commune_officer", commune]),
    producerMember: await person(t, ["producer_member", producer]),
    seats,
    council: { members: seats.map((s, i) => ({ userId: s.userId, role: i === 0 ? "chair" : "member" })) },
  };
}

/** Every seat submits around `target` (target, +1, +2); the chair finalises, adding the band-edge note when asked. */
async function scoreAndFinalise(seats: Person[], roundId: number, rdId: number, target: number) {
  for (const [i, seat] of seats.entries()) await ok(submit(seat, roundId, rdId, target + i));
  const chair = seats[0]!;
  let res = await chair.api("POST", `/api/rounds/${roundId}/dossiers/${rdId}/finalise`, {});
  if (res.status === 409) {
    await ok(chair.api("POST", `/api/rounds/${roundId}/dossiers/${rdId}/chair-note`, { note: "Hội đồng thống nhất kết quả sát ngưỡng." }));
    res = await chair.api("POST", `/api/rounds/${roundId}/dossiers/${rdId}/finalise`, {});
  }
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** An anonymous GET answered as JSON. */
async function publicJson(path: string) {
  const res = await t.app.request(path, { headers: { accept: "application/json" } });
  return { status: res.status, body: await res.json() };
}

const round = (office: Person, unitId: number, level: string, council: unknown, name: string) =>
  ok(office.api("POST", "/api/rounds", { unitId, level, name, ...ROUND_DATES, rubricVersion: VERSION }), 201).then(async (r) => {
    await ok(office.api("PUT", `/api/rounds/${r.id}/council`, council));
    return r as { id: number };
  });

const decision = (unitId: number, level: "province" | "central", authorityName: string, number: string, rdIds: number[]) => ({
  unitId,
  number,
  decidedOn: DAY,
  authorityLevel: level,
  authorityName,
  signerName: "Nguyễn Văn Ký",
  signerTitle: level === "central" ? "Thứ trưởng" : "Phó Chủ tịch",
  roundDossierIds: rdIds,
});

describe("the central level on a deployment with two provinces", () => {
  it("forwards ≥ 90 without a provincial certificate; the Ministry runs the central round; 5★ is the Ministry's, below 90 the province's on the central result", async () => {
    await loadUnitsFile(t.database.db, JSON.parse(readFileSync("src/modules/units/data/42-ha-tinh.json", "utf8")));
    await loadUnitsFile(t.database.db, secondProvince);
    const [countryRow] = await t.database.db.select().from(adminUnits).where(eq(adminUnits.level, "country"));
    const country: TestUnit = { id: countryRow!.id, code: countryRow!.code, name: countryRow!.name, level: "province", path: countryRow!.path, parentId: null };
    // The country unit is the Ministry's scope, not part of the units tree.
    const tree = await ok(publicJson("/api/units?level=province"));
    expect(JSON.stringify(tree)).not.toContain("Việt Nam");

    // Hà Tĩnh (42) and its commune Phúc Trạch (18547) as the bundled file has them since 1 July 2025.
    const ht = await provinceWorld("42", "18547");
    const other = await provinceWorld("40", "16001");
    const ministry = await person(t, ["ministry_office", country]);
    const central = [await person(t, ["council_member", country]), await person(t, ["council_member", country]), await person(t, ["council_member", country])];
    const centralCouncil = { members: central.map((s, i) => ({ userId: s.userId, role: i === 0 ? "chair" : "member" })) };

    // --- Hà Tĩnh: two products reach 90 or more at the province (Art. 7.3e) -----------------------------------
    const a = await proposedDossier(ht, await createProduct(t, ht.commune, ht.producer.id, null));
    const b = await proposedDossier(ht, await createProduct(t, ht.commune, ht.producer.id, null));
    const e = await proposedDossier(ht, await createProduct(t, ht.commune, ht.producer.id, null));
    const htRound = await round(ht.office, ht.province.id, "province", ht.council, "Đợt tỉnh Hà Tĩnh 2026");
    const aProvince = await scoreAndFinalise(ht.seats, htRound.id, await assign(ht.office, htRound.id, a.id), 94);
    const bProvince = await scoreAndFinalise(ht.seats, htRound.id, await assign(ht.office, htRound.id, b.id), 91);
    const eProvince = await scoreAndFinalise(ht.seats, htRound.id, await assign(ht.office, htRound.id, e.id), 93);
    for (const r of [aProvince, bProvince, eProvince]) {
      expect(r.stars).toMatchObject({ stars: 0, certifiable: false, authority: null, forwardTo: "central", status: { code: "proposed_central", vi: "Đề nghị Trung ương đánh giá 5 sao" } });
    }
    // The producer reads the same standing on its dossier.
    const feedback = await ok(ht.producerMember.api("GET", `/api/dossiers/${a.id}/feedback`));
    expect(feedback.rounds[0]).toMatchObject({ level: "province", stars: null, forwardTo: "central", status: { code: "proposed_central" } });
    // The province may not certify a result it approved for the Ministry.
    const early = await ht.office.api("POST", "/api/decisions", decision(ht.province.id, "province", "Ủy ban nhân dân tỉnh Hà Tĩnh", "1/QĐ-UBND", [aProvince.roundDossierId]));
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain("7.3e");

    // --- the second province forwards one too; its office sees none of Hà Tĩnh's work -------------------------
    const c = await proposedDossier(other, await createProduct(t, other.commune, other.producer.id, null));
    const otherRound = await round(other.office, other.province.id, "province", other.council, "Đợt tỉnh thứ hai 2026");
    await scoreAndFinalise(other.seats, otherRound.id, await assign(other.office, otherRound.id, c.id), 95);
    expect((await other.office.api("GET", `/api/rounds/${htRound.id}`)).status).toBe(404);
    expect((await other.office.api("GET", `/api/dossiers/${a.id}`)).status).toBe(404);
    const otherList = await ok(other.office.api("GET", "/api/dossiers"));
    expect(otherList.items.map((d: { id: number }) => d.id)).toEqual([c.id]);
    const otherRounds = await ok(other.office.api("GET", "/api/rounds"));
    expect(otherRounds.items.map((r: { id: number }) => r.id)).toEqual([otherRound.id]);

    // --- central rounds are the Ministry's, not a province's (Art. 7.4a–b) --------------------------------------
    expect((await ht.office.api("POST", "/api/rounds", { unitId: country.id, level: "central", name: "x", ...ROUND_DATES, rubricVersion: VERSION })).status).toBe(403);
    const fromProvince = await ht.office.api("POST", "/api/rounds", { unitId: ht.province.id, level: "central", name: "x", ...ROUND_DATES, rubricVersion: VERSION });
    expect(fromProvince.status).toBe(400);
    // The Ministry's office opens its rounds from the same page, offered the country unit and no province.
    const newRoundPage = await (await t.app.request("/rounds/new", { headers: ministry.headers })).text();
    expect(newRoundPage).toContain(`value="${country.id}"`);
    expect(newRoundPage).not.toContain(`value="${ht.province.id}"`);
    const centralRound = await ok(ministry.api("POST", "/api/rounds", { unitId: country.id, level: "central", name: "Đợt trung ương 2026", ...ROUND_DATES, rubricVersion: VERSION }), 201);
    // A province council member is not on the central pool.
    const wrongSeat = await ministry.api("PUT", `/api/rounds/${centralRound.id}/council`, { members: [{ userId: ht.seats[0]!.userId, role: "chair" }] });
    expect(wrongSeat.status).toBe(400);
    await ok(ministry.api("PUT", `/api/rounds/${centralRound.id}/council`, centralCouncil));
    // The Ministry assigns what both provinces forwarded.
    const assigned = await ok(ministry.api("POST", `/api/rounds/${centralRound.id}/dossiers`, { dossierIds: [a.id, b.id, c.id, e.id] }));
    const rdOf = (id: number) => assigned.items.find((i: { dossierId: number }) => i.dossierId === id).id as number;
    // A province sees neither the central round nor, through it, another province's dossier.
    for (const p of [ht.office, other.office]) expect((await p.api("GET", `/api/rounds/${centralRound.id}`)).status).toBe(404);
    // The Ministry reaches no province's work beyond what was forwarded to it.
    expect((await ministry.api("GET", `/api/rounds/${htRound.id}`)).status).toBe(404);
    expect((await ministry.api("POST", "/api/rounds", { unitId: ht.province.id, level: "province", name: "x", ...ROUND_DATES, rubricVersion: VERSION })).status).toBe(403);

    // --- the central council's outcomes (Art. 7.4d, 7.4g) -------------------------------------------------------
    const aCentral = await scoreAndFinalise(central, centralRound.id, rdOf(a.id), 92);
    expect(aCentral.stars).toMatchObject({ stars: 5, certifiable: true, authority: "central", returnTo: null });
    const bCentral = await scoreAndFinalise(central, centralRound.id, rdOf(b.id), 85);
    expect(bCentral.stars).toMatchObject({ stars: 4, certifiable: true, authority: "province", returnTo: "province", status: { code: "returned_province" } });
    const eCentral = await scoreAndFinalise(central, centralRound.id, rdOf(e.id), 64);
    expect(eCentral.stars).toMatchObject({ stars: 3, authority: "province", returnTo: "province" });

    // The province that sent them is told, each outcome once; the other province hears nothing of them.
    const htNotices = (await ok(ht.office.api("GET", "/api/notices"))).items as { kind: string; vi: string }[];
    const outcomes = htNotices.filter((n) => n.kind === "central_outcome");
    expect(outcomes).toHaveLength(3);
    expect(outcomes.some((n) => n.vi.includes("đạt 5 sao"))).toBe(true);
    expect(outcomes.some((n) => n.vi.includes("công nhận 4 sao") && n.vi.includes("7.4g"))).toBe(true);
    expect((await ok(other.office.api("GET", "/api/notices"))).items).toEqual([]);
    const notified = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "central.notify_province"));
    expect(notified.map((r) => (r.after as { provinceId: number }).provinceId).sort()).toEqual([ht.province.id, ht.province.id, ht.province.id]);

    // --- the Ministry's 5★ decision (Art. 7.4e) -----------------------------------------------------------------
    // The Ministry does not recognise a 4★ (Art. 4.1), and the province does not record the Ministry's decision.
    const ministry4 = await ministry.api("POST", "/api/decisions", decision(country.id, "central", "Bộ Nông nghiệp và Môi trường", "9/QĐ-BNNMT", [bCentral.roundDossierId]));
    expect(ministry4.status).toBe(400);
    expect((await ht.office.api("POST", "/api/decisions", decision(country.id, "central", "Bộ Nông nghiệp và Môi trường", "10/QĐ-BNNMT", [aCentral.roundDossierId]))).status).toBe(403);
    const pendingForMinistry = await ok(ministry.api("GET", "/api/decisions/pending-results"));
    expect(pendingForMinistry.items.map((r: { rdId: number }) => r.rdId)).toEqual([aCentral.roundDossierId]);
    const decisionsPage = await t.app.request("/certificates", { headers: ministry.headers });
    expect(decisionsPage.status).toBe(200);
    const five = await ok(ministry.api("POST", "/api/decisions", decision(country.id, "central", "Bộ Nông nghiệp và Môi trường", "11/QĐ-BNNMT", [aCentral.roundDossierId])), 201);
    const fiveCert = await ok(publicJson(`/api/certificates/${five.certificateIds[0]}`));
    expect(fiveCert).toMatchObject({ stars: 5, basis: { level: "central" }, decision: { authorityLevel: "central" }, place: { province: ht.province.name } });
    expect((await ok(ht.office.api("GET", "/api/notices"))).items.some((n: { kind: string }) => n.kind === "central_decision")).toBe(true);

    // --- the province's 4★ on the central council's result (Art. 7.4g), once refused with 400 ---------------------
    const pendingForProvince = await ok(ht.office.api("GET", "/api/decisions/pending-results"));
    expect(pendingForProvince.items.map((r: { rdId: number; level: string }) => [r.rdId, r.level])).toEqual([
      [bCentral.roundDossierId, "central"],
      [eCentral.roundDossierId, "central"],
    ]);
    expect((await other.office.api("POST", "/api/decisions", decision(other.province.id, "province", "Ủy ban nhân dân tỉnh Thử Hai", "2/QĐ-UBND", [bCentral.roundDossierId]))).status).toBe(400);
    const four = await ok(ht.office.api("POST", "/api/decisions", decision(ht.province.id, "province", "Ủy ban nhân dân tỉnh Hà Tĩnh", "3/QĐ-UBND", [bCentral.roundDossierId])), 201);
    const fourCert = await ok(publicJson(`/api/certificates/${four.certificateIds[0]}`));
    expect(fourCert).toMatchObject({ stars: 4, basis: { level: "central", label: { vi: "Căn cứ kết quả đánh giá của Hội đồng cấp trung ương" } }, decision: { authorityLevel: "province" } });
    const page = await (await t.app.request(`/c/${four.certificateIds[0]}`)).text();
    expect(page).toContain("Căn cứ kết quả đánh giá của Hội đồng cấp trung ương");
    // A recognised central result is not sent back as well.
    expect((await ht.office.api("POST", `/api/dossiers/${b.id}/province-evaluation`, { reason: "Đánh giá lại" })).status).toBe(409);

    // --- or the province evaluates it again under its own authority (Art. 7.4g) ---------------------------------
    expect((await other.office.api("POST", `/api/dossiers/${e.id}/province-evaluation`, { reason: "x" })).status).toBe(404);
    expect((await ht.office.api("POST", `/api/dossiers/${a.id}/province-evaluation`, { reason: "x" })).status).toBe(409);
    await ok(ht.office.api("POST", `/api/dossiers/${e.id}/province-evaluation`, { reason: "Tỉnh tổ chức đánh giá, phân hạng lại theo thẩm quyền" }));
    // The central result is then no longer one to recognise, and the dossier waits for a province round.
    expect((await ok(ht.office.api("GET", "/api/decisions/pending-results"))).items).toEqual([]);
    const again = await ht.office.api("POST", "/api/decisions", decision(ht.province.id, "province", "Ủy ban nhân dân tỉnh Hà Tĩnh", "4/QĐ-UBND", [eCentral.roundDossierId]));
    expect(again.status).toBe(400);
    const htRound2 = await round(ht.office, ht.province.id, "province", ht.council, "Đợt tỉnh Hà Tĩnh 2026, đợt 2");
    const eAgain = await scoreAndFinalise(ht.seats, htRound2.id, await assign(ht.office, htRound2.id, e.id), 80);
    expect(eAgain.stars).toMatchObject({ certifiable: true, authority: "province", forwardTo: null, returnTo: null });
  });
});
