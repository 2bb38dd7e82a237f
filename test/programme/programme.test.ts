import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/modules/audit/schema.js";
import { apiAs, ok } from "../cycle/support.js";
import { person, type Person } from "../evaluation/support.js";
import { createUnit, csrfFieldIn, formBody, formHeaders, grant, signedInUser, type TestUnit } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { certify, producerAt, productOf, retailAt, revoke } from "./support.js";

/*
 * The year's plan measured from the registry (issue 17): targets at their edges for the province and per
 * commune, training records feeding the "trained" shares, who may see and change what, and refusals.
 */

let t: TestApp;
let P: TestUnit, A: TestUnit, B: TestUnit, Q: TestUnit, C: TestUnit;
let office: Person, officerA: Person, otherOffice: Person;
let p1: { id: number; name: string }, p2: { id: number; name: string }, p3: { id: number; name: string }, pQ: { id: number; name: string };
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set("2026-11-20T03:00:00Z");
  const db = t.database.db;
  P = await createUnit(db, { level: "province" });
  A = await createUnit(db, { level: "commune", parent: P });
  B = await createUnit(db, { level: "commune", parent: P });
  Q = await createUnit(db, { level: "province" });
  C = await createUnit(db, { level: "commune", parent: Q });
  office = await person(t, ["province_office", P]);
  officerA = await person(t, ["commune_officer", A]);
  otherOffice = await person(t, ["province_office", Q]);

  p1 = await producerAt(db, A, "2025-03-01T03:00:00Z");
  p2 = await producerAt(db, B, "2025-03-01T03:00:00Z");
  // 00:30 on 1 January 2026 in Vietnam is still 31 December in UTC: a producer of 2026.
  p3 = await producerAt(db, A, "2025-12-31T17:30:00Z");
  // 23:30 on 31 December 2025 in Vietnam: a producer of 2025.
  await producerAt(db, B, "2025-12-31T16:30:00Z");
  pQ = await producerAt(db, C, "2026-02-01T03:00:00Z");

  const revoked = await productOf(db, { ...p1, communeId: A.id }, A);
  const c = await certify(db, P, A, revoked, p1.id, 3, "2026-03-01");
  await revoke(db, c, "2026-09-01");
  const upgraded = await productOf(db, { ...p1, communeId: A.id }, A);
  await certify(db, P, A, upgraded, p1.id, 3, "2026-02-01");
  ids.upgradedCert = await certify(db, P, A, upgraded, p1.id, 4, "2026-10-01");
  const fresh = await productOf(db, { ...p2, communeId: B.id }, B);
  await certify(db, P, B, fresh, p2.id, 3, "2026-05-01");
  const kept = await productOf(db, { ...p2, communeId: B.id }, B);
  await certify(db, P, B, kept, p2.id, 3, "2024-06-01");
  const keptUp = await productOf(db, { ...p1, communeId: A.id }, A);
  await certify(db, P, A, keptUp, p1.id, 3, "2024-02-01");
  await certify(db, P, A, keptUp, p1.id, 4, "2026-06-01");
  // Another province's certificate never counts for this one.
  const elsewhere = await productOf(db, { ...pQ, communeId: C.id }, C);
  await certify(db, Q, C, elsewhere, pQ.id, 4, "2026-04-01");

  await retailAt(db, A, "2025-12-31T17:30:00Z"); // 1 January 2026, 00:30 in Vietnam
  await retailAt(db, A, "2025-12-31T16:59:00Z"); // 31 December 2025, 23:59 in Vietnam
});
afterAll(() => t.close());

const INDICATORS = [
  { label: "Ít nhất 3 sản phẩm từ 3 sao", rule: "certified_in_year", params: { minStars: 3 }, targetMin: 3 },
  { label: "Trong đó 10 sản phẩm từ 4 sao", rule: "certified_in_year", params: { minStars: 4 }, targetMin: 10 },
  { label: "Củng cố 2 chủ thể hiện có", rule: "producers_strengthened", targetMin: 2 },
  { label: "1 chủ thể mới", rule: "producers_new", targetMin: 1 },
  { label: "3-5 điểm bán mới", rule: "retail_points_new", targetMin: 3, targetMax: 5 },
  { label: "100% cán bộ được tập huấn", rule: "officials_trained", targetMin: 100 },
  { label: "100% chủ thể được tập huấn", rule: "producers_trained", targetMin: 100 },
  { label: "Giữ 2 sản phẩm năm 2024", rule: "base_year_kept", params: { baseYear: 2024 }, targetMin: 2 },
  { label: "Nâng hạng sản phẩm năm 2024", rule: "base_year_upgraded", params: { baseYear: 2024 }, targetMin: null },
];
const planBody = (over: Record<string, unknown> = {}) => ({ year: 2026, number: "125/KH-UBND", issuedOn: "2026-02-10", title: "Kế hoạch thực hiện Chương trình OCOP năm 2026", indicators: INDICATORS, ...over });

