import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roleAssignments } from "../../src/modules/accounts/schema.js";
import { verifyAuditChain } from "../../src/modules/audit/service.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import {
  createProducer,
  createUnit,
  createUnitTree,
  createUser,
  grant,
  jsonHeaders,
  signedInUser,
  signIn,
  type SignedInSession,
  type TestProducer,
  type TestUnit,
  type UnitTree,
} from "../support/fixtures.js";

let t: TestApp;
let tree: UnitTree;
let otherTree: UnitTree;
let oldCommune: TestUnit;
let inCommune00: TestProducer;
let inCommune01: TestProducer;
let inCommune10: TestProducer;
type Actor = { user: { id: string; username: string }; session: SignedInSession };
let communeOfficer: Actor;
let district0: Actor;
let district1: Actor;
let office: Actor;
let otherOffice: Actor;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  tree = await createUnitTree(db);
  otherTree = await createUnitTree(db);
  // A commune merged away before the test clock's today (2026-03-01).
  oldCommune = await createUnit(db, { level: "commune", parent: tree.districts[0], validFrom: "2010-01-01", validTo: "2025-07-01" });
  inCommune00 = await createProducer(db, tree.communes[0][0], { name: "HTX Chè xanh Sơn Kim" });
  inCommune01 = await createProducer(db, tree.communes[0][1], { name: "THT Mật ong Vũ Quang" });
  inCommune10 = await createProducer(db, tree.communes[1][0], { name: "HTX Cam Khe Mây" });
  communeOfficer = await signedInUser(t.app, db, [grant("commune_officer", tree.communes[0][0])]);
  district0 = await signedInUser(t.app, db, [grant("district_office", tree.districts[0])]);
  district1 = await signedInUser(t.app, db, [grant("district_office", tree.districts[1])]);
  office = await signedInUser(t.app, db, [grant("province_office", tree.province)]);
  otherOffice = await signedInUser(t.app, db, [grant("province_office", otherTree.province)]);
});
afterAll(() => t.close());

let n = 0;
const uniq = (prefix = "ct") => `${prefix}${Date.now().toString(36)}${n++}`;
// Tax codes unique per test run: 10 digits.
const taxCode = () => String(3_000_000_000 + Math.floor(Math.random() * 900_000_000) + n++);

