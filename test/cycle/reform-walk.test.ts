import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestApp, testClock, type TestApp } from "../support/harness.js";
import { createProducer, createUnit, grant, signedInUser, type TestProducer, type TestUnit } from "../support/fixtures.js";
import { adminUnitSuccessions } from "../../src/modules/units/schema.js";
import { producers } from "../../src/modules/producers/schema.js";
import { dossierEvents, dossiers } from "../../src/modules/evaluation/schema.js";
import { apiAs, ideaForm, ok, planBody, type Api } from "./support.js";
import { DURING, assign, council, createProduct, openRound, person, registration, review, sheetFor, submit, type Person } from "../evaluation/support.js";

/*
 * The 2025 reform walked end to end (NQ 1665/NQ-UBTVQH15; two-tier local government from 1 July 2025). Before
 * that day a commune-district-province cycle runs as the seeds did; after it, every item still waiting at the
 * abolished district or in the former commune is finished by its successor: the new commune (from the mapping)
 * for the commune's steps, the province for the district's (selecting ideas, approving plans, its council).
 * Each stand-in's step says in the item's history whom it took over from.
 */
const REFORM = "2025-07-01";
// A cycle planned across the reform: its later deadlines fall after 1 July 2025.
const D2025 = { registration: "2025-05-15", communeList: "2025-05-31", districtList: "2025-08-31", appraisal: "2025-09-30", planSubmission: "2025-10-31" };

let t: TestApp;
let province: TestUnit, district: TestUnit, oldCommune: TestUnit, newCommune: TestUnit, producer: TestProducer;
let office: Api, districtOffice: Api, oldOfficer: Api, newOfficer: Api, member: Api;
let officePerson: Person, newOfficerPerson: Person;

const as = async (...g: Parameters<typeof grant>) => apiAs(t, (await signedInUser(t.app, t.database.db, [grant(...g)])).session);
const ids = (list: { items: { id: number }[] }) => list.items.map((i) => i.id);

beforeAll(async () => {
  t = await createTestApp({ clock: testClock("2025-04-01T03:00:00Z") });
  const db = t.database.db;
  province = await createUnit(db, { level: "province" });
  district = await createUnit(db, { level: "district", parent: province, validFrom: "2010-01-01", validTo: REFORM, name: "Huyện Cũ Thử" });
  oldCommune = await createUnit(db, { level: "commune", parent: district, validFrom: "2010-01-01", validTo: REFORM, name: "Xã Cũ Thử" });
  newCommune = await createUnit(db, { level: "commune", parent: province, validFrom: REFORM, name: "Xã Mới Thử" });
  await db.insert(adminUnitSuccessions).values({ predecessorId: oldCommune.id, successorId: newCommune.id, effectiveDate: REFORM, legalBasis: "NQ 1665/NQ-UBTVQH15 (thử)" });
  producer = await createProducer(db, oldCommune);
  officePerson = await person(t, ["province_office", province]);
  office = officePerson.api;
  districtOffice = await as("district_office", district);
  oldOfficer = await as("commune_officer", oldCommune);
  newOfficerPerson = await person(t, ["commune_officer", newCommune]);
  newOfficer = newOfficerPerson.api;
  member = await as("producer_member", producer);
});
afterAll(() => t.close());

