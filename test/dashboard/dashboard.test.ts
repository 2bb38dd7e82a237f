import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshScanRollup } from "../../src/modules/stamps/index.js";
import { tasksFor } from "../../src/web/nav.js";
import { createProducer, createUnit, createUnitTree, grant, signedInUser, type SignedInSession, type TestUnit, type UnitTree } from "../support/fixtures.js";
import { createTestApp, testClock, type TestApp } from "../support/harness.js";
import { batch, certificate, certificateEvent, cycle, dossier, fakeReport, idea, plan, product, result, scan } from "./support.js";

/*
 * Issue 17: the province's dashboard. One world, today 15 June 2026 (Vietnam), with records placed on both
 * sides of every edge the figures have: inside and outside the year, the unit and the province; a certificate
 * revoked, one superseded by an upgrade, one expired, one ending within 180 days and one just after; drafts;
 * repeat scans; a scan at 01:00 on 1 January in Vietnam (18:00 UTC the day before).
 */

const TODAY = "2026-06-15T03:00:00Z";
const FOOD = 6; // criteria set 6: food (Annex I)
const DRINK = 14; // criteria set 14: drinks

let t: TestApp;
let tree: UnitTree;
let other: { province: TestUnit; commune: TestUnit };
let office: SignedInSession;
let c11: TestUnit, c12: TestUnit, c21: TestUnit, c22: TestUnit;
const ids: Record<string, number> = {};

const get = (s: SignedInSession | null, path: string) => t.app.request(path, { headers: s ? { cookie: s.cookie, accept: path.startsWith("/api/") ? "application/json" : "text/html" } : {} });
const json = async (s: SignedInSession, path: string) => {
  const r = await get(s, path);
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as any;
};
const stars = (d: any) => Object.fromEntries(d.inForce.byStars.map((s: any) => [s.stars, s.products]));

