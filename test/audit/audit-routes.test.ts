import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import { users } from "../../src/modules/accounts/schema.js";
import { writeAudit } from "../../src/modules/audit/service.js";
import { auditLog } from "../../src/modules/audit/schema.js";
import { createTestApp, type TestApp } from "../support/harness.js";

// These tests are about the audit routes, not sign-in: the session is replaced by a principal sent in a header.
vi.mock("../../src/auth/middleware.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/auth/middleware.js")>();
  const { createMiddleware } = await import("hono/factory");
  return {
    ...real,
    sessionMiddleware: createMiddleware(async (c, next) => {
      const raw = c.req.header("x-test-principal");
      c.set("auth", { principal: raw ? JSON.parse(decodeURIComponent(raw)) : null, sessionId: null });
      c.set("csrfToken", "test-csrf");
      await next();
    }),
  };
});

const principal = (role: Principal["grants"][number]["role"], grant: Partial<Principal["grants"][number]> = { unitId: 1, unitPath: "1" }): Principal => ({
  userId: `u-${role}`,
  username: role,
  displayName: `Người dùng ${role}`,
  locale: "vi",
  grants: [{ role, ...grant }],
});
const admin = principal("system_admin");
const office = principal("province_office");
const inspector = principal("inspector");
const producer = principal("producer_member", { producerId: 7 });

