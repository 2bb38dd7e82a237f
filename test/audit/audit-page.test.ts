import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Principal } from "../../src/domain/principal.js";
import { roleAssignments, users } from "../../src/modules/accounts/schema.js";
import { writeAudit } from "../../src/modules/audit/service.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createUnit } from "../support/fixtures.js";

// The page is about the log's words and filters, not sign-in: the session is replaced by a principal in a header.
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

const admin: Principal = { userId: "u-admin", username: "admin", displayName: "Trần Thị Quản Trị", locale: "vi", grants: [{ role: "system_admin", unitId: 1, unitPath: "1" }] };

/* Issue 16, finding 4: the audit log in words, with a readable change and filters one picks by name. */
describe("the audit log page", () => {
  let t: TestApp;
  let communeName: string;
  const page = async (q = "") => {
    const res = await t.app.request(`/admin/audit${q}`, { headers: { "x-test-principal": encodeURIComponent(JSON.stringify(admin)) } });
    return { status: res.status, html: await res.text() };
  };
  const seqs = (html: string) => [...html.matchAll(/<td data-label="#" class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]));

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.database.db;
    const province = await createUnit(db, { level: "province" });
    const commune = await createUnit(db, { level: "commune", parent: province, name: "Xã Hương Trà Thử" });
    communeName = commune.name;
    await db.insert(users).values([
      { id: admin.userId, username: "admin", displayName: "Trần Thị Quản Trị", passwordHash: "-" },
      { id: "u-officer", username: "canbo.huongtra", displayName: "Lê Văn Xã", passwordHash: "-" },
      { id: "u-office", username: "vanphong.thu", displayName: "Nguyễn Văn Tỉnh", passwordHash: "-" },
    ]);
    await db.insert(roleAssignments).values([
      { userId: "u-officer", role: "commune_officer", unitId: commune.id },
      { userId: "u-office", role: "province_office", unitId: province.id },
    ]);
    const records = [
      ["u-officer", "idea.commune_forward", "idea", "11", { state: "submitted", attempt: 1 }, { state: "commune_forwarded", attempt: 1 }, "2026-03-01T03:00:00Z"],
      ["u-office", "stamps.print", "stamp_batch", "5", null, { quantity: 60, producedOn: "2026-03-02" }, "2026-03-02T03:00:00Z"],
      ["u-office", "certificate.suspend", "certificate", "9", null, { from: "2026-03-05", reason: "Chờ kết quả kiểm tra" }, "2026-03-05T16:30:00Z"],
      ["u-admin", "user.create", "user", "u-officer", null, { username: "canbo.huongtra", displayName: "Lê Văn Xã" }, "2026-03-06T03:00:00Z"],
    ] as const;
    for (const [actorId, action, subjectType, subjectId, before, after, at] of records) {
      await db.transaction((tx) => writeAudit(tx, { actorId, action, subjectType, subjectId, before, after }, new Date(at)));
    }
  });
  afterAll(() => t.close());

  it("names each action and subject in words and shows what changed, not JSON", async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toContain("<strong>Xã tổng hợp, gửi ý tưởng lên trên</strong>");
    expect(html).toContain("<strong>In tem</strong>");
    // The administrator may read the log but not the stamp batches: the subject is named, not linked to a 403.
    expect(html).toContain('<span class="sub">Lô tem số 5</span>');
    expect(html).not.toContain('href="/stamps/5"');
    expect(html).toContain('<a href="/c/9">Giấy chứng nhận số 9</a>');
    // A user's subject is named, its UUID is not printed as text.
    expect(html).toContain('<a href="/admin/users/u-officer">Tài khoản</a>');
    expect(html).not.toContain(">idea.commune_forward<");
    expect(html).not.toContain(">stamps.print<");
    // The change: the state before and after, the quantity in vi-VN, the date as dd/mm/yyyy; no JSON.
    expect(html).toContain("<strong>Trạng thái</strong>: <del>Đã đăng ký với xã</del> → <ins>Xã đã gửi danh sách</ins>");
    expect(html).not.toContain("<strong>Lần gửi</strong>");
    expect(html).toContain("<strong>Số lượng</strong>: <ins>60</ins>");
    expect(html).toContain("<strong>Ngày sản xuất</strong>: <ins>02/03/2026</ins>");
    expect(html).not.toContain("&quot;after&quot;");
    expect(html).not.toContain("<pre>");
  });

  it("filters by a person picked by name or username, by unit, kind and Vietnam days", async () => {
    const all = seqs((await page()).html);
    expect(all).toHaveLength(4);
    const [forward, print, suspend, create] = [...all].reverse();
    expect(seqs((await page(`?person=${encodeURIComponent("Nguyễn Văn Tỉnh")}`)).html)).toEqual([suspend, print]);
    expect(seqs((await page(`?person=${encodeURIComponent("canbo.huongtra — Lê Văn Xã")}`)).html)).toEqual([forward]);
    // The commune's people only; the province takes in the commune under it.
    expect(seqs((await page(`?unit=${encodeURIComponent(communeName)}`)).html)).toEqual([forward]);
    expect(seqs((await page("?subjectType=certificate")).html)).toEqual([suspend]);
    expect(seqs((await page("?action=user.create")).html)).toEqual([create]);
    // 16:30 UTC on 5 March is 23:30 in Vietnam: still the 5th there.
    expect(seqs((await page("?from=2026-03-02&to=2026-03-05")).html)).toEqual([suspend, print]);
    expect(seqs((await page("?from=2026-03-06")).html)).toEqual([create]);

    // The pickers offer names and codes, never an id to type; the kind of record is a list in words.
    const form = (await page()).html;
    expect(form).toContain('<option value="canbo.huongtra — Lê Văn Xã">');
    expect(form).toContain('<option value="certificate">Giấy chứng nhận</option>');
    expect(form).toContain('<option value="stamps.print">In tem</option>');
    expect(form).not.toContain('name="actorId"');
  });

  it("answers an unknown person or a reversed range with a 400 and the message beside the field", async () => {
    const unknown = await page(`?person=${encodeURIComponent("Không Có Ai")}`);
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("Không tìm thấy người thực hiện");
    expect(unknown.html).toContain('id="person-error"');
    const reversed = await page("?from=2026-03-06&to=2026-03-01");
    expect(reversed.status).toBe(400);
    expect(reversed.html).toContain("Ngày kết thúc trước ngày bắt đầu");
    expect((await page("?from=06/03/2026")).status).toBe(400);
  });
});