let planId: number;
type Ind = { id: number; rule: string; label: string; province: { counted: number; population: number | null; value: number | null; met: boolean | null }; communes: { communeId: number | null; counted: number; population: number | null; met: boolean | null }[] };
const byLabel = (inds: Ind[], label: string) => inds.find((i) => i.label === label)!;

describe("entering the plan", () => {
  it("refuses bad input with 400 naming the field, a second plan of the year with 409, and others than the office with 403", async () => {
    const bad = await office.api("POST", "/api/programme/plans", planBody({ indicators: [{ ...INDICATORS[0], params: { minStars: 2 } }, { ...INDICATORS[5], targetMin: 101 }, { label: "x", rule: "sales_volume" }] }));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain("indicators.2.rule");
    const bad2 = await office.api("POST", "/api/programme/plans", planBody({ indicators: [{ ...INDICATORS[0], params: { minStars: 2 } }, { ...INDICATORS[5], targetMin: 101 }, { ...INDICATORS[7], params: { baseYear: 2026 } }] }));
    expect(bad2.status).toBe(400);
    expect(bad2.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["indicators.0.params.minStars", "indicators.1.targetMin", "indicators.2.params.baseYear"]);
    expect((await office.api("POST", "/api/programme/plans", planBody({ colour: "red" }))).status).toBe(400);
    expect((await office.api("POST", "/api/programme/plans", planBody({ issuedOn: "2026-02-30" }))).status).toBe(400);
    expect((await officerA.api("POST", "/api/programme/plans", planBody({ unitId: P.id }))).status).toBe(403);
    expect((await otherOffice.api("POST", "/api/programme/plans", planBody({ unitId: P.id }))).status).toBe(403);
    expect((await office.api("POST", "/api/programme/plans", planBody({ unitId: A.id }))).status).toBe(400);

    const plan = await ok(office.api("POST", "/api/programme/plans", planBody()), 201);
    planId = plan.id;
    expect(plan).toMatchObject({ unitId: P.id, year: 2026, canManage: true });
    expect(plan.indicators).toHaveLength(INDICATORS.length);
    expect((await office.api("POST", "/api/programme/plans", planBody())).status).toBe(409);
    const [rec] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "programme.plan_create"), eq(auditLog.subjectId, String(planId))));
    expect(rec).toBeDefined();
  });
});

