import { eq } from "drizzle-orm";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/modules/audit/schema.js";
import { apiAs, ok, type Api } from "../cycle/support.js";
import { grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { M, certified, plan, proposed, reformWorld, vn, type World } from "./support.js";

/*
 * Monthly reports through the API: a draft shows live figures, filing freezes them, the 20th (Vietnam time) is
 * the last day on time, the office sees who filed and rolls the month up, and the exports read back.
 */

let t: TestApp;
let w: World;
const as = async (role: Parameters<typeof grant>[0], unit: Parameters<typeof grant>[1]): Promise<Api> => apiAs(t, (await signedInUser(t.app, t.database.db, [grant(role, unit)])).session);
const base = (unitId: number, month: string) => `/api/monthly-reports/units/${unitId}/${month}`;
const text = { number: "15/BC-UBND", place: "Thử", results: "Đã chấp thuận các phương án.", difficulties: "Tiến độ còn chậm.", proposals: "Đề nghị tỉnh hỗ trợ tập huấn.", recipients: "VPĐP NTM tỉnh;\nLưu: VT.", signerName: "Nguyễn Văn A", signerTitle: "Chủ tịch" };

beforeAll(async () => {
  t = await createTestApp();
  w = await reformWorld(t.database.db);
  t.clock.set(vn("2026-11-05 09:00"));
});
afterAll(() => t.close());

describe("a commune's report for October 2026", () => {
  let officer: Api;
  beforeAll(async () => {
    officer = await as("commune_officer", w.n1);
    await plan(t.database.db, w, w.n1, w.cycle2026, vn("2026-10-10 10:00"), { own: M(100), loans: M(20), other: M(3), support: M(40) });
  });

  it("shows live figures while a draft, and is visible only to its unit and the office", async () => {
    const r = await ok(officer("GET", base(w.n1.id, "2026-10")));
    expect(r).toMatchObject({ state: "none", status: "open", live: true, dueDate: "2026-11-20", fileableFrom: "2026-11-01", canFile: true });
    expect(r.figures.plansApproved).toBe(1);
    expect(r.figures.funding).toEqual({ ownCapital: "100000000", loans: "20000000", otherSources: "3000000", stateSupport: "40000000", total: "163000000" });
    const other = await as("commune_officer", w.n2);
    expect((await other("GET", base(w.n1.id, "2026-10"))).status).toBe(404);
    expect((await other("PUT", base(w.n1.id, "2026-10"), { results: "x" })).status).toBe(404);
    const office = await as("province_office", w.province);
    expect((await ok(office("GET", base(w.n1.id, "2026-10")))).canFile).toBe(false);
    expect((await office("POST", `${base(w.n1.id, "2026-10")}/file`, text)).status).toBe(403);
    // A commune did not report before the reform, nor a district after it; a month not begun has no report.
    expect((await officer("GET", base(w.n1.id, "2025-03"))).status).toBe(404);
    expect((await office("GET", base(w.d1.id, "2026-10"))).status).toBe(404);
    expect((await officer("GET", base(w.n1.id, "2026-12"))).status).toBe(400);
    expect((await officer("GET", base(w.n1.id, "2026-13"))).status).toBe(400);
  });

  it("saves a draft, refuses to file without results, then files and freezes the figures (audited)", async () => {
    await ok(officer("PUT", base(w.n1.id, "2026-10"), { number: "15/BC-UBND" }));
    const refused = await officer("POST", `${base(w.n1.id, "2026-10")}/file`, {});
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].path).toBe("results");
    const filed = await ok(officer("POST", `${base(w.n1.id, "2026-10")}/file`, text));
    expect(filed).toMatchObject({ state: "filed", status: "filed", late: false, live: false, editable: false, canFile: false, number: "15/BC-UBND" });
    expect(filed.figures.funding.total).toBe("163000000");

    // A plan recorded later for October (and a backdated certificate) changes the registry, not the filed report.
    await plan(t.database.db, w, w.n1, w.cycle2026, vn("2026-10-11 10:00"), { own: M(1), loans: 0n, other: 0n, support: 0n });
    await certified(t.database.db, w, w.n1, "2026-10-30", 3);
    const again = await ok(officer("GET", base(w.n1.id, "2026-10")));
    expect(again.figures.plansApproved).toBe(1);
    expect(again.figures.productsCertified).toBe(0);
    expect((await officer("PUT", base(w.n1.id, "2026-10"), { results: "khác" })).status).toBe(409);
    expect((await officer("POST", `${base(w.n1.id, "2026-10")}/file`, text)).status).toBe(409);

    const [a] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "monthly_report.file"));
    expect(a).toMatchObject({ subjectType: "monthly_report", subjectId: String(filed.id) });
    expect((a!.after as { figures: { month: { funding: { total: string } } } }).figures.month.funding.total).toBe("163000000");
  });

  it("cannot be filed before the month is over", async () => {
    t.clock.set(vn("2026-11-30 23:59"));
    const officer2 = await as("commune_officer", w.n2);
    const r = await officer2("POST", `${base(w.n2.id, "2026-11")}/file`, text);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe("month-not-over");
    t.clock.set(vn("2026-11-05 09:00"));
  });
});