async function call(method: string, path: string, session: SignedInSession | null, body?: unknown, extra: Record<string, string> = {}) {
  const res = await t.app.request(path, { method, headers: jsonHeaders(session, extra), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: text ? (JSON.parse(text) as any) : null };
}

const validInput = (over: Record<string, unknown> = {}) => ({
  name: `HTX Nông nghiệp ${uniq("x")}`,
  kind: "htx",
  taxCode: taxCode(),
  communeId: tree.communes[0][0].id,
  address: "Thôn Trung Tiến",
  phone: "0912 345 678",
  email: "htx@example.vn",
  representativeName: "Trần Thị Lan",
  representativeGender: "female",
  representativeEthnicity: "Kinh",
  registrationNumber: "28.07.000123",
  registrationDate: "2019-05-20",
  ...over,
});

/** A fresh account with no role at all, signed in. */
async function newcomer(): Promise<Actor> {
  return signedInUser(t.app, t.database.db, []);
}

describe("registering a producer", () => {
  it("registers, makes the registering account its member in the same transaction, and audits both", async () => {
    const founder = await newcomer();
    const input = validInput({ taxCode: "3001234567-001" });
    const res = await call("POST", "/api/producers", founder.session, input);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: input.name,
      kind: "htx",
      taxCode: "3001234567-001",
      communeId: tree.communes[0][0].id,
      communeName: tree.communes[0][0].name,
      parentUnitName: tree.districts[0].name,
      unitPath: tree.communes[0][0].path,
      phone: "0912345678",
      representativeGender: "female",
      publicContacts: false,
      createdBy: founder.user.id,
      createdAt: t.clock.now().toISOString(),
    });
    expect(res.body.members).toEqual([expect.objectContaining({ userId: founder.user.id, username: founder.user.username })]);

    const roles = await t.database.db.select().from(roleAssignments).where(and(eq(roleAssignments.userId, founder.user.id), isNull(roleAssignments.revokedAt)));
    expect(roles).toEqual([expect.objectContaining({ role: "producer_member", producerId: res.body.id, unitId: null })]);

    const records = await t.database.db.select().from(auditLog).where(eq(auditLog.actorId, founder.user.id));
    expect(records.map((r) => r.action).sort()).toEqual(["producer.register", "role.assign"]);
    expect(records.find((r) => r.action === "producer.register")!.subjectId).toBe(String(res.body.id));
    expect(records.every((r) => r.requestId)).toBe(true);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);

    // The new role holds from the next request: the member reads its producer and lists only it.
    const own = await call("GET", `/api/producers/${res.body.id}`, founder.session);
    expect(own.status).toBe(200);
    const list = await call("GET", "/api/producers", founder.session);
    expect(list.body.items.map((p: any) => p.id)).toEqual([res.body.id]);

    // One producer per account.
    const second = await call("POST", "/api/producers", founder.session, validInput(), { "accept-language": "en" });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe("already-producer-member");
    expect(second.body.title).toBe("Account already belongs to a producer");
    expect(second.body.i18n.vi.title).toBe("Tài khoản đã thuộc một chủ thể");
  });

  it("refuses a tax code already registered, in either spelling, with a bilingual 409", async () => {
    const code = taxCode();
    expect((await call("POST", "/api/producers", (await newcomer()).session, validInput({ taxCode: `${code}-002` }))).status).toBe(201);
    const again = await call("POST", "/api/producers", (await newcomer()).session, validInput({ taxCode: `${code}002` }));
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/^application\/problem\+json/);
    expect(again.body.code).toBe("tax-code-taken");
    expect(again.body.i18n.vi.title).toBe("Mã số thuế đã được đăng ký");
    expect(again.body.i18n.en.title).toBe("Tax code already registered");
  });

  it("takes no tax code from a cooperative group or household, but requires one of an enterprise or cooperative", async () => {
    const tht = await call("POST", "/api/producers", (await newcomer()).session, validInput({ kind: "tht", taxCode: undefined }));
    expect(tht.status).toBe(201);
    expect(tht.body.taxCode).toBeNull();
    const dn = await call("POST", "/api/producers", (await newcomer()).session, validInput({ kind: "dn", taxCode: undefined }));
    expect(dn.status).toBe(400);
    expect(dn.body.errors).toEqual([
      { path: "taxCode", vi: "Doanh nghiệp và hợp tác xã phải có mã số thuế.", en: "Enterprises and cooperatives must give their tax code.", message: "Enterprises and cooperatives must give their tax code." },
    ]);
  });

  it("rejects bad fields with Vietnamese and English messages", async () => {
    const who = await newcomer();
    const bad = await call("POST", "/api/producers", who.session, validInput({ kind: "coop", taxCode: "12345", phone: "12345", email: "khong-phai-email", website: "htx.vn", registrationDate: "20/05/2019", extra: 1 }), { "accept-language": "en" });
    expect(bad.status).toBe(400);
    expect(bad.body.title).toBe("Invalid input");
    const byPath = Object.fromEntries(bad.body.errors.map((e: any) => [e.path, e]));
    expect(byPath.kind.vi).toBe("Loại hình chủ thể phải là HTX, THT, DN hoặc HKD");
    expect(byPath.kind.en).toBe("The kind must be htx, tht, dn or hkd");
    expect(byPath.taxCode.vi).toMatch(/^Mã số thuế gồm 10 chữ số/);
    expect(byPath.taxCode.en).toMatch(/^The tax code has 10 digits/);
    expect(byPath.phone.vi).toMatch(/^Số điện thoại không hợp lệ/);
    expect(byPath.phone.en).toMatch(/^Invalid phone number/);
    expect(byPath.email).toMatchObject({ vi: "Email không hợp lệ", en: "Invalid email address" });
    expect(byPath.website.en).toBe("The website starts with http:// or https://");
    expect(byPath.registrationDate.vi).toBe("Ngày cấp phải có dạng YYYY-MM-DD");
    expect(bad.body.errors.some((e: any) => e.en.includes("extra"))).toBe(true);

    const missing = await call("POST", "/api/producers", who.session, { kind: "hkd" });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: any) => e.path).sort()).toEqual(["address", "communeId", "name"]);
    expect(missing.body.errors.find((e: any) => e.path === "communeId").vi).toBe("Chọn xã, phường nơi chủ thể đặt trụ sở");
  });

  it.each([
    ["a district", () => tree.districts[0].id, /không phải đơn vị cấp xã/, /is not a commune-level unit/],
    ["a commune no longer in force", () => oldCommune.id, /hiện không còn hiệu lực/, /is not in force today/],
    ["a missing unit", () => 98_765_432, /Không có đơn vị hành chính/, /There is no administrative unit/],
  ])("refuses %s as the commune", async (_name, id, vi, en) => {
    const res = await call("POST", "/api/producers", (await newcomer()).session, validInput({ communeId: id() }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBe("communeId");
    expect(res.body.errors[0].vi).toMatch(vi);
    expect(res.body.errors[0].en).toMatch(en);
  });

  it("follows the clock: a commune ending tomorrow is refused once the clock passes its end", async () => {
    const ending = await createUnit(t.database.db, { level: "commune", parent: tree.districts[1], validTo: "2026-03-02" });
    const before = await call("POST", "/api/producers", (await newcomer()).session, validInput({ kind: "hkd", taxCode: undefined, communeId: ending.id }));
    expect(before.status).toBe(201);
    const saved = t.clock.now();
    try {
      t.clock.advance(24 * 3600_000);
      const after = await call("POST", "/api/producers", (await newcomer()).session, validInput({ kind: "hkd", taxCode: undefined, communeId: ending.id }));
      expect(after.status).toBe(400);
    } finally {
      t.clock.set(saved);
    }
  });

  it("lets the provincial office register on a producer's behalf without becoming a member, only in its province", async () => {
    const res = await call("POST", "/api/producers", office.session, validInput({ communeId: tree.communes[1][1].id }));
    expect(res.status).toBe(201);
    expect(res.body.members).toEqual([]);
    const roles = await t.database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, office.user.id));
    expect(roles.map((r) => r.role)).toEqual(["province_office"]);
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.subjectType, "producer"), eq(auditLog.subjectId, String(res.body.id))));
    expect(audit).toEqual([expect.objectContaining({ action: "producer.register", actorId: office.user.id })]);
  });

  it("is for signed-in accounts only, and not for other officials' accounts", async () => {
    expect((await call("POST", "/api/producers", null, validInput())).status).toBe(401);
    const refused = await call("POST", "/api/producers", district0.session, validInput());
    expect(refused.status).toBe(403);
    expect(refused.body.i18n.vi.detail).toMatch(/^Tài khoản cán bộ không thể tự đăng ký/);
    // Outside its province the provincial office is an official like any other.
    expect((await call("POST", "/api/producers", otherOffice.session, validInput())).status).toBe(403);
  });
});

