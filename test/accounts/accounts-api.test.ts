import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../src/modules/audit/service.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { bootstrapSystemAdmin } from "../../src/modules/accounts/service.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import {
  createProducer,
  createRetailPoint,
  createUnit,
  createUnitTree,
  createUser,
  grant,
  jsonHeaders,
  signedInUser,
  signIn,
  type SignedInSession,
  type TestProducer,
  type TestRetailPoint,
  type UnitTree,
} from "../support/fixtures.js";

let t: TestApp;
let tree: UnitTree;
let otherTree: UnitTree;
let producer: TestProducer;
let retail: TestRetailPoint;
let admin: { user: { id: string }; session: SignedInSession };
let office: { user: { id: string }; session: SignedInSession };
let district: { user: { id: string }; session: SignedInSession };

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createUnitTree(db);
  otherTree = await createUnitTree(db);
  producer = await createProducer(db, tree.communes[0][0]);
  retail = await createRetailPoint(db, tree.communes[0][1]);
  admin = await signedInUser(t.app, db, [grant("system_admin", tree.province)]);
  office = await signedInUser(t.app, db, [grant("province_office", tree.province)]);
  district = await signedInUser(t.app, db, [grant("district_office", tree.districts[0])]);
});
afterAll(() => t.close());

let n = 0;
const uniqueName = (prefix = "nv") => `${prefix}${Date.now().toString(36)}${n++}`;