describe("late filing after the 20th, Vietnam time", () => {
  it("is on time at 20/12 23:59 +07 and late at 21/12 00:00 +07", async () => {
    const a = await as("commune_officer", w.n1);
    const b = await as("commune_officer", w.n2);
    t.clock.set(new Date("2026-12-20T16:59:00Z"));
    const onTime = await ok(a("POST", `${base(w.n1.id, "2026-11")}/file`, text));
    expect(onTime).toMatchObject({ late: false, status: "filed" });
    const unfiled = await ok(b("GET", base(w.n2.id, "2026-11")));
    expect(unfiled.status).toBe("due_soon");
    t.clock.set(new Date("2026-12-20T17:00:00Z"));
    expect((await ok(b("GET", base(w.n2.id, "2026-11")))).status).toBe("overdue");
    const late = await ok(b("POST", `${base(w.n2.id, "2026-11")}/file`, text));
    expect(late).toMatchObject({ late: true, status: "filed_late" });
    t.clock.set(vn("2026-11-05 09:00"));
  });
});

describe("the office's month", () => {
  let office: Api;
  beforeAll(async () => {
    office = await as("province_office", w.province);
  });

  it("lists who filed, who filed late and who has not", async () => {
    t.clock.set(vn("2026-12-25 09:00"));
    const o = await ok(office("GET", "/api/monthly-reports/overview?month=2026-11"));
    expect(o).toMatchObject({ month: "2026-11", level: "commune", dueDate: "2026-12-20", counts: { filed: 1, filedLate: 1, overdue: 0, notFiled: 0, total: 2 } });
    const oct = await ok(office("GET", "/api/monthly-reports/overview?month=2026-10"));
    expect(oct.counts).toMatchObject({ filed: 1, overdue: 1, notFiled: 1 });
    expect(oct.rows.find((r: { unit: { id: number } }) => r.unit.id === w.n2.id).status).toBe("overdue");
    const commune = await as("commune_officer", w.n1);
    expect((await commune("GET", "/api/monthly-reports/overview?month=2026-10")).status).toBe(403);
    t.clock.set(vn("2026-11-05 09:00"));
  });

  it("rolls a month up to a hand-written total: seed 001's 152 plans, 630.087 million đồng", async () => {
    // 152 plans approved in May 2026, split 100 / 52 between the two communes, each source's sum exactly seed 001's.
    const totals = { own: M(411_439), loans: M(98_752), other: M(6_510), support: M(113_386) };
    const N = 152n;
    for (let i = 0n; i < N; i++) {
      const share = (v: bigint) => v / N + (i === N - 1n ? v % N : 0n);
      await plan(t.database.db, w, i < 100n ? w.n1 : w.n2, w.cycle2026, vn("2026-05-15 10:00"), { own: share(totals.own), loans: share(totals.loans), other: share(totals.other), support: share(totals.support) });
    }
    for (let i = 0; i < 9; i++) await proposed(t.database.db, w, w.n1, vn("2026-05-20 10:00"));
    for (let i = 0; i < 2; i++) await proposed(t.database.db, w, w.n2, vn("2026-05-21 10:00"));
    t.clock.set(vn("2026-06-10 09:00"));
    const r = await ok(office("GET", "/api/monthly-reports/rollup?month=2026-05"));
    expect(r.total.plansApproved).toBe(152);
    expect(r.total.funding).toEqual({ ownCapital: "411439000000", loans: "98752000000", otherSources: "6510000000", stateSupport: "113386000000", total: "630087000000" });
    expect(r.total.dossiersProposed).toBe(11);
    expect(r.rows.map((x: { figures: { plansApproved: number } }) => x.figures.plansApproved).sort()).toEqual([100, 52].sort());
    expect(r.summary.vi).toContain("đã chấp thuận 152 phương án sản xuất kinh doanh");
    expect(r.summary.vi).toContain("630.087 triệu đồng, trong đó vốn chủ cơ sở 411.439 triệu đồng, vốn vay 98.752 triệu đồng, vốn khác 6.510 triệu đồng và vốn ngân sách nhà nước dự kiến hỗ trợ 113.386 triệu đồng");
    expect(r.summary.vi).toContain(`Có 2 đơn vị đề xuất đánh giá, phân hạng với 11 sản phẩm`);
    expect(r.summary.vi).toContain("(9 sản phẩm)");

  });
});

