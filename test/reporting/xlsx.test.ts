import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, ok } from "../cycle/support.js";
import { grant, signedInUser } from "../support/fixtures.js";
import { createTestApp, type TestApp } from "../support/harness.js";
import { M, certified, plan, proposed, reformWorld, stampsIssued, vn, type World } from "./support.js";

/*
 * The workbooks read back with exceljs hold the figures the JSON API gives, to the đồng: the roll-up one sheet per
 * table with the province's total row, a unit's report its figures and its text.
 */

let t: TestApp;
let w: World;
const text = { number: "3/BC-UBND", results: "Kết quả", difficulties: "Khó khăn về vốn.", proposals: "Đề xuất" };

beforeAll(async () => {
  t = await createTestApp();
  w = await reformWorld(t.database.db);
});
afterAll(() => t.close());

describe("the roll-up as XLSX", () => {
  it("reads back to the same figures, seed 001's 630.087 million đồng in the total row", async () => {
    const totals = { own: M(411_439), loans: M(98_752), other: M(6_510), support: M(113_386) };
    const N = 152n;
    for (let i = 0n; i < N; i++) {
      const share = (v: bigint) => v / N + (i === N - 1n ? v % N : 0n);
      await plan(t.database.db, w, i < 100n ? w.n1 : w.n2, w.cycle2026, vn("2026-05-15 10:00"), { own: share(totals.own), loans: share(totals.loans), other: share(totals.other), support: share(totals.support) });
    }
    for (let i = 0; i < 9; i++) await proposed(t.database.db, w, w.n1, vn("2026-05-20 10:00"));
    for (let i = 0; i < 2; i++) await proposed(t.database.db, w, w.n2, vn("2026-05-21 10:00"));
    t.clock.set(vn("2026-06-10 09:00"));
    const office = apiAs(t, (await signedInUser(t.app, t.database.db, [grant("province_office", w.province)])).session);
    const r = await ok(office("GET", "/api/monthly-reports/rollup?month=2026-05"));
    // The roll-up as a workbook, read back: one sheet per table, the same figures.
    const res = await t.app.request("/monthly-reports/rollup.xlsx?month=2026-05", { headers: { cookie: (await signedInUser(t.app, t.database.db, [grant("province_office", w.province)])).session.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["Tổng hợp", "Tình hình nộp", "Ý tưởng", "Phương án, kinh phí", "Sản phẩm đề xuất", "Công nhận, tem", "Tem giả"]);
    const plans = wb.getWorksheet("Phương án, kinh phí")!;
    const last = plans.getRow(plans.rowCount).values as unknown[];
    expect(last.slice(1, 8)).toEqual([`Toàn tỉnh ${w.province.name}`, 152, 630_087_000_000, 411_439_000_000, 98_752_000_000, 6_510_000_000, 113_386_000_000]);
    const rows = new Map<string, unknown[]>();
    plans.eachRow((row, i) => i > 1 && rows.set(String(row.getCell(1).value), row.values as unknown[]));
    const n1 = r.rows.find((x: { unit: { id: number } }) => x.unit.id === w.n1.id);
    expect(rows.get(n1.unit.fullName)!.slice(2, 8)).toEqual([n1.figures.plansApproved, ...["total", "ownCapital", "loans", "otherSources", "stateSupport"].map((k) => Number(n1.figures.funding[k]))]);
    const proposedSheet = wb.getWorksheet("Sản phẩm đề xuất")!;
    expect(proposedSheet.getRow(proposedSheet.rowCount).getCell(2).value).toBe(11);
  });
});

describe("a unit's report as XLSX", () => {
  it("holds the figures and the text of the report", async () => {
    await plan(t.database.db, w, w.n1, w.cycle2026, vn("2026-10-10 10:00"), { own: M(1), loans: 7n, other: 0n, support: M(2) });
    await certified(t.database.db, w, w.n1, "2026-10-03", 4);
    await stampsIssued(t.database.db, w, w.n1, vn("2026-10-04 08:00"), 250);
    t.clock.set(vn("2026-11-05 09:00"));
    const { session } = await signedInUser(t.app, t.database.db, [grant("commune_officer", w.n1)]);
    const r = await ok(apiAs(t, session)("POST", `/api/monthly-reports/units/${w.n1.id}/2026-10/file`, text));
    const x = await t.app.request(`/monthly-reports/units/${w.n1.id}/2026-10/report.xlsx`, { headers: { cookie: session.cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await x.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet("Số liệu")!;
    const byLabel = new Map<string, unknown[]>();
    ws.eachRow((row) => byLabel.set(String(row.getCell(1).value).trim(), row.values as unknown[]));
    expect(byLabel.get("Phương án sản xuất kinh doanh được phê duyệt")!.slice(2, 4)).toEqual([r.figures.plansApproved, r.yearToDate.plansApproved]);
    expect(byLabel.get("Tổng kinh phí thực hiện theo phương án (đồng)")!.slice(2, 4)).toEqual([Number(r.figures.funding.total), Number(r.yearToDate.funding.total)]);
    expect(byLabel.get("Vốn vay (đồng)")![2]).toBe(7);
    expect(r.figures.funding.total).toBe("3000007");
    expect(wb.getWorksheet("Nội dung")!.getRow(5).getCell(2).value).toBe(text.difficulties);
    expect(byLabel.get("Tem truy xuất nguồn gốc đã phát hành")!.slice(2, 4)).toEqual([250, 250]);
    expect(byLabel.get("trong đó 4 sao")!.slice(2, 3)).toEqual([1]);
    expect(byLabel.get("Trạng thái")![2]).toBe("Đã nộp đúng hạn");
  });
});
