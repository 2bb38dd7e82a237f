import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, testClock, type TestApp } from "../support/harness.js";
import { createProducer, createUnit, grant, signedInUser, type TestUnit } from "../support/fixtures.js";
import { adminUnitSuccessions } from "../../src/modules/units/schema.js";
import { producers } from "../../src/modules/producers/schema.js";
import { eq } from "drizzle-orm";
import { apiAs, ideaForm, ok, planBody } from "./support.js";
import { DURING, createProduct, registration, review, sheetFor } from "../evaluation/support.js";

/*
 * The 2025 reform (NQ 1665/NQ-UBTVQH15): districts ended on 1 July 2025, former communes merged into new ones.
 * Work waiting at an abolished unit passes to its successor; new work on a unit not in force is refused.
 */
const REFORM = "2025-07-01";
const D2024 = { registration: "2024-03-31", communeList: "2024-04-15", districtList: "2024-04-30", appraisal: "2024-05-31", planSubmission: "2024-07-31" };
const D2026 = { registration: "2026-03-31", communeList: "2026-04-15", districtList: "2026-04-30", appraisal: "2026-05-31", planSubmission: "2026-07-31" };

let t: TestApp;
let province: TestUnit, district: TestUnit, oldCommune: TestUnit, newCommune: TestUnit;
let as: (...g: Parameters<typeof grant>) => Promise<ReturnType<typeof apiAs>>;

beforeAll(async () => {
  t = await createTestApp({ clock: testClock("2024-03-01T03:00:00Z") });
  const db = t.database.db;
  province = await createUnit(db, { level: "province" });
  district = await createUnit(db, { level: "district", parent: province, validFrom: "2010-01-01", validTo: REFORM });
  oldCommune = await createUnit(db, { level: "commune", parent: district, validFrom: "2010-01-01", validTo: REFORM });
  newCommune = await createUnit(db, { level: "commune", parent: province, validFrom: REFORM });
  await db.insert(adminUnitSuccessions).values({ predecessorId: oldCommune.id, successorId: newCommune.id, effectiveDate: REFORM, legalBasis: "NQ 1665/NQ-UBTVQH15 (thử)" });
  as = async (...g) => apiAs(t, (await signedInUser(t.app, db, [grant(...g)])).session);
});
afterAll(() => t.close());

describe("work in flight across the reform", () => {
  it("an idea selected by a district and its plan submitted to the district before 1 July 2025 are finished by the province today", async () => {
    const db = t.database.db;
    t.clock.set("2024-03-01T03:00:00Z");
    const producer = await createProducer(db, oldCommune);
    const office = await as("province_office", province);
    const districtOffice = await as("district_office", district);
    const communeOfficer = await as("commune_officer", oldCommune);
    const member = await as("producer_member", producer);
    const cycle = await ok(office("POST", "/api/cycles", { year: 2024, chain: "commune-district-province", deadlines: D2024 }), 201);
    const idea = await ok(member("POST", "/api/ideas", { cycleId: cycle.id, ...ideaForm() }), 201);
    const step = (api: typeof office, action: string) => ok(api("POST", `/api/ideas/${idea.id}/actions`, { action }));
    await step(member, "submit");
    await step(communeOfficer, "commune_forward");
    t.clock.set("2024-04-25T03:00:00Z");
    await step(districtOffice, "district_select");
    t.clock.set("2024-05-20T03:00:00Z");
    await step(office, "approve");
    t.clock.set("2024-07-20T03:00:00Z");
    const plan = await ok(member("POST", `/api/ideas/${idea.id}/plan`, planBody({ own: 300_000_000, loans: 0, other: 0, support: 100_000_000 })), 201);
    await ok(member("POST", `/api/plans/${plan.id}/actions`, { action: "submit" }));
    // Before the reform the district decides, not the province.
    expect((await office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: 1 })).status).toBe(403);

    // The reform: the producer now lies in the new commune; the district is gone.
    t.clock.set("2026-03-01T03:00:00Z");
    await db.update(producers).set({ communeId: newCommune.id }).where(eq(producers.id, producer.id));
    const done = await ok(office("POST", `/api/plans/${plan.id}/actions`, { action: "approve", estimatedStateSupport: "80000000" }));
    expect(done.state).toBe("approved");
    const detail = await ok(office("GET", `/api/plans/${plan.id}`));
    const approval = detail.events.find((e: any) => e.kind === "approve");
    expect(approval.actorRole).toBe("province_office");
    expect(approval.reason).toContain("Tiếp nhận thay");
    expect(approval.reason).toContain("Taken over from");
    expect(approval.reason).toContain(REFORM);
  });
});