beforeAll(async () => {
  t = await createTestApp({ clock: testClock(TODAY) });
  const db = t.database.db;
  tree = await createUnitTree(db);
  [[c11, c12], [c21, c22]] = tree.communes;
  const q = await createUnit(db, { level: "province" });
  other = { province: q, commune: await createUnit(db, { level: "commune", parent: q }) };
  const P = tree.province;

  // Certificates (see the header): in force today A, B, X (upgraded), S, T; in force on 31/12/2025 A, R, X (old), S, T.
  const a = await product(db, c11, { year: 2025 });
  ids.A = await certificate(db, P, c11, a, { stars: 3, on: "2025-03-01", set: FOOD });
  const b = await product(db, c12, { year: 2026, set: DRINK });
  ids.productB = b;
  ids.B = await certificate(db, P, c12, b, { stars: 4, on: "2026-02-01", set: DRINK });
  const r = await product(db, c11, { year: 2025 });
  ids.R = await certificate(db, P, c11, r, { stars: 4, on: "2025-05-01", set: FOOD });
  await certificateEvent(db, ids.R, { kind: "revoked", on: "2026-04-01" });
  const e = await product(db, c11, { year: 2021 });
  await certificate(db, P, c11, e, { stars: 3, on: "2022-01-01", set: FOOD }); // expired 31/12/2024
  const x = await product(db, c21, { year: 2024 });
  const xOld = await certificate(db, P, c21, x, { stars: 3, on: "2024-01-10", set: FOOD });
  const xNew = await certificate(db, P, c21, x, { stars: 4, on: "2026-03-01", set: FOOD });
  await certificateEvent(db, xOld, { kind: "superseded", on: "2026-03-01", related: xNew });
  const s = await product(db, c22, { year: 2023, set: DRINK });
  ids.S = await certificate(db, P, c22, s, { stars: 3, on: "2023-09-01", set: DRINK }); // expires 31/08/2026
  const tt = await product(db, c22, { year: 2023 });
  ids.T = await certificate(db, P, c22, tt, { stars: 4, on: "2023-12-20", set: FOOD }); // expires 19/12/2026: 187 days away
  const z = await product(db, other.commune, { year: 2026 });
  await certificate(db, other.province, other.commune, z, { stars: 3, on: "2026-01-10", set: FOOD });

  // The 2026 pipeline: ideas sent 3 (a draft, a 2025 idea and another province's left out), plans approved 1,
  // products coded 2026 2 (B and F), dossiers filed 1, certificates decided 2 (B, X's upgrade).
  const y26 = await cycle(db, P, 2026);
  const y25 = await cycle(db, P, 2025);
  const q26 = await cycle(db, other.province, 2026);
  await idea(db, y26, c22, "submitted");
  await idea(db, y26, c21, "draft");
  await idea(db, y25, c11, "submitted");
  await idea(db, q26, other.commune, "submitted");
  const m = (own: number, loans: number, other: number, support: number) => ({ own: BigInt(own), loans: BigInt(loans), other: BigInt(other), support: BigInt(support) });
  // plan() writes its approved idea: the two of cycle 2026 below are ideas sent too (3 with the one above).
  await plan(db, y26, c11, { state: "approved", approvedAt: "2026-04-10T03:00:00Z", money: m(1_500_000_000, 500_000_000, 10_000_000, 300_000_000) });
  await plan(db, y26, c12, { state: "submitted", money: m(9, 9, 9, 9) });
  // Cycle 2025, approved in January 2026 (counts in the year's funding, not in its pipeline), in district 2.
  await plan(db, y25, c21, { state: "approved", approvedAt: "2026-01-05T03:00:00Z", money: m(411_439_000_000, 98_752_000_000, 6_510_000_000, 113_386_000_000) });
  await plan(db, y25, c12, { state: "approved", approvedAt: "2025-08-01T03:00:00Z", money: m(7, 7, 7, 7) });
  // Approved at 23:30 on 31/12/2025 in Vietnam (16:30 UTC): 2025's.
  await plan(db, y25, c12, { state: "approved", approvedAt: "2025-12-31T16:30:00Z", money: m(5, 5, 5, 5) });
  await plan(db, q26, other.commune, { state: "approved", approvedAt: "2026-03-01T03:00:00Z", money: m(3, 3, 3, 3) });

  // Dossiers: F filed in 2026 and proposed for 5★; a draft of 2026 and one filed in December 2025 left out.
  const f = await product(db, c12, { year: 2026, name: "Nước mắm Lộc Hà" });
  const fd = await dossier(db, f, c12, { createdAt: "2026-03-01T03:00:00Z", state: "forwarded" });
  await result(db, P, fd, { score: 91.5, stars: null, forwardTo: "central", finalisedAt: "2026-05-20T03:00:00Z" });
  ids.F = fd;
  await dossier(db, f, c12, { createdAt: "2026-04-01T03:00:00Z", state: "draft" });
  const old = await dossier(db, a, c11, { createdAt: "2025-12-20T03:00:00Z", state: "submitted" });
  await result(db, P, old, { score: 93, stars: null, forwardTo: "central", finalisedAt: "2025-12-22T03:00:00Z" }); // 2025's proposal
  const g = await dossier(db, r, c11, { createdAt: "2025-11-20T03:00:00Z", state: "decided" });
  await result(db, P, g, { score: 88, stars: 4, forwardTo: null, finalisedAt: "2026-05-21T03:00:00Z" }); // 4★, not proposed

  // Stamps: issued 100 in 2026 (not the 2025 batch, the request or the other province's), activated 40 in 2026.
  const bStamps = await batch(db, b, { quantity: 100, issuedAt: "2026-03-05T03:00:00Z", activated: 40, activatedAt: "2026-03-10T03:00:00Z" });
  const aStamps = await batch(db, a, { quantity: 50, issuedAt: "2025-06-01T03:00:00Z", activated: 10, activatedAt: "2025-07-01T03:00:00Z" });
  await batch(db, b, { quantity: 30, issuedAt: "2026-04-01T03:00:00Z", state: "requested" });
  const zStamps = await batch(db, z, { quantity: 70, issuedAt: "2026-02-01T03:00:00Z", activated: 70, activatedAt: "2026-02-01T03:00:00Z" });
  ids.bStamp = bStamps[0]!;
  // Scans in 2026: 3 of B's (a repeat left out) and A's at 01:00 on 1 January in Vietnam; A's at 23:00 the day before is 2025's.
  await scan(db, bStamps[0]!, "2026-04-01T03:00:00Z");
  await scan(db, bStamps[0]!, "2026-05-10T03:00:00Z");
  await scan(db, bStamps[0]!, "2026-05-10T03:05:00Z", true);
  await scan(db, bStamps[1]!, "2026-06-15T01:00:00Z");
  await scan(db, aStamps[0]!, "2025-12-31T18:00:00Z");
  await scan(db, aStamps[0]!, "2025-12-31T16:00:00Z");
  await scan(db, zStamps[0]!, "2026-03-01T03:00:00Z");

  // Fake reports open: B's new and investigating, one naming no product (the province's), and closed or elsewhere ones.
  await fakeReport(db, b, "new");
  await fakeReport(db, b, "investigating");
  await fakeReport(db, b, "confirmed_fake");
  await fakeReport(db, null, "new");
  await fakeReport(db, z, "new");

  office = (await signedInUser(t.app, db, [grant("province_office", P)])).session;
});
afterAll(() => t.close());