describe("the 2025 reform, walked", () => {
  it("a plan at a district, ideas waiting at the district and in the former commune, and a dossier there reach today's successor and finish", async () => {
    const db = t.database.db;
    // ---- before 1 July 2025: the seeds' chain --------------------------------------------------------------
    t.clock.set("2025-04-01T03:00:00Z");
    const cycle = await ok(office("POST", "/api/cycles", { year: 2025, chain: "commune-district-province", deadlines: D2025 }), 201);
    const newIdea = async () => (await ok(member("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm() }), 201)).id as number;
    const act = (api: Api, id: number, action: string, extra: Record<string, unknown> = {}) => ok(api("POST", `/api/ideas/${id}/actions`, { action, ...extra }));

    const forPlan = await newIdea(); // appraised and its plan submitted to the district
    const selected = await newIdea(); // selected by the district, not yet appraised
    const atDistrict = await newIdea(); // on the commune's list, waiting for the district's selection
    const atCommune = await newIdea(); // registered, waiting for the commune's list
    for (const id of [forPlan, selected, atDistrict, atCommune]) await act(member, id, "submit");
    for (const id of [forPlan, selected, atDistrict]) await act(oldOfficer, id, "commune_forward");
    t.clock.set("2025-05-20T03:00:00Z");
    for (const id of [forPlan, selected]) await act(districtOffice, id, "district_select");
    await act(office, forPlan, "approve");
    t.clock.set("2025-06-20T03:00:00Z");
    const plan = await ok(member("POST", `/api/ideas/${forPlan}/plan`, planBody({ own: 400_000_000, loans: 100_000_000, other: 0, support: 150_000_000 })), 201);
    await ok(member("POST", `/api/plans/${plan.id}/actions`, { action: "submit" }));
    // While the district exists it decides: the province neither selects nor approves in its place.
    expect((await office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: "1" })).status).toBe(403);
    expect((await office("POST", `/api/ideas/${atDistrict}/actions`, { action: "district_select" })).status).toBe(403);
    expect(ids(await ok(office("GET", "/api/ideas?waiting=true")))).toEqual([selected]);
    // The new commune does not exist yet: its officer sees nothing of the old one.
    expect((await newOfficer("GET", `/api/ideas/${atCommune}`)).status).toBe(404);

    // ---- 1 July 2025: the district is gone, the former commune merged into the new one ----------------------
    t.clock.set("2025-08-10T03:00:00Z");
    await db.update(producers).set({ communeId: newCommune.id }).where(eq(producers.id, producer.id));

    // A role held in the district lapsed with it: the former district office takes no step any more.
    expect((await districtOffice("POST", `/api/ideas/${atDistrict}/actions`, { action: "district_select" })).status).toBe(404);
    expect((await oldOfficer("POST", `/api/ideas/${atCommune}/actions`, { action: "commune_forward" })).status).toBe(404);

    // Inboxes: each successor finds the stranded items among what waits for it.
    const officeWaiting = ids(await ok(office("GET", "/api/ideas?waiting=true")));
    expect(officeWaiting.sort()).toEqual([selected, atDistrict].sort());
    expect(ids(await ok(office("GET", "/api/plans?waiting=true")))).toEqual([plan.id]);
    expect(ids(await ok(newOfficer("GET", "/api/ideas?waiting=true")))).toEqual([atCommune]);
    expect(ids(await ok(newOfficer("GET", "/api/ideas"))).sort()).toEqual([forPlan, selected, atDistrict, atCommune].sort());
    // The pages show the steps the successor may now take.
    expect((await ok(newOfficer("GET", `/api/ideas/${atCommune}`))).actions).toContain("commune_forward");
    expect((await ok(office("GET", `/api/ideas/${atDistrict}`))).actions).toEqual(expect.arrayContaining(["district_select", "district_return"]));
    expect((await ok(office("GET", `/api/plans/${plan.id}`))).actions).toContain("approve");

    // The new commune compiles the former commune's registration (the office moved the commune-list deadline,
    // which had passed while the commune was being merged); the province selects in the district's place.
    expect((await newOfficer("POST", `/api/ideas/${atCommune}/actions`, { action: "commune_forward" })).status).toBe(409);
    await ok(office("PATCH", `/api/cycles/${cycle.id}`, { deadlines: { ...D2025, communeList: "2025-08-20" } }));
    await act(newOfficer, atCommune, "commune_forward");
    for (const id of [atDistrict, atCommune]) await act(office, id, "district_select");
    for (const id of [selected, atDistrict, atCommune]) expect((await act(office, id, "approve")).state).toBe("approved");

    const compiled = (await ok(office("GET", `/api/ideas/${atCommune}`))).events;
    const byCommune = compiled.find((e: any) => e.kind === "commune_forward");
    expect(byCommune.actorRole).toBe("commune_officer");
    expect(byCommune.reason).toContain(`Tiếp nhận thay ${oldCommune.name}`);
    expect(byCommune.reason).toContain(`Taken over from ${oldCommune.name}`);
    const bySelection = compiled.find((e: any) => e.kind === "district_select");
    expect(bySelection.actorRole).toBe("province_office");
    expect(bySelection.reason).toContain(`Tiếp nhận thay ${district.name}`);
    expect(bySelection.reason).toContain(REFORM);
    // The province's own step (appraisal) is no stand-in.
    expect(compiled.find((e: any) => e.kind === "approve").reason).toBeNull();

    // The plan submitted to the district is approved by the province, and becomes the product.
    const approved = await ok(office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: "120000000" }));
    expect(approved.state).toBe("approved");
    expect(approved.productId).toEqual(expect.any(Number));
    const approval = approved.events.find((e: any) => e.kind === "approve");
    expect(approval.reason).toContain(`Tiếp nhận thay ${district.name}`);
    expect(ids(await ok(office("GET", "/api/plans?waiting=true")))).toEqual([]);
    expect(ids(await ok(office("GET", "/api/ideas?waiting=true")))).toEqual([]);

    // ---- the product's dossier, filed in the former commune once QĐ 26/2026 is in force --------------------
    t.clock.set(DURING);
    const d = await ok(member("POST", "/api/dossiers", { productId: approved.productId, ...registration }), 201);
    expect(d).toMatchObject({ communeId: oldCommune.id, chain: "commune-district-province" });
    await ok(member("PUT", `/api/dossiers/${d.id}/self-score`, { choices: sheetFor(100).choices }));
    await ok(member("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    // The commune's inbox page (the home card's link) lists the former commune's dossier.
    const inbox = await t.app.request("/dossiers?state=submitted", { headers: newOfficerPerson.headers });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain(`/dossiers/${d.id}`);
    expect(ids(await ok(newOfficer("GET", "/api/dossiers?state=submitted")))).toEqual([d.id]);
    await ok(newOfficer("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    const proposed = await ok(newOfficer("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    // The district council it would have gone to is gone: the province's council scores it first.
    expect(proposed).toMatchObject({ state: "proposed", awaitingLevel: "province" });

    const c = await council(t, province, 3);
    const round = await openRound(officePerson, province.id, "province", c);
    const rdId = await assign(officePerson, round.id, d.id);
    for (const [i, seat] of c.seats.entries()) await ok(submit(seat, round.id, rdId, [72, 74, 73][i]!));
    const final = await ok(c.chair.api("POST", `/api/rounds/${round.id}/dossiers/${rdId}/finalise`, {}));
    expect(final.final).toBe(true);
    const [after] = await db.select({ state: dossiers.state }).from(dossiers).where(eq(dossiers.id, d.id));
    expect(after!.state).toBe("decided");

    const events = await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, d.id));
    const proposal = events.find((e) => e.kind === "propose")!;
    expect(proposal.reason).toContain(`Tiếp nhận thay ${oldCommune.name}`);
    expect(proposal.reason).toContain(`Tiếp nhận thay ${district.name}`);
    const history = await ok(member("GET", `/api/dossiers/${d.id}/feedback`));
    expect(history.rounds).toHaveLength(1);
    expect((await ok(office("GET", "/api/audit/verify"))).ok).toBe(true);
  });

  it("a dossier left waiting for the abolished district's council is taken by a province round, noted in its history", async () => {
    const db = t.database.db;
    t.clock.set(DURING);
    const productId = await createProduct(t, oldCommune, producer.id, null);
    const d = await ok(member("POST", "/api/dossiers", { productId, ...registration }), 201);
    await ok(member("PUT", `/api/dossiers/${d.id}/self-score`, { choices: sheetFor(100).choices }));
    await ok(member("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));
    await ok(newOfficer("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    await ok(newOfficer("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    // Who handles it follows the request's clock (ctx.now), not the machine's. A commune in force before and
    // after the reform that also absorbed the former commune reaches the dossier only from 1 July 2025 on.
    const absorbing = await createUnit(db, { level: "commune", parent: district, validFrom: "2010-01-01" });
    await db.insert(adminUnitSuccessions).values({ predecessorId: oldCommune.id, successorId: absorbing.id, effectiveDate: REFORM, legalBasis: "NQ 1665/NQ-UBTVQH15 (thử, phần còn lại)" });
    const absorbingOfficer = await as("commune_officer", absorbing);
    t.clock.set("2025-06-01T03:00:00Z");
    expect((await absorbingOfficer("GET", `/api/dossiers/${d.id}`)).status).toBe(404);
    expect(ids(await ok(absorbingOfficer("GET", "/api/dossiers")))).not.toContain(d.id);
    t.clock.set(DURING);
    expect((await absorbingOfficer("GET", `/api/dossiers/${d.id}`)).status).toBe(200);
    expect(ids(await ok(absorbingOfficer("GET", "/api/dossiers")))).toContain(d.id);
    // A role in a unit not yet in force does not act yet: the new commune's officer had no list before the reform.
    t.clock.set("2025-06-01T03:00:00Z");
    expect((await newOfficer("GET", "/api/dossiers")).status).toBe(403);
    t.clock.set(DURING);
    // As an imported pre-reform record would stand: proposed on the seeds' chain, waiting for the district council.
    await db.update(dossiers).set({ chain: "commune-district-province", awaitingLevel: "district" }).where(eq(dossiers.id, d.id));

    // No district round can open today…
    const refused = await office("POST", "/api/rounds", { unitId: district.id, level: "district", name: "Đợt huyện", opensOn: "2026-06-01", closesOn: "2026-06-30", rubricVersion: "qd-26-2026" });
    expect(refused.status).toBe(400);
    // …so the province round lists it among the dossiers it may take, and takes it.
    const c = await council(t, province, 3);
    const round = await openRound(officePerson, province.id, "province", c, { name: "Đợt tỉnh tiếp nhận" });
    const setup = await t.app.request(`/rounds/${round.id}/setup`, { headers: officePerson.headers });
    expect(setup.status).toBe(200);
    expect(await setup.text()).toContain(`value="${d.id}"`);
    const rdId = await assign(officePerson, round.id, d.id);
    expect(rdId).toEqual(expect.any(Number));
    const dossier = await ok(office("GET", `/api/dossiers/${d.id}`));
    expect(dossier.state).toBe("in_round");
    const assigned = (await db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, d.id))).find((e) => e.kind === "assign")!;
    expect(assigned.reason).toContain(`Tiếp nhận thay ${district.name}`);

    // A round dated before the reform would not have taken it: the district was still there to score it.
    const early = await openRound(officePerson, province.id, "province", c, { name: "Đợt tỉnh 2025", opensOn: "2025-06-01", closesOn: "2025-06-30" });
    const other = await createProduct(t, oldCommune, producer.id, null);
    const d2 = await ok(member("POST", "/api/dossiers", { productId: other, ...registration }), 201);
    await ok(member("PUT", `/api/dossiers/${d2.id}/self-score`, { choices: sheetFor(100).choices }));
    await ok(member("POST", `/api/dossiers/${d2.id}/actions`, { action: "submit" }));
    await ok(newOfficer("PUT", `/api/dossiers/${d2.id}/commune-review`, review));
    await ok(newOfficer("POST", `/api/dossiers/${d2.id}/actions`, { action: "propose" }));
    await db.update(dossiers).set({ chain: "commune-district-province", awaitingLevel: "district" }).where(eq(dossiers.id, d2.id));
    expect((await office("POST", `/api/rounds/${early.id}/dossiers`, { dossierIds: [d2.id] })).status).toBe(409);
  });
});