describe("a dossier in a former commune", () => {
  it("of a product registered there before the reform, is reviewed and proposed by today's officer of the successor commune", async () => {
    const db = t.database.db;
    // The product was recorded in the former commune before 1 July 2025; the criteria of 2026 are in force.
    t.clock.set(DURING);
    const producer = await createProducer(db, oldCommune);
    const member = await as("producer_member", producer);
    const productId = await createProduct(t, oldCommune, producer.id, null);
    const d = await ok(member("POST", "/api/dossiers", { productId, ...registration }), 201);
    await ok(member("PUT", `/api/dossiers/${d.id}/self-score`, { choices: sheetFor(80).choices }));
    await ok(member("POST", `/api/dossiers/${d.id}/actions`, { action: "submit" }));

    const officer = await as("commune_officer", newCommune);
    const stranger = await as("commune_officer", await createUnit(db, { level: "commune", parent: province, validFrom: REFORM }));
    expect((await stranger("GET", `/api/dossiers/${d.id}`)).status).toBe(404);
    await ok(officer("PUT", `/api/dossiers/${d.id}/commune-review`, review));
    const proposed = await ok(officer("POST", `/api/dossiers/${d.id}/actions`, { action: "propose" }));
    expect(proposed.state).toBe("proposed");
  });
});

describe("new work on a unit not in force is refused", () => {
  it("a district-chain cycle today is refused with the reason; one dated while districts existed is accepted", async () => {
    t.clock.set("2026-03-01T03:00:00Z");
    const office = await as("province_office", province);
    const today = await office("POST", "/api/cycles", { year: 2026, chain: "commune-district-province", deadlines: D2026 });
    expect(today.status).toBe(400);
    expect(JSON.stringify(today.body)).toContain("01/07/2025");
    expect(today.body.i18n.en.detail + JSON.stringify(today.body.errors ?? today.body)).toContain("commune → province");
    // Importing a year of the districts (2025 started with them) still runs the district chain.
    await ok(office("POST", "/api/cycles", { year: 2025, chain: "commune-district-province", deadlines: { ...D2026, registration: "2025-03-31", communeList: "2025-04-15", districtList: "2025-04-30", appraisal: "2025-05-31", planSubmission: "2025-07-31" } }), 201);
    await ok(office("POST", "/api/cycles", { year: 2026, chain: "commune-province", deadlines: D2026 }), 201);
    // Switching today's cycle to the district chain is refused too.
    const cycles = await ok(office("GET", `/api/cycles?provinceId=${province.id}`));
    const c2026 = (cycles.items ?? cycles).find((c: any) => c.year === 2026);
    expect((await office("PATCH", `/api/cycles/${c2026.id}`, { chain: "commune-district-province" })).status).toBe(400);
  });

  it("an evaluation round on an abolished district is refused; on the province it opens", async () => {
    t.clock.set("2026-03-01T03:00:00Z");
    const office = await as("province_office", province);
    const body = { level: "district", name: "Đợt huyện 2026", opensOn: "2026-06-01", closesOn: "2026-06-30", rubricVersion: "qd-26-2026" };
    const r = await office("POST", "/api/rounds", { unitId: district.id, ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(JSON.stringify(r.body)).toContain("không còn hiệu lực");
    expect(JSON.stringify(r.body)).toContain("not in force");
    // A district round dated while the district existed is accepted (importing the seeds' years).
    const old = await office("POST", "/api/rounds", { unitId: district.id, ...body, opensOn: "2024-09-01", closesOn: "2024-09-30" });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
  });

  it("a role on an abolished unit is refused", async () => {
    const { user, session } = await signedInUser(t.app, t.database.db, [grant("system_admin", province)]);
    void user;
    const admin = apiAs(t, session);
    const target = await signedInUser(t.app, t.database.db, []);
    const r = await admin("POST", `/api/users/${target.user.id}/roles`, { role: "commune_officer", unitId: oldCommune.id });
    expect(r.status).toBe(400);
    expect(r.body.i18n.en.detail).toContain("not in force");
    expect(r.body.i18n.vi.detail).toContain("không còn hiệu lực");
  });
});