describe("the dashboard's figures", () => {
  it("counts products in force today by stars, group and commune: a revoked certificate and an expired one do not count, an upgraded product counts once", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.year).toBe(2026);
    expect(d.asOf).toBe("2026-06-15");
    expect(d.unit.id).toBe(tree.province.id);
    expect(d.inForce.products).toBe(5);
    expect(stars(d)).toEqual({ 3: 2, 4: 3, 5: 0 });
    expect(Object.fromEntries(d.inForce.byGroup.map((g: any) => [g.kind, g.products]))).toEqual({ food: 3, drink: 2, herbal: 0, handicraft: 0, ornamental: 0, tourism: 0 });
    expect(Object.fromEntries(d.inForce.byCommune.map((c: any) => [c.communeId, c.products]))).toEqual({ [c11.id]: 1, [c12.id]: 1, [c21.id]: 1, [c22.id]: 2 });
  });

  it("counts a past year on its last day: the certificate revoked in 2026 counts, the upgrade of 2026 does not", async () => {
    const d = await json(office, "/api/dashboard?year=2025");
    expect(d.asOf).toBe("2025-12-31");
    expect(stars(d)).toEqual({ 3: 3, 4: 2, 5: 0 });
  });

  it("narrows every figure to the unit chosen", async () => {
    const d = await json(office, `/api/dashboard?unitId=${tree.districts[0].id}`);
    expect(stars(d)).toEqual({ 3: 1, 4: 1, 5: 0 });
    expect(d.pipeline).toEqual({ ideas: 2, plans: 1, products: 2, dossiers: 1, certified: 1 });
    expect(d.fakeReports).toEqual({ new: 1, investigating: 1 });
    expect(d.fundingByUnit.map((u: any) => u.unitId)).toEqual([tree.districts[0].id]);
    const c = await json(office, `/api/dashboard?unitId=${c22.id}`);
    expect(c.inForce.products).toBe(2);
    expect(c.stamps).toEqual({ issued: 0, activated: 0, scanned: 0 });
  });

  it("gives the year's pipeline: ideas sent, plans approved, products coded, dossiers filed, certificates decided", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.pipeline).toEqual({ ideas: 3, plans: 1, products: 2, dossiers: 1, certified: 2 });
  });

  it("lists the certificates ending within 180 days, not the one ending on the 187th", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.expiring).toEqual([expect.objectContaining({ certificateId: ids.S, stars: 3, validUntil: "2026-08-31" })]);
    // The list is of today, whatever the year looked at.
    expect((await json(office, "/api/dashboard?year=2025")).expiring.map((e: any) => e.certificateId)).toEqual([ids.S]);
  });

  it("lists the year's proposals for 5★ with the central outcome", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.fiveStar).toEqual([expect.objectContaining({ dossierId: ids.F, productName: "Nước mắm Lộc Hà", score: 91.5, finalisedOn: "2026-05-20", centralDone: false })]);
    expect((await json(office, "/api/dashboard?year=2025")).fiveStar).toHaveLength(1);
  });

  it("sums the funding of the plans approved in the year by source, to the đồng, and per unit", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.funding).toEqual({ plans: 2, ownCapital: "412939000000", loans: "99252000000", otherSources: "6520000000", stateSupport: "113686000000", total: String(412_939_000_000 + 99_252_000_000 + 6_520_000_000 + 113_686_000_000) });
    expect(d.fundingByUnit).toEqual([
      expect.objectContaining({ unitId: tree.districts[0].id, plans: 1, total: "2310000000" }),
      expect.objectContaining({ unitId: tree.districts[1].id, plans: 1, total: "630087000000" }),
    ]);
    const y25 = await json(office, "/api/dashboard?year=2025");
    expect(y25.funding.plans).toBe(2);
    expect(y25.funding.total).toBe("48");
  });

  it("counts stamps issued, activated and scanned in the year, by the Vietnam calendar, repeats left out", async () => {
    const d = await json(office, "/api/dashboard");
    expect(d.stamps).toEqual({ issued: 100, activated: 40, scanned: 4 });
    expect((await json(office, "/api/dashboard?year=2025")).stamps).toEqual({ issued: 50, activated: 10, scanned: 1 });
  });

  it("gives the same scan counts from the daily job's roll-up, and adds the scans after it from the rows", async () => {
    const db = t.database.db;
    // Two more in the scan statistics' 30 days (and a repeat, left out), so both roll-ups have rows to give.
    await scan(db, ids.bStamp!, "2026-06-01T03:00:00Z");
    await scan(db, ids.bStamp!, "2026-06-10T03:00:00Z");
    await scan(db, ids.bStamp!, "2026-06-10T03:10:00Z", true);
    const statsCsv = async () => (await get(office, "/stats/scans.csv")).text();
    const before = await statsCsv();
    expect(before).toContain("2026-06-10,VN,HT,1");
    expect((await json(office, "/api/dashboard")).stamps.scanned).toBe(6);

    const run = await refreshScanRollup(db, t.clock.now());
    // The roll-up holds the days before today; today's scans are read from the rows.
    expect(run).toMatchObject({ through: "2026-06-15", skipped: false });
    expect((await json(office, "/api/dashboard")).stamps).toEqual({ issued: 100, activated: 40, scanned: 6 });
    // Activations come from the roll-up too: 2025's, and one of today's read from the rows.
    expect((await json(office, "/api/dashboard?year=2025")).stamps).toEqual({ issued: 50, activated: 10, scanned: 1 });
    await db.execute(sql`update stamps set activated_at = ${"2026-06-15T02:00:00Z"}::timestamptz where id = (select id from stamps where batch_id = (select batch_id from stamps where id = ${ids.bStamp!}) and activated_at is null order by seq limit 1)`);
    expect((await json(office, "/api/dashboard")).stamps.activated).toBe(41);
    expect(await statsCsv()).toBe(before);

    await scan(db, ids.bStamp!, "2026-06-15T04:00:00Z");
    expect((await json(office, "/api/dashboard")).stamps.scanned).toBe(7);
    expect(await statsCsv()).toContain("2026-06-15,VN,HT,2");
    // A scan of yesterday written late (a buffered row) is counted once the next day's refresh counts that day again.
    await scan(db, ids.bStamp!, "2026-06-14T05:00:00Z");
    expect(await refreshScanRollup(db, t.clock.now())).toMatchObject({ skipped: true });
    expect((await json(office, "/api/dashboard")).stamps.scanned).toBe(7);
    expect(await refreshScanRollup(db, new Date("2026-06-16T03:00:00Z"))).toMatchObject({ through: "2026-06-16", from: "2026-06-01" });
    t.clock.set("2026-06-16T03:00:00Z");
    try {
      expect((await json(office, "/api/dashboard")).stamps.scanned).toBe(8);
      expect(await statsCsv()).toContain("2026-06-14,VN,HT,1");
    } finally {
      t.clock.set(TODAY);
    }
    // A reader whose clock is before the roll-up's reach (a clock set back) counts the rows alone, and gets the same.
    const early = new Date("2026-06-10T03:00:00Z");
    t.clock.set(early);
    try {
      expect((await json(office, "/api/dashboard")).stamps.scanned).toBe(8);
    } finally {
      t.clock.set(TODAY);
    }
  });

  it("counts open fake reports, those naming no product for the province only", async () => {
    expect((await json(office, "/api/dashboard")).fakeReports).toEqual({ new: 2, investigating: 1 });
  });
});