async function call(method: string, path: string, session: SignedInSession | null, body?: unknown, extra: Record<string, string> = {}) {
  const res = await t.app.request(path, { method, headers: jsonHeaders(session, extra), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? (JSON.parse(text) as any) : null };
}

const newUser = (session: SignedInSession, over: Record<string, unknown> = {}) =>
  call("POST", "/api/users", session, { username: uniqueName(), displayName: "Nguyễn Thị Hoa", password: "Mat-khau-moi-2026", ...over });

describe("creating users", () => {
  it("creates a user who can then sign in, and audits it without the password hash", async () => {
    const username = uniqueName("Hoa.");
    const res = await newUser(admin.session, { username: `  ${username} `, email: "hoa@hatinh.gov.vn", locale: "en" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: username.toLowerCase(), displayName: "Nguyễn Thị Hoa", email: "hoa@hatinh.gov.vn", locale: "en", disabledAt: null, roles: [] });
    expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
    await signIn(t.app, username.toLowerCase(), "Mat-khau-moi-2026");

    const records = await t.database.db.select().from(auditLog).where(and(eq(auditLog.subjectId, res.body.id), eq(auditLog.action, "user.create")));
    expect(records).toHaveLength(1);
    expect(records[0]!.actorId).toBe(admin.user.id);
    expect(records[0]!.requestId).toBeTruthy();
    expect(JSON.stringify(records[0]!.after)).not.toMatch(/scrypt|passwordHash/);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it("refuses a username already taken, whatever its case, with a bilingual 409", async () => {
    const username = uniqueName();
    expect((await newUser(admin.session, { username })).status).toBe(201);
    const again = await newUser(admin.session, { username: username.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/^application\/problem\+json/);
    expect(again.body.code).toBe("username-taken");
    expect(again.body.i18n.vi.title).toBe("Tên đăng nhập đã tồn tại");
    expect(again.body.i18n.en.title).toBe("Username already taken");
  });

  it("rejects unknown fields and wrong types with bilingual 400 problems", async () => {
    const unknown = await newUser(admin.session, { role: "system_admin" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("validation");
    expect(unknown.body.errors.some((e: any) => e.en.includes("role"))).toBe(true);

    const wrongType = await newUser(admin.session, { displayName: 5 }, );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors).toEqual([expect.objectContaining({ path: "displayName" })]);

    const weak = await call("POST", "/api/users", admin.session, { username: "ab", displayName: " ", password: "short" }, { "accept-language": "en" });
    expect(weak.status).toBe(400);
    expect(weak.body.title).toBe("Invalid input");
    const byPath = Object.fromEntries(weak.body.errors.map((e: any) => [e.path, e]));
    expect(byPath.password.vi).toBe("Mật khẩu tối thiểu 10 ký tự");
    expect(byPath.password.en).toBe("The password has at least 10 characters");
    expect(byPath.username.vi).toMatch(/^Tên đăng nhập gồm 3-64 ký tự/);
    expect(byPath.displayName.en).toBe("Enter the full name");
  });

  it("is for system administrators only", async () => {
    expect((await newUser(office.session)).status).toBe(403);
    expect((await newUser(district.session)).status).toBe(403);
    const anonymous = await call("POST", "/api/users", null, { username: uniqueName(), displayName: "X", password: "Mat-khau-moi-2026" });
    expect(anonymous.status).toBe(401);
  });
});

describe("granting and revoking roles", () => {
  const cases: { name: string; input: () => Record<string, unknown>; status: number; path?: string }[] = [
    { name: "system_admin in a province", input: () => ({ role: "system_admin", unitId: tree.province.id }), status: 201 },
    { name: "system_admin in a district", input: () => ({ role: "system_admin", unitId: tree.districts[0].id }), status: 400, path: "unitId" },
    { name: "province_office in a province", input: () => ({ role: "province_office", unitId: tree.province.id }), status: 201 },
    { name: "province_office in a commune", input: () => ({ role: "province_office", unitId: tree.communes[0][0].id }), status: 400, path: "unitId" },
    { name: "district_office in a district", input: () => ({ role: "district_office", unitId: tree.districts[1].id }), status: 201 },
    { name: "district_office in a province", input: () => ({ role: "district_office", unitId: tree.province.id }), status: 400, path: "unitId" },
    { name: "commune_officer in a commune", input: () => ({ role: "commune_officer", unitId: tree.communes[1][0].id }), status: 201 },
    { name: "commune_officer in a district", input: () => ({ role: "commune_officer", unitId: tree.districts[1].id }), status: 400, path: "unitId" },
    { name: "council_member in a province", input: () => ({ role: "council_member", unitId: tree.province.id }), status: 201 },
    { name: "council_member in a district", input: () => ({ role: "council_member", unitId: tree.districts[0].id }), status: 201 },
    { name: "council_member in a commune", input: () => ({ role: "council_member", unitId: tree.communes[0][0].id }), status: 400, path: "unitId" },
    { name: "inspector in a district", input: () => ({ role: "inspector", unitId: otherTree.districts[0].id }), status: 201 },
    { name: "inspector in a commune", input: () => ({ role: "inspector", unitId: tree.communes[0][1].id }), status: 400, path: "unitId" },
    { name: "producer_member of a producer", input: () => ({ role: "producer_member", producerId: producer.id }), status: 201 },
    { name: "producer_member of a unit", input: () => ({ role: "producer_member", unitId: tree.communes[0][0].id }), status: 400, path: "producerId" },
    { name: "producer_member of a missing producer", input: () => ({ role: "producer_member", producerId: 987654 }), status: 400, path: "producerId" },
    { name: "retail_operator of a retail point", input: () => ({ role: "retail_operator", retailPointId: retail.id }), status: 201 },
    { name: "retail_operator of a producer", input: () => ({ role: "retail_operator", producerId: producer.id }), status: 400, path: "retailPointId" },
    { name: "two scopes at once", input: () => ({ role: "district_office", unitId: tree.districts[0].id, producerId: producer.id }), status: 400, path: "unitId" },
    { name: "no scope", input: () => ({ role: "inspector" }), status: 400, path: "unitId" },
    { name: "a missing unit", input: () => ({ role: "inspector", unitId: 99999999 }), status: 400, path: "unitId" },
    { name: "an unknown role", input: () => ({ role: "superuser", unitId: tree.province.id }), status: 400, path: "role" },
    { name: "a unit id of the wrong type", input: () => ({ role: "inspector", unitId: "12" }), status: 400, path: "unitId" },
  ];

  let target: string;
  beforeAll(async () => {
    target = (await createUser(t.database.db)).id;
  });

  it.each(cases)("$name → $status", async ({ input, status, path }) => {
    const res = await call("POST", `/api/users/${target}/roles`, admin.session, input());
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 201) {
      expect(res.body).toMatchObject({ ...input(), grantedBy: admin.user.id, revokedAt: null });
    } else {
      expect(res.body.code).toBe("validation");
      expect(res.body.errors.map((e: any) => e.path)).toContain(path);
      for (const e of res.body.errors) {
        expect(e.vi).toBeTruthy();
        expect(e.en).toBeTruthy();
      }
    }
  });

  it("explains a level mismatch in both languages", async () => {
    const res = await call("POST", `/api/users/${target}/roles`, admin.session, { role: "district_office", unitId: tree.communes[0][0].id });
    expect(res.body.i18n.vi.detail).toContain("phải gắn với đơn vị cấp huyện");
    expect(res.body.i18n.en.detail).toContain("is held in a unit at district level");
  });

  it("refuses a unit no longer in force", async () => {
    const gone = await createUnit(t.database.db, { level: "district", parent: tree.province, validFrom: "2010-01-01", validTo: "2025-07-01" });
    const res = await call("POST", `/api/users/${target}/roles`, admin.session, { role: "district_office", unitId: gone.id });
    expect(res.status).toBe(400);
    expect(res.body.i18n.en.detail).toContain("not in force");
  });

  it("refuses the same role twice in the same scope with 409", async () => {
    const u = await createUser(t.database.db);
    const body = { role: "district_office", unitId: tree.districts[0].id };
    expect((await call("POST", `/api/users/${u.id}/roles`, admin.session, body)).status).toBe(201);
    const dup = await call("POST", `/api/users/${u.id}/roles`, admin.session, body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe("role-exists");
  });

  it("takes effect at the user's next request, and so does revoking", async () => {
    const u = await createUser(t.database.db);
    const s = await signIn(t.app, u.username);
    const granted = await call("POST", `/api/users/${u.id}/roles`, admin.session, { role: "commune_officer", unitId: tree.communes[1][1].id });
    expect(granted.status).toBe(201);
    const me1 = await call("GET", "/api/auth/me", s);
    expect(me1.body.user.grants).toEqual([{ role: "commune_officer", unitId: tree.communes[1][1].id, unitPath: tree.communes[1][1].path }]);

    const revoked = await call("DELETE", `/api/users/${u.id}/roles/${granted.body.id}`, admin.session);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(t.clock.now().toISOString());
    expect((await call("GET", "/api/auth/me", s)).body.user.grants).toEqual([]);

    const again = await call("DELETE", `/api/users/${u.id}/roles/${granted.body.id}`, admin.session);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("already-revoked");

    const detail = await call("GET", `/api/users/${u.id}`, admin.session);
    expect(detail.body.roles).toHaveLength(1);
    expect(detail.body.roles[0].revokedAt).not.toBeNull();
    const list = await call("GET", `/api/users?q=${u.username}`, admin.session);
    expect(list.body.items[0].roles).toEqual([]);
  });

  it("answers 404 for an assignment of another user or none at all", async () => {
    const a = await createUser(t.database.db, { grants: [grant("inspector", tree.districts[0])] });
    const b = await createUser(t.database.db);
    const aRoles = (await call("GET", `/api/users/${a.id}`, admin.session)).body.roles;
    expect((await call("DELETE", `/api/users/${b.id}/roles/${aRoles[0].id}`, admin.session)).status).toBe(404);
    expect((await call("DELETE", `/api/users/${b.id}/roles/999999`, admin.session)).status).toBe(404);
    expect((await call("DELETE", `/api/users/nobody/roles/1`, admin.session)).status).toBe(404);
    expect((await call("DELETE", `/api/users/${b.id}/roles/abc`, admin.session)).status).toBe(400);
  });

  it("is for system administrators only", async () => {
    const u = await createUser(t.database.db);
    const body = { role: "district_office", unitId: tree.districts[0].id };
    expect((await call("POST", `/api/users/${u.id}/roles`, office.session, body)).status).toBe(403);
    expect((await call("POST", `/api/users/${u.id}/roles`, district.session, body)).status).toBe(403);
    expect((await call("POST", `/api/users/${u.id}/roles`, null, body)).status).toBe(401);
  });
});

describe("disabling users", () => {
  it("disables, ends every session, refuses sign-in and new roles; twice changes nothing", async () => {
    const u = await createUser(t.database.db, { grants: [grant("inspector", tree.districts[1])] });
    const s = await signIn(t.app, u.username);
    const res = await call("POST", `/api/users/${u.id}/disable`, admin.session);
    expect(res.status).toBe(200);
    expect(res.body.disabledAt).toBe(t.clock.now().toISOString());
    expect((await call("GET", "/api/auth/me", s)).status).toBe(401);
    const signInAgain = await call("POST", "/api/auth/login", null, { username: u.username, password: u.password });
    expect(signInAgain.status).toBe(403);
    const roles = await call("POST", `/api/users/${u.id}/roles`, admin.session, { role: "inspector", unitId: tree.province.id });
    expect(roles.status).toBe(409);
    expect(roles.body.code).toBe("user-disabled");

    const before = (await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, u.id))).length;
    expect((await call("POST", `/api/users/${u.id}/disable`, admin.session)).status).toBe(200);
    expect((await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, u.id))).length).toBe(before);
  });

  it("refuses to disable one's own account", async () => {
    const res = await call("POST", `/api/users/${admin.user.id}/disable`, admin.session);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("cannot-disable-self");
    expect(res.body.i18n.vi.title).toBe("Không thể tự vô hiệu hóa");
  });

  it("answers 404 for an unknown user and 403 to non-administrators", async () => {
    expect((await call("POST", `/api/users/nobody/disable`, admin.session)).status).toBe(404);
    const u = await createUser(t.database.db);
    expect((await call("POST", `/api/users/${u.id}/disable`, office.session)).status).toBe(403);
  });
});

describe("reading users", () => {
  it("lists with search, status filter and paging for those who may read users", async () => {
    const tag = uniqueName("tim");
    const a = await createUser(t.database.db, { username: `${tag}a`, grants: [grant("district_office", tree.districts[1])] });
    await createUser(t.database.db, { username: `${tag}b`, disabled: true });
    for (const session of [admin.session, office.session]) {
      const all = await call("GET", `/api/users?q=${tag}`, session);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(2);
      const active = await call("GET", `/api/users?q=${tag}&status=active`, session);
      expect(active.body.items.map((u: any) => u.username)).toEqual([`${tag}a`]);
      expect(active.body.items[0].roles).toEqual([expect.objectContaining({ role: "district_office", unitId: tree.districts[1].id, unitName: tree.districts[1].name, unitLevel: "district" })]);
      const page = await call("GET", `/api/users?q=${tag}&limit=1&offset=1`, session);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBe(2);
    }
    const one = await call("GET", `/api/users/${a.id}`, office.session);
    expect(one.status).toBe(200);
    expect(one.body.username).toBe(`${tag}a`);
  });

  it("treats LIKE wildcards in the search as plain characters", async () => {
    const res = await call("GET", `/api/users?q=${encodeURIComponent("%_")}`, admin.session);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it("refuses callers without users.read and bad query values", async () => {
    expect((await call("GET", "/api/users", district.session)).status).toBe(403);
    expect((await call("GET", "/api/users", null)).status).toBe(401);
    expect((await call("GET", `/api/users/${admin.user.id}`, district.session)).status).toBe(403);
    const bad = await call("GET", "/api/users?limit=1000", admin.session);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe("limit");
    expect((await call("GET", "/api/users/nobody", admin.session)).status).toBe(404);
  });
});

describe("audit trail", () => {
  it("records every change with its actor, and the chain verifies", async () => {
    const created = await newUser(admin.session);
    const id = created.body.id;
    const granted = await call("POST", `/api/users/${id}/roles`, admin.session, { role: "inspector", unitId: tree.province.id });
    await call("DELETE", `/api/users/${id}/roles/${granted.body.id}`, admin.session);
    await call("POST", `/api/users/${id}/disable`, admin.session);
    // failures leave no trace
    await call("POST", `/api/users/${id}/roles`, admin.session, { role: "inspector", unitId: tree.communes[0][0].id });

    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, id)).orderBy(auditLog.seq);
    expect(rows.map((r) => r.action)).toEqual(["user.create", "role.assign", "role.revoke", "user.disable"]);
    for (const r of rows) {
      expect(r.actorId).toBe(admin.user.id);
      expect(r.subjectType).toBe("user");
      expect(r.at.toISOString()).toBe(t.clock.now().toISOString());
    }
    expect(rows[1]!.after).toMatchObject({ role: "inspector", unitId: tree.province.id });
    expect(rows[2]!.before).toMatchObject({ revokedAt: null });
    expect(rows[3]!.after).toMatchObject({ disabledAt: t.clock.now().toISOString() });
    const report = await verifyAuditChain(t.database.db);
    expect(report).toMatchObject({ ok: true });
  });

  it("bootstraps the first administrator without an actor, in a province only", async () => {
    const now = t.clock.now();
    const user = await bootstrapSystemAdmin({
      db: t.database.db,
      now,
      input: { username: uniqueName("admin"), displayName: "Quản trị viên", password: "Mat-khau-quan-tri-1", locale: "vi", provinceUnitId: otherTree.province.id },
    });
    expect(user.roles).toEqual([expect.objectContaining({ role: "system_admin", unitId: otherTree.province.id })]);
    const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, user.id)).orderBy(auditLog.seq);
    expect(rows.map((r) => [r.action, r.actorId])).toEqual([
      ["user.create", null],
      ["role.assign", null],
    ]);
    await expect(
      bootstrapSystemAdmin({
        db: t.database.db,
        now,
        input: { username: uniqueName("admin"), displayName: "X", password: "Mat-khau-quan-tri-1", locale: "vi", provinceUnitId: otherTree.districts[0].id },
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it("lists the accounts API in the OpenAPI document", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as any;
    for (const p of ["/api/users", "/api/users/{id}", "/api/users/{id}/roles", "/api/users/{id}/roles/{assignmentId}", "/api/users/{id}/disable", "/api/auth/login", "/api/auth/logout", "/api/auth/me"]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