describe("progress measured from the registry", () => {
  it("counts the year's certificates at their edges, once per product, for the province and per commune", async () => {
    const pr = await ok(office.api("GET", `/api/programme/plans/${planId}/progress`));
    expect(pr).toMatchObject({ asOf: "2026-11-20", wholeProvince: true });
    const three = byLabel(pr.indicators, INDICATORS[0]!.label);
    // The revoked 3★ is out; the product upgraded 3★ → 4★ counts once; the 2024 product upgraded in 2026 counts.
    expect(three.province).toMatchObject({ counted: 3, met: true });
    expect(Object.fromEntries(three.communes.map((c) => [c.communeId, c.counted]))).toEqual({ [A.id]: 2, [B.id]: 1 });
    expect(byLabel(pr.indicators, INDICATORS[1]!.label).province).toMatchObject({ counted: 2, met: false });
    expect(byLabel(pr.indicators, INDICATORS[2]!.label).province).toMatchObject({ counted: 2, met: true });
    expect(byLabel(pr.indicators, INDICATORS[3]!.label).province).toMatchObject({ counted: 1, met: true });
    expect(byLabel(pr.indicators, INDICATORS[4]!.label).province).toMatchObject({ counted: 1, met: false });
    expect(byLabel(pr.indicators, INDICATORS[7]!.label).province).toMatchObject({ counted: 2, met: true });
    expect(byLabel(pr.indicators, INDICATORS[8]!.label).province).toMatchObject({ counted: 1, met: null });
  });

  it("lists the records behind a figure, each linked, the revoked one marked as not counted", async () => {
    const plan = await ok(office.api("GET", `/api/programme/plans/${planId}`));
    const ind = plan.indicators[0];
    const all = await ok(office.api("GET", `/api/programme/plans/${planId}/indicators/${ind.id}/records`));
    expect(all.figure.counted).toBe(3);
    expect(all.items).toHaveLength(4);
    expect(all.items.filter((i: { counted: boolean }) => !i.counted)).toHaveLength(1);
    expect(all.items.find((i: { certificateId: number }) => i.certificateId === ids.upgradedCert)).toMatchObject({ stars: 4, counted: true, href: `/c/${ids.upgradedCert}` });
    const onlyB = await ok(office.api("GET", `/api/programme/plans/${planId}/indicators/${ind.id}/records?communeId=${B.id}`));
    expect(onlyB.figure.counted).toBe(1);
    expect(onlyB.items.every((i: { communeId: number }) => i.communeId === B.id)).toBe(true);
    expect((await office.api("GET", `/api/programme/plans/${planId}/indicators/999999/records`)).status).toBe(404);
    expect((await office.api("GET", `/api/programme/plans/${planId}/indicators/${ind.id}/records?communeId=abc`)).status).toBe(400);
  });

  it("feeds the trained shares from the events' participants", async () => {
    const before = await ok(office.api("GET", `/api/programme/plans/${planId}/progress`));
    expect(byLabel(before.indicators, "100% cán bộ được tập huấn").province).toMatchObject({ counted: 0, population: 2, value: 0, met: false });

    const bad = await office.api("POST", "/api/programme/events", { kind: "training", title: "Tập huấn", topic: "OCOP", startsOn: "2026-06-02", endsOn: "2026-06-01", place: "Hội trường", organiser: "VPĐP" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("endsOn");
    expect((await officerA.api("POST", "/api/programme/events", { kind: "training", title: "Tập huấn", topic: "OCOP", startsOn: "2026-06-01", endsOn: "2026-06-01", place: "x", organiser: "y" })).status).toBe(403);
    const ev = await ok(office.api("POST", "/api/programme/events", { kind: "training", title: "Tập huấn xây dựng phương án SXKD", topic: "Phương án sản xuất kinh doanh", startsOn: "2026-06-01", endsOn: "2026-06-02", place: "Hội trường UBND tỉnh", organiser: "VPĐP NTM tỉnh" }), 201);
    // A fair is no training: it does not count for the trained shares.
    const fair = await ok(office.api("POST", "/api/programme/events", { kind: "fair", title: "Hội chợ OCOP", topic: "Giới thiệu sản phẩm", startsOn: "2026-07-01", endsOn: "2026-07-03", place: "Quảng trường", organiser: "Sở Công Thương" }), 201);
    await ok(office.api("POST", `/api/programme/events/${fair.id}/participants`, { producerId: p2.id }), 201);
    // Correcting an event keeps its participants and is audited; only its office may.
    const fix = { kind: "fair", title: "Hội chợ OCOP Hà Tĩnh", topic: "Giới thiệu sản phẩm", startsOn: "2026-07-01", endsOn: "2026-07-04", place: "Quảng trường", organiser: "Sở Công Thương" };
    expect((await officerA.api("PUT", `/api/programme/events/${fair.id}`, fix)).status).toBe(403);
    expect((await otherOffice.api("PUT", `/api/programme/events/${fair.id}`, fix)).status).toBe(404);
    expect(await ok(office.api("PUT", `/api/programme/events/${fair.id}`, fix))).toMatchObject({ title: "Hội chợ OCOP Hà Tĩnh", endsOn: "2026-07-04", participants: [expect.objectContaining({ producerId: p2.id })] });
    expect((await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "programme.event_update"), eq(auditLog.subjectId, String(fair.id))))).length).toBe(1);

    await ok(office.api("POST", `/api/programme/events/${ev.id}/participants`, { userId: officerA.userId }), 201);
    expect((await office.api("POST", `/api/programme/events/${ev.id}/participants`, { userId: officerA.userId })).status).toBe(409);
    expect((await office.api("POST", `/api/programme/events/${ev.id}/participants`, { userId: otherOffice.userId })).status).toBe(400);
    expect((await office.api("POST", `/api/programme/events/${ev.id}/participants`, { producerId: pQ.id })).status).toBe(400);
    expect((await office.api("POST", `/api/programme/events/${ev.id}/participants`, { userId: officerA.userId, producerId: p1.id })).status).toBe(400);
    const detail = await ok(office.api("POST", `/api/programme/events/${ev.id}/participants`, { producerId: p1.id, attendeeName: "Nguyễn Thị Hoa" }), 201);
    expect(detail.participants).toHaveLength(2);

    const after = await ok(office.api("GET", `/api/programme/plans/${planId}/progress`));
    const officials = byLabel(after.indicators, "100% cán bộ được tập huấn");
    expect(officials.province).toMatchObject({ counted: 1, population: 2, value: 50, met: false });
    expect(officials.communes.find((c) => c.communeId === A.id)).toMatchObject({ counted: 1, population: 1, met: true });
    expect(officials.communes.find((c) => c.communeId === null)).toMatchObject({ counted: 0, population: 1 });
    // Producers with a product: p1 and p2; p1 trained, p2 only went to the fair.
    expect(byLabel(after.indicators, "100% chủ thể được tập huấn").province).toMatchObject({ counted: 1, population: 2, value: 50 });

    const record = await ok(office.api("GET", `/api/programme/training/producers/${p1.id}`));
    expect(record.events.map((e: { id: number }) => e.id)).toEqual([ev.id]);
    expect(record.events[0].attendeeName).toBe("Nguyễn Thị Hoa");
    expect((await ok(officerA.api("GET", `/api/programme/training/officials/${officerA.userId}`))).events).toHaveLength(1);

    // Removing the participant takes the record away again.
    const part = detail.participants.find((x: { userId: string | null }) => x.userId === officerA.userId);
    await ok(office.api("DELETE", `/api/programme/events/${ev.id}/participants/${part.id}`));
    const gone = await ok(office.api("GET", `/api/programme/plans/${planId}/progress`));
    expect(byLabel(gone.indicators, "100% cán bộ được tập huấn").province.counted).toBe(0);
    await ok(office.api("POST", `/api/programme/events/${ev.id}/participants`, { userId: officerA.userId }), 201);
  });
});