describe("the dashboard's page and exports", () => {
  it("draws each figure as an SVG with role img and a title, the table beside it, numbers in vi-VN", async () => {
    const r = await get(office, "/dashboard");
    expect(r.status).toBe(200);
    const html = await r.text();
    for (const id of ["stars", "groups", "communes", "pipeline", "expiring", "five-star", "funding", "funding-units", "stamps", "fakes"]) {
      const section = html.slice(html.indexOf(`<section class="card figure" id="${id}"`), html.indexOf("</section>", html.indexOf(`id="${id}"`)));
      expect(section, id).toMatch(new RegExp(`<svg [^>]*id="${id}-chart"[^>]*role="img"[^>]*aria-labelledby="${id}-chart-title"`));
      expect(section, id).toMatch(new RegExp(`<title id="${id}-chart-title">[^<]+</title>`));
      expect(section, id).toMatch(new RegExp(`<table class="(reflow|figure)" id="${id}-table">`));
      expect(section, id).toContain(`/dashboard/export/${id}.csv?year=2026&amp;unitId=${tree.province.id}`);
    }
    // 630.087.000.000 đồng in the table of funding by unit, as Vietnamese write it.
    expect(html).toContain(">630.087.000.000<");
    expect(html).not.toMatch(/<script/i);
    // The charts scale with the page: a viewBox and a width of 100%, never a fixed pixel width.
    for (const svg of html.match(/<svg [^>]*>/g)!) expect(svg).toMatch(/viewBox="0 0 \d+ \d+" width="100%"/);
  });

  it("exports the whole dashboard as XLSX, one sheet per table, read back to the same figures", async () => {
    const r = await get(office, "/dashboard/export.xlsx");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Theo hạng sao", "Theo nhóm sản phẩm", "Theo xã", "Tiến độ năm", "Sắp hết hiệu lực", "Đề nghị 5 sao", "Kinh phí theo nguồn", "Kinh phí theo đơn vị", "Tem truy xuất", "Báo cáo tem giả"]);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((row, i) => {
        if (i > 2) out.push((row.values as unknown[]).slice(1));
      });
      return out;
    };
    expect(rows("Theo hạng sao")).toEqual([["3 sao", 2], ["4 sao", 3], ["5 sao", 0]]);
    expect(rows("Tiến độ năm").map((r) => r[1])).toEqual([3, 1, 2, 1, 2]);
    expect(rows("Kinh phí theo nguồn")).toEqual([["Vốn chủ cơ sở", 412_939_000_000], ["Vốn vay", 99_252_000_000], ["Vốn khác", 6_520_000_000], ["Ngân sách nhà nước hỗ trợ", 113_686_000_000], ["Tổng kinh phí", 632_397_000_000]]);
    expect(rows("Tem truy xuất").map((r) => r[1])).toEqual([100, 41, 8]);
    expect(rows("Sắp hết hiệu lực")).toEqual([[ids.S, expect.any(String), c22.name, 3, "31/08/2026"]]);
  });

  it("exports one table as CSV and as XLSX, for the unit chosen", async () => {
    const csv = await get(office, `/dashboard/export/stars.csv?year=2025&unitId=${tree.districts[0].id}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).replace(/^\ufeff/, "").trim().split("\r\n")).toEqual(["Hạng,Số sản phẩm", "3 sao,1", "4 sao,1", "5 sao,0"]);
    const x = await get(office, "/dashboard/export/pipeline.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Tiến độ năm"]);
    expect(wb.worksheets[0]!.getRow(3).getCell(2).value).toBe(3);
    expect((await get(office, "/dashboard/export/nothing.csv")).status).toBe(404);
  });

  it("takes the unit from the picker by code or name, and says what is wrong with an unknown one", async () => {
    const byCode = await get(office, `/dashboard?unit=${encodeURIComponent(c22.code)}`);
    expect(byCode.status).toBe(200);
    expect(await byCode.text()).toContain(`id="dashboard-scope">${c22.name}`);
    const unknown = await get(office, "/dashboard?unit=kh%C3%B4ng%20c%C3%B3");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Không tìm thấy đơn vị");
    expect((await get(office, "/api/dashboard?year=2027")).status).toBe(400);
    expect((await get(office, "/api/dashboard?year=abc")).status).toBe(400);
  });
});

describe("who sees the dashboard", () => {
  it("shows a commune officer their commune, never another unit", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("commune_officer", c22)]);
    const d = await json(session, "/api/dashboard");
    expect(d.unit.id).toBe(c22.id);
    expect(d.inForce.products).toBe(2);
    expect((await get(session, `/api/dashboard?unitId=${tree.province.id}`)).status).toBe(403);
    expect((await get(session, `/api/dashboard?unitId=${c11.id}`)).status).toBe(403);
  });

  it("shows a district office its district", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("district_office", tree.districts[1])]);
    const d = await json(session, "/api/dashboard");
    expect(stars(d)).toEqual({ 3: 1, 4: 2, 5: 0 });
  });

  it("refuses producers and visitors, and another province's office sees only its own", async () => {
    const producer = await signedInUser(t.app, t.database.db, [{ role: "producer_member", producerId: (await createProducer(t.database.db, c11)).id }]);
    expect((await get(producer.session, "/api/dashboard")).status).toBe(403);
    expect((await get(null, "/api/dashboard")).status).toBe(401);
    expect((await get(null, "/dashboard")).status).toBe(303);
    const q = await signedInUser(t.app, t.database.db, [grant("province_office", other.province)]);
    const d = await json(q.session, "/api/dashboard");
    expect(d.inForce.products).toBe(1);
    expect((await get(q.session, `/api/dashboard?unitId=${tree.province.id}`)).status).toBe(403);
  });

  it("is on the home and in the menu of the officials who may read it", () => {
    for (const role of ["province_office", "district_office", "commune_officer", "system_admin"] as const) expect(tasksFor(role).map((x) => x.href), role).toContain("/dashboard");
    for (const role of ["producer_member", "council_member", "retail_operator", "inspector"] as const) expect(tasksFor(role).map((x) => x.href), role).not.toContain("/dashboard");
  });
});

describe("the registry's open figures", () => {
  it("gives every certified product in force today by stars, group and commune, on the page and as JSON", async () => {
    const r = await t.app.request("/api/registry/figures");
    expect(r.status).toBe(200);
    const f = (await r.json()) as any;
    // The five of the province and the other province's one: the registry is the deployment's.
    expect(f.products).toBe(6);
    expect(Object.fromEntries(f.byStars.map((s: any) => [s.stars, s.products]))).toEqual({ 3: 3, 4: 3, 5: 0 });
    expect(f.byGroup.find((g: any) => g.kind === "drink").products).toBe(2);
    expect(f.byCommune.find((c: any) => c.communeId === c22.id).products).toBe(2);
    const html = await (await t.app.request("/registry")).text();
    expect(html).toContain('<strong id="open-total">6 sản phẩm</strong>');
    expect(html).toMatch(/<svg [^>]*id="open-stars-chart"[^>]*role="img"/);
    expect(html).toContain('<table class="figure" id="open-communes-table">');
  });

  it("stops counting a certificate once its revocation takes effect", async () => {
    const db = t.database.db;
    await certificateEvent(db, ids.T!, { kind: "revoked", on: "2026-06-20" });
    expect(((await (await t.app.request("/api/registry/figures")).json()) as any).products).toBe(6);
    t.clock.set("2026-06-20T03:00:00Z");
    try {
      expect(((await (await t.app.request("/api/registry/figures")).json()) as any).products).toBe(5);
    } finally {
      t.clock.set(TODAY);
    }
  });
});