describe("audit routes", () => {
  let t: TestApp;
  const get = (path: string, who?: Principal) => t.app.request(path, { headers: who ? { "x-test-principal": encodeURIComponent(JSON.stringify(who)) } : {} });
  const json = async (path: string, who?: Principal) => {
    const res = await get(path, who);
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as any };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    await db.insert(users).values({ id: admin.userId, username: "admin", displayName: "Trần Thị Quản Trị", passwordHash: "-" });
    const subjects = [
      ["user", "u-1", "users.create"],
      ["user", "u-2", "users.create"],
      ["user", "u-1", "roles.grant"],
      ["producer", "7", "producers.update"],
      ["producer", "8", "producers.create"],
    ] as const;
    for (const [i, [subjectType, subjectId, action]] of subjects.entries()) {
      await db.transaction((tx) =>
        writeAudit(tx, { actorId: i % 2 ? "u-other" : admin.userId, action, subjectType, subjectId, after: { i } }, new Date(Date.UTC(2026, 2, 1, 3, i))),
      );
    }
  });
  afterAll(() => t.close());

  describe("GET /api/audit/verify", () => {
    it("asks for sign-in, then refuses roles without audit.verify", async () => {
      expect(await json("/api/audit/verify")).toMatchObject({ status: 401, type: expect.stringMatching(/problem\+json/), body: { code: "unauthenticated" } });
      expect((await json("/api/audit/verify", producer)).status).toBe(403);
      expect((await json("/api/audit/verify", inspector)).status).toBe(403);
    });

    it("reports the chain to the office and the administrator", async () => {
      for (const who of [admin, office]) {
        const r = await json("/api/audit/verify", who);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ ok: true, records: 5, headSeq: 5, headHash: expect.stringMatching(/^[0-9a-f]{64}$/), checkpoints: 0 });
      }
    });
  });

  describe("GET /api/audit", () => {
    it("lets inspectors, the office and administrators read, but not producers", async () => {
      expect((await json("/api/audit")).status).toBe(401);
      expect((await json("/api/audit", producer)).status).toBe(403);
      for (const who of [admin, office, inspector]) expect((await json("/api/audit", who)).status).toBe(200);
    });

    it("lists newest first with the actor's name and ISO times", async () => {
      const { body } = await json("/api/audit", admin);
      expect(body.items.map((r: any) => r.seq)).toEqual([5, 4, 3, 2, 1]);
      expect(body.nextCursor).toBeNull();
      expect(body.items[0]).toMatchObject({ seq: 5, actorId: admin.userId, actorName: "Trần Thị Quản Trị", subjectType: "producer", subjectId: "8", after: { i: 4 } });
      expect(body.items[0].at).toBe("2026-03-01T03:04:00.000Z");
      expect(body.items[1].actorName).toBeNull();
    });

    it("pages by seq with a cursor", async () => {
      const first = (await json("/api/audit?limit=2", admin)).body;
      expect(first.items.map((r: any) => r.seq)).toEqual([5, 4]);
      expect(first.nextCursor).toBe(4);
      const second = (await json(`/api/audit?limit=2&cursor=${first.nextCursor}`, admin)).body;
      expect(second.items.map((r: any) => r.seq)).toEqual([3, 2]);
      const last = (await json(`/api/audit?limit=2&cursor=${second.nextCursor}`, admin)).body;
      expect(last).toMatchObject({ items: [{ seq: 1 }], nextCursor: null });
    });

    it("filters by subject, actor and action; an empty filter means none", async () => {
      const seqs = async (q: string) => (await json(`/api/audit?${q}`, admin)).body.items.map((r: any) => r.seq);
      expect(await seqs("subjectType=user&subjectId=u-1")).toEqual([3, 1]);
      expect(await seqs(`actorId=${admin.userId}`)).toEqual([5, 3, 1]);
      expect(await seqs("action=users.create")).toEqual([2, 1]);
      expect(await seqs("subjectType=producer&action=producers.create&actorId=u-admin")).toEqual([]);
      expect(await seqs("subjectType=&action=")).toEqual([5, 4, 3, 2, 1]);
      expect(await seqs("lang=en")).toHaveLength(5);
    });

    it("rejects unknown and malformed parameters with a 400 problem listing them", async () => {
      const unknown = await json("/api/audit?subject=user", admin);
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: "validation", errors: [expect.objectContaining({ vi: expect.any(String), en: expect.any(String) })] });
      for (const q of ["limit=0", "limit=201", "cursor=-1", "cursor=abc", "limit=1&limit=2"]) {
        expect((await json(`/api/audit?${q}`, admin)).status, q).toBe(400);
      }
    });
  });

  describe("GET /admin/audit", () => {
    it("sends anonymous visitors to sign in and comes back afterwards", async () => {
      const res = await get("/admin/audit?action=x");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/login?next=%2Fadmin%2Faudit%3Faction%3Dx");
    });

    it("refuses producers with an HTML page", async () => {
      const res = await get("/admin/audit", producer);
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      expect(await res.text()).toContain("không có quyền xem nhật ký");
    });

    it("shows the latest records in Vietnamese, with a verify button for the office", async () => {
      const res = await get("/admin/audit", office);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain("Nhật ký kiểm toán");
      expect(html).toContain("producers.create");
      expect(html).toContain("Trần Thị Quản Trị");
      expect(html).toContain("Kiểm tra toàn bộ chuỗi");
      expect(html).not.toContain("Chuỗi toàn vẹn");
    });

    it("runs the verification on request and shows the result", async () => {
      const html = await (await get("/admin/audit?verify=1", admin)).text();
      expect(html).toContain("Chuỗi toàn vẹn.");
      expect(html).toContain("Đã kiểm tra 5 bản ghi");
    });

    it("shows inspectors the records but not the check", async () => {
      const html = await (await get("/admin/audit?verify=1", inspector)).text();
      expect(html).toContain("producers.create");
      expect(html).not.toContain("Kiểm tra toàn bộ chuỗi");
      expect(html).not.toContain("Chuỗi toàn vẹn");
    });

    it("pages and filters through links that work without JavaScript", async () => {
      const html = await (await get("/admin/audit?limit=2&subjectType=user", admin)).text();
      expect(html).toContain('href="/admin/audit?subjectType=user&amp;limit=2&amp;cursor=2"');
      expect(html).toContain('value="user"');
    });

    it("reports a broken chain in the page, in English when asked", async () => {
      await t.database.db.execute(sql`alter table audit_log disable trigger user`);
      try {
        await t.database.db.update(auditLog).set({ after: { i: 99 } }).where(eq(auditLog.seq, 2));
        const html = await (await get("/admin/audit?verify=1&lang=en", admin)).text();
        expect(html).toContain("The chain is broken at record 2.");
        const api = await json("/api/audit/verify", admin);
        expect(api.body).toMatchObject({ ok: false, brokenAt: 2, records: 1 });
      } finally {
        await t.database.db.update(auditLog).set({ after: { i: 1 } }).where(eq(auditLog.seq, 2));
        await t.database.db.execute(sql`alter table audit_log enable trigger user`);
      }
      expect((await json("/api/audit/verify", admin)).body.ok).toBe(true);
    });
  });
});