describe("a unit's report as PDF", () => {
  it("prints in the official layout", async () => {
    t.clock.set(vn("2026-11-05 09:00"));
    const { session } = await signedInUser(t.app, t.database.db, [grant("commune_officer", w.n1)]);
    await ok(apiAs(t, session)("GET", base(w.n1.id, "2026-10")));
    const pdf = await t.app.request(`/monthly-reports/units/${w.n1.id}/2026-10/report.pdf`, { headers: { cookie: session.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const doc = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    let s = "";
    for (let i = 1; i <= doc.numPages; i++) for (const it of (await (await doc.getPage(i)).getTextContent()).items) if ("str" in it) s += it.str + (it.hasEOL ? " " : "");
    await doc.destroy();
    s = s.replace(/\s+/g, " ");
    for (const want of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 15/BC-UBND", "BÁO CÁO", "tháng 10/2026", "Nơi nhận:", "VPĐP NTM tỉnh;", "Nguyễn Văn A", "Đề nghị tỉnh hỗ trợ tập huấn."]) expect(s).toContain(want);
    expect(s).toContain(`${w.n1.name}`.toUpperCase());
    expect(s).toMatch(/ngày 05 tháng 11 năm 2026/);

  });
});

describe("a district's report before the reform", () => {
  it("is filed by the district office while the district exists, and by the province standing in after", async () => {
    t.clock.set(vn("2025-04-10 09:00"));
    await plan(t.database.db, w, w.c12, w.cycle2025, vn("2025-03-12 10:00"), { own: M(8), loans: M(1), other: 0n, support: M(2) });
    const district = await as("district_office", w.d1);
    const filed = await ok(district("POST", `${base(w.d1.id, "2025-03")}/file`, text));
    expect(filed).toMatchObject({ late: false, unit: { id: w.d1.id, level: "district" } });
    expect(filed.figures.plansApproved).toBe(1);
    // The office's month before the reform: one row per district, d1 from its filed report.
    const office0 = await as("province_office", w.province);
    const roll = await ok(office0("GET", "/api/monthly-reports/rollup?month=2025-03"));
    expect(roll.level).toBe("district");
    expect(roll.rows.map((r: { unit: { id: number }; source: string }) => [r.unit.id, r.source]).sort()).toEqual([[w.d1.id, "filed"], [w.d2.id, "live"]].sort());
    expect(roll.total.funding.total).toBe(String(M(11)));
    // June 2025 is due on 20 July, when the district no longer exists: the province files it in its place.
    t.clock.set(vn("2025-07-15 09:00"));
    const office = await as("province_office", w.province);
    const june = await ok(office("GET", base(w.d2.id, "2025-06")));
    expect(june.canFile).toBe(true);
    const standIn = await ok(office("POST", `${base(w.d2.id, "2025-06")}/file`, text));
    expect(standIn.standInNote).toContain("Tiếp nhận thay");
    t.clock.set(vn("2026-11-05 09:00"));
  });
});

describe("the office returns a filed report for correction", () => {
  it("makes it a draft again with the reason, and refiling keeps the first filing's lateness", async () => {
    const month = "2026-09";
    t.clock.set(vn("2026-10-10 09:00"));
    const officer = await as("commune_officer", w.n2);
    const office = await as("province_office", w.province);
    await ok(officer("POST", `${base(w.n2.id, month)}/file`, text));
    // Not the commune's to return, and a reason is needed.
    expect((await officer("POST", `${base(w.n2.id, month)}/return`, { reason: "Sai số liệu" })).status).toBe(403);
    expect((await office("POST", `${base(w.n2.id, month)}/return`, { reason: " " })).status).toBe(400);

    t.clock.set(vn("2026-10-25 09:00"));
    const returned = await ok(office("POST", `${base(w.n2.id, month)}/return`, { reason: "Bổ sung khó khăn về vốn" }));
    expect(returned).toMatchObject({ state: "draft", live: true, late: null, filedAt: null, returnReason: "Bổ sung khó khăn về vốn", canReturn: false });
    expect((await office("POST", `${base(w.n2.id, month)}/return`, { reason: "lần nữa" })).status).toBe(409);
    const seen = await ok(officer("GET", base(w.n2.id, month)));
    expect(seen).toMatchObject({ state: "draft", editable: true, canFile: true, returnReason: "Bổ sung khó khăn về vốn", number: text.number });
    const o = await ok(office("GET", `/api/monthly-reports/overview?month=${month}`));
    expect(o.rows.find((r: { unit: { id: number } }) => r.unit.id === w.n2.id)).toMatchObject({ state: "draft", returned: true, status: "overdue" });

    // Filed again after the 20th: still on time, as first filed; the reason is cleared.
    const refiled = await ok(officer("POST", `${base(w.n2.id, month)}/file`, { difficulties: "Thiếu vốn đối ứng." }));
    expect(refiled).toMatchObject({ state: "filed", late: false, status: "filed", returnReason: null, difficulties: "Thiếu vốn đối ứng." });
    const [a] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, "monthly_report.return"));
    expect(a).toMatchObject({ subjectType: "monthly_report", subjectId: String(refiled.id) });
    t.clock.set(vn("2026-11-05 09:00"));
  });
});
