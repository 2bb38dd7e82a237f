import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../support/harness.js";
import { createProducer, createUnit, grant, signedInUser } from "../support/fixtures.js";
import { apiAs, planBody, type Api } from "../cycle/support.js";

/* Each amount error names the real problem, in both languages (issue 12): a fraction, the limit, not a number. */

let t: TestApp;
let api: Api;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const province = await createUnit(db, { level: "province" });
  const commune = await createUnit(db, { level: "commune", parent: province });
  const p = await createProducer(db, commune);
  api = apiAs(t, (await signedInUser(t.app, db, [grant("producer_member", p)])).session);
});
afterAll(() => t.close());

// The body is checked at the edge before the idea is looked up, so any idea id shows the messages.
const errorFor = async (support: unknown) => {
  const r = await api("POST", "/api/ideas/999999/plan", planBody({ own: 0, loans: 0, other: 0, support: support as number }));
  expect(r.status).toBe(400);
  const e = r.body.errors.find((x: { path: string }) => x.path === "budget.requestedSupport");
  return { vi: e?.vi as string, en: e?.en as string, paths: r.body.errors.map((x: { path: string }) => x.path) };
};

describe("amount errors", () => {
  it.each([
    [1500000.5, "Số tiền là số nguyên đồng, không có phần lẻ dưới 1 đồng", "Amounts are whole đồng: no fraction of a đồng"],
    ["1500000.5", "Số tiền là số nguyên đồng, không có phần lẻ dưới 1 đồng", "Amounts are whole đồng: no fraction of a đồng"],
    [1e16, "Ngân sách nhà nước hỗ trợ vượt quá giới hạn 1.000.000.000.000.000 đồng", "State support exceeds the limit of 1.000.000.000.000.000 đồng"],
    ["10000000000000000", "Ngân sách nhà nước hỗ trợ vượt quá giới hạn 1.000.000.000.000.000 đồng", "State support exceeds the limit of 1.000.000.000.000.000 đồng"],
    ["1".repeat(30), "Số tiền vượt quá giới hạn 1.000.000.000.000.000 đồng", "The amount exceeds the limit of 1.000.000.000.000.000 đồng"],
    ["một triệu", "Số tiền phải là một số nguyên đồng (số hoặc chuỗi chữ số)", "An amount is a whole number of đồng (a number or a string of digits)"],
    [true, "Số tiền phải là một số nguyên đồng (số hoặc chuỗi chữ số)", "An amount is a whole number of đồng (a number or a string of digits)"],
  ])("%j → %s", async (value, vi, en) => {
    const e = await errorFor(value);
    expect(e).toMatchObject({ vi, en });
    expect(e.paths.filter((p: string) => p === "budget.requestedSupport")).toHaveLength(1);
  });

  it("the limit itself passes the amount check (the idea is then not found)", async () => {
    const r = await api("POST", "/api/ideas/999999/plan", planBody({ own: 0, loans: 0, other: 0, support: 1_000_000_000_000_000 }));
    expect(r.status).toBe(404);
  });
});