describe("who sees which producers", () => {
  const ids = (body: any) => body.items.map((p: any) => p.id);

  it("shows a commune officer the producers of its commune only", async () => {
    const res = await call("GET", "/api/producers?limit=200", communeOfficer.session);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toContain(inCommune00.id);
    expect(ids(res.body)).not.toContain(inCommune01.id);
    expect(ids(res.body)).not.toContain(inCommune10.id);
    expect(res.body.items.every((p: any) => p.communeId === tree.communes[0][0].id)).toBe(true);
  });

  it("shows a district office its district's producers only", async () => {
    const res = await call("GET", "/api/producers?limit=200", district0.session);
    expect(ids(res.body)).toEqual(expect.arrayContaining([inCommune00.id, inCommune01.id]));
    expect(ids(res.body)).not.toContain(inCommune10.id);
    expect(res.body.total).toBe(res.body.items.length);
    const filtered = await call("GET", `/api/producers?q=${encodeURIComponent("Mật ong")}`, district0.session);
    expect(ids(filtered.body)).toEqual([inCommune01.id]);
  });

  it("shows the provincial office its whole province and nothing of another", async () => {
    const res = await call("GET", "/api/producers?limit=200", office.session);
    expect(ids(res.body)).toEqual(expect.arrayContaining([inCommune00.id, inCommune01.id, inCommune10.id]));
    const other = await call("GET", "/api/producers?limit=200", otherOffice.session);
    expect(ids(other.body)).not.toContain(inCommune00.id);
  });

  it("answers 404 for a producer outside the caller's units, and 403 to roles without any producer right", async () => {
    expect((await call("GET", `/api/producers/${inCommune10.id}`, district1.session)).status).toBe(200);
    expect((await call("GET", `/api/producers/${inCommune00.id}`, district1.session)).status).toBe(404);
    expect((await call("GET", `/api/producers/${inCommune00.id}`, otherOffice.session)).status).toBe(404);
    expect((await call("PATCH", `/api/producers/${inCommune00.id}`, district1.session, { phone: "0912000111" })).status).toBe(404);
    expect((await call("GET", "/api/producers/99999999", office.session)).status).toBe(404);
    const nobody = await newcomer();
    expect((await call("GET", "/api/producers", nobody.session)).status).toBe(403);
    expect((await call("GET", `/api/producers/${inCommune00.id}`, nobody.session)).status).toBe(404);
    expect((await call("GET", "/api/producers", null)).status).toBe(401);
  });
});