describe("who sees what", () => {
  it("gives a commune officer the province's figures and its own commune's rows and records only", async () => {
    const pr = await ok(officerA.api("GET", `/api/programme/plans/${planId}/progress`));
    expect(pr.wholeProvince).toBe(false);
    for (const i of pr.indicators as Ind[]) for (const c of i.communes) expect(c.communeId).toBe(A.id);
    const ind = pr.indicators[0];
    const rec = await ok(officerA.api("GET", `/api/programme/plans/${planId}/indicators/${ind.id}/records`));
    expect(rec.items.every((i: { communeId: number }) => i.communeId === A.id)).toBe(true);
    expect(rec.figure.counted).toBe(2);
    expect((await officerA.api("GET", `/api/programme/plans/${planId}/indicators/${ind.id}/records?communeId=${B.id}`)).status).toBe(404);
    expect((await officerA.api("POST", `/api/programme/plans/${planId}/indicators`, INDICATORS[0])).status).toBe(403);
    expect((await officerA.api("PATCH", `/api/programme/plans/${planId}`, { title: "Khác" })).status).toBe(403);
  });

  it("hides the plan from another province, refuses producers the plans and lets them read their own record", async () => {
    expect((await otherOffice.api("GET", `/api/programme/plans/${planId}`)).status).toBe(404);
    expect((await otherOffice.api("GET", `/api/programme/plans/${planId}/progress`)).status).toBe(404);
    expect((await ok(otherOffice.api("GET", "/api/programme/plans"))).items).toEqual([]);
    const member = await person(t, ["producer_member", { ...p1, communeId: A.id, unitPath: A.path }]);
    expect((await member.api("GET", "/api/programme/plans")).status).toBe(403);
    expect((await member.api("GET", `/api/programme/plans/${planId}`)).status).toBe(403);
    expect((await ok(member.api("GET", `/api/programme/training/producers/${p1.id}`))).subject.name).toBe(p1.name);
    expect((await member.api("GET", `/api/programme/training/producers/${p2.id}`)).status).toBe(404);
    expect((await otherOffice.api("GET", `/api/programme/training/officials/${officerA.userId}`)).status).toBe(404);
    const anonymous = await t.app.request(`/api/programme/plans/${planId}`);
    expect(anonymous.status).toBe(401);
  });
});

