import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../cycle/support.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createUnit } from "../support/fixtures.js";
import { SOURCE, pdf, report, task, taskWorld } from "./support.js";

/*
 * Issue 17: tasks a plan or a conclusion assigns to an agency or a unit, reported on by the assignee, overdue
 * past the deadline day in Vietnam time, each side seeing only its own.
 */

let t: TestApp;
let w: Awaited<ReturnType<typeof taskWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await taskWorld(t);
}, 60_000);
afterAll(() => t.close());

const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];

describe("assigning", () => {
  it("assigns a task to an agency with its source document, as the office of the agency's province", async () => {
    const created = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.trade.id, details: "Kết nối đối tác tiêu thụ; đưa sản phẩm tham gia hội chợ" })), 201);
    expect(created).toMatchObject({
      state: "assigned",
      overdue: false,
      deadline: "2026-03-31",
      provinceId: w.tree.province.id,
      assignee: { kind: "agency", id: w.trade.id, name: "Sở Công Thương" },
      source: { kind: "conclusion", number: "05-TB/BCĐ", date: "2026-02-25" },
      canManage: true,
      canReport: false,
    });
    expect(created.events.map((e: { kind: string }) => e.kind)).toEqual(["create"]);
    const [audit] = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from audit_log where action = 'task.create' and subject_id = ${String(created.id)}`));
    expect(audit!.n).toBe(1);
  });

  it("assigns a task to a commune, named as the commune", async () => {
    const created = await ok(w.office.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id })), 201);
    expect(created.assignee).toEqual({ kind: "unit", id: w.tree.communes[0][0].id, name: expect.stringContaining(w.tree.communes[0][0].name) });
  });

  it("refuses another province's office, and anyone but the office", async () => {
    expect((await w.otherOffice.api("POST", "/api/tasks", task({ agencyId: w.trade.id }))).status).toBe(403);
    expect((await w.otherOffice.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id }))).status).toBe(403);
    expect((await w.tradeStaff.api("POST", "/api/tasks", task({ agencyId: w.trade.id }))).status).toBe(403);
    expect((await w.commune.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id }))).status).toBe(403);
  });

  it("answers bad input with a 400 naming the field", async () => {
    const fieldsOf = async (body: unknown) => {
      const r = await w.office.api("POST", "/api/tasks", body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      return (r.body.errors as { path: string }[]).map((e) => e.path);
    };
    expect(await fieldsOf(task())).toContain("assignee");
    expect(await fieldsOf(task({ agencyId: w.trade.id, unitId: w.tree.communes[0][0].id }))).toContain("assignee");
    expect(await fieldsOf(task({ agencyId: w.trade.id, deadline: "2026-02-30" }))).toContain("deadline");
    expect(await fieldsOf(task({ agencyId: w.trade.id, deadline: "2026-02-24" }))).toContain("deadline");
    expect(await fieldsOf(task({ agencyId: w.trade.id, title: "  " }))).toContain("title");
    expect(await fieldsOf(task({ agencyId: w.trade.id, source: { ...SOURCE, kind: "rumour" } }))).toContain("source.kind");
    expect(await fieldsOf(task({ agencyId: 999_999 }))).toContain("agencyId");
    expect(await fieldsOf(task({ unitId: w.tree.province.id }))).toContain("unitId");
    expect(await fieldsOf(task({ agencyId: w.trade.id, extra: 1 }))).toBeDefined();
    const ended = await createUnit(t.database.db, { level: "commune", parent: w.tree.districts[1], validTo: "2025-07-01" });
    expect(await fieldsOf(task({ unitId: ended.id }))).toContain("unitId");
  });

  it("takes no task for an inactive agency, and lets its staff's role lapse", async () => {
    const bank = await ok(w.office.api("POST", "/api/agencies", { name: "Ngân hàng Chính sách xã hội tỉnh", kind: "bank" }), 201);
    const dup = await w.office.api("POST", "/api/agencies", { name: "ngân hàng chính sách xã hội tỉnh", kind: "bank" });
    expect(dup.status).toBe(409);
    const given = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: bank.id })), 201);
    await ok(w.office.api("PATCH", `/api/agencies/${bank.id}`, { active: false }));
    const r = await w.office.api("POST", "/api/tasks", task({ agencyId: bank.id }));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe("agencyId");
    // Its staff's grant stops acting: the task is no longer theirs to read.
    const { signedInUser } = await import("../support/fixtures.js");
    const { session } = await signedInUser(t.app, t.database.db, [{ role: "agency_staff", agencyId: bank.id }]);
    expect((await t.app.request(`/api/tasks/${given.id}`, { headers: session.headers })).status).toBe(404);
  });
});

describe("reporting", () => {
  it("moves assigned → in progress → done on the assignee's reports, each a history entry with its note and file", async () => {
    const created = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.trade.id })), 201);
    const p = await report(t, w.tradeStaff, created.id, { kind: "progress", note: "Đã làm việc với 3 siêu thị" }, { name: "bien-ban.pdf", bytes: pdf() });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body.state).toBe("in_progress");
    const again = await report(t, w.tradeStaff, created.id, { kind: "progress", note: "Đã đăng ký gian hàng hội chợ" });
    expect(again.body.state).toBe("in_progress");
    const done = await report(t, w.tradeStaff, created.id, { kind: "done", note: "Hoàn thành: 12 sản phẩm tham gia hội chợ" });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ state: "done", doneLate: false, overdue: false });
    expect(done.body.doneAt).toBe(t.clock.now().toISOString());
    const events = done.body.events as { kind: string; note: string | null; file: { id: number; name: string } | null; actorRole: string; fromState: string | null; toState: string }[];
    expect(events.map((e) => [e.kind, e.fromState, e.toState])).toEqual([
      ["create", null, "assigned"],
      ["progress", "assigned", "in_progress"],
      ["progress", "in_progress", "in_progress"],
      ["done", "in_progress", "done"],
    ]);
    expect(events[1]).toMatchObject({ note: "Đã làm việc với 3 siêu thị", actorRole: "agency_staff", file: { name: "bien-ban.pdf" } });
    // The file opens for both sides, not for another agency.
    const fileId = events[1]!.file!.id;
    const mine = await t.app.request(`/api/tasks/${created.id}/files/${fileId}`, { headers: w.office.headers });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("application/pdf");
    expect((await t.app.request(`/api/tasks/${created.id}/files/${fileId}`, { headers: w.healthStaff.headers })).status).toBe(404);
    // Each report has its audit record.
    const audits = rows<{ action: string }>(await t.database.db.execute(sql`select action from audit_log where subject_type = 'task' and subject_id = ${String(created.id)} order by seq`));
    expect(audits.map((a) => a.action)).toEqual(["task.create", "task.progress", "task.progress", "task.complete"]);
    // A done task takes no more reports, and cannot be cancelled.
    expect((await report(t, w.tradeStaff, created.id, { kind: "progress", note: "Thêm" })).status).toBe(409);
    expect((await w.office.api("POST", `/api/tasks/${created.id}/cancel`, { reason: "Không cần nữa" })).status).toBe(409);
  });

  it("lets only the assignee report, and refuses a report without a note or with a file that is not a document", async () => {
    const created = await ok(w.office.api("POST", "/api/tasks", task({ unitId: w.tree.communes[0][0].id })), 201);
    expect((await report(t, w.office, created.id, { kind: "progress", note: "x" })).status).toBe(403);
    expect((await report(t, w.neighbour, created.id, { kind: "progress", note: "x" })).status).toBe(404);
    expect((await report(t, w.tradeStaff, created.id, { kind: "progress", note: "x" })).status).toBe(404);
    expect((await report(t, w.commune, created.id, { kind: "progress" })).status).toBe(400);
    expect((await report(t, w.commune, created.id, { kind: "finished", note: "x" })).status).toBe(400);
    const exe = await report(t, w.commune, created.id, { kind: "progress", note: "x" }, { name: "a.exe", bytes: new TextEncoder().encode("MZ\x90\x00 not a document") });
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0].path).toBe("file");
    const fine = await report(t, w.commune, created.id, { kind: "progress", note: "Đã rà soát 3 thôn" });
    expect(fine.status).toBe(201);
    expect(fine.body.events.at(-1).actorRole).toBe("commune_officer");
  });

  it("lets the office cancel with a reason and extend the deadline, each in the history", async () => {
    const created = await ok(w.office.api("POST", "/api/tasks", task({ agencyId: w.health.id })), 201);
    expect((await w.healthStaff.api("POST", `/api/tasks/${created.id}/cancel`, { reason: "x" })).status).toBe(403);
    expect((await w.healthStaff.api("PATCH", `/api/tasks/${created.id}`, { deadline: "2026-12-31" })).status).toBe(403);
    expect((await w.office.api("PATCH", `/api/tasks/${created.id}`, { deadline: "2026-01-01" })).status).toBe(400);
    const moved = await ok(w.office.api("PATCH", `/api/tasks/${created.id}`, { deadline: "2026-04-30", note: "Gia hạn theo đề nghị của Sở Y tế" }));
    expect(moved.deadline).toBe("2026-04-30");
    expect(moved.events.at(-1)).toMatchObject({ kind: "edit", changes: { deadline: ["2026-03-31", "2026-04-30"] }, note: "Gia hạn theo đề nghị của Sở Y tế" });
    expect((await w.office.api("POST", `/api/tasks/${created.id}/cancel`, {})).status).toBe(400);
    const cancelled = await ok(w.office.api("POST", `/api/tasks/${created.id}/cancel`, { reason: "Nội dung đã được giao tại văn bản khác" }));
    expect(cancelled.state).toBe("cancelled");
    expect((await report(t, w.healthStaff, created.id, { kind: "done", note: "x" })).status).toBe(409);
  });
});

describe("scoping", () => {
  it("shows an agency's staff only their agency's tasks, a commune officer only their unit's, an office only its province's", async () => {
    const fresh = await taskWorld(t);
    const toTrade = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.trade.id })), 201);
    const toHealth = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.health.id })), 201);
    const toCommune = await ok(fresh.office.api("POST", "/api/tasks", task({ unitId: fresh.tree.communes[0][0].id })), 201);
    const toNeighbour = await ok(fresh.office.api("POST", "/api/tasks", task({ unitId: fresh.tree.communes[0][1].id })), 201);
    const ids = async (who: typeof fresh.office) => ((await ok(who.api("GET", "/api/tasks"))).items as { id: number }[]).map((i) => i.id).sort((a, b) => a - b);
    expect(await ids(fresh.tradeStaff)).toEqual([toTrade.id]);
    expect(await ids(fresh.healthStaff)).toEqual([toHealth.id]);
    expect(await ids(fresh.commune)).toEqual([toCommune.id]);
    expect(await ids(fresh.neighbour)).toEqual([toNeighbour.id]);
    expect(await ids(fresh.office)).toEqual([toTrade.id, toHealth.id, toCommune.id, toNeighbour.id].sort((a, b) => a - b));
    // Another province's office sees none of them, and each one's page is a 404 for whoever may not read it.
    expect(await ids(w.office)).not.toContain(toTrade.id);
    expect((await fresh.tradeStaff.api("GET", `/api/tasks/${toHealth.id}`)).status).toBe(404);
    expect((await fresh.commune.api("GET", `/api/tasks/${toTrade.id}`)).status).toBe(404);
    expect((await w.office.api("GET", `/api/tasks/${toCommune.id}`)).status).toBe(404);
    expect((await ok(fresh.tradeStaff.api("GET", `/api/tasks/${toTrade.id}`))).canReport).toBe(true);
  });

  it("filters the office's list by state, assignee and overdue", async () => {
    const fresh = await taskWorld(t);
    const a = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.trade.id })), 201);
    const b = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.health.id })), 201);
    await report(t, fresh.healthStaff, b.id, { kind: "progress", note: "Đang làm" });
    const list = async (q: string) => ((await ok(fresh.office.api("GET", `/api/tasks?${q}`))).items as { id: number }[]).map((i) => i.id);
    expect(await list("state=in_progress")).toEqual([b.id]);
    expect(await list(`agencyId=${fresh.trade.id}`)).toEqual([a.id]);
    expect(await list("overdue=1")).toEqual([]);
    expect((await fresh.office.api("GET", "/api/tasks?state=late")).status).toBe(400);
    expect((await fresh.office.api("GET", "/api/tasks?overdue=maybe")).status).toBe(400);
  });
});

describe("agencies and their staff accounts", () => {
  it("grants agency_staff for an agency through the accounts API, and names the agency on the home card", async () => {
    const { createUser, signIn, grant: g } = await import("../support/fixtures.js");
    const admin = await createUser(t.database.db, { grants: [g("system_admin", w.tree.province)] });
    const s = await signIn(t.app, admin.username, admin.password);
    const u = await (await t.app.request("/api/users", { method: "POST", headers: { ...s.headers, "content-type": "application/json" }, body: JSON.stringify({ username: "so.congthuong.thu", displayName: "Cán bộ Sở Công Thương", password: "Mat-khau-thu-2026" }) })).json();
    const grantRole = (body: unknown) => t.app.request(`/api/users/${u.id}/roles`, { method: "POST", headers: { ...s.headers, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await grantRole({ role: "agency_staff", unitId: w.tree.province.id })).status).toBe(400);
    expect((await grantRole({ role: "agency_staff", agencyId: 999_999 })).status).toBe(400);
    expect((await grantRole({ role: "commune_officer", agencyId: w.trade.id })).status).toBe(400);
    const r = await grantRole({ role: "agency_staff", agencyId: w.trade.id });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ role: "agency_staff", agencyId: w.trade.id, agencyName: "Sở Công Thương", unitId: null });
    const staff = await signIn(t.app, "so.congthuong.thu", "Mat-khau-thu-2026");
    const home = await (await t.app.request("/", { headers: { cookie: staff.cookie } })).text();
    expect(home).toContain("Sở Công Thương");
    expect(home).toContain('href="/tasks"');
    // The office's list counts the staff account.
    const list = (await ok(w.office.api("GET", "/api/agencies"))).items as { id: number; staff: number }[];
    expect(list.find((a) => a.id === w.trade.id)!.staff).toBe(2);
    // Agencies are the office's: an agency's staff and a commune officer may not list or add them.
    expect((await w.tradeStaff.api("POST", "/api/agencies", { name: "Sở mới", kind: "department" })).status).toBe(403);
    expect((await w.otherOffice.api("PATCH", `/api/agencies/${w.trade.id}`, { active: false })).status).toBe(403);
  });
});

describe("overdue, at the deadline's edge in Vietnam time", () => {
  it("is on time through 23:59:59 of the deadline day in Vietnam and overdue from 00:00, on both sides' homes", async () => {
    // Sessions last 12 hours: the world is made on the deadline day, and new accounts sign in days later.
    t.clock.set("2026-03-10T10:00:00Z");
    const fresh = await taskWorld(t);
    const due = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.trade.id, title: "Xây dựng kế hoạch lễ hội cam", deadline: "2026-03-10" })), 201);
    const doneInTime = await ok(fresh.office.api("POST", "/api/tasks", task({ agencyId: fresh.trade.id, title: "Việc đã xong", deadline: "2026-03-10" })), 201);
    await report(t, fresh.tradeStaff, doneInTime.id, { kind: "done", note: "Xong" });
    const state = async () => ok(fresh.office.api("GET", `/api/tasks/${due.id}`));
    // 16:59:59 UTC on the 10th is 23:59:59 in Vietnam (UTC+7): still the deadline day.
    t.clock.set("2026-03-10T16:59:59Z");
    expect(await state()).toMatchObject({ overdue: false, daysOverdue: 0 });
    expect((await ok(fresh.office.api("GET", "/api/tasks?overdue=1"))).items).toEqual([]);
    t.clock.set("2026-03-10T17:00:00Z");
    expect(await state()).toMatchObject({ overdue: true, daysOverdue: 1 });
    const overdue = (await ok(fresh.office.api("GET", "/api/tasks?overdue=1"))).items as { id: number }[];
    expect(overdue.map((i) => i.id)).toEqual([due.id]);
    t.clock.set("2026-03-13T02:00:00Z");
    const { grant: g, signedInUser } = await import("../support/fixtures.js");
    const as = async (spec: Parameters<typeof signedInUser>[2]) => (await signedInUser(t.app, t.database.db, spec)).session;
    const office = await as([g("province_office", fresh.tree.province)]);
    const staff = await as([{ role: "agency_staff", agencyId: fresh.trade.id }]);
    const healthStaff = await as([{ role: "agency_staff", agencyId: fresh.health.id }]);
    const now = (await (await t.app.request(`/api/tasks/${due.id}`, { headers: office.headers })).json()) as { overdue: boolean; daysOverdue: number };
    expect(now).toMatchObject({ overdue: true, daysOverdue: 3 });
    // Both homes list it; another agency's does not.
    for (const who of [office, staff]) {
      const home = await (await t.app.request("/", { headers: { cookie: who.cookie } })).text();
      expect(home).toContain('id="overdue-tasks"');
      expect(home).toContain("Xây dựng kế hoạch lễ hội cam");
      expect(home).toContain("quá 3 ngày");
      expect(home).not.toContain("Việc đã xong");
    }
    const other = await (await t.app.request("/", { headers: { cookie: healthStaff.cookie } })).text();
    expect(other).not.toContain("Xây dựng kế hoạch lễ hội cam");
    // Reported done late: no longer overdue, but said to be late.
    const late = await report(t, { ...fresh.tradeStaff, headers: staff.headers }, due.id, { kind: "done", note: "Đã ban hành kế hoạch" });
    expect(late.body).toMatchObject({ state: "done", overdue: false, doneLate: true });
  });
});