describe("updating a producer", () => {
  it("lets its members and the provincial office edit it, audited, and nobody else", async () => {
    const founder = await newcomer();
    const created = await call("POST", "/api/producers", founder.session, validInput({ communeId: tree.communes[0][1].id }));
    const id = created.body.id;
    const res = await call("PATCH", `/api/producers/${id}`, founder.session, { phone: "+84 239 3855 123", website: "https://htx.example.vn", email: null, publicContacts: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ phone: "02393855123", website: "https://htx.example.vn", email: null, publicContacts: true, name: created.body.name });

    const [record] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.action, "producer.update"), eq(auditLog.subjectId, String(id))));
    expect(record).toMatchObject({ actorId: founder.user.id });
    expect((record!.before as any).phone).toBe("0912345678");
    expect((record!.after as any).phone).toBe("02393855123");

    expect((await call("PATCH", `/api/producers/${id}`, office.session, { name: "HTX đổi tên" })).status).toBe(200);
    // Reading is not managing: the district office sees it but may not change it.
    expect((await call("PATCH", `/api/producers/${id}`, district0.session, { name: "X" })).status).toBe(403);
    expect((await call("PATCH", `/api/producers/${inCommune00.id}`, founder.session, { name: "X" })).status).toBe(404);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it("checks the merged record: a cooperative may not drop its tax code, nor take another's", async () => {
    const a = await call("POST", "/api/producers", (await newcomer()).session, validInput());
    const founderB = await newcomer();
    const b = await call("POST", "/api/producers", founderB.session, validInput());
    const drop = await call("PATCH", `/api/producers/${b.body.id}`, founderB.session, { taxCode: null });
    expect(drop.status).toBe(400);
    expect(drop.body.errors[0].path).toBe("taxCode");
    const toHkd = await call("PATCH", `/api/producers/${b.body.id}`, founderB.session, { taxCode: null, kind: "hkd" });
    expect(toHkd.status).toBe(200);
    const steal = await call("PATCH", `/api/producers/${b.body.id}`, founderB.session, { taxCode: a.body.taxCode });
    expect(steal.status).toBe(409);
    expect(steal.body.code).toBe("tax-code-taken");
    const unknown = await call("PATCH", `/api/producers/${b.body.id}`, founderB.session, { createdBy: "me" });
    expect(unknown.status).toBe(400);
  });
});

describe("adding members", () => {
  it("creates a colleague's account holding producer_member for the same producer, audited in one go", async () => {
    const founder = await newcomer();
    const created = await call("POST", "/api/producers", founder.session, validInput());
    const id = created.body.id;
    const username = uniq("tv");
    const res = await call("POST", `/api/producers/${id}/members`, founder.session, { username, displayName: "Nguyễn Văn Hùng", password: "Mat-khau-hung-2026" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ username, displayName: "Nguyễn Văn Hùng", disabled: false });

    const colleague = await signIn(t.app, username, "Mat-khau-hung-2026");
    const seen = await call("GET", `/api/producers/${id}`, colleague);
    expect(seen.status).toBe(200);
    expect(seen.body.members.map((m: any) => m.username)).toEqual([founder.user.username, username]);
    // The colleague manages the producer too, and may add further members.
    expect((await call("PATCH", `/api/producers/${id}`, colleague, { address: "Thôn Mới" })).status).toBe(200);

    const records = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, res.body.userId));
    expect(records.map((r) => r.action).sort()).toEqual(["role.assign", "user.create"]);
    expect(records.every((r) => r.actorId === founder.user.id)).toBe(true);
    expect(JSON.stringify(records)).not.toMatch(/scrypt|passwordHash/);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);

    const taken = await call("POST", `/api/producers/${id}/members`, founder.session, { username, displayName: "Trùng", password: "Mat-khau-hung-2026" });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("username-taken");
    const weak = await call("POST", `/api/producers/${id}/members`, founder.session, { username: uniq("tv"), displayName: "A", password: "ngan" });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ path: "password", vi: "Mật khẩu tối thiểu 10 ký tự" });
  });

  it("is for the producer's members and the provincial office", async () => {
    const input = () => ({ username: uniq("tv"), displayName: "Phan Thị Mai", password: "Mat-khau-mai-2026" });
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, office.session, input())).status).toBe(201);
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, district0.session, input())).status).toBe(403);
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, communeOfficer.session, input())).status).toBe(403);
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, district1.session, input())).status).toBe(404);
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, otherOffice.session, input())).status).toBe(404);
    const stranger = await createUser(t.database.db, { grants: [{ role: "producer_member", producerId: inCommune01.id }] });
    const strangerSession = await signIn(t.app, stranger.username);
    expect((await call("POST", `/api/producers/${inCommune00.id}/members`, strangerSession, input())).status).toBe(404);
  });
});

describe("API documentation", () => {
  it("documents every producers route", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as any;
    expect(Object.keys(doc.paths["/api/producers"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/producers/{id}"]).sort()).toEqual(["get", "patch"]);
    expect(Object.keys(doc.paths["/api/producers/{id}/members"])).toEqual(["post"]);
  });
});