describe("editing the plan", () => {
  it("adds, replaces and removes indicators with audit records, checking each like the plan", async () => {
    expect((await office.api("POST", `/api/programme/plans/${planId}/indicators`, { label: "x", rule: "retail_points_new", targetMin: 5, targetMax: 3 })).status).toBe(400);
    const added = await ok(office.api("POST", `/api/programme/plans/${planId}/indicators`, { label: "5 sản phẩm 5 sao", rule: "certified_in_year", params: { minStars: 5 }, targetMin: 5 }), 201);
    const ind = added.indicators.at(-1);
    expect(ind).toMatchObject({ position: INDICATORS.length + 1, params: { minStars: 5 } });
    const replaced = await ok(office.api("PUT", `/api/programme/plans/${planId}/indicators/${ind.id}`, { label: "4 sản phẩm từ 4 sao", rule: "certified_in_year", params: { minStars: 4 }, targetMin: 2 }));
    expect(replaced.indicators.at(-1)).toMatchObject({ id: ind.id, targetMin: 2 });
    const pr = await ok(office.api("GET", `/api/programme/plans/${planId}/progress`));
    expect(pr.indicators.find((i: Ind) => i.id === ind.id).province).toMatchObject({ counted: 2, met: true });
    await ok(office.api("DELETE", `/api/programme/plans/${planId}/indicators/${ind.id}`));
    expect((await office.api("DELETE", `/api/programme/plans/${planId}/indicators/${ind.id}`)).status).toBe(404);
    const actions = (await t.database.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.subjectType, "programme_plan"))).map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["programme.indicator_add", "programme.indicator_update", "programme.indicator_remove"]));
    const patched = await ok(office.api("PATCH", `/api/programme/plans/${planId}`, { number: "126/KH-UBND" }));
    expect(patched.number).toBe("126/KH-UBND");
  });
});

describe("the pages", () => {
  it("shows the plan with its figures linked to their records, the events and a training record", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", P)]);
    const get = async (path: string) => {
      const res = await t.app.request(path, { headers: { cookie: session.cookie, accept: "text/html" } });
      return { status: res.status, text: await res.text() };
    };
    const list = await get("/programme");
    expect(list.status).toBe(200);
    expect(list.text).toContain(`/programme/plans/${planId}`);
    const plan = await get(`/programme/plans/${planId}`);
    expect(plan.status).toBe(200);
    expect(plan.text).toContain("Tiến độ các chỉ tiêu");
    expect(plan.text).toMatch(new RegExp(`/programme/plans/${planId}/indicators/\\d+\\?communeId=${A.id}`));
    const planJson = await ok(office.api("GET", `/api/programme/plans/${planId}`));
    const records = await get(`/programme/plans/${planId}/indicators/${planJson.indicators[0].id}`);
    expect(records.status).toBe(200);
    expect(records.text).toContain(`/c/${ids.upgradedCert}`);
    expect(records.text).toContain("Giấy chứng nhận đã bị thu hồi: không tính");
    const events = await get("/programme/events");
    expect(events.text).toContain("Tập huấn xây dựng phương án SXKD");
    expect((await get(`/programme/training/producers/${p1.id}`)).text).toContain("Tập huấn xây dựng phương án SXKD");
    expect((await get("/programme/plans/99999")).status).toBe(404);
  });

  it("enters a plan from the form with the model indicators, and shows a refusal beside the form", async () => {
    const { session } = await signedInUser(t.app, t.database.db, [grant("province_office", Q)]);
    const form = await (await t.app.request("/programme", { headers: { cookie: session.cookie } })).text();
    const csrf = { csrfToken: csrfFieldIn(form)! };
    const bad = await t.app.request("/programme/plans", { method: "POST", headers: formHeaders(session), body: formBody({ year: "2026", number: "", issuedOn: "2026-01-15", title: "Kế hoạch OCOP năm 2026" }, csrf) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Nhập số kế hoạch");
    const res = await t.app.request("/programme/plans", { method: "POST", headers: formHeaders(session), body: formBody({ year: "2026", number: "01/KH-UBND", issuedOn: "2026-01-15", title: "Kế hoạch OCOP năm 2026", seedTargets: "1" }, csrf) });
    expect(res.status).toBe(303);
    const id = Number(/\/programme\/plans\/(\d+)/.exec(res.headers.get("location") ?? "")![1]);
    const plan = await ok(apiAs(t, session)("GET", `/api/programme/plans/${id}`));
    expect(plan.indicators.map((i: { rule: string }) => i.rule)).toEqual(["certified_in_year", "certified_in_year", "producers_strengthened", "producers_new", "retail_points_new", "officials_trained", "producers_trained", "base_year_kept", "base_year_upgraded"]);
    expect(plan.indicators[7].params).toEqual({ baseYear: 2025 });
  });
});
